/** Shared by the tests (not a test file itself): fake streams, an in-process runner, a synthetic dataset. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeSyntheticDataset } from '@fmnist/data/test';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { main } from './main.js';
import type { Io } from './output.js';

export interface FakeIo {
  io: Io;
  stdout: () => string;
  stderr: () => string;
}

export function fakeIo(
  options: { env?: Record<string, string>; tty?: boolean; columns?: number } = {},
): FakeIo {
  let out = '';
  let err = '';
  return {
    io: {
      stdout: {
        write: (s: string) => {
          out += s;
          return true;
        },
        isTTY: options.tty ?? false,
      },
      stderr: {
        write: (s: string) => {
          err += s;
          return true;
        },
        isTTY: options.tty ?? false,
        ...(options.columns ? { columns: options.columns } : {}),
      },
      env: options.env ?? {},
    },
    stdout: () => out,
    stderr: () => err,
  };
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `fmnist argv…` in-process. */
export async function run(
  argv: string[],
  options: { signal?: AbortSignal; env?: Record<string, string> } = {},
): Promise<RunResult> {
  const fake = fakeIo(options.env ? { env: options.env } : {});
  const code = await main(argv, { io: fake.io, ...(options.signal ? { signal: options.signal } : {}) });
  return { code, stdout: fake.stdout(), stderr: fake.stderr() };
}

/** A temporary directory, removed by the returned cleanup. */
export async function tempDir(
  prefix = 'fmnist-cli-',
): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Writes the tiny synthetic dataset (320 train, 80 test) to `dir/data` and returns that path. */
export async function syntheticData(
  dir: string,
  counts = { trainCount: 320, testCount: 80 },
): Promise<string> {
  const dataDir = join(dir, 'data');
  await writeSyntheticDataset(dataDir, counts);
  return dataDir;
}

/** An RGBA image of `width`×`height` filled by `paint(x, y)` → [r, g, b, a]. */
export function rgbaImage(
  width: number,
  height: number,
  paint: (x: number, y: number) => number[],
): Uint8Array {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) data.set(paint(x, y), (y * width + x) * 4);
  }
  return data;
}

/** A dark trouser-like shape (waistband and two legs) on white, `width`×`height`. */
export function trouser(width = 60, height = 90): Uint8Array {
  return rgbaImage(width, height, (x, y) => {
    const u = x / width;
    const v = y / height;
    const waist = v > 0.05 && v < 0.2 && u > 0.25 && u < 0.75;
    const legs = v >= 0.2 && v < 0.95 && ((u > 0.25 && u < 0.45) || (u > 0.55 && u < 0.75));
    return waist || legs ? [40, 40, 60, 255] : [255, 255, 255, 255];
  });
}

export function encodePng(width: number, height: number, rgba: Uint8Array): Uint8Array {
  const png = new PNG({ width, height });
  png.data = Buffer.from(rgba);
  return PNG.sync.write(png);
}

export function encodeJpeg(width: number, height: number, rgba: Uint8Array): Uint8Array {
  return jpeg.encode({ data: Buffer.from(rgba), width, height }, 95).data;
}
