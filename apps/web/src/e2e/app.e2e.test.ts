/**
 * End-to-end: build the app, serve it with `vite preview` (cross-origin isolated, with the CSP) and drive Debian's
 * Chromium through playwright-core.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { CLASS_NAMES } from '@fmnist/data';
import { fashionMnistFiles } from '@fmnist/dataset';
import { classify, loadPretrained } from '@fmnist/model';
import { preparePixels } from '@fmnist/picture';
import { encodePng, rgbaImage, trouser } from '@fmnist/picture/test';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
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

async function open(
  query = '',
  options: {
    cores?: number;
    isolated?: boolean;
    in?: BrowserContext;
    /** Runs before the page navigates, e.g. to watch its traffic. */
    prepare?: (page: Page) => Promise<void>;
  } = {},
): Promise<Watched> {
  const page = await (options.in ?? context).newPage();
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
    // Emulates a machine with more logical cores (Chrome DevTools Protocol), see the benchmark mode's threads test.
    const cdp = await (options.in ?? context).newCDPSession(page);
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
  await options.prepare?.(page);
  await page.goto(preview.url + query);
  // The engine line is in the header's About disclosure, closed: in the page, not on the screen.
  await page.waitForSelector('#backend-info[data-backend]', { state: 'attached', timeout: 30_000 });
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

/** Waits for the arrival of the page: the pretrained model's answer for the first test image, and the test results. */
async function waitForArrival(page: Page) {
  await page.waitForSelector('body[data-first-prediction]', { state: 'attached', timeout: 60_000 });
  await page.waitForSelector('#prediction-grid[data-predicted]', { state: 'attached', timeout: 60_000 });
}

async function drawStroke(page: Page, shift = 0) {
  const box = await page.locator('#draw-canvas').boundingBox();
  if (!box) throw new Error('no canvas');
  const at = (fx: number, fy: number) => [box.x + (fx + shift) * box.width, box.y + fy * box.height] as const;
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

test('on arrival the pretrained model classifies the first test image, with its true class, and follows a drawing', async () => {
  const { page, problems } = await open();
  const info = await backendInfo(page);
  console.log('backend in headless Chromium:', JSON.stringify(info));
  expect(info.crossOriginIsolated).toBe(true);
  expect(info.isolated).toBe(true);
  expect(info.backend).toBe('wasm');
  expect(info.simd).toBe(true);
  // The page classifies one picture at a time: the single-threaded SIMD binary, no pool of threads to start,
  // although the page is isolated (the benchmark mode runs threads, see below).
  expect(info.wasm).toEqual(['tfjs-backend-wasm-simd']);
  expect(info.threads).toBe(1);

  // No click: the first test image is on the canvas, classified, with its true class.
  await waitForArrival(page);
  await waitForText(page, '#verdict', /^Ankle boot \(\d+\.\d%\)$/);
  await waitForText(page, '#truth', /^Test image 0: really Ankle boot — right$/);
  expect(await page.getAttribute('#truth', 'data-correct')).toBe('true');
  await waitForText(page, '#model-status', /pretrained/);
  expect(await page.isDisabled('#use-pretrained')).toBe(true);
  const predicted = (await page.getAttribute('#prediction-grid', 'data-predicted'))?.split(',').map(Number);
  expect(predicted?.[0]).toBe(9); // test image 0 is an Ankle boot
  const accuracy = Number(await page.getAttribute('#test-accuracy', 'data-accuracy'));
  expect(accuracy).toBeGreaterThan(0.85);
  expect(await page.locator('#confusion-matrix svg').count()).toBe(1);
  expect(await page.locator('#sample-grid svg').count()).toBe(1);
  // The bars beside each of the 15 test images are labelled with the class names the page uses, not 0–9.
  const ticks = await page.$$eval('#prediction-grid svg text:not(.caption)', (texts) =>
    texts.map((text) => text.textContent),
  );
  expect(ticks).toEqual(Array.from({ length: 15 }, () => CLASS_NAMES).flat());

  // The next test image, with its true class; then a drawing, which has none.
  await page.click('#draw-sample');
  await waitForText(page, '#truth', /^Test image 1: really Pullover — (right|wrong)$/);
  await drawStroke(page);
  await waitForText(page, '#truth', /^$/);
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
  await waitForText(page, '#verdict', /^Not sure$/);
  await waitForText(page, '#verdict-hint', /draw something bigger.*Closest guess: /);
  expect(await page.getAttribute('#verdict', 'data-confident')).toBe('false');

  // Figures enlarge when tapped, and close again.
  await page.click('#confusion-matrix');
  await page.waitForSelector('#figure-dialog[open] svg');
  await page.click('#figure-dialog .dialog-close');
  await page.waitForSelector('#figure-dialog:not([open])', { state: 'attached' });
  expect(problems).toEqual([]);
  await page.close();
});

test('the try panel: a stroke over a test image starts a new drawing, Undo and Ctrl+Z take strokes back, a photo is cut out and its answer scrolls into view on a phone', async () => {
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: false });
  const { page, problems } = await open('', { in: phone });
  try {
    await waitForArrival(page);
    await waitForText(page, '#truth', /^Test image 0: really Ankle boot/);
    expect(await page.isDisabled('#draw-undo')).toBe(true);
    // The first stroke over the test image clears it: a new drawing, with no true class.
    await page.locator('#draw-canvas').scrollIntoViewIfNeeded();
    await drawStroke(page);
    await waitForText(page, '#upload-message', /New drawing/);
    await waitForText(page, '#truth', /^$/);
    const oneStroke = await canvasPixels(page);
    expect(oneStroke.some((v) => v > 0)).toBe(true);
    // A second stroke, then Ctrl+Z: back to the first stroke exactly; the button takes that one back too.
    await drawStroke(page, 0.15);
    expect(await canvasPixels(page)).not.toEqual(oneStroke);
    await page.keyboard.press('Control+z');
    await page.waitForFunction(() => !(document.querySelector('#draw-undo') as HTMLButtonElement).disabled);
    expect(await canvasPixels(page)).toEqual(oneStroke);
    await page.click('#draw-undo');
    expect((await canvasPixels(page)).every((v) => v === 0)).toBe(true);
    expect(await page.isDisabled('#draw-undo')).toBe(true);

    // A real photo: cut out (the rest dimmed on the canvas), classified, and the answer brought into view.
    await page.locator('#upload').scrollIntoViewIfNeeded();
    const shoes = await readFile(resolve(WEB_DIR, '../../docs/photos/shoes.jpg'));
    await page.setInputFiles('#upload', { name: 'shoes.jpg', mimeType: 'image/jpeg', buffer: shoes });
    await waitForText(page, '#upload-message', /Converted shoes\.jpg .*the garment cut out/);
    expect(await page.getAttribute('#draw-canvas', 'data-mask')).toBe('true');
    await waitForText(page, '#verdict', /^Sneaker \(\d+\.\d%\)$/);
    await page.waitForFunction(() => {
      const box = document.querySelector('#verdict')?.getBoundingClientRect();
      return box !== undefined && box.top >= 0 && box.bottom <= window.innerHeight;
    });
    expect(problems).toEqual([]);
  } finally {
    await page.close();
    await phone.close();
  }
});

