/**
 * `@fmnist/data` in the browser: the same dataset API, loading over `fetch` with `DecompressionStream`.
 *
 * @example
 * ```ts
 * import { loadFashionMnist } from '@fmnist/data';
 * import { fashionMnistFiles } from '@fmnist/dataset';
 * const data = await loadFashionMnist({ files: fashionMnistFiles, onProgress: (p) => console.log(p.file, p.loaded) });
 * console.log(data.train.count, data.test.count); // 60000 10000
 * ```
 */
import { cachedBytes, dropCached, storeBytes } from './browser-cache.js';
import { DATASET_FILE_KEYS, type DatasetFileKey, FASHION_MNIST_MANIFEST } from './constants.js';
import { assembleDataset, type FashionMnist } from './dataset.js';
import { DatasetNotFoundError, FashionMnistDataError } from './errors.js';
import { contentsOf, decodeFile, fetchDataset, fetchFile, fileUrl, type RemoteOptions } from './remote.js';
import { type Split, splitFromIdx } from './split.js';

export * from './common.js';

export interface BrowserLoadOptions extends RemoteOptions {
  /** Base URL of a folder holding the four files (gzipped or not, named as in the original release plus `.gz`). */
  baseUrl?: string;
  /** The URL of each file, e.g. `fashionMnistFiles` from `@fmnist/dataset` (served by the bundler). */
  files?: Record<DatasetFileKey, { readonly url: URL | string }>;
}

/** Loads Fashion-MNIST from `files` or `baseUrl`, verifying checksums unless `verify: false`. */
export async function loadFashionMnist(options: BrowserLoadOptions): Promise<FashionMnist> {
  const urlOf = locate(options, 'loadFashionMnist');
  const fetched = await fetchDataset((key) => [urlOf(key)], options);
  const location = options.files
    ? urlOf(DATASET_FILE_KEYS[0] as DatasetFileKey)
    : (options.baseUrl as string);
  return assembleDataset(contentsOf(fetched), { kind: 'url', location, verified: options.verify ?? true });
}

export interface BrowserSplitOptions extends BrowserLoadOptions {
  /**
   * Name of the Cache Storage cache that keeps the split's files once their checksums passed, so that the next visit
   * reads them from there (without checking them again). Default `'fmnist-data'`; `false` does not cache.
   */
  cache?: string | false;
}

/** The files of each split: images, then labels. */
const SPLIT_FILES = {
  train: ['trainImages', 'trainLabels'],
  test: ['testImages', 'testLabels'],
} as const satisfies Record<string, readonly [DatasetFileKey, DatasetFileKey]>;

/**
 * Loads one split only, e.g. the 10,000 test images without the 26 MB of training images, from `files` or `baseUrl`;
 * files already in the browser's cache are not fetched again.
 *
 * @example
 * ```ts
 * import { loadSplit } from '@fmnist/data';
 * import { fashionMnistFiles } from '@fmnist/dataset';
 * const test = await loadSplit('test', { files: fashionMnistFiles });
 * console.log(test.count); // 10000
 * ```
 */
export async function loadSplit(name: 'train' | 'test', options: BrowserSplitOptions = {}): Promise<Split> {
  const urlOf = locate(options, 'loadSplit');
  const cache = options.cache ?? 'fmnist-data';
  const [images, labels] = await Promise.all(
    SPLIT_FILES[name].map(async (key) => {
      const url = urlOf(key);
      if (cache !== false) {
        const cached = await cachedBytes(cache, url);
        if (cached) {
          options.onProgress?.({
            file: url.slice(url.lastIndexOf('/') + 1),
            loaded: cached.length,
            total: cached.length,
          });
          try {
            return await decodeFile(key, cached, url, false);
          } catch (error) {
            if (!(error instanceof FashionMnistDataError)) throw error;
            await dropCached(cache, url);
          }
        }
      }
      const fetched = await fetchFile(key, [url], options);
      if (cache !== false && (options.verify ?? true)) await storeBytes(cache, url, fetched.raw);
      return fetched.content;
    }),
  );
  const [imagesKey, labelsKey] = SPLIT_FILES[name];
  return splitFromIdx(images as Uint8Array, labels as Uint8Array, {
    images: FASHION_MNIST_MANIFEST[imagesKey].name,
    labels: FASHION_MNIST_MANIFEST[labelsKey].name,
  });
}

/** The URL of each file, from `files` or `baseUrl`; `caller` names the function in the error when neither is given. */
function locate(options: BrowserLoadOptions, caller: string): (key: DatasetFileKey) => string {
  const { files, baseUrl } = options;
  if (files) return (key) => new URL(files[key].url, globalThis.location?.href).href;
  if (baseUrl) return (key) => fileUrl(baseUrl, key);
  throw new DatasetNotFoundError(
    `no dataset location given; pass files (fashionMnistFiles from @fmnist/dataset) or a baseUrl to ${caller}`,
  );
}
