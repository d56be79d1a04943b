/** Shared by the tests (not a test file itself): fake streams, an in-process runner, a synthetic dataset. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
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

/**
 * A PNG written byte by byte (pngjs cannot write palette images): `colorType` 0 gray, 2 RGB, 3 palette, 4 gray+alpha,
 * 6 RGBA; `samples` are the channel values row by row (palette indices for type 3), each stored in `bitDepth` bits
 * (8 or 16). `palette` is RGB triples, `transparency` the alpha of each palette entry (a tRNS chunk).
 */
export function rawPng(options: {
  width: number;
  height: number;
  colorType: 0 | 2 | 3 | 4 | 6;
  bitDepth: 8 | 16;
  samples: ArrayLike<number>;
  palette?: number[][];
  transparency?: number[];
}): Uint8Array {
  const { width, height, colorType, bitDepth, samples } = options;
  const channels = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }[colorType];
  const bytesPerSample = bitDepth / 8;
  const stride = width * channels * bytesPerSample;
  const raw = Buffer.alloc(height * (1 + stride));
  for (let y = 0; y < height; y++) {
    for (let i = 0; i < width * channels; i++) {
      const value = samples[y * width * channels + i] as number;
      const at = y * (1 + stride) + 1 + i * bytesPerSample;
      if (bitDepth === 16) raw.writeUInt16BE(value, at);
      else raw[at] = value;
    }
  }
  const chunk = (type: string, data: Uint8Array) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'ascii');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
    return Buffer.concat([head, data, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([bitDepth, colorType, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    ...(options.palette ? [chunk('PLTE', Buffer.from(options.palette.flat()))] : []),
    ...(options.transparency ? [chunk('tRNS', Buffer.from(options.transparency))] : []),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
