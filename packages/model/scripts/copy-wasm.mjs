#!/usr/bin/env node
// Copies the WASM binaries of the installed @tensorflow/tfjs-backend-wasm into wasm/, where src/backend.ts points
// bundlers at them with `new URL('../wasm/…', import.meta.url)`. Run by `npm run build`; the copies are not
// committed, so they always match the pinned tfjs version.
import { copyFile, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const source = dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm'));
const target = join(here, '..', 'wasm');
await mkdir(target, { recursive: true });
for (const name of [
  'tfjs-backend-wasm.wasm',
  'tfjs-backend-wasm-simd.wasm',
  'tfjs-backend-wasm-threaded-simd.wasm',
]) {
  await copyFile(join(source, name), join(target, name));
}
