import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { fashionMnistFiles } from '@fmnist/dataset';
import { describe, expect, it } from '@jest/globals';
import {
  DatasetNotFoundError,
  DownloadError,
  FASHION_MNIST_MANIFEST,
  loadFashionMnist,
  loadSplit,
} from './browser.js';
import { encodeDataset, startTestServer, syntheticFashionMnist } from './test/index.js';

/** Serves the real dataset files of @fmnist/dataset, noting each requested path in `requested`. */
function serveRealFiles(requested: string[] = []) {
  return startTestServer((path) => {
    requested.push(path);
    const file = Object.values(fashionMnistFiles).find((candidate) => path === `/${candidate.name}.gz`);
    return file ? { status: 200, body: readFileSync(fileURLToPath(file.url)) } : { status: 404 };
  });
}

// The browser entry runs on Web APIs only (fetch, DecompressionStream, Web Crypto), which Node has too.
describe('browser loadFashionMnist', () => {
  it('fetches the real files from a base URL, decompresses and verifies them, reporting progress', async () => {
    const server = await serveRealFiles();
    const progress = new Set<string>();
    try {
      const data = await loadFashionMnist({
        baseUrl: server.baseUrl,
        onProgress: (p) => progress.add(p.file),
      });
      expect([data.train.count, data.test.count]).toEqual([60_000, 10_000]);
      expect(data.source).toEqual({ kind: 'url', location: server.baseUrl, verified: true });
      expect(progress.size).toBe(4);
    } finally {
      await server.close();
    }
    // 55 MB through Web Streams and Web Crypto: about 2 s alone, much longer on a busy shared machine.
  }, 240_000);

  it('takes explicit file URLs, e.g. the assets of @fmnist/dataset, for the whole dataset or one split', async () => {
    const files = encodeDataset(syntheticFashionMnist({ trainCount: 10, testCount: 10 }));
    const server = await startTestServer((path) => ({
      status: 200,
      body: gzipSync(files[path.slice(1) as keyof typeof files]),
    }));
    try {
      const urls = Object.fromEntries(
        Object.keys(files).map((key) => [key, { url: `${server.baseUrl}${key}` }]),
      );
      const data = await loadFashionMnist({ files: urls as never, verify: false });
      expect(data.train.count).toBe(10);
      const train = await loadSplit('train', { files: urls as never, verify: false });
      expect(train.count).toBe(10);
    } finally {
      await server.close();
    }
  });

  it('accepts a .gz file served with Content-Encoding: gzip (decoded by fetch, so longer than its Content-Length)', async () => {
    const files = encodeDataset(syntheticFashionMnist({ trainCount: 10, testCount: 10 }));
    const server = await startTestServer((path) => {
      const key = Object.keys(files).find(
        (k) => path === `/${FASHION_MNIST_MANIFEST[k as keyof typeof files].name}.gz`,
      );
      const gz = gzipSync(gzipSync(files[key as keyof typeof files]));
      return {
        status: 200,
        body: gz,
        headers: { 'content-encoding': 'gzip', 'content-length': String(gz.length) },
      };
    });
    try {
      const data = await loadFashionMnist({ baseUrl: server.baseUrl, verify: false, retries: 0 });
      expect(data.test.count).toBe(10);
    } finally {
      await server.close();
    }
  });

  it('reports corrupt gzip data, naming the URL', async () => {
    const server = await startTestServer(() => ({
      status: 200,
      body: Uint8Array.of(0x1f, 0x8b, 8, 0, 1, 2, 3),
    }));
    try {
      const load = loadFashionMnist({ baseUrl: server.baseUrl, retries: 0 });
      await expect(load).rejects.toThrow(DownloadError);
      await expect(load).rejects.toThrow(/train-images-idx3-ubyte\.gz: corrupt or truncated gzip data/);
    } finally {
      await server.close();
    }
  });

  it('asks for a location when given none', async () => {
    await expect(loadFashionMnist({})).rejects.toThrow(DatasetNotFoundError);
  });

  it('knows the same files as @fmnist/dataset', () => {
    for (const [key, file] of Object.entries(fashionMnistFiles)) {
      const expected = FASHION_MNIST_MANIFEST[key as keyof typeof FASHION_MNIST_MANIFEST];
      expect({ name: file.name, bytes: file.bytes, sha256: file.sha256 }).toEqual(expected);
    }
  });
});

// The Cache Storage side of loadSplit runs in the web app's end-to-end tests (Node has no `caches`).
describe('browser loadSplit', () => {
  it('fetches and verifies only the files of the split it is asked for', async () => {
    const requested: string[] = [];
    const server = await serveRealFiles(requested);
    try {
      const progress = new Set<string>();
      const test = await loadSplit('test', {
        baseUrl: server.baseUrl,
        onProgress: (p) => progress.add(p.file),
      });
      expect(test.count).toBe(10_000);
      expect(test.labels[0]).toBe(9); // the first test image is an ankle boot
      expect(test.source).toEqual({ kind: 'url', location: server.baseUrl, verified: true });
      expect(requested.sort()).toEqual(['/t10k-images-idx3-ubyte.gz', '/t10k-labels-idx1-ubyte.gz']);
      expect([...progress].sort()).toEqual(['t10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz']);
    } finally {
      await server.close();
    }
  });

  it('names the file whose checksum fails', async () => {
    const files = encodeDataset(syntheticFashionMnist({ trainCount: 12, testCount: 10 }));
    const server = await startTestServer((path) => {
      const key = Object.keys(files).find(
        (k) => path === `/${FASHION_MNIST_MANIFEST[k as keyof typeof files].name}.gz`,
      );
      return { status: 200, body: gzipSync(files[key as keyof typeof files]) };
    });
    try {
      await expect(loadSplit('test', { baseUrl: server.baseUrl, retries: 0 })).rejects.toThrow(
        /t10k-(images|labels)-idx[13]-ubyte: could not be fetched .*expected/,
      );
    } finally {
      await server.close();
    }
  });

  it('asks for a location when given none', async () => {
    await expect(loadSplit('test')).rejects.toThrow(/pass files .* or a baseUrl to loadSplit/);
  });
});
