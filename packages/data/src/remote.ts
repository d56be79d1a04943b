import { DATASET_FILE_KEYS, type DatasetFileKey, FASHION_MNIST_MANIFEST } from './constants.js';
import { checkContent } from './dataset.js';
import { DownloadError, FashionMnistDataError, HttpError } from './errors.js';
import { type Codec, fetchBytes, type LoadProgress, webCodec } from './fetch.js';

export interface RemoteOptions {
  /** Check each decompressed file's SHA-256 against the manifest. Default true. */
  verify?: boolean;
  /** Extra attempts per URL after a failure (cut connection, 5xx). Default 2. */
  retries?: number;
  /** Called as bytes arrive. */
  onProgress?: (progress: LoadProgress) => void;
  /** The `fetch` to use (default: the global one). */
  fetch?: typeof fetch;
}

/** One file as fetched (`raw`, possibly gzipped) and decompressed (`content`), with the URL that delivered it. */
export interface FetchedFile {
  readonly raw: Uint8Array;
  readonly content: Uint8Array;
  readonly url: string;
}

/** Decompresses `raw` when gzipped and, if asked, checks it against the manifest entry of `key`. */
export async function decodeFile(
  key: DatasetFileKey,
  raw: Uint8Array,
  location: string,
  verify: boolean,
  codec: Codec = webCodec,
): Promise<Uint8Array> {
  const content = await codec.gunzipIfNeeded(raw, location);
  if (verify) checkContent(key, content, await codec.sha256Hex(content), location);
  return content;
}

/**
 * Fetches one file from the first of `urls` that delivers good data, retrying failed transfers with back-off.
 * A 4xx answer or bad content moves on to the next URL at once; when all fail, a `DownloadError` lists why.
 */
export async function fetchFile(
  key: DatasetFileKey,
  urls: readonly string[],
  options: RemoteOptions,
  codec: Codec = webCodec,
): Promise<FetchedFile> {
  const { verify = true, retries = 2, onProgress, fetch: fetchImpl = globalThis.fetch } = options;
  const failures: string[] = [];
  for (const url of urls) {
    for (let attempt = 0; attempt <= retries; attempt++) {
      try {
        const raw = await fetchBytes(url, fetchImpl, onProgress);
        return { raw, content: await decodeFile(key, raw, url, verify, codec), url };
      } catch (error) {
        // Bad content and client errors come back the same on a retry; cut connections and 5xx may not.
        const permanent =
          error instanceof HttpError ? !error.retryable : error instanceof FashionMnistDataError;
        if (permanent || attempt === retries) {
          failures.push((error as Error).message);
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 200 * 2 ** attempt));
      }
    }
  }
  const name = FASHION_MNIST_MANIFEST[key].name;
  throw new DownloadError(
    `${name}: could not be fetched (${failures.join('; ')}); check the network, or point to local files with a directory option or FASHION_MNIST_DIR`,
  );
}

/** The URL of `key`'s gzipped file below `baseUrl`. */
export function fileUrl(baseUrl: string, key: DatasetFileKey): string {
  return new URL(`${FASHION_MNIST_MANIFEST[key].name}.gz`, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`)
    .href;
}

/** Fetches the files `keys` (in parallel), each from the first URL in its list that works. */
export async function fetchFiles<K extends DatasetFileKey>(
  keys: readonly K[],
  urlsOf: (key: K) => readonly string[],
  options: RemoteOptions,
  codec: Codec = webCodec,
): Promise<Record<K, FetchedFile>> {
  const fetched = await Promise.all(keys.map((key) => fetchFile(key, urlsOf(key), options, codec)));
  return Object.fromEntries(keys.map((key, i) => [key, fetched[i]])) as Record<K, FetchedFile>;
}

/** Fetches all four files (in parallel), each from the first URL in its list that works. */
export async function fetchDataset(
  urlsOf: (key: DatasetFileKey) => readonly string[],
  options: RemoteOptions,
  codec: Codec = webCodec,
): Promise<Record<DatasetFileKey, FetchedFile>> {
  return fetchFiles(DATASET_FILE_KEYS, urlsOf, options, codec);
}

/** Just the decompressed contents of fetched files. */
export function contentsOf<K extends DatasetFileKey>(fetched: Record<K, FetchedFile>): Record<K, Uint8Array> {
  const keys = Object.keys(fetched) as K[];
  return Object.fromEntries(keys.map((key) => [key, fetched[key].content])) as Record<K, Uint8Array>;
}
