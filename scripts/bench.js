// The training benchmark: one table from one run, every row measured here, one after another.
//   npm run bench [-- --epochs N] [-- --no-readme]
// Rows: (a) `fmnist train`'s default path, (b) plain tfjs-layers model.fit on WASM, (c) PyTorch CPU on one thread,
// (d) the web app's seed job in headless Chromium; then single-image classify latency. Ratios compare rows of this
// run only (the machines are noisy). The results replace the README's performance section.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fashionMnistFiles } from '@fmnist/dataset';

const repo = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const epochs = Number(args[args.indexOf('--epochs') + 1] ?? 10) || 10;
const writeReadme = !args.includes('--no-readme');
const scratch = mkdtempSync(join(tmpdir(), 'fmnist-bench-'));

/** Runs a command that prints one JSON document; returns it, or { skipped } with why. */
function measure(label, command, commandArgs, options = {}) {
  process.stderr.write(`bench: ${label}…\n`);
  const result = spawnSync(command, commandArgs, {
    cwd: repo,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    ...options,
  });
  if (result.error) return { skipped: `${command}: ${result.error.message}` };
  const output = result.stdout.trim();
  // A document is either the whole output (the CLI pretty-prints it) or its last line.
  const document = output.startsWith('{') ? output : (output.split('\n').at(-1) ?? '');
  if (result.status !== 0 || !document.startsWith('{')) {
    const why = (result.stderr.trim().split('\n').at(-1) ?? '').slice(0, 160);
    return { skipped: `exit ${result.status}: ${why}` };
  }
  return JSON.parse(document);
}

const dataDir = fileURLToPath(new URL('.', fashionMnistFiles.trainImages.url));
const fmnist = measure('fmnist train (default path)', process.execPath, [
  'apps/cli/bin/fmnist.js',
  'train',
  '--epochs',
  String(epochs),
  '--json',
  '--quiet',
  '--out',
  join(scratch, 'model'),
]);
const layers = measure('tfjs-layers model.fit', process.execPath, [
  'scripts/bench/layers-fit.js',
  String(epochs),
]);
// torch.set_num_threads(1) alone leaves OpenBLAS its own thread pool: pin every pool to one thread.
const oneThread = { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
const torch = measure(
  'PyTorch, one thread',
  '/usr/bin/python3',
  ['scripts/bench/torch_fmnist.py', dataDir, String(epochs)],
  { env: oneThread },
);
const browser = measure('headless Chromium', process.execPath, ['scripts/bench/browser.js', String(epochs)]);
const latency = measure('classify latency', process.execPath, ['scripts/bench/classify-latency.js', '2000']);
rmSync(scratch, { recursive: true, force: true });

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const sum = (values) => values.reduce((a, b) => a + b, 0);
function row(name, result, seconds, accuracy, rss) {
  if (result.skipped) return { runner: name, note: `not run: ${result.skipped}` };
  return {
    runner: name,
    's/epoch (median)': Number(median(seconds).toFixed(2)),
    'total s': Number(sum(seconds).toFixed(1)),
    test_acc: Number(accuracy.toFixed(4)),
    'peak RSS MB': rss === undefined ? '' : Math.round(rss),
  };
}
const rows = [
  row(
    `(a) fmnist train (${fmnist.trainer ?? '?'} trainer)`,
    fmnist,
    fmnist.history?.seconds,
    fmnist.test_acc,
    fmnist.peakRssMB,
  ),
  row('(b) tfjs-layers model.fit, WASM', layers, layers.epochSeconds, layers.testAcc, layers.peakRssMB),
  row(
    `(c) PyTorch ${torch.torch ?? ''} CPU, 1 thread`,
    torch,
    torch.epochSeconds,
    torch.testAcc,
    torch.peakRssMB,
  ),
  row(
    `(d) web app, headless Chromium (${browser.trainer ?? '?'} trainer, ${browser.threads ?? '?'} thread)`,
    browser,
    browser.epochSeconds,
    browser.testAcc,
  ),
];
const total = (result, key) => (result.skipped ? undefined : sum(key(result)));
const ratio = (a, b) => (a === undefined || b === undefined ? 'n/a' : (a / b).toFixed(2));
const [a, b, c, d] = [
  total(fmnist, (r) => r.history.seconds),
  total(layers, (r) => r.epochSeconds),
  total(torch, (r) => r.epochSeconds),
  total(browser, (r) => r.epochSeconds),
];
const ratios = {
  'a/b (fmnist vs model.fit)': ratio(a, b),
  'a/c (fmnist vs PyTorch)': ratio(a, c),
  'd/a (browser vs Node)': ratio(d, a),
};
const classifyRow = latency.skipped
  ? `not run: ${latency.skipped}`
  : `p50 ${latency.p50.toFixed(3)} ms, p90 ${latency.p90.toFixed(3)} ms over ${latency.calls} calls`;

console.log(
  `\nSeed job: ${epochs} epoch(s), batch 32, Adam 1e-3; ${availableParallelism()} cores, Node ${process.version}`,
);
console.table(rows);
console.table(ratios);
console.log(`single-image classify (pretrained, WASM): ${classifyRow}`);

if (writeReadme) {
  const columns = ['runner', 's/epoch (median)', 'total s', 'test_acc', 'peak RSS MB'];
  const table = [
    `| ${columns.join(' | ')} |`,
    `| ${columns.map(() => '---').join(' | ')} |`,
    ...rows.map((r) =>
      r.note ? `| ${r.runner} | ${r.note} | | | |` : `| ${columns.map((k) => r[k]).join(' | ')} |`,
    ),
  ].join('\n');
  const section = [
    '<!-- bench:start -->',
    `Measured by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: ${epochs} epoch(s) of the seed job, batch 32,`,
    `on a ${availableParallelism()}-core machine with Node ${process.version}, every row in the same run.`,
    '',
    table,
    '',
    `Ratios of total training time: ${Object.entries(ratios)
      .map(([k, v]) => `${k} **${v}**`)
      .join(', ')}.`,
    `Single-image \`classify\` (pretrained weights, WASM): ${classifyRow}.`,
    '<!-- bench:end -->',
  ].join('\n');
  const readmePath = join(repo, 'README.md');
  const readme = readFileSync(readmePath, 'utf8');
  const marked = /<!-- bench:start -->[\s\S]*<!-- bench:end -->/;
  writeFileSync(
    readmePath,
    marked.test(readme) ? readme.replace(marked, section) : `${readme}\n## Performance\n\n${section}\n`,
  );
  process.stderr.write('bench: wrote the results into README.md\n');
}

// The web app's budgets (first prediction, bytes fetched, longest main-thread task): its own table and README.
spawnSync(process.execPath, ['scripts/bench/web-budgets.js', ...(writeReadme ? [] : ['--no-readme'])], {
  cwd: repo,
  stdio: 'inherit',
});
