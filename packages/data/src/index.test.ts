import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  ChecksumMismatchError,
  CountMismatchError,
  DatasetCacheError,
  DatasetNotFoundError,
  DownloadError,
  FASHION_MNIST_MANIFEST,
  type FashionMnist,
  GzipError,
  IdxFormatError,
  loadFashionMnist,
  localSources,
} from './index.js';
import {
  encodeDataset,
  encodeIdx,
  startTestServer,
  syntheticFashionMnist,
  writeSyntheticDataset,
} from './test/index.js';

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'fmnist-data-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

async function freshDir(name: string): Promise<string> {
  const dir = join(scratch, name);
  await writeSyntheticDataset(dir, { trainCount: 20, testCount: 10 });
  return dir;
}

const trainImagesPath = (dir: string) => join(dir, `${FASHION_MNIST_MANIFEST.trainImages.name}.gz`);

describe('loadFashionMnist on the real dataset', () => {
  let data: FashionMnist;
  beforeAll(async () => {
    data = await loadFashionMnist({ download: false });
  });

  it('finds it in a local source and verifies every checksum', () => {
    expect(['package', 'system', 'environment', 'cache']).toContain(data.source.kind);
    expect(data.source.verified).toBe(true);
  });

  it('has 60,000 training and 10,000 test images of 28×28', () => {
    expect(data.train.count).toBe(60_000);
    expect(data.train.images.length).toBe(60_000 * 784);
    expect(data.test.count).toBe(10_000);
    expect(data.test.images.length).toBe(10_000 * 784);
  });

  it('has 6,000 images per class in train and 1,000 in test', () => {
    const histogram = (labels: Uint8Array) => {
      const counts = new Array(10).fill(0);
      for (const label of labels) counts[label]++;
      return counts;
    };
    expect(histogram(data.train.labels)).toEqual(new Array(10).fill(6000));
    expect(histogram(data.test.labels)).toEqual(new Array(10).fill(1000));
  });

  it('starts with the well-known first examples (an ankle boot, then a T-shirt)', () => {
    expect(Array.from(data.train.labels.subarray(0, 5))).toEqual([9, 0, 0, 3, 0]);
    expect(Array.from(data.test.labels.subarray(0, 5))).toEqual([9, 2, 1, 1, 6]);
  });
});

