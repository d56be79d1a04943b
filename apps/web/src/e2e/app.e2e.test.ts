/**
 * End-to-end: build the app, serve it with `vite preview` (cross-origin isolated, with the CSP) and drive Debian's
 * Chromium through playwright-core.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { classify, loadPretrained } from '@fmnist/model';
import { preparePixels } from '@fmnist/model/picture';
import { encodePng, rgbaImage, trouser } from '@fmnist/model/test';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { launchChromium } from '../../../../scripts/chromium.mjs';
import { buildApp, type Preview, startPreview, WEB_DIR } from './server';

jest.setTimeout(120_000);

/** The built `fmnist` command (the test task builds @fmnist/cli first, see turbo.json). */
const CLI = resolve(WEB_DIR, '../cli/bin/fmnist.js');

interface Watched {
  page: Page;
  /** Console errors, page errors and CSP violations seen so far. */
  problems: string[];
}

let preview: Preview;
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  await buildApp();
  preview = await startPreview();
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
}, 120_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await preview?.close();
});

async function open(query = '', options: { cores?: number; isolated?: boolean } = {}): Promise<Watched> {
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  if (options.cores) {
    // Emulates a machine with more logical cores (Chrome DevTools Protocol), see the threads test.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setHardwareConcurrencyOverride', { hardwareConcurrency: options.cores });
  }
  if (options.isolated === false) {
    // The same page without COOP/COEP: not cross-origin isolated, so no SharedArrayBuffer and no WASM threads.
    await page.route(
      (url) => url.pathname === '/',
      async (route) => {
        const response = await route.fetch();
        const headers = { ...response.headers() };
        delete headers['cross-origin-opener-policy'];
        delete headers['cross-origin-embedder-policy'];
        await route.fulfill({ response, headers });
      },
    );
  }
  await page.goto(preview.url + query);
  await page.waitForSelector('#backend-info', { timeout: 30_000 });
  return { page, problems };
}

async function backendInfo(page: Page) {
  return page.evaluate(() => {
    const info = (document.querySelector('#backend-info') as HTMLElement).dataset;
    return {
      backend: info.backend,
      simd: info.simd === 'true',
      threads: Number(info.threads),
      isolated: info.isolated === 'true',
      crossOriginIsolated: globalThis.crossOriginIsolated,
      cores: navigator.hardwareConcurrency,
      wasm: performance
        .getEntriesByType('resource')
        .map((entry) => entry.name)
        .filter((name) => name.endsWith('.wasm'))
        .map((name) => name.replace(/^.*\/(tfjs-backend-wasm[a-z-]*)-[\w-]+\.wasm$/, '$1')),
    };
  });
}

/** Threads tfjs-backend-wasm 4.22 gives XNNPACK: `min(8, max(1, hardwareConcurrency / 2))` (backend.cc). */
const expectedThreads = (cores: number) => Math.min(8, Math.max(1, Math.floor(cores / 2)));

async function waitForData(page: Page) {
  await page.waitForSelector('body[data-ready="data"]', { state: 'attached', timeout: 60_000 });
}

async function usePretrained(page: Page) {
  await page.click('#use-pretrained');
  await page.waitForSelector('#prediction-grid[data-predicted]', { state: 'attached', timeout: 30_000 });
}

async function drawStroke(page: Page) {
  const box = await page.locator('#draw-canvas').boundingBox();
  if (!box) throw new Error('no canvas');
  const at = (fx: number, fy: number) => [box.x + fx * box.width, box.y + fy * box.height] as const;
  await page.mouse.move(...at(0.3, 0.2));
  await page.mouse.down();
  for (const [fx, fy] of [
    [0.3, 0.8],
    [0.7, 0.8],
    [0.7, 0.2],
    [0.3, 0.2],
  ] as const) {
    await page.mouse.move(...at(fx, fy), { steps: 8 });
  }
  await page.mouse.up();
}

/** Waits until the element's text matches `pattern` (the page updates it asynchronously). */
async function waitForText(page: Page, selector: string, pattern: RegExp) {
  try {
    await page.waitForFunction(
      ([sel, source, flags]) =>
        new RegExp(source, flags).test(document.querySelector(sel)?.textContent ?? ''),
      [selector, pattern.source, pattern.flags] as const,
      { timeout: 15_000 },
    );
  } catch (error) {
    throw new Error(`${selector} never matched ${pattern}: "${await page.textContent(selector)}" (${error})`);
  }
}

