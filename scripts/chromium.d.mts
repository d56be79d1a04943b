// Types of chromium.mjs, for the TypeScript tests that launch Chromium through it.
import type { Browser } from 'playwright-core';

export declare const CHROMIUM_PATH: string;
export declare function chromiumMissing(): string | undefined;
export declare function launchChromium(): Promise<Browser>;