/** The big canvas's red channel, one value per pixel. */
async function canvasPixels(page: Page): Promise<number[]> {
  return page.$eval('#draw-canvas', (canvas) => {
    const c = canvas as HTMLCanvasElement;
    const data = (c.getContext('2d') as CanvasRenderingContext2D).getImageData(0, 0, c.width, c.height).data;
    return Array.from(data.filter((_, i) => i % 4 === 0));
  });
}

test('bytes: the first prediction needs at most 6 MB and no training images; a second visit fetches at most 100 kB', async () => {
  const fresh = await browser.newContext({ viewport: { width: 390, height: 844 } });
  try {
    const visit = async () => {
      let traffic: Awaited<ReturnType<typeof trafficOf>> | undefined;
      const { page, problems } = await open('', {
        in: fresh,
        prepare: async (page) => {
          traffic = await trafficOf(page);
        },
      });
      if (!traffic) throw new Error('not watching the traffic');
      await page.waitForSelector('#prediction-grid[data-predicted]', { state: 'attached', timeout: 60_000 });
      await page.waitForSelector('#storage[data-saved]', { state: 'attached' });
      // The results come from the training worker: its traffic counts too.
      await page.waitForTimeout(500);
      // What the page received before its first answer and what it asked for after it, by its own clock (the
      // traffic seen from here lags behind it).
      const { beforeFirstPrediction, startedAfter } = await page.evaluate(() => {
        const mark = performance.getEntriesByName('fmnist:first-prediction')[0]?.startTime ?? Number.NaN;
        const [navigation] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
        const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
        return {
          beforeFirstPrediction: resources
            .filter((entry) => entry.responseEnd <= mark)
            .reduce((sum, entry) => sum + entry.transferSize, navigation?.transferSize ?? 0),
          startedAfter: resources.filter((entry) => entry.startTime > mark).map((entry) => entry.name),
        };
      });
      const result = {
        beforeFirstPrediction,
        startedAfter,
        all: await traffic.bytes(),
        urls: traffic.urls(),
      };
      expect(problems).toEqual([]);
      await page.close();
      return result;
    };
    // A new context starts with empty caches: a first visit.
    const first = await visit();
    const second = await visit();
    console.log(
      `bytes fetched before the first prediction: ${first.beforeFirstPrediction} (first visit); ` +
        `${second.all} in all on a second visit`,
    );
    expect(first.beforeFirstPrediction).toBeLessThanOrEqual(6_000_000);
    // The first answer is for a test image built into the script. The worker starts after it and loads the test
    // split (the page itself never asks for it); the training images wait for Train.
    expect(first.startedAfter.some((url) => url.includes('trainer.worker'))).toBe(true);
    expect(first.urls.filter((url) => url.includes('t10k-'))).toHaveLength(2);
    expect(first.startedAfter.some((url) => url.includes('t10k-'))).toBe(false);
    expect(first.urls.some((url) => url.includes('train-'))).toBe(false);
    expect(second.all).toBeLessThanOrEqual(100_000);
  } finally {
    await fresh.close();
  }
});

