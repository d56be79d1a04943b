/**
 * Fixtures for other packages' tests: a tiny synthetic Fashion-MNIST that a model can learn in a few steps, and
 * writers for IDX files. Node only.
 *
 * @example
 * ```ts
 * import { syntheticFashionMnist, writeSyntheticDataset } from '@fmnist/data/test';
 * const data = syntheticFashionMnist({ trainCount: 320, testCount: 80 });
 * await writeSyntheticDataset('/tmp/tiny-fmnist'); // then loadFashionMnist({ dir: '/tmp/tiny-fmnist', verify: false })
 * ```
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { seededRandom } from '../batches.js';

export { seededRandom };

import {
  FASHION_MNIST_MANIFEST,
  IMAGE_HEIGHT,
  IMAGE_PIXELS,
  IMAGE_WIDTH,
  NUM_CLASSES,
} from '../constants.js';
import type { FashionMnist } from '../dataset.js';
import type { Split } from '../split.js';

export interface SyntheticOptions {
  /** Training examples. Default 320. */
  trainCount?: number;
  /** Test examples. Default 80. */
  testCount?: number;
  /** Seed of the pixel noise and label order. Default 1. */
  seed?: number;
}

/**
 * A dataset where class `k` is a bright horizontal band at rows `2k+4 … 2k+6` over dim noise: trivially learnable,
 * so a few training steps show whether learning works. Labels cycle through the classes in a seeded order.
 */
export function syntheticFashionMnist(options: SyntheticOptions = {}): FashionMnist {
  const { trainCount = 320, testCount = 80, seed = 1 } = options;
  const random = seededRandom(seed);
  return {
    train: syntheticSplit(trainCount, random),
    test: syntheticSplit(testCount, random),
    source: { kind: 'directory', location: 'synthetic', verified: false },
  };
}

function syntheticSplit(count: number, random: () => number): Split {
  const images = new Uint8Array(count * IMAGE_PIXELS);
  const labels = new Uint8Array(count);
  for (let n = 0; n < count; n++) {
    const label = (n + Math.floor(random() * NUM_CLASSES)) % NUM_CLASSES;
    labels[n] = label;
    for (let row = 0; row < IMAGE_HEIGHT; row++) {
      const inBand = row >= 2 * label + 4 && row <= 2 * label + 6;
      for (let col = 0; col < IMAGE_WIDTH; col++) {
        images[n * IMAGE_PIXELS + row * IMAGE_WIDTH + col] = inBand
          ? 200 + Math.floor(random() * 55)
          : Math.floor(random() * 40);
      }
    }
  }
  return { images, labels, count };
}

/** Encodes unsigned bytes as an IDX file with the given dimensions. */
export function encodeIdx(dims: readonly number[], data: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(4 + 4 * dims.length + data.length);
  const view = new DataView(bytes.buffer);
  bytes[2] = 0x08;
  bytes[3] = dims.length;
  dims.forEach((dim, axis) => {
    view.setUint32(4 + 4 * axis, dim);
  });
  bytes.set(data, 4 + 4 * dims.length);
  return bytes;
}

/** The four IDX files of a dataset, keyed like the manifest. */
export function encodeDataset(
  data: Pick<FashionMnist, 'train' | 'test'>,
): Record<keyof typeof FASHION_MNIST_MANIFEST, Uint8Array> {
  const images = (split: Split) => encodeIdx([split.count, IMAGE_HEIGHT, IMAGE_WIDTH], split.images);
  const labels = (split: Split) => encodeIdx([split.count], split.labels);
  return {
    trainImages: images(data.train),
    trainLabels: labels(data.train),
    testImages: images(data.test),
    testLabels: labels(data.test),
  };
}

/**
 * Writes a synthetic dataset to `dir` as the four gzipped IDX files, named as in the original release.
 * Load it with `verify: false`: its checksums are not Fashion-MNIST's.
 */
export async function writeSyntheticDataset(dir: string, options: SyntheticOptions = {}): Promise<void> {
  await mkdir(dir, { recursive: true });
  const files = encodeDataset(syntheticFashionMnist(options));
  for (const [key, content] of Object.entries(files)) {
    const name = FASHION_MNIST_MANIFEST[key as keyof typeof FASHION_MNIST_MANIFEST].name;
    await writeFile(join(dir, `${name}.gz`), gzipSync(content));
  }
}
export * from './http-server.js';
