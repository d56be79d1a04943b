import { mkdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  ChecksumMismatchError,
  DATASET_FILE_KEYS,
  describeFashionMnist,
  FASHION_MNIST_MANIFEST,
  filesIn,
  loadFashionMnist,
} from './index.js';
import { writeSyntheticDataset } from './test/index.js';
import { VERIFIED_FILES_NAME } from './verified-files.js';

let scratch: string;
beforeAll(async () => {
  scratch = join(tmpdir(), `fmnist-describe-${process.pid}`);
  await mkdir(scratch, { recursive: true });
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/** A record vouching for every file in `dir` as it is now, as if each had matched the manifest. */
async function forgeRecord(dir: string, cacheDir: string): Promise<void> {
  const paths = await filesIn(dir);
  const entries: Record<string, object> = {};
  for (const key of DATASET_FILE_KEYS) {
    const path = paths[key] as string;
    const { size, mtimeMs, ctimeMs, ino, dev } = await stat(path);
    entries[path] = { size, mtimeMs, ctimeMs, ino, dev, sha256: FASHION_MNIST_MANIFEST[key].sha256 };
  }
  await mkdir(cacheDir, { recursive: true });
  await writeFile(join(cacheDir, VERIFIED_FILES_NAME), JSON.stringify(entries));
}

describe('describeFashionMnist', () => {
  it('gives the counts and source loadFashionMnist gives, and records the files it verified', async () => {
    const cacheDir = join(scratch, 'cache-real');
    const [described, loaded] = await Promise.all([describeFashionMnist({ cacheDir }), loadFashionMnist()]);
    expect(described).toEqual({
      source: loaded.source,
      counts: { train: loaded.train.count, test: loaded.test.count },
    });
    // Now vouched for by the record: the same answer without reading the files.
    await expect(describeFashionMnist({ cacheDir })).resolves.toEqual(described);
  });

  it('reads no file the record vouches for, and every file once one changed', async () => {
    const dir = join(scratch, 'synthetic');
    const cacheDir = join(scratch, 'cache-synthetic');
    await writeSyntheticDataset(dir, { trainCount: 30, testCount: 20 });
    // Not verified: the files are read, and their own counts reported.
    await expect(describeFashionMnist({ dir, cacheDir, verify: false })).resolves.toMatchObject({
      counts: { train: 30, test: 20 },
    });
    await expect(describeFashionMnist({ dir, cacheDir })).rejects.toThrow(ChecksumMismatchError);
    // A (forged) record vouching for all four files: the manifest's counts, so the files were not read.
    await forgeRecord(dir, cacheDir);
    await expect(describeFashionMnist({ dir, cacheDir })).resolves.toEqual({
      source: { kind: 'directory', location: dir, verified: true },
      counts: { train: 60_000, test: 10_000 },
    });
    // One file touched (its times change): everything is loaded and verified again.
    const labels = (await filesIn(dir)).testLabels as string;
    await utimes(labels, new Date(), new Date(Date.now() - 60_000));
    await expect(describeFashionMnist({ dir, cacheDir })).rejects.toThrow(ChecksumMismatchError);
  });
});
