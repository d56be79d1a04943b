// The fenced code blocks of a README as tests: every block either runs, against the built packages as users get
// them, or carries a marker saying why it does not; a block the rules below cannot classify is an error, so a new
// example cannot slip in untested.
//
// Blocks, by info string:
// - `js`, `ts`: a program, run as an ES module with Node (`ts` first stripped of its types). Its output block is the
//   next fence when that fence has no info string (or `text`).
// - `sh`, `console`: with lines starting `$ `, a transcript: each `$ ` line is a command and the lines up to the
//   next command are what it prints. Otherwise a script, run by bash, whose output block is the next bare fence.
// - no info string, or `text`: an output block; one that follows no runnable block is an error.
// - anything else: an error unless marked.
// A program or script with no output block after it must only run (exit 0); what it prints is not checked.
// Markers, an HTML comment on the line right before the fence:
// - `<!-- not-run: why -->`: the block (and its output block) is not run; the reason is required.
// - `<!-- run-in: dir -->`: run in `dir`, relative to the repository root, instead of the README's sandbox.
// - `<!-- vary: regex -->`: what the (JavaScript, multiline) regex matches in the output changes between runs or
//   machines too, for what the rules below cannot recognise (a column of seconds without a unit, whether the machine
//   has Debian's dataset).
// Several markers go on consecutive lines.
//
// Relative links must point at files that exist.
//
// Where blocks run: the root README's in the repository root (its reader has a clone); every other README's, one
// after another, in one fresh temporary directory (the sandbox) whose `node_modules` is the workspace's, so
// `@fmnist/*` are the built packages through their `exports` and `fmnist` is the built command on PATH. A README
// of a directory that is not a workspace package (the examples) has that directory's files copied in. Commands run
// with NO_COLOR=1, XDG_CACHE_HOME inside the sandbox, no FASHION_MNIST_DIR and the real system directory (no
// FASHION_MNIST_SYSTEM_DIR: the READMEs show where users' data is searched), stdout and stderr interleaved as on
// a terminal, and must exit 0.
//
// Shown output versus real output. The real output is first made machine-independent, and that is what
// `npm run docs:outputs` writes into the README: a workspace package's directory prints as
// `…/node_modules/@fmnist/<name>` (where an installed copy lives), the sandbox as `…`, the repository root as `…`,
// the home directory as `~` (a path followed by two spaces, a table cell, keeps its width), trailing spaces and
// blank lines are dropped. Comparing then ignores what changes from run to run: durations (a number with a unit of
// time, `3s`, `2ms/step`, `9.9 s`) match any duration, runs of spaces match any run of spaces (columns widen with
// them), and `vary:` matches anything. Everything else (accuracies, probabilities, counts) must be equal: the runs
// are seeded. `npm run docs:outputs` leaves a shown output that compares equal as it is, so reruns do not churn.
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import ts from 'typescript';

const PROGRAM = new Set(['js', 'mjs', 'ts']);
const SHELL = new Set(['sh', 'console', 'bash', 'shell']);
const OUTPUT = new Set(['', 'text']);
const MARKER = /^<!--\s*(not-run|run-in|vary):(.*?)-->\s*$/;
const FENCE = /^```(\S*)\s*$/;
/** A number with a unit of time, optionally per step: what differs between two runs of the same command. */
const DURATION = /\d+(?:\.\d+)?\s?(?:ms|us|µs|s|min)(?:\/step)?(?![\p{L}\d])/gu;
const RUN_TIMEOUT_MS = 10 * 60_000;

/** A README block the rules cannot classify, or one that ran and failed; the message names file and line. */
export class ReadmeBlockError extends Error {
  name = 'ReadmeBlockError';
}

/** The repository root: the nearest directory above `from` holding turbo.json. */
export function repositoryRoot(from) {
  let dir = from;
  while (!existsSync(join(dir, 'turbo.json'))) {
    const parent = dirname(dir);
    if (parent === dir)
      throw new ReadmeBlockError(`${from}: not inside the fmnist repository (no turbo.json above)`);
    dir = parent;
  }
  return realpathSync(dir);
}

/** The fences of `text`: info string, directive, first and last content line (0-based, exclusive end). */
function fences(text, file) {
  const lines = text.split('\n');
  const found = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]);
    if (!open) continue;
    const end = lines.findIndex((line, j) => j > i && line.trimEnd() === '```');
    if (end < 0) throw new ReadmeBlockError(`${file}:${i + 1}: the fence opened here is never closed`);
    const markers = {};
    for (let m = i - 1; m >= 0 && MARKER.test(lines[m]); m--) {
      const [, kind, value] = MARKER.exec(lines[m]);
      if (!value.trim()) throw new ReadmeBlockError(`${file}:${m + 1}: \`${kind}:\` needs a value`);
      markers[kind] = value.trim();
    }
    found.push({
      line: i + 1,
      lang: open[1],
      start: i + 1,
      end,
      code: lines.slice(i + 1, end).join('\n'),
      markers,
    });
    i = end;
  }
  return found;
}

