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
import { DATASET_FILE_KEYS, type DatasetFileKey } from './constants.js';
import { assembleDataset, type FashionMnist } from './dataset.js';
import { DatasetNotFoundError } from './errors.js';
import { contentsOf, fetchDataset, fileUrl, type RemoteOptions } from './remote.js';

export * from './common.js';

export interface BrowserLoadOptions extends RemoteOptions {
  /** Base URL of a folder holding the four files (gzipped or not, named as in the original release plus `.gz`). */
  baseUrl?: string;
  /** The URL of each file, e.g. `fashionMnistFiles` from `@fmnist/dataset` (served by the bundler). */
  files?: Record<DatasetFileKey, { readonly url: URL | string }>;
}

/** Loads Fashion-MNIST from `files` or `baseUrl`, verifying checksums unless `verify: false`. */
export async function loadFashionMnist(options: BrowserLoadOptions): Promise<FashionMnist> {
  const { files, baseUrl } = options;
  if (!files && !baseUrl) {
    throw new DatasetNotFoundError(
      'no dataset location given; pass files (fashionMnistFiles from @fmnist/dataset) or a baseUrl to loadFashionMnist',
    );
  }
  const urlOf = (key: DatasetFileKey) =>
    files ? new URL(files[key].url, globalThis.location?.href).href : fileUrl(baseUrl as string, key);
  const fetched = await fetchDataset((key) => [urlOf(key)], options);
  const location = files ? urlOf(DATASET_FILE_KEYS[0] as DatasetFileKey) : (baseUrl as string);
  return assembleDataset(contentsOf(fetched), { kind: 'url', location, verified: options.verify ?? true });
}