describe('loadFashionMnist from a directory', () => {
  it('reads gzipped files and decompressed ones alike', async () => {
    const dir = await freshDir('plain');
    const plain = encodeDataset(syntheticFashionMnist({ trainCount: 20, testCount: 10 }));
    await rm(trainImagesPath(dir));
    await writeFile(join(dir, FASHION_MNIST_MANIFEST.trainImages.name), plain.trainImages);
    const data = await loadFashionMnist({ dir, verify: false });
    expect(data.train.count).toBe(20);
    expect(data.source).toEqual({ kind: 'directory', location: dir, verified: false });
  });

  it('takes FASHION_MNIST_DIR before the other local sources', async () => {
    const dir = await freshDir('from-env');
    process.env.FASHION_MNIST_DIR = dir;
    try {
      expect((await localSources())[0]).toEqual({ kind: 'environment', location: dir });
      expect((await loadFashionMnist({ verify: false })).source.kind).toBe('environment');
    } finally {
      delete process.env.FASHION_MNIST_DIR;
    }
  });

  it("searches FASHION_MNIST_SYSTEM_DIR in place of Debian's directory, last of the local sources", async () => {
    // The jest preset points it at an empty directory, so the machine's own dataset-fashion-mnist never answers.
    const hidden = process.env.FASHION_MNIST_SYSTEM_DIR;
    expect(hidden).toBeDefined();
    expect((await localSources()).at(-1)).toEqual({ kind: 'system', location: hidden });
    const dir = await freshDir('system');
    process.env.FASHION_MNIST_SYSTEM_DIR = dir;
    try {
      const data = await loadFashionMnist({ verify: false, searchOnly: ['system'] });
      expect(data.source).toEqual({ kind: 'system', location: dir, verified: false });
    } finally {
      process.env.FASHION_MNIST_SYSTEM_DIR = hidden;
    }
  });

  it('rejects synthetic data with checksum verification on', async () => {
    const load = loadFashionMnist({ dir: await freshDir('checksum') });
    await expect(load).rejects.toThrow(ChecksumMismatchError);
    // The four files are checked in parallel: whichever fails first is named.
    await expect(load).rejects.toThrow(
      /(train|t10k)-(images|labels)-idx[13]-ubyte\.gz: decompressed content is \d+ bytes/,
    );
  });

  it('names the missing files of a named directory', async () => {
    const dir = await freshDir('missing');
    await rm(trainImagesPath(dir));
    await expect(loadFashionMnist({ dir, verify: false })).rejects.toThrow(
      new DatasetNotFoundError(
        `${dir}: missing train-images-idx3-ubyte[.gz]; put the four Fashion-MNIST files there`,
      ),
    );
  });

  it('reports a truncated gzip file', async () => {
    const dir = await freshDir('truncated');
    const whole = readFileSync(trainImagesPath(dir));
    await writeFile(trainImagesPath(dir), whole.subarray(0, whole.length - 20));
    await expect(loadFashionMnist({ dir, verify: false })).rejects.toThrow(GzipError);
  });

  it('reports a corrupt gzip file', async () => {
    const dir = await freshDir('corrupt');
    const bytes = readFileSync(trainImagesPath(dir));
    bytes.fill(0x55, 20, 60);
    await writeFile(trainImagesPath(dir), bytes);
    await expect(loadFashionMnist({ dir, verify: false })).rejects.toThrow(GzipError);
  });

  it('reports a file that is no IDX file', async () => {
    const dir = await freshDir('magic');
    await writeFile(trainImagesPath(dir), gzipSync(Buffer.from('<html>not found</html>')));
    await expect(loadFashionMnist({ dir, verify: false })).rejects.toThrow(IdxFormatError);
  });

  it('reports images and labels of different counts', async () => {
    const dir = await freshDir('counts');
    await writeFile(
      join(dir, `${FASHION_MNIST_MANIFEST.trainLabels.name}.gz`),
      gzipSync(encodeIdx([19], new Uint8Array(19))),
    );
    await expect(loadFashionMnist({ dir, verify: false })).rejects.toThrow(CountMismatchError);
  });
});

