// The web app's budgets, measured in headless Chromium on the built app served by `vite preview` on localhost:
// how soon the first prediction comes after navigation (first visit with empty caches, and a second visit), the
// bytes fetched before it and on a second visit, the longest main-thread task (PerformanceObserver 'longtask')
// while the page loads and while it trains one epoch on the 60,000 images and scores the test split, and how soon
// Stop stops a run.
//   node scripts/bench/web-budgets.js [--visits N] [--no-readme]
// Prints a table; unless --no-readme, writes it into apps/web/README.md between its web-bench markers.
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { preview } from 'vite';
import { chromiumMissing, launchChromium } from '../chromium.mjs';

const args = process.argv.slice(2);
const visits = Number(args[args.indexOf('--visits') + 1] ?? 3) || 3;
const missing = chromiumMissing();
if (missing) {
  console.log(`web budgets: not run (${missing})`);
  process.exit(0);
}
const root = fileURLToPath(new URL('../../apps/web', import.meta.url));
const server = await preview({ root, preview: { host: '127.0.0.1', port: 0 }, logLevel: 'warn' });
const url = server.resolvedUrls?.local[0];
const browser = await launchChromium();

/** Opens the app in `context`, counting the bytes it receives and recording its long tasks from the start. */
async function visit(context) {
  const page = await context.newPage();
  await page.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.__longTasks.push([entry.startTime, entry.duration]);
    }).observe({ type: 'longtask', buffered: true });
  });
  // Bodies as sent plus headers, of the page's requests and its workers' (Playwright reports both).
  const sizes = [];
  page.on('requestfinished', (request) => {
    sizes.push(
      request.sizes().then(
        (size) => Math.max(0, size.responseBodySize) + Math.max(0, size.responseHeadersSize),
        () => 0,
      ),
    );
  });
  const received = async () => (await Promise.all(sizes)).reduce((a, b) => a + b, 0);
  await page.goto(url, { waitUntil: 'commit' });
  // Waits with a plain evaluation over CDP: Playwright's own waiting would inject its (large) script into the page
  // while it loads, on the main thread whose work is measured.
  const cdp = await context.newCDPSession(page);
  const waited = await cdp.send('Runtime.evaluate', {
    expression: `new Promise((resolve, reject) => {
      const check = () => (document.body?.dataset.firstPrediction ? resolve() : setTimeout(check, 100));
      check();
      setTimeout(() => reject(new Error('no first prediction within 120 s')), 120_000);
    })`,
    awaitPromise: true,
  });
  if (waited.exceptionDetails)
    throw new Error(`web budgets: ${waited.exceptionDetails.exception?.description}`);
  await cdp.detach();
  // By the page's own clock: what had arrived when it answered (the traffic seen from here lags behind it).
  const bytesBefore = await page.evaluate(() => {
    const mark = performance.getEntriesByName('fmnist:first-prediction')[0].startTime;
    const [navigation] = performance.getEntriesByType('navigation');
    return performance
      .getEntriesByType('resource')
      .filter((entry) => entry.responseEnd <= mark)
      .reduce((sum, entry) => sum + entry.transferSize, navigation.transferSize);
  });
  const firstPrediction = Number(await page.getAttribute('body', 'data-first-prediction'));
  await page.waitForSelector('#prediction-grid[data-predicted]', { state: 'attached', timeout: 120_000 });
  await page.waitForSelector('#storage[data-saved]', { state: 'attached' });
  await page.waitForTimeout(300);
  const longestLoadTask = await page.evaluate(() => Math.max(0, ...window.__longTasks.map(([, d]) => d)));
  return { page, firstPrediction, bytesBefore, received, longestLoadTask };
}