async function probabilities(page: Page): Promise<number[]> {
  await page.waitForSelector('#probabilities[data-sum]', { state: 'attached', timeout: 10_000 });
  return page.$$eval('#probabilities li', (rows) =>
    rows.map((row) => Number((row as HTMLElement).dataset.probability)),
  );
}

test('the cross-origin-isolated page runs WASM with SIMD on the threaded build, classifies with the pretrained model, and lets you draw', async () => {
  const { page, problems } = await open();
  const info = await backendInfo(page);
  console.log('backend in headless Chromium:', JSON.stringify(info));
  expect(info.crossOriginIsolated).toBe(true);
  expect(info.isolated).toBe(true);
  expect(info.backend).toBe('wasm');
  expect(info.simd).toBe(true);
  // The threaded SIMD binary is the one loaded (it needs SharedArrayBuffer, hence isolation).
  expect(info.wasm).toEqual(['tfjs-backend-wasm-threaded-simd']);
  expect(info.threads).toBe(expectedThreads(info.cores));

  await waitForData(page);
  expect(await page.locator('#sample-grid svg').count()).toBe(1);
  await usePretrained(page);
  const predicted = (await page.getAttribute('#prediction-grid', 'data-predicted'))?.split(',').map(Number);
  expect(predicted?.[0]).toBe(9); // test image 0 is an Ankle boot
  const accuracy = Number(await page.getAttribute('#test-accuracy', 'data-accuracy'));
  expect(accuracy).toBeGreaterThan(0.85);
  expect(await page.locator('#confusion-matrix svg').count()).toBe(1);

  await drawStroke(page);
  const p = await probabilities(page);
  expect(p).toHaveLength(10);
  for (const value of p) expect(value).toBeGreaterThanOrEqual(0);
  expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);

  // Uploads: a non-image is refused; a dark garment-like shape on white is inverted and classified.
  await page.setInputFiles('#upload', {
    name: 'notes.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('hello'),
  });
  await waitForText(page, '#upload-message', /not an image/);
  await page.setInputFiles('#upload', { name: 'photo.png', mimeType: 'image/png', buffer: photo() });
  await waitForText(page, '#upload-message', /inverted/);
  expect((await probabilities(page)).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
  // The photo is shown on the big canvas; drawing on it starts a new drawing, and says so.
  expect(await page.getAttribute('#draw-canvas', 'data-photo')).toBe('true');
  await drawStroke(page);
  await waitForText(page, '#upload-message', /New drawing/);
  expect(await page.getAttribute('#draw-canvas', 'data-photo')).toBeNull();
  // A dot is not a garment: the answer is "not sure", with what to do.
  await page.click('#draw-clear');
  const canvasBox = await page.locator('#draw-canvas').boundingBox();
  if (!canvasBox) throw new Error('no canvas');
  // A tiny stroke in a corner (a tap draws nothing: canvases skip zero-length lines).
  await page.mouse.move(canvasBox.x + 0.9 * canvasBox.width, canvasBox.y + 0.9 * canvasBox.height);
  await page.mouse.down();
  await page.mouse.move(canvasBox.x + 0.91 * canvasBox.width, canvasBox.y + 0.9 * canvasBox.height, {
    steps: 2,
  });
  await page.mouse.up();
  await waitForText(page, '#verdict', /^Not sure: .*draw something bigger/);
  expect(await page.getAttribute('#verdict', 'data-confident')).toBe('false');

  // Save to IndexedDB and load it back.
  await page.click('#save-idb');
  await waitForText(page, '#storage-status', /Saved/);
  await page.click('#load-idb');
  await waitForText(page, '#model-status', /saved in this browser/);
  await page.waitForSelector('#prediction-grid[data-predicted^="9,"]', { state: 'attached' });

  mkdirSync(join(WEB_DIR, 'screenshots'), { recursive: true });
  await page.screenshot({ path: join(WEB_DIR, 'screenshots', 'app.png'), fullPage: true });
  expect(problems).toEqual([]);
  await page.close();
});