/**
 * Counts what the page and its workers receive over the network from now on (bodies as sent, headers included;
 * nothing for `blob:` URLs).
 */
async function trafficOf(page: Page) {
  const sizes: Promise<number>[] = [];
  const urls: string[] = [];
  page.on('requestfinished', (request) => {
    urls.push(request.url());
    sizes.push(
      request.sizes().then(
        (size) => Math.max(0, size.responseBodySize) + Math.max(0, size.responseHeadersSize),
        () => 0,
      ),
    );
  });
  return {
    bytes: async () => (await Promise.all(sizes)).reduce((a, b) => a + b, 0),
    urls: () => [...urls],
  };
}

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

test('without cross-origin isolation the page works the same: it classifies on one thread anyway', async () => {
  const { page, problems } = await open('', { isolated: false });
  await waitForArrival(page);
  const info = await backendInfo(page);
  expect(info.crossOriginIsolated).toBe(false);
  expect(info.backend).toBe('wasm');
  expect(info.simd).toBe(true);
  expect(info.threads).toBe(1);
  expect(info.wasm).toEqual(['tfjs-backend-wasm-simd']);
  // Only the benchmark mode, which runs threads, has anything to say about isolation.
  expect(await page.locator('#isolation-note').count()).toBe(0);
  expect((await page.getAttribute('#prediction-grid', 'data-predicted'))?.split(',')[0]).toBe('9');
  expect(problems).toEqual([]);
  await page.close();
});

test('training downloads the training images on demand, resets the panel for each run, says where Stop left it, and keeps focus', async () => {
  const { page, problems } = await open('?limit=2000&epochs=1');
  await waitForArrival(page);
  expect(await page.inputValue('#limit')).toBe('2000');
  // The size of the download is said before it starts.
  await waitForText(page, '#train-text', /downloads the 60,000 training images \(26\.\d MB\)/);
  await page.focus('#train-button');
  await page.keyboard.press('Enter');
  // Train disabled itself: the keyboard is on Stop, not lost to the page.
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('stop-button');
  await page.waitForSelector('#model[data-training="done"]', { state: 'attached', timeout: 60_000 });
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('train-button');
  const accuracy = Number(await page.getAttribute('#train-result', 'data-accuracy'));
  console.log('test accuracy after 1 epoch on 2000 images:', accuracy);
  expect(accuracy).toBeGreaterThan(0.6);
  expect(await page.locator('#epoch-chart svg').count()).toBe(1);
  await waitForText(page, '#model-status', /trained here/);
  await waitForText(page, '#test-accuracy', /trained here/);
  expect(await page.isEnabled('#use-pretrained')).toBe(true);

  // A long run: the previous run's results are gone as it starts; stopped, it keeps the model it had.
  await page.fill('#epochs', '50');
  // Clicked from inside the page, so that the check runs before the first epoch of the new run can end.
  const cleared = await page.evaluate(() => {
    (document.querySelector('#train-button') as HTMLButtonElement).click();
    return ['#epoch-chart', '#train-result'].map(
      (selector) => (document.querySelector(selector) as HTMLElement).hidden,
    );
  });
  expect(cleared).toEqual([true, true]);
  await page.waitForFunction(() =>
    /batch \d+/.test(document.querySelector('#train-text')?.textContent ?? ''),
  );
  await page.click('#stop-button');
  await page.waitForSelector('#model[data-training="stopped"]', { state: 'attached', timeout: 30_000 });
  await waitForText(page, '#train-text', /^Stopped/);
  expect(await page.textContent('#train-text')).not.toMatch(/batch/);
  await waitForText(page, '#model-status', /trained here \(\d+ epochs?\)/);

  // "Use pretrained" is the way back.
  await page.focus('#use-pretrained');
  await page.keyboard.press('Enter');
  await waitForText(page, '#model-status', /^Current model: pretrained/);
  await page.waitForSelector('#use-pretrained:disabled');
  // The button disabled itself; the keyboard went to the Train button, not to the page body.
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('train-button');
  expect(problems).toEqual([]);
  await page.close();
});

