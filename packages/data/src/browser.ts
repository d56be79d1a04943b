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
import { DATASET_FILE_KEYS, type DatasetFileKey, SPLIT_FILES, type SplitName } from './constants.js';
import { assembleDataset, assembleSplit, type FashionMnist, type LoadedSplit } from './dataset.js';
import { DatasetNotFoundError, FashionMnistDataError } from './errors.js';
import { contentsOf, decodeFile, fetchDataset, fetchFile, fileUrl, type RemoteOptions } from './remote.js';

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

/**
 * Loads one split only, e.g. the 10,000 test images without the 26 MB of training images, from `files` or `baseUrl`;
 * files already in the browser's cache are not fetched again (`source.kind` is then `'cache'`).
 *
 * @example
 * ```ts
 * import { loadSplit } from '@fmnist/data';
 * import { fashionMnistFiles } from '@fmnist/dataset';
 * const test = await loadSplit('test', { files: fashionMnistFiles });
 * console.log(test.count); // 10000
 * ```
 */
export async function loadSplit(name: SplitName, options: BrowserSplitOptions = {}): Promise<LoadedSplit> {
  const urlOf = locate(options, 'loadSplit');
  const cache = options.cache ?? 'fmnist-data';
  const { images, labels } = SPLIT_FILES[name];
  let cached = 0;
  const load = async (key: DatasetFileKey) => {
    const url = urlOf(key);
    if (cache !== false) {
      const bytes = await cachedBytes(cache, url);
      if (bytes) {
        const file = url.slice(url.lastIndexOf('/') + 1);
        options.onProgress?.({ file, loaded: bytes.length, total: bytes.length });
        try {
          const content = await decodeFile(key, bytes, url, false);
          cached++;
          return content;
        } catch (error) {
          if (!(error instanceof FashionMnistDataError)) throw error;
          await dropCached(cache, url);
        }
      }
    }
    const fetched = await fetchFile(key, [url], options);
    if (cache !== false && (options.verify ?? true)) await storeBytes(cache, url, fetched.raw);
    return fetched.content;
  };
  const [imageBytes, labelBytes] = await Promise.all([load(images), load(labels)]);
  const split = assembleSplit(name, { [images]: imageBytes, [labels]: labelBytes });
  const location = options.baseUrl ?? urlOf(images);
  // Cached files were verified when they were stored.
  const source = {
    kind: cached === 2 ? 'cache' : 'url',
    location,
    verified: options.verify ?? true,
  } as const;
  return { ...split, source };
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
