import { InvalidArgumentError } from '@fmnist/errors';
import {
  DATASET_FILE_KEYS,
  type DatasetFileKey,
  FASHION_MNIST_MANIFEST,
  SPLIT_FILES,
  type SplitName,
} from './constants.js';
import { ChecksumMismatchError } from './errors.js';
import { type Split, splitFromIdx } from './split.js';

/** Where a loaded dataset came from. */
export interface DataSource {
  /** How it was found: an explicit option, the environment, a package, the cache, the system, or a download. */
  readonly kind: 'directory' | 'url' | 'environment' | 'package' | 'cache' | 'system' | 'download';
  /** The directory or base URL the files were read from. */
  readonly location: string;
  /** Whether the SHA-256 of every decompressed file was checked against the manifest. */
  readonly verified: boolean;
}

/** Fashion-MNIST in memory: uint8 images and labels of both splits. */
export interface FashionMnist {
  readonly train: Split;
  readonly test: Split;
  readonly source: DataSource;
}

/** The decompressed IDX content of each of the four files. */
export type DatasetContents = Record<DatasetFileKey, Uint8Array>;

/** One split as loaded on its own, with where it came from. */
export interface LoadedSplit extends Split {
  readonly source: DataSource;
}

/**
 * Builds split `name` from its two decompressed files, checking formats and counts. `locations` (the path or URL of
 * each file) name the files in error messages; by default their manifest names do.
 */
export function assembleSplit(
  name: SplitName,
  contents: Partial<DatasetContents>,
  locations: Partial<Record<DatasetFileKey, string>> = {},
): Split {
  const { images, labels } = SPLIT_FILES[name];
  const location = (key: DatasetFileKey) => locations[key] ?? FASHION_MNIST_MANIFEST[key].name;
  const content = (key: DatasetFileKey) => {
    const bytes = contents[key];
    if (bytes === undefined) throw new InvalidArgumentError(`the ${name} split needs ${location(key)}`);
    return bytes;
  };
  return splitFromIdx(content(images), content(labels), {
    images: location(images),
    labels: location(labels),
  });
}

/** Builds both splits from the four decompressed files (see {@link assembleSplit}). */
export function assembleDataset(
  contents: DatasetContents,
  source: DataSource,
  locations: Partial<Record<DatasetFileKey, string>> = {},
): FashionMnist {
  return {
    train: assembleSplit('train', contents, locations),
    test: assembleSplit('test', contents, locations),
    source,
  };
}

/** Throws unless `content` has the size and SHA-256 hex digest that the manifest gives for `key`. */
export function checkContent(
  key: DatasetFileKey,
  content: Uint8Array,
  sha256: string,
  location: string,
): void {
  const expected = FASHION_MNIST_MANIFEST[key];
  if (content.length !== expected.bytes || sha256 !== expected.sha256) {
    throw new ChecksumMismatchError(
      `${location}: decompressed content is ${content.length} bytes with SHA-256 ${sha256.slice(0, 12)}…, ` +
        `expected ${expected.bytes} bytes with ${expected.sha256.slice(0, 12)}…`,
      {
        path: location,
        hint: 'replace the file with the original Fashion-MNIST one (or pass verify: false for custom IDX data)',
      },
    );
  }
}

/** Whether `bytes` start with the gzip magic number, so a file is accepted compressed or not, whatever its name. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x1f && bytes[1] === 0x8b;
}

export { DATASET_FILE_KEYS };