test('Stop keeps the curves drawn so far, even in the first epoch', async () => {
  // Batches of one image: the first epoch takes far longer than it takes to stop it.
  const { page, problems } = await open('?epochs=1&batch=1');
  await waitForArrival(page);
  await page.click('#train-button');
  const curvePoints = () =>
    page.$$eval('#model .live-chart polyline', (lines) =>
      lines.map((line) => (line.getAttribute('points') ?? '').split(' ').filter(Boolean).length),
    );
  await page.waitForFunction(
    () =>
      /^Epoch 1\/1 · batch \d+/.test(document.querySelector('#train-text')?.textContent ?? '') &&
      // Two points at least: a line to see.
      [...document.querySelectorAll('#model .live-chart polyline')].every(
        (line) => (line.getAttribute('points') ?? '').split(' ').length >= 2,
      ),
    null,
    { timeout: 60_000 },
  );
  const before = await curvePoints();
  await page.click('#stop-button');
  await page.waitForSelector('#model[data-training="stopped"]', { state: 'attached', timeout: 30_000 });
  await waitForText(page, '#train-text', /^Stopped before the first epoch ended\.$/);
  await waitForText(page, '#model-status', /^Current model: pretrained/);
  // A frame later, as the charts draw once per frame.
  await page.evaluate(() => new Promise(requestAnimationFrame));
  const after = await curvePoints();
  console.log(`curve points before Stop: ${before}, after: ${after}`);
  // Each curve has at least the points it had when Stop was pressed.
  expect(after.map((points, i) => points >= 2 && points >= (before[i] as number))).toEqual([true, true]);
  expect(problems).toEqual([]);
  await page.close();
});

test('Save and load: says what is saved, loads it back, and the downloaded files load in stock tfjs', async () => {
  const fresh = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  try {
    const { page, problems } = await open('', { in: fresh });
    await waitForArrival(page);
    await page.waitForSelector('#storage[data-saved="false"]', { state: 'attached' });
    expect(await page.isDisabled('#load-idb')).toBe(true);
    await waitForText(page, '#saved-model', /Nothing saved/);

    await page.click('#save-idb');
    await waitForText(page, '#storage-status', /Saved/);
    await waitForText(
      page,
      '#saved-model',
      /^Saved in this browser: the model pretrained \(shipped weights\), 8\d\.\d% test accuracy, .*\d{4}.*\.$/,
    );
    // A later visit knows about it.
    await page.reload();
    await waitForArrival(page);
    await page.waitForSelector('#storage[data-saved="true"]', { state: 'attached' });
    await waitForText(page, '#saved-model', /^Saved in this browser: the model pretrained/);
    await page.click('#load-idb');
    await waitForText(page, '#model-status', /saved in this browser/);
    await page.waitForSelector('#prediction-grid[data-predicted^="9,"]', { state: 'attached' });

    const downloads: Promise<import('playwright-core').Download>[] = [];
    const both = new Promise<void>((resolve) => {
      page.on('download', (download) => {
        downloads.push(Promise.resolve(download));
        if (downloads.length === 2) resolve();
      });
    });
    await page.click('#save-download');
    await both;
    const dir = await mkdtemp(join(tmpdir(), 'fmnist-download-'));
    const files: Record<string, string> = {};
    for (const download of await Promise.all(downloads)) {
      const path = join(dir, download.suggestedFilename());
      await download.saveAs(path);
      files[download.suggestedFilename()] = path;
    }
    expect(Object.keys(files).sort()).toEqual(['fmnist-model.json', 'fmnist-model.weights.bin']);
    await waitForText(page, '#storage-status', /Downloading/);
    const verdict = await page.evaluate(() =>
      [...document.querySelectorAll('#probabilities li')].map((li) =>
        Number((li as HTMLElement).dataset.probability),
      ),
    );
    expect(problems).toEqual([]);
    await page.close();

    // Stock tfjs reads the two files (here on its CPU backend in Node) and answers as the page does for image 0.
    const json = JSON.parse(await readFile(files['fmnist-model.json'] as string, 'utf8'));
    expect(json.weightsManifest[0].paths).toEqual(['fmnist-model.weights.bin']);
    const weights = await readFile(files['fmnist-model.weights.bin'] as string);
    await tf.setBackend('cpu');
    const model = await tfl.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: json.modelTopology,
        weightSpecs: json.weightsManifest[0].weights,
        weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.length),
      }),
    );
    const images = gunzipSync(readFileSync(fileURLToPath(fashionMnistFiles.testImages.url)));
    const first = Float32Array.from(images.subarray(16, 16 + 784), (v) => v / 255);
    const output = model.predict(tf.tensor3d(first, [1, 28, 28])) as tf.Tensor;
    const probabilities = Array.from(await output.data());
    expect(probabilities.indexOf(Math.max(...probabilities))).toBe(9);
    expect(verdict).toHaveLength(10);
    tf.dispose(output);
    model.dispose();
  } finally {
    await fresh.close();
  }
});