/** A transcript's commands and the line ranges of what each prints (0-based, end exclusive). */
function transcript(fence, lines, file) {
  const commands = [];
  for (let i = fence.start; i < fence.end; i++) {
    if (lines[i].startsWith('$ '))
      commands.push({ command: lines[i].slice(2), start: i + 1, end: fence.end });
    else if (commands.length === 0 && lines[i].trim() !== '')
      throw new ReadmeBlockError(`${file}:${i + 1}: a transcript must start with a \`$ \` command`);
  }
  for (let c = 0; c + 1 < commands.length; c++) commands[c].end = commands[c + 1].start - 1;
  return commands.map((c) => ({ ...c, shown: lines.slice(c.start, c.end).join('\n').replace(/\n+$/, '') }));
}

/**
 * Classifies every fenced block of a README (see the rules at the top of this file).
 * @returns {{ file: string, blocks: object[] }} blocks to run, in order; `notRun` lists the marked ones.
 */
export function parseReadme(text, file) {
  const lines = text.split('\n');
  const all = fences(text, file);
  const blocks = [];
  const notRun = [];
  for (let f = 0; f < all.length; f++) {
    const fence = all[f];
    const where = `${file}:${fence.line}`;
    const next = all[f + 1];
    const outputFence =
      next && OUTPUT.has(next.lang) && Object.keys(next.markers).length === 0 ? next : undefined;
    const { 'not-run': reason, 'run-in': runIn, vary } = fence.markers;
    if (reason) {
      notRun.push({ line: fence.line, reason });
      if (outputFence && !OUTPUT.has(fence.lang)) f++;
      continue;
    }
    const base = { file, line: fence.line, lang: fence.lang, code: fence.code, runIn, vary };
    if (PROGRAM.has(fence.lang) || (SHELL.has(fence.lang) && !/^\$ /m.test(fence.code))) {
      const output = outputFence
        ? { start: outputFence.start, end: outputFence.end, shown: outputFence.code }
        : null;
      blocks.push({
        ...base,
        kind: PROGRAM.has(fence.lang) ? fence.lang.replace('mjs', 'js') : 'script',
        output,
      });
      if (outputFence) f++;
    } else if (SHELL.has(fence.lang)) {
      blocks.push({ ...base, kind: 'transcript', commands: transcript(fence, lines, file) });
    } else if (OUTPUT.has(fence.lang)) {
      throw new ReadmeBlockError(
        `${where}: an output block that follows no runnable block; put it right after the code that prints it, or mark it <!-- not-run: why -->`,
      );
    } else {
      throw new ReadmeBlockError(
        `${where}: a \`${fence.lang}\` block the README runner cannot run; mark it <!-- not-run: why -->`,
      );
    }
  }
  return { file, blocks, notRun };
}

/**
 * The packages a README's JavaScript and TypeScript examples import that its `npm install …` line does not name
 * (none when it has no such line). A package left out installs only by the luck of npm's hoisting, which pnpm and
 * Yarn's strict modes do not share.
 */
export function unnamedImports(text) {
  const install = /^npm install ((?:@?[\w./-]+[ \t]*)+)/m.exec(text);
  if (!install) return [];
  const named = new Set(install[1].trim().split(/\s+/));
  const imported = new Set();
  for (const [, code] of text.matchAll(/^```(?:js|ts|mjs)\n([\s\S]*?)^```/gm)) {
    for (const [, specifier] of code.matchAll(/from '([^'.][^']*)'/g)) {
      if (specifier.startsWith('node:')) continue;
      const parts = specifier.split('/');
      imported.add(specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]);
    }
  }
  return [...imported].filter((name) => !named.has(name)).sort();
}

