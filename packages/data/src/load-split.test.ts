import { copyFile, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { fashionMnistFiles } from '@fmnist/dataset';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  ChecksumMismatchError,
  DatasetNotFoundError,
  FASHION_MNIST_MANIFEST,
  loadFashionMnist,
  loadSplit,
} from './index.js';
import { VERIFIED_FILES_NAME } from './verified-files.js';

const packaged = (key: keyof typeof fashionMnistFiles) => fileURLToPath(fashionMnistFiles[key].url);
const gz = (key: keyof typeof FASHION_MNIST_MANIFEST) => `${FASHION_MNIST_MANIFEST[key].name}.gz`;

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'fmnist-split-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/** A directory holding only the test split's two files, copied from the dataset package. */
async function testOnlyDir(name: string): Promise<string> {
  const dir = join(scratch, name);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await copyFile(packaged('testImages'), join(dir, gz('testImages')));
  await copyFile(packaged('testLabels'), join(dir, gz('testLabels')));
  return dir;
}

describe('loadSplit', () => {
  it('loads the same test split as loadFashionMnist, verified, in a buffer of exactly its size', async () => {
    const [test, both] = await Promise.all([loadSplit('test', { cacheDir: scratch }), loadFashionMnist()]);
    expect(test.count).toBe(10_000);
    expect(test.source.verified).toBe(true);
    expect(Buffer.from(test.images).equals(Buffer.from(both.test.images))).toBe(true);
    expect(Buffer.from(test.labels).equals(Buffer.from(both.test.labels))).toBe(true);
    // The view is into the one buffer zlib wrote (one byte longer than the content): no second copy behind it.
    expect(test.images.buffer.byteLength).toBe(FASHION_MNIST_MANIFEST.testImages.bytes + 1);
  });

  it('needs only its own two files: the training files may be absent', async () => {
    const dir = await testOnlyDir('test-only');
    const test = await loadSplit('test', { dir, cacheDir: scratch });
    expect(test.count).toBe(10_000);
    expect(test.labels[0]).toBe(9);
    const missingTrain = loadSplit('train', { dir, cacheDir: scratch });
    await expect(missingTrain).rejects.toThrow(DatasetNotFoundError);
    await expect(missingTrain).rejects.toThrow(
      /train-images-idx3-ubyte\[\.gz\], train-labels-idx1-ubyte\[\.gz\]/,
    );
  });
});

describe('the verified-file record', () => {
  /** The test labels, decompressed, with one label changed: valid IDX data of the right size, wrong SHA-256. */
  async function tamperedLabels(dir: string): Promise<string> {
    const path = join(dir, gz('testLabels'));
    const labels = gunzipSync(await readFile(path));
    labels[8] = ((labels[8] as number) + 1) % 10;
    await writeFile(path, gzipSync(labels));
    return path;
  }

  it('records each file it hashed, and hashes a file again once it was written to', async () => {
    const dir = await testOnlyDir('rehash');
    const cacheDir = join(scratch, 'cache-rehash');
    await loadSplit('test', { dir, cacheDir });
    const record = JSON.parse(await readFile(join(cacheDir, VERIFIED_FILES_NAME), 'utf8'));
    const labelsPath = join(dir, gz('testLabels'));
    expect(record[labelsPath]).toMatchObject({
      size: (await stat(labelsPath)).size,
      sha256: FASHION_MNIST_MANIFEST.testLabels.sha256,
    });
    await tamperedLabels(dir);
    await expect(loadSplit('test', { dir, cacheDir })).rejects.toThrow(ChecksumMismatchError);
  });

  it('trusts a file whose size, times and inode are as recorded, and nothing else', async () => {
    const dir = await testOnlyDir('trusted');
    const cacheDir = join(scratch, 'cache-trusted');
    const path = await tamperedLabels(dir);
    const stats = await stat(path);
    const forged = {
      size: stats.size,
      mtimeMs: stats.mtimeMs,
      ctimeMs: stats.ctimeMs,
      ino: stats.ino,
      dev: stats.dev,
      sha256: FASHION_MNIST_MANIFEST.testLabels.sha256,
    };
    const writeRecord = (entry: object) =>
      writeFile(join(cacheDir, VERIFIED_FILES_NAME), JSON.stringify({ [path]: entry }));
    await mkdir(cacheDir, { recursive: true });
    // The record is what saves the hash: with every field matching, the file is not hashed again.
    await writeRecord(forged);
    await expect(loadSplit('test', { dir, cacheDir })).resolves.toMatchObject({ count: 10_000 });
    // Any field that differs (here the change time) sends the file back to the hash.
    await writeRecord({ ...forged, ctimeMs: forged.ctimeMs - 1 });
    await expect(loadSplit('test', { dir, cacheDir })).rejects.toThrow(ChecksumMismatchError);
    // So does a record made for another digest.
    await writeRecord({ ...forged, sha256: FASHION_MNIST_MANIFEST.trainLabels.sha256 });
    await expect(loadSplit('test', { dir, cacheDir })).rejects.toThrow(ChecksumMismatchError);
  });

  it('is rebuilt when damaged, and skipped (not required) when it cannot be written', async () => {
    const dir = await testOnlyDir('damaged');
    const cacheDir = join(scratch, 'cache-damaged');
    await mkdir(cacheDir, { recursive: true });
    await writeFile(join(cacheDir, VERIFIED_FILES_NAME), '{ not json');
    await expect(loadSplit('test', { dir, cacheDir })).resolves.toMatchObject({ count: 10_000 });
    expect(Object.keys(JSON.parse(await readFile(join(cacheDir, VERIFIED_FILES_NAME), 'utf8')))).toHaveLength(
      2,
    );
    const unwritable = join(dir, gz('testImages'), 'not-a-directory');
    await expect(loadSplit('test', { dir, cacheDir: unwritable })).resolves.toMatchObject({ count: 10_000 });
  });
});