describe('loadFashionMnist downloading', () => {
  const files = encodeDataset(syntheticFashionMnist({ trainCount: 20, testCount: 10 }));
  const gzipped = new Map(
    Object.entries(files).map(([key, content]) => [
      `/${FASHION_MNIST_MANIFEST[key as keyof typeof files].name}.gz`,
      gzipSync(content),
    ]),
  );
  const onlyDownload = { searchOnly: ['cache'] as const, verify: false, retries: 1 };

  it('falls over to the next mirror, retries a cut connection, and caches atomically', async () => {
    const broken = await startTestServer(() => ({ status: 500, body: 'down' }));
    let cuts = 0;
    const flaky = await startTestServer((path) => {
      const body = gzipped.get(path);
      if (!body) return { status: 404 };
      return path.includes('train-images') && cuts++ === 0 ? { cutAfterHalf: body } : { status: 200, body };
    });
    const cacheDir = join(scratch, 'cache-ok');
    try {
      const data = await loadFashionMnist({
        ...onlyDownload,
        cacheDir,
        mirrors: [broken.baseUrl, flaky.baseUrl],
      });
      expect(data.source).toEqual({ kind: 'download', location: cacheDir, verified: false });
      expect(data.train.count).toBe(20);
      expect(broken.requests.get('/train-images-idx3-ubyte.gz')).toBe(2);
      expect(flaky.requests.get('/train-images-idx3-ubyte.gz')).toBe(2);
      expect(readdirSync(cacheDir).sort()).toEqual([...gzipped.keys()].map((path) => path.slice(1)).sort());
      const cached = await loadFashionMnist({ ...onlyDownload, cacheDir, download: false });
      expect(cached.source.kind).toBe('cache');
    } finally {
      await broken.close();
      await flaky.close();
    }
  });

  it('rejects HTML served instead of data, and leaves the cache as it was', async () => {
    const html = await startTestServer(() => ({
      status: 200,
      body: '<html>captive portal</html>',
      contentType: 'text/html',
    }));
    const cacheDir = join(scratch, 'cache-kept');
    await mkdir(cacheDir, { recursive: true });
    const good = join(cacheDir, 'train-labels-idx1-ubyte.gz');
    await writeFile(good, gzipped.get('/train-labels-idx1-ubyte.gz') as Uint8Array);
    const before = statSync(good).mtimeMs;
    try {
      const load = loadFashionMnist({ searchOnly: ['cache'], retries: 0, cacheDir, mirrors: [html.baseUrl] });
      await expect(load).rejects.toThrow(DownloadError);
      await expect(load).rejects.toThrow(
        /train-images-idx3-ubyte: could not be fetched \(.*decompressed content is 27 bytes/,
      );
      expect(readdirSync(cacheDir)).toEqual(['train-labels-idx1-ubyte.gz']);
      expect(statSync(good).mtimeMs).toBe(before);
    } finally {
      await html.close();
    }
  });

  it('reports an unreachable mirror after its retries', async () => {
    const gone = await startTestServer(() => ({ status: 200 }));
    await gone.close();
    const load = loadFashionMnist({
      ...onlyDownload,
      cacheDir: join(scratch, 'cache-none'),
      mirrors: [gone.baseUrl],
    });
    await expect(load).rejects.toThrow(DownloadError);
    expect(existsSync(join(scratch, 'cache-none'))).toBe(false);
  });

  it('reports a cache directory it cannot write', async () => {
    const server = await startTestServer((path) => ({ status: 200, body: gzipped.get(path) ?? '' }));
    const blocker = join(scratch, 'not-a-dir');
    await writeFile(blocker, 'a file where the cache directory should be');
    try {
      const load = loadFashionMnist({
        ...onlyDownload,
        cacheDir: join(blocker, 'cache'),
        mirrors: [server.baseUrl],
      });
      await expect(load).rejects.toThrow(DatasetCacheError);
      await expect(load).rejects.toThrow(/not-a-dir\/cache: cannot write the dataset cache \(ENOTDIR\)$/);
      await expect(load).rejects.toMatchObject({
        code: 'DATASET_CACHE',
        path: join(blocker, 'cache'),
        hint: 'set XDG_CACHE_HOME to a writable directory or pass a cache directory',
      });
    } finally {
      await server.close();
    }
  });

  /** A cache directory holding one good file, and a check that it is exactly as it was and alone. */
  async function cacheWithOneGoodFile(name: string) {
    const cacheDir = join(scratch, name);
    await mkdir(cacheDir, { recursive: true });
    const good = join(cacheDir, 'train-labels-idx1-ubyte.gz');
    const bytes = gzipped.get('/train-labels-idx1-ubyte.gz') as Uint8Array;
    await writeFile(good, bytes);
    const before = statSync(good).mtimeMs;
    return {
      cacheDir,
      expectUntouched: () => {
        expect(readdirSync(cacheDir)).toEqual(['train-labels-idx1-ubyte.gz']);
        expect(statSync(good).mtimeMs).toBe(before);
        expect(Buffer.compare(readFileSync(good), bytes)).toBe(0);
      },
    };
  }

  it('gives up on a 404 at once, names the URL, and leaves the cache as it was', async () => {
    const missing = await startTestServer(() => ({ status: 404, body: 'Not Found' }));
    const { cacheDir, expectUntouched } = await cacheWithOneGoodFile('cache-404');
    try {
      const load = loadFashionMnist({ ...onlyDownload, retries: 2, cacheDir, mirrors: [missing.baseUrl] });
      await expect(load).rejects.toThrow(DownloadError);
      await expect(load).rejects.toThrow(
        new RegExp(
          `^train-images-idx3-ubyte: could not be fetched \\(${missing.baseUrl}train-images-idx3-ubyte\\.gz: HTTP 404 Not Found\\); check the network`,
        ),
      );
      expect(missing.requests.get('/train-images-idx3-ubyte.gz')).toBe(1); // a 404 is not retried
      expectUntouched();
    } finally {
      await missing.close();
    }
  });

  it('retries a 500 and a cut connection, then reports each mirror and keeps the cache', async () => {
    const down = await startTestServer(() => ({ status: 500, body: 'oops' }));
    const cut = await startTestServer((path) => ({ cutAfterHalf: gzipped.get(path) ?? new Uint8Array(64) }));
    const { cacheDir, expectUntouched } = await cacheWithOneGoodFile('cache-500');
    try {
      const error = await loadFashionMnist({
        ...onlyDownload,
        retries: 2,
        cacheDir,
        mirrors: [down.baseUrl, cut.baseUrl],
      }).catch((e: unknown) => e as Error);
      expect(error).toBeInstanceOf(DownloadError);
      const message = (error as Error).message;
      expect(message).toContain('HTTP 500 Internal Server Error');
      expect(message).toMatch(/connection closed after \d+ of \d+ bytes|terminated|other side closed/);
      expect(message).not.toContain('\n');
      expect(down.requests.get('/train-images-idx3-ubyte.gz')).toBe(3); // first try + 2 retries
      expect(cut.requests.get('/train-images-idx3-ubyte.gz')).toBe(3);
      expectUntouched();
    } finally {
      await down.close();
      await cut.close();
    }
  });

  it('rejects wrong bytes (a checksum mismatch) without retrying, and caches nothing', async () => {
    const wrong = await startTestServer((path) => ({
      status: 200,
      body: gzipSync(Buffer.from(`not ${path}`)),
    }));
    const { cacheDir, expectUntouched } = await cacheWithOneGoodFile('cache-wrong');
    try {
      const load = loadFashionMnist({
        searchOnly: ['cache'],
        retries: 2,
        cacheDir,
        mirrors: [wrong.baseUrl],
      });
      await expect(load).rejects.toThrow(DownloadError);
      // The four files download in parallel and every one is wrong: whichever fails first is the one named.
      await expect(load).rejects.toThrow(/-ubyte\.gz: decompressed content is \d+ bytes with SHA-256/);
      expect([...wrong.requests.values()].every((count) => count === 1)).toBe(true); // wrong content is not retried
      expectUntouched();
    } finally {
      await wrong.close();
    }
  });

  it('caches nothing when unverified downloads are not a valid dataset', async () => {
    const bad = await startTestServer((path) => {
      const body = gzipped.get(path);
      if (path.includes('t10k-labels'))
        return { status: 200, body: gzipSync(encodeIdx([3], new Uint8Array(3))) };
      return body ? { status: 200, body } : { status: 404 };
    });
    const { cacheDir, expectUntouched } = await cacheWithOneGoodFile('cache-invalid');
    try {
      const load = loadFashionMnist({ ...onlyDownload, cacheDir, mirrors: [bad.baseUrl] });
      await expect(load).rejects.toThrow(CountMismatchError);
      await expect(load).rejects.toThrow(
        /^http:\/\/127\.0\.0\.1:\d+\/t10k-labels-idx1-ubyte\.gz: 3 labels for 10 images/,
      );
      expectUntouched();
    } finally {
      await bad.close();
    }
  });

  it('says how to get the data when no local source has it and downloads are off', async () => {
    const load = loadFashionMnist({
      searchOnly: ['cache'],
      cacheDir: join(scratch, 'empty'),
      download: false,
    });
    await expect(load).rejects.toThrow(DatasetNotFoundError);
  });
});