/** The relative links of a Markdown file (`[text](path#anchor)`) whose file does not exist, as `line: target`. */
export function brokenLinks(text, file) {
  const broken = [];
  text.split('\n').forEach((line, i) => {
    for (const [, target] of line.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('#')) continue;
      if (!existsSync(join(dirname(file), decodeURI(target.split('#')[0]))))
        broken.push(`${i + 1}: ${target}`);
    }
  });
  return broken;
}

/** The `@fmnist/*` packages of the workspace: real directory → package name. */
function workspacePackages(root) {
  const scope = join(root, 'node_modules/@fmnist');
  return readdirSync(scope).map((name) => ({
    dir: realpathSync(join(scope, name)),
    name: `@fmnist/${name}`,
  }));
}

/**
 * Where a README's blocks run (see the top of this file). `close()` removes the temporary directory.
 * @returns {{ root: string, dir: string, cwd: (block) => string, env: object, normalize: (text: string) => string, close: () => void }}
 */
export function createSandbox(readme) {
  const root = repositoryRoot(dirname(readme));
  const home = realpathSync(mkdtempSync(join(tmpdir(), 'fmnist-readme-')));
  const readmeDir = realpathSync(dirname(readme));
  const packages = workspacePackages(root);
  const inRoot = readmeDir === root;
  const dir = inRoot ? root : join(home, 'app');
  if (!inRoot) {
    if (packages.some((p) => p.dir === readmeDir)) mkdirSync(dir);
    else cpSync(readmeDir, dir, { recursive: true, filter: (src) => !src.includes('node_modules') });
    symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  }
  const env = { ...process.env, NO_COLOR: '1', XDG_CACHE_HOME: join(home, '.cache') };
  env.PATH = `${join(root, 'node_modules/.bin')}:${process.env.PATH}`;
  delete env.FASHION_MNIST_DIR;
  delete env.FASHION_MNIST_SYSTEM_DIR;
  delete env.FORCE_COLOR;
  const replacements = [
    ...packages.map((p) => [p.dir, `…/node_modules/${p.name}`]),
    [dir, '…'],
    [home, '…'],
    [root, '…'],
    [realpathSync(homedir()), '~'],
  ].sort((a, b) => b[0].length - a[0].length);
  return {
    root,
    dir,
    home,
    env,
    cwd: (block) => (block.runIn ? join(root, block.runIn) : dir),
    normalize: (text) => normalize(text, replacements),
    close: () => rmSync(home, { recursive: true, force: true }),
  };
}

function normalize(text, replacements) {
  let out = text;
  for (const [path, shown] of replacements) {
    // A path that ends a table cell keeps its width, so the columns after it stay aligned.
    const padding = ' '.repeat(Math.max(0, path.length - shown.length));
    out = out
      .split('\n')
      .map((line) => line.split(path).reduce((a, b) => a + shown + b.replace(/^\S*(?= {2})/, `$&${padding}`)))
      .join('\n');
  }
  return out
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/^\n+|\n+$/g, '');
}

/** What is left of an output once run-to-run differences are masked: the form two outputs are compared in. */
export function comparable(text, vary) {
  return (vary ? text.replace(new RegExp(vary, 'gm'), '<varies>') : text)
    .replace(DURATION, '<duration>')
    .split('\n')
    .map((line) => line.replace(/ {2,}/g, ' ').trimEnd())
    .join('\n')
    .replace(/^\n+|\n+$/g, '');
}

/** Runs a command line (argv) in the sandbox; returns the normalised interleaved output, throws on failure. */
function execute(argv, sandbox, block, what) {
  const log = join(sandbox.home, 'output.log');
  const fd = openSync(log, 'w');
  let run;
  try {
    run = spawnSync(argv[0], argv.slice(1), {
      cwd: sandbox.cwd(block),
      env: sandbox.env,
      stdio: ['ignore', fd, fd],
      timeout: RUN_TIMEOUT_MS,
    });
  } finally {
    closeSync(fd);
  }
  const output = readFileSync(log, 'utf8');
  if (run.error || run.status !== 0) {
    throw new ReadmeBlockError(
      `${block.file}:${block.line}: ${what} failed (${run.error?.message ?? `exit ${run.status ?? run.signal}`}):\n${output}`,
    );
  }
  return sandbox.normalize(output);
}