test('with more logical cores the threaded backend really runs several threads', async () => {
  // tfjs-backend-wasm 4.22 gives XNNPACK hardwareConcurrency / 2 threads, so on a 2-core machine it uses one.
  // Emulating 4 logical cores (CDP) shows that threads work here: 2 threads, same answers.
  const { page, problems } = await open('', { cores: 4 });
  const info = await backendInfo(page);
  expect(info.cores).toBe(4);
  expect(info.threads).toBe(2);
  await waitForData(page);
  await usePretrained(page);
  expect((await page.getAttribute('#prediction-grid', 'data-predicted'))?.split(',')[0]).toBe('9');
  expect(problems).toEqual([]);
  await page.close();
});

test("the fast trainer's kernels also run on the threaded backend's shared memory", async () => {
  const { page, problems } = await open('?bench=1&epochs=1&limit=1000', { cores: 4 });
  await page.waitForFunction(() => (window as { __fmnistBench?: unknown }).__fmnistBench, null, {
    timeout: 60_000,
  });
  const result = await page.evaluate(
    () => (window as unknown as { __fmnistBench: Record<string, unknown> }).__fmnistBench,
  );
  expect(result).toMatchObject({ threads: 2, isolated: true, trainer: 'fast', trainCount: 1000 });
  expect(result.testAcc).toBeGreaterThan(0.5);
  expect(problems).toEqual([]);
  await page.close();
});

test('without cross-origin isolation the page says so and still works on one thread', async () => {
  const { page, problems } = await open('', { isolated: false });
  const info = await backendInfo(page);
  expect(info.crossOriginIsolated).toBe(false);
  expect(info.backend).toBe('wasm');
  expect(info.simd).toBe(true);
  expect(info.threads).toBe(1);
  expect(info.wasm).toEqual(['tfjs-backend-wasm-simd']);
  expect(await page.locator('#isolation-note').isVisible()).toBe(true);
  await usePretrained(page);
  expect((await page.getAttribute('#prediction-grid', 'data-predicted'))?.split(',')[0]).toBe('9');
  expect(problems).toEqual([]);
  await page.close();
});

test('a short training run on a subset reports a test accuracy, and Stop stops', async () => {
  const { page, problems } = await open('?limit=2000&epochs=1');
  await waitForData(page);
  expect(await page.inputValue('#limit')).toBe('2000');
  await page.click('#train-button');
  await page.waitForSelector('#model[data-training="done"]', { state: 'attached', timeout: 60_000 });
  const accuracy = Number(await page.getAttribute('#train-result', 'data-accuracy'));
  console.log('test accuracy after 1 epoch on 2000 images:', accuracy);
  expect(accuracy).toBeGreaterThan(0.6);
  expect(await page.locator('#epoch-chart svg').count()).toBe(1);
  await waitForText(page, '#model-status', /trained here/);

  // A long run, stopped: the page stays responsive and keeps the model it had.
  await page.fill('#epochs', '50');
  await page.click('#train-button');
  await page.waitForFunction(() =>
    /batch \d+/.test(document.querySelector('#train-text')?.textContent ?? ''),
  );
  await page.click('#stop-button');
  await page.waitForSelector('#model[data-training="stopped"]', { state: 'attached', timeout: 30_000 });
  expect(problems).toEqual([]);
  await page.close();
});

test('benchmark mode publishes window.__fmnistBench', async () => {
  const { page, problems } = await open('?bench=1&epochs=1&limit=1000');
  await page.waitForFunction(() => (window as { __fmnistBench?: unknown }).__fmnistBench, null, {
    timeout: 60_000,
  });
  const result = await page.evaluate(
    () => (window as unknown as { __fmnistBench: Record<string, unknown> }).__fmnistBench,
  );
  expect(result).toMatchObject({ backend: 'wasm', simd: true, trainer: 'fast', trainCount: 1000, epochs: 1 });
  expect(result.epochSeconds).toHaveLength(1);
  expect(typeof result.testAcc).toBe('number');
  expect(JSON.parse((await page.textContent('#bench-result')) ?? '{}')).toEqual(result);
  expect(problems).toEqual([]);
  await page.close();
});