// Timings on a shared machine mean little without how busy it was: the 1-minute load average, before and after.
const loadBefore = loadavg()[0];
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const cold = [];
const warm = [];
let training;
let download;
let stopLatency;
try {
  for (let n = 0; n < visits; n++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const first = await visit(context);
    cold.push({ ...first, bytesAll: await first.received() });
    await first.page.close();
    const second = await visit(context);
    warm.push({ ...second, bytesAll: await second.received() });
    if (n === 0) {
      const { page } = second;
      const run = async (epochs, limit) => {
        await page.fill('#epochs', String(epochs));
        await page.fill('#limit', String(limit));
        const started = await page.evaluate(() => performance.now());
        await page.click('#train-button');
        await page.waitForSelector('#model[data-training="done"]', { state: 'attached', timeout: 600_000 });
        return page.evaluate((from) => {
          const tasks = window.__longTasks.filter(([start]) => start >= from).map(([, d]) => d);
          return {
            longest: Math.max(0, ...tasks),
            count: tasks.length,
            seconds: (performance.now() - from) / 1000,
          };
        }, started);
      };
      // A short first run downloads the training split (and caches it); the measured run trains on all of it.
      download = await run(1, 100);
      training = await run(1, 60_000);
      // Stop, in the middle of an epoch: from the click to the panel saying so (the worker stops at its next batch).
      await page.fill('#epochs', '5');
      await page.click('#train-button');
      await page.waitForFunction(() =>
        /batch \d+/.test(document.querySelector('#train-text')?.textContent ?? ''),
      );
      stopLatency = await page.evaluate(
        () =>
          new Promise((resolve) => {
            const panel = document.querySelector('#model');
            const from = performance.now();
            new MutationObserver((_, observer) => {
              if (panel.dataset.training !== 'stopped') return;
              observer.disconnect();
              resolve(performance.now() - from);
            }).observe(panel, { attributes: true, attributeFilter: ['data-training'] });
            document.querySelector('#stop-button').click();
          }),
      );
    }
    await second.page.close();
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}

const ms = (value) => `${Math.round(value)} ms`;
const kB = (value) => `${(value / 1000).toFixed(1)} kB`;
const MB = (value) => `${(value / 1e6).toFixed(2)} MB`;
const rows = [
  [
    'first prediction after navigation, first visit (median)',
    ms(median(cold.map((v) => v.firstPrediction))),
    '≤ 1500 ms',
  ],
  [
    'first prediction after navigation, second visit (median)',
    ms(median(warm.map((v) => v.firstPrediction))),
    '≤ 1500 ms',
  ],
  [
    'bytes fetched before the first prediction, first visit',
    MB(median(cold.map((v) => v.bytesBefore))),
    '≤ 6 MB',
  ],
  ['bytes fetched by a whole second visit', kB(median(warm.map((v) => v.bytesAll))), '≤ 100 kB'],
  [
    'longest main-thread task while the page loads (median)',
    ms(median(cold.map((v) => v.longestLoadTask))),
    '',
  ],
  [
    `longest main-thread task while downloading the training split and training 100 images (${download.seconds.toFixed(1)} s)`,
    ms(download.longest),
    '',
  ],
  [
    `longest main-thread task while training 1 epoch and scoring (${training.seconds.toFixed(1)} s, ${training.count} tasks over 50 ms)`,
    ms(training.longest),
    '≤ 50 ms',
  ],
  ['from Stop (mid-epoch) to the page saying training stopped', ms(stopLatency), ''],
];
const load = `load average ${loadBefore.toFixed(1)} before, ${loadavg()[0].toFixed(1)} after`;
console.log(
  `\nWeb app in headless Chromium, ${visits} visit(s) of each kind, ${availableParallelism()} cores, ${load}:`,
);
console.table(rows.map(([what, measured, budget]) => ({ what, measured, budget })));

if (!args.includes('--no-readme')) {
  const table = [
    '| what | measured | budget |',
    '| --- | --- | --- |',
    ...rows.map((cells) => `| ${cells.join(' | ')} |`),
  ].join('\n');
  const section = [
    '<!-- web-bench:start -->',
    `Measured by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)} (\`scripts/bench/web-budgets.js\`): the built`,
    `app on localhost in headless Chromium, ${visits} first and second visit(s), on a ${availableParallelism()}-core machine`,
    `(${load}: timings stretch with it, bytes do not).`,
    '',
    table,
    '<!-- web-bench:end -->',
  ].join('\n');
  const readmePath = fileURLToPath(new URL('../../apps/web/README.md', import.meta.url));
  const readme = readFileSync(readmePath, 'utf8');
  const marked = /<!-- web-bench:start -->[\s\S]*<!-- web-bench:end -->/;
  writeFileSync(
    readmePath,
    marked.test(readme) ? readme.replace(marked, section) : `${readme}\n${section}\n`,
  );
  process.stderr.write('bench: wrote the web budgets into apps/web/README.md\n');
}
