// The seed job in headless Chromium: serves the built web app with `vite preview` (cross-origin isolated) and
// opens it in benchmark mode. Usage: node browser.js EPOCHS. Prints one JSON document, or {"skipped": reason}.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { preview } from 'vite';

const CHROMIUM = '/usr/bin/chromium';
const epochs = Number(process.argv[2] ?? 1);
if (!existsSync(CHROMIUM)) {
  console.log(JSON.stringify({ skipped: `${CHROMIUM} not found (apt-get install chromium)` }));
  process.exit(0);
}
const root = fileURLToPath(new URL('../../apps/web', import.meta.url));
const server = await preview({ root, preview: { host: '127.0.0.1', port: 0 }, logLevel: 'warn' });
const url = server.resolvedUrls?.local[0];
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
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
