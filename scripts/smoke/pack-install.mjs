#!/usr/bin/env node
// Smoke test of what npm would publish: packs every public workspace package, checks what each tarball holds,
// installs the tarballs (no links; third-party dependencies from the registry) into copies of examples/embed-node
// and examples/embed-browser outside the workspace, and uses them there: classify in Node, the `fmnist` CLI, a strict
// TypeScript consumer, and a Vite build of a page classifying in headless Chromium. Exits 1 with one line `smoke: …` on the first failure.
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { launchChromium } from '../chromium.mjs';

const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');
const run = promisify(execFile);

/** What a tarball may hold besides package.json, README.md, LICENSE and dist/ (compiled code, never tests). */
const EXTRA_FILES = {
  '@fmnist/dataset': [/^data\/[\w-]+\.gz$/],
  '@fmnist/model': [
    /^pretrained\/(model\.json|weights\.bin)$/,
    /^wasm\/tfjs-backend-wasm(-simd|-threaded-simd)?\.wasm$/,
    /^MODEL_CARD\.md$/,
  ],
  '@fmnist/viz': [/^fonts\/[\w.-]+\.(ttf|txt)$/],
  '@fmnist/cli': [/^bin\/fmnist\.js$/],
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

async function smokeNode(dir) {
  const out = await sh('node', ['classify.js'], { cwd: dir });
  if (!/^test image 0: Ankle boot \(\d/m.test(out))
    fail(`embed-node did not classify test image 0 as Ankle boot: ${out}`);
  const accuracy = Number(/accuracy on the 10000 test images: ([\d.]+)/.exec(out)?.[1]);
  if (!(accuracy > 0.85)) fail(`embed-node: pretrained accuracy ${accuracy} is not above 0.85`);
  if (!/^data: package, backend: wasm$/m.test(out))
    fail(`embed-node did not use @fmnist/dataset on wasm: ${out}`);
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
 * A TypeScript consumer with `strict` and no `skipLibCheck` compiles against the installed main entry points, under
 * moduleResolution node16 and bundler, with zero errors.
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

/** Static server for the built page, recording which paths were requested and how they were answered. */
async function serve(dir) {
  const types = {
    '.html': 'text/html',
    '.js': 'text/javascript',
    '.wasm': 'application/wasm',
    '.json': 'application/json',
  };
  const requests = new Map();
  const server = createServer(async (req, res) => {
    const path = new URL(req.url, 'http://localhost').pathname;
    const file = join(dir, path === '/' ? 'index.html' : decodeURIComponent(path));
    const body = file.startsWith(dir) ? await readFile(file).catch(() => undefined) : undefined;
    requests.set(path, body ? 200 : 404);
    res.writeHead(body ? 200 : 404, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream' });
    res.end(body);
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  return { server, requests, url: `http://127.0.0.1:${server.address().port}/` };
}

async function smokeBrowser(dir) {
  await sh('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: dir });
  const dist = join(dir, 'dist');
  const assets = await readdir(join(dist, 'assets'));
  const wasm = assets.filter((f) => f.endsWith('.wasm'));
  if (wasm.length === 0) fail('the Vite build emitted no .wasm file');
  if (!assets.some((f) => /^weights-.*\.bin$/.test(f)))
    fail('the Vite build emitted no pretrained weights.bin');
  const code = (
    await Promise.all(
      assets.filter((f) => f.endsWith('.js')).map((f) => readFile(join(dist, 'assets', f), 'utf8')),
    )
  ).join('\n');
  const unreferenced = wasm.filter((f) => !code.includes(f));
  if (unreferenced.length > 0) fail(`the bundle does not refer to the emitted ${unreferenced.join(', ')}`);

  const { server, requests, url } = await serve(dist);
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
    const fetched = wasm.filter((f) => requests.get(`/assets/${f}`) === 200);
    if (fetched.length === 0) fail(`the page loaded none of the emitted ${wasm.join(', ')}`);
    const missing = [...requests].filter(([, status]) => status !== 200).map(([path]) => path);
    if (missing.length > 0) fail(`the page asked for files the build does not have: ${missing.join(', ')}`);
    return { result, wasm: fetched };
  } finally {
    await browser.close();
    server.close();
  }
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
    for (const example of ['embed-node', 'embed-browser']) {
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
    await step('strict TypeScript consumer, moduleResolution node16 and bundler', () => smokeTypes(nodeDir));

    const browserDir = await step('install @fmnist/errors, data and model into examples/embed-browser', () =>
      installExample(work, 'embed-browser', ['@fmnist/errors', '@fmnist/data', '@fmnist/model'].map(tarball)),
    );
    const page = await step('embed-browser: vite build, classify in Chromium', () =>
      smokeBrowser(browserDir),
    );
    console.log(`smoke: the page says "${page.result}", after loading ${page.wasm.join(', ')}`);
    await rm(work, { recursive: true, force: true });
  } catch (error) {
    console.log('');
    console.error(`(kept ${work} for inspection)`);
    throw error;
  }
  console.log(`smoke: passed in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

main().catch((error) => {
  console.error(error instanceof SmokeError ? `smoke: ${error.message}` : error);
  process.exitCode = 1;
});