test('on phones and desktops: no sideways scroll, the answer in view while drawing, long probability bars, legible text, no axe violations', async () => {
  mkdirSync(join(WEB_DIR, 'screenshots'), { recursive: true });
  const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  const measured: string[] = [];
  for (const { name, width, height } of [
    { name: 'phone', width: 390, height: 844 },
    { name: 'narrow', width: 320, height: 640 },
    { name: 'large-phone', width: 430, height: 932 },
    { name: 'tablet', width: 768, height: 1024 },
    { name: 'small-laptop', width: 1100, height: 800 },
    { name: 'desktop', width: 1280, height: 800 },
    { name: 'wide', width: 1920, height: 1080 },
  ]) {
    // axe is injected as a script, which the page's Content-Security-Policy would refuse.
    const sized = await browser.newContext({ viewport: { width, height }, bypassCSP: true });
    const { page, problems } = await open('', { in: sized });
    await waitForArrival(page);
    await page.waitForSelector('#sample-grid svg', { state: 'attached' });
    const layout = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth,
      tryTop: (document.querySelector('#try') as HTMLElement).getBoundingClientRect().top + scrollY,
    }));
    expect({ name, ...layout }).toEqual({ name, ...layout, scrollWidth: layout.innerWidth });
    // "Try it" is the first card, right below the header.
    expect(layout.tryTop).toBeLessThan(260);
    // The probability bars keep their length whatever the layout around them.
    const bars = await page.$$eval('#probabilities .prob-bar', (all) =>
      all.map((bar) => Math.round(bar.getBoundingClientRect().width)),
    );
    measured.push(`bars ${Math.min(...bars)} px at ${width}`);
    expect({ name, bars: bars.length, longer: bars.every((bar) => bar > 40) }).toEqual({
      name,
      bars: 10,
      longer: true,
    });
    if (name === 'narrow') {
      await expectSlimHeader(page);
      // Every text on the page, the try panel's and the figures', is at least 11 px on the screen.
      for (const region of ['#try', '#content']) {
        const smallest = await smallestText(page, region);
        measured.push(`smallest text in ${region} at 320: ${JSON.stringify(smallest)}`);
        expect({ region, ...smallest, legible: smallest.size >= 11 }).toEqual({
          region,
          ...smallest,
          legible: true,
        });
      }
    }
    // While the visitor draws (the canvas scrolled fully into view), the verdict is on screen too.
    await page.locator('#draw-canvas').scrollIntoViewIfNeeded();
    const boxes = await page.evaluate(() =>
      ['#draw-canvas', '#verdict'].map((selector) => {
        const box = (document.querySelector(selector) as HTMLElement).getBoundingClientRect();
        return { selector, top: Math.round(box.top), bottom: Math.round(box.bottom), innerHeight };
      }),
    );
    for (const box of boxes) {
      expect({ name, ...box, inView: box.top >= 0 && box.bottom <= box.innerHeight }).toEqual({
        name,
        ...box,
        inView: true,
      });
    }
    await page.evaluate(() => scrollTo(0, 0));
    if (name === 'phone' || name === 'desktop') {
      await page.screenshot({ path: join(WEB_DIR, 'screenshots', `${name}.png`) });
    }
    if (name === 'phone' || name === 'narrow' || name === 'desktop') {
      await page.addScriptTag({ content: axeSource });
      const { violations, nameHasText } = await page.evaluate(async () => {
        const axe = (window as unknown as { axe: typeof import('axe-core') }).axe;
        // The default rules and the experimental ones too, such as label-content-name-mismatch.
        const experimental = axe.getRules(['experimental']).map((rule) => [rule.ruleId, { enabled: true }]);
        const results = await axe.run(document, { rules: Object.fromEntries(experimental) });
        return {
          violations: results.violations.map(({ id, nodes }) => ({
            id,
            nodes: nodes.map((node) => node.html),
          })),
          nameHasText: results.passes
            .filter((rule) => rule.id === 'label-content-name-mismatch')
            .flatMap((rule) => rule.nodes.map((node) => String(node.target[0])))
            .sort(),
        };
      });
      expect({ name, violations }).toEqual({ name, violations: [] });
      // The rule did check the figures' buttons: each one's name holds what it shows.
      expect(nameHasText).toEqual(['#confusion-matrix', '#prediction-grid', '#sample-grid']);
    }
    expect(problems).toEqual([]);
    await sized.close();
  }
  console.log(measured.join('\n'));
});