/** A 120×160 PNG: white background, a dark-grey T-shirt-like shape. */
function photo(): Buffer {
  const png = new PNG({ width: 120, height: 160 });
  for (let y = 0; y < 160; y++) {
    for (let x = 0; x < 120; x++) {
      const body = x >= 35 && x < 85 && y >= 30 && y < 140;
      const sleeves = y >= 30 && y < 65 && x >= 10 && x < 110;
      const v = body || sleeves ? 40 : 250;
      const i = 4 * (y * 120 + x);
      png.data[i] = v;
      png.data[i + 1] = v;
      png.data[i + 2] = v;
      png.data[i + 3] = 255;
    }
  }
  return PNG.sync.write(png);
}

/** The 28×28 input the page shows under "What the model sees" (gray, so the red channel is the pixel). */
async function modelView(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    const canvas = document.querySelector('#model-view') as HTMLCanvasElement;
    const { data } = (canvas.getContext('2d') as CanvasRenderingContext2D).getImageData(0, 0, 28, 28);
    return Array.from({ length: 784 }, (_, i) => data[4 * i] as number);
  });
}

test('a photo gives the same 28×28 input, byte for byte, and the same top class in the page, the CLI and the library', async () => {
  tf.setBackend('cpu');
  const model = await loadPretrained();
  const dir = mkdtempSync(join(tmpdir(), 'fmnist-parity-'));
  const { page, problems } = await open();
  await usePretrained(page);
  const pictures = {
    'trouser.png': encodePng(240, 330, trouser(240, 330)),
    // A blue T-shirt on a beige backdrop.
    'tshirt.png': encodePng(
      300,
      260,
      rgbaImage(300, 260, (x, y) =>
        (x >= 100 && x < 200 && y >= 40 && y < 230) || (x >= 50 && x < 250 && y >= 40 && y < 100)
          ? [40, 60, 160, 255]
          : [225, 210, 180, 255],
      ),
    ),
  };
  try {
    for (const [name, bytes] of Object.entries(pictures)) {
      const file = join(dir, name);
      writeFileSync(file, bytes);
      const decoded = PNG.sync.read(Buffer.from(bytes));
      const library = preparePixels({ data: decoded.data, width: decoded.width, height: decoded.height });
      const libraryLabel = classify(model, library.pixels).label;

      const cli = spawnSync(process.execPath, [CLI, 'predict', file, '--json', '--quiet'], {
        encoding: 'utf8',
      });
      expect({ status: cli.status, stderr: cli.stderr }).toEqual({ status: 0, stderr: '' });
      const [answer] = JSON.parse(cli.stdout).pictures;

      await page.setInputFiles('#upload', { name, mimeType: 'image/png', buffer: Buffer.from(bytes) });
      await waitForText(page, '#upload-message', new RegExp(`Converted ${name}`));
      const pagePixels = await modelView(page);
      const pageLabel = Number(await page.getAttribute('#verdict', 'data-label'));

      expect(pagePixels).toEqual(Array.from(library.pixels));
      expect(Array.from(Buffer.from(answer.pixels, 'base64'))).toEqual(Array.from(library.pixels));
      expect({ page: pageLabel, cli: answer.predictions[0].label }).toEqual({
        page: libraryLabel,
        cli: libraryLabel,
      });
    }
    expect(problems).toEqual([]);
  } finally {
    model.dispose();
    rmSync(dir, { recursive: true, force: true });
    await page.close();
  }
});

test('the page is served with a Content-Security-Policy, and a file name with markup is shown as text', async () => {
  const response = await fetch(preview.url);
  const csp = response.headers.get('content-security-policy') ?? '';
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("object-src 'none'");
  expect(csp).not.toContain("'unsafe-eval'");
  expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);

  const { page, problems } = await open();
  const name = '<img src=x onerror="window.__pwned=1">.txt';
  await page.setInputFiles('#upload', { name, mimeType: 'text/plain', buffer: Buffer.from('hello') });
  await waitForText(page, '#upload-message', /not an image/);
  const shown = await page.evaluate(() => {
    const message = document.querySelector('#upload-message') as HTMLElement;
    return {
      text: message.textContent,
      elements: message.querySelectorAll('*').length,
      images: document.querySelectorAll('img[src="x"]').length,
      pwned: (window as unknown as { __pwned?: number }).__pwned,
    };
  });
  expect(shown).toEqual({
    text: expect.stringContaining(name),
    elements: 0,
    images: 0,
    pwned: undefined,
  });
  expect(problems).toEqual([]);
  await page.close();
});
