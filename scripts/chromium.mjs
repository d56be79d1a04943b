// Headless Chromium as the scripts here use it: Debian's build, with the flags that keep it off the network
// (this machine's network is closed; without them Chromium keeps trying to reach its update and sync hosts).
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Why Chromium cannot be launched here, or undefined when it can. */
export function chromiumMissing() {
  return existsSync(CHROMIUM_PATH) ? undefined : `${CHROMIUM_PATH} not found (apt-get install chromium)`;
}

export function launchChromium() {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ],
  });
}