/**
 * The smallest text inside `scope` as drawn on the screen, in CSS pixels: an element's own font size, times the
 * scale of its figure for SVG text (which shrinks with the figure). Text that is not rendered does not count.
 */
async function smallestText(page: Page, scope: string): Promise<{ size: number; text: string }> {
  return page.evaluate((selector) => {
    let smallest = { size: Number.POSITIVE_INFINITY, text: '' };
    for (const element of document.querySelectorAll(`${selector} *`)) {
      const text = [...element.childNodes]
        .filter((node) => node.nodeType === Node.TEXT_NODE)
        .map((node) => node.textContent)
        .join('')
        .trim();
      if (!text || element.getClientRects().length === 0) continue;
      const fontSize = Number.parseFloat(getComputedStyle(element).fontSize);
      const matrix = element instanceof SVGGraphicsElement ? element.getScreenCTM() : null;
      const size = matrix ? fontSize * Math.hypot(matrix.a, matrix.b) : fontSize;
      if (size < smallest.size) smallest = { size, text };
    }
    return { size: Math.round(smallest.size * 100) / 100, text: smallest.text };
  }, scope);
}

/**
 * The header of a 320×640 phone: one line (the title and the About disclosure side by side), at most 15% of the
 * screen, with the engine line behind the disclosure until it is opened.
 */
async function expectSlimHeader(page: Page) {
  const closed = await page.evaluate(() => {
    const [header, title, summary] = ['.site-header', '.site-header h1', '.site-header summary'].map(
      (selector) => document.querySelector(selector) as HTMLElement,
    ) as [HTMLElement, HTMLElement, HTMLElement];
    const [titleBox, summaryBox] = [title.getBoundingClientRect(), summary.getBoundingClientRect()];
    return {
      height: header.getBoundingClientRect().height,
      titleLines: Math.round(titleBox.height / Number.parseFloat(getComputedStyle(title).lineHeight)),
      sideBySide: summaryBox.top < titleBox.bottom && summaryBox.left >= titleBox.right,
    };
  });
  console.log(`header at 320×640: ${closed.height} px`);
  expect(closed).toEqual({ height: closed.height, titleLines: 1, sideBySide: true });
  expect(closed.height).toBeLessThanOrEqual(0.15 * 640);
  expect(await page.isVisible('#backend-info')).toBe(false);
  await page.click('.site-header summary');
  await waitForText(page, '#backend-info', /^TensorFlow\.js on WASM · SIMD · 1 thread$/);
  expect(await page.isVisible('#backend-info')).toBe(true);
  await page.click('.site-header summary');
  expect(await page.isVisible('#backend-info')).toBe(false);
}

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
  // The result wraps on a phone rather than widening the page.
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
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
  const model = await loadPretrained('photos'); // the model the page and the CLI use for pictures
  const dir = mkdtempSync(join(tmpdir(), 'fmnist-parity-'));
  const { page, problems } = await open();
  await waitForArrival(page);
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
