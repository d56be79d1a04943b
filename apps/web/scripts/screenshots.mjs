// The README's screenshots, docs/phone.png (390×844) and docs/desktop.png (1280×800): the app as `npm run build`
// last built it, served by `vite preview` on localhost and taken in headless Chromium once the pretrained model has
// answered and the test results and samples are drawn.
//   npm run build && npm run screenshots -w @fmnist/web
import { fileURLToPath } from 'node:url';
import { preview } from 'vite';
import { chromiumMissing, launchChromium } from '../../../scripts/chromium.mjs';

const missing = chromiumMissing();
if (missing) {
  console.error(`screenshots: ${missing}`);
  process.exit(1);
}
const root = fileURLToPath(new URL('..', import.meta.url));
const server = await preview({ root, preview: { host: '127.0.0.1', port: 0 }, logLevel: 'warn' });
const url = server.resolvedUrls?.local[0];
const browser = await launchChromium();
try {
  for (const { name, width, height } of [
    { name: 'phone', width: 390, height: 844 },
    { name: 'desktop', width: 1280, height: 800 },
  ]) {
    const context = await browser.newContext({ viewport: { width, height } });
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForSelector('#prediction-grid[data-predicted]', { state: 'attached', timeout: 60_000 });
    await page.waitForSelector('#sample-grid svg', { state: 'attached' });
    const path = fileURLToPath(new URL(`../docs/${name}.png`, import.meta.url));
    await page.screenshot({ path });
    console.log(`wrote ${path}`);
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