function programSource(block) {
  if (block.kind !== 'ts') return block.code;
  return ts.transpileModule(block.code, {
    compilerOptions: {
      module: ts.ModuleKind.ESNext,
      target: ts.ScriptTarget.ES2022,
      verbatimModuleSyntax: false,
    },
  }).outputText;
}

/**
 * Runs one block in its sandbox. Returns the real output, normalised: a string for a program or script, one string
 * per command for a transcript.
 */
export function runBlock(block, sandbox) {
  if (block.kind === 'transcript') {
    return block.commands.map((c) => execute(['bash', '-c', c.command], sandbox, block, `\`${c.command}\``));
  }
  if (block.kind === 'script') return execute(['bash', '-e', '-c', block.code], sandbox, block, 'the script');
  // Beside the sandbox's node_modules, so `@fmnist/*` resolves as it does for an installed package.
  const program = join(
    sandbox.dir === sandbox.root ? sandbox.home : sandbox.dir,
    `.readme-${block.line}.mjs`,
  );
  if (sandbox.dir === sandbox.root)
    symlinkIfMissing(join(sandbox.root, 'node_modules'), join(sandbox.home, 'node_modules'));
  writeFileSync(program, programSource(block));
  try {
    return execute([process.execPath, program], sandbox, block, 'the program');
  } finally {
    rmSync(program, { force: true });
  }
}

function symlinkIfMissing(target, path) {
  if (!existsSync(path)) symlinkSync(target, path, 'dir');
}

/** The shown outputs of a block, in the shape `runBlock` returns (null: the block shows no output). */
export function shownOutput(block) {
  if (block.kind === 'transcript') return block.commands.map((c) => c.shown);
  return block.output ? block.output.shown : null;
}

/**
 * The real output, keeping each shown line that differs from its real one only in what changes between runs (the
 * rules of comparable), so a rerun rewrites only the lines that really changed: no churn of timings.
 */
export function keepUnchangedLines(shown, real, vary) {
  if (Array.isArray(real)) return real.map((output, i) => keepUnchangedLines(shown[i], output, vary));
  if (shown === null) return real;
  const kept = shown.split('\n');
  const keys = kept.map((line) => comparable(line, vary));
  let next = 0;
  return real
    .split('\n')
    .map((line) => {
      const match = keys.indexOf(comparable(line, vary), next);
      if (match < 0) return line;
      next = match + 1;
      return kept[match];
    })
    .join('\n');
}

/** `text` with each block's shown output replaced by its real one (`results[i]` from `runBlock(blocks[i])`). */
export function rewriteOutputs(text, blocks, results) {
  const lines = text.split('\n');
  const edits = [];
  blocks.forEach((block, i) => {
    if (block.kind === 'transcript') {
      const body = block.commands.flatMap((c, j) => [
        ...(j > 0 ? [''] : []),
        `$ ${c.command}`,
        ...(results[i][j] ? results[i][j].split('\n') : []),
      ]);
      edits.push({ start: block.line, end: block.commands.at(-1).end, body });
    } else if (block.output) {
      edits.push({
        start: block.output.start,
        end: block.output.end,
        body: results[i] ? results[i].split('\n') : [],
      });
    }
  });
  for (const edit of edits.sort((a, b) => b.start - a.start)) {
    lines.splice(edit.start, edit.end - edit.start, ...edit.body);
  }
  return lines.join('\n');
}

/**
 * Every README of the repository the runner covers: the root's, the pages of docs/, the packages', the apps' and the
 * examples'.
 */
export function allReadmes(root) {
  const readmes = [join(root, 'README.md')];
  for (const name of readdirSync(join(root, 'docs')).sort()) {
    if (name.endsWith('.md')) readmes.push(join(root, 'docs', name));
  }
  for (const group of ['packages', 'apps', 'examples']) {
    for (const name of readdirSync(join(root, group)).sort()) {
      const readme = join(root, group, name, 'README.md');
      if (existsSync(readme)) readmes.push(readme);
    }
  }
  return readmes;
}
