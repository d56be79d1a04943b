// The seed job in headless Chromium: serves the built web app with `vite preview` (cross-origin isolated) and
// opens it in benchmark mode. Usage: node browser.js EPOCHS. Prints one JSON document, or {"skipped": reason}.
import { fileURLToPath } from 'node:url';
import { preview } from 'vite';
import { chromiumMissing, launchChromium } from '../chromium.mjs';

const epochs = Number(process.argv[2] ?? 1);
const missing = chromiumMissing();
if (missing) {
  console.log(JSON.stringify({ skipped: missing }));
  process.exit(0);
}
const root = fileURLToPath(new URL('../../apps/web', import.meta.url));
const server = await preview({ root, preview: { host: '127.0.0.1', port: 0 }, logLevel: 'warn' });
const url = server.resolvedUrls?.local[0];
const browser = await launchChromium();
try {
  const page = await browser.newPage();
  await page.goto(`${url}?bench=1&epochs=${epochs}`);
  const handle = await page.waitForFunction(() => window.__fmnistBench, undefined, {
    timeout: (120 + epochs * 90) * 1000,
  });
  const result = await handle.jsonValue();
  if (result.error) throw new Error(`the page's benchmark failed: ${result.error}`);
  console.log(JSON.stringify(result));
} finally {
  await browser.close();
  await server.close();
}
