/** Shared by the tests (not a test file itself): fake streams, an in-process runner, a synthetic dataset. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeSyntheticDataset } from '@fmnist/data/test';
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

export { encodeJpeg, encodePng, rawPng, rgbaImage, trouser } from '@fmnist/picture/test';
