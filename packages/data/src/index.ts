/**
 * `@fmnist/data`: Fashion-MNIST in memory, from the first source that has it.
 *
 * @example
 * ```ts
 * import { CLASS_NAMES, loadFashionMnist } from '@fmnist/data';
 * const data = await loadFashionMnist();
 * console.log(data.train.count, data.test.count, CLASS_NAMES[data.train.labels[0]]); // 60000 10000 Ankle boot
 * ```
 */
import { randomBytes } from 'node:crypto';
import { access, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DATASET_FILE_KEYS,
  type DatasetFileKey,
  FASHION_MNIST_MANIFEST,
  FASHION_MNIST_MIRRORS,
} from './constants.js';
import { assembleDataset, type DataSource, type DatasetContents, type FashionMnist } from './dataset.js';
import { DatasetCacheError, DatasetNotFoundError } from './errors.js';
import { nodeCodec } from './node-codec.js';
import {
  contentsOf,
  decodeFile,
  fetchDataset,
  type FetchedFile,
  fileUrl,
  type RemoteOptions,
} from './remote.js';

export * from './common.js';

export interface LoadOptions extends RemoteOptions {
  /** Read the four files from this directory and nowhere else. */
  dir?: string;
  /** Fetch the four files from this base URL and nowhere else. */
  baseUrl?: string;
  /** Where downloads are kept. Default: `$XDG_CACHE_HOME/fmnist`, else `~/.cache/fmnist`. */
  cacheDir?: string;
  /** Base URLs to download from when no local source has the data. Default: the public mirrors. */
  mirrors?: readonly string[];
  /** Allow downloading when no local source has the data. Default true. */
  download?: boolean;
  /** Search only these kinds of local source (in the usual order). Default: all of them. */
  searchOnly?: readonly LocalSource['kind'][];
}

/** A local directory that may hold the dataset. */
export interface LocalSource {
  readonly kind: DataSource['kind'];
  readonly location: string;
}

/** Debian's `dataset-fashion-mnist` package installs the files here. */
export const SYSTEM_DATASET_DIR = '/usr/share/datasets/fashion-mnist';

/** The default cache directory (XDG). */
export function defaultCacheDir(): string {
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'fmnist');
}

/**
 * The local places searched, in order: `dir`, `FASHION_MNIST_DIR`, the `@fmnist/dataset` package when installed,
 * the cache directory, and Debian's system directory.
 */
export async function localSources(options: LoadOptions = {}): Promise<LocalSource[]> {
  if (options.dir) return [{ kind: 'directory', location: options.dir }];
  const sources: LocalSource[] = [];
  const fromEnvironment = process.env.FASHION_MNIST_DIR;
  if (fromEnvironment) sources.push({ kind: 'environment', location: fromEnvironment });
  const packaged = await datasetPackageDir();
  if (packaged) sources.push({ kind: 'package', location: packaged });
  sources.push({ kind: 'cache', location: options.cacheDir ?? defaultCacheDir() });
  sources.push({ kind: 'system', location: SYSTEM_DATASET_DIR });
  return options.searchOnly ? sources.filter((source) => options.searchOnly?.includes(source.kind)) : sources;
}

/** The path of each of the four files in `dir` (gzipped or not), or `undefined` for those missing. */
export async function filesIn(dir: string): Promise<Record<DatasetFileKey, string | undefined>> {
  const found = await Promise.all(
    DATASET_FILE_KEYS.map(async (key) => {
      const name = FASHION_MNIST_MANIFEST[key].name;
      for (const candidate of [join(dir, `${name}.gz`), join(dir, name)]) {
        if (await exists(candidate)) return candidate;
      }
      return undefined;
    }),
  );
  return Object.fromEntries(DATASET_FILE_KEYS.map((key, i) => [key, found[i]])) as Record<
    DatasetFileKey,
    string | undefined
  >;
}

/**
 * Loads Fashion-MNIST from the first source that has all four files (see `localSources`), else from `baseUrl`
 * or the mirrors, caching what it downloads. Checksums of the decompressed files are verified unless `verify: false`.
 */
export async function loadFashionMnist(options: LoadOptions = {}): Promise<FashionMnist> {
  const verify = options.verify ?? true;
  if (options.baseUrl) {
    const fetched = await fetchDataset(
      (key) => [fileUrl(options.baseUrl as string, key)],
      options,
      nodeCodec,
    );
    return assembleDataset(
      contentsOf(fetched),
      { kind: 'url', location: options.baseUrl, verified: verify },
      urlsOf(fetched),
    );
  }
  for (const source of await localSources(options)) {
    const paths = await filesIn(source.location);
    const missing = DATASET_FILE_KEYS.filter((key) => !paths[key]);
    if (missing.length === 0) {
      const contents = await readContents(paths as Record<DatasetFileKey, string>, verify);
      return assembleDataset(
        contents,
        { ...source, verified: verify },
        paths as Record<DatasetFileKey, string>,
      );
    }
    if (source.kind === 'directory') {
      const names = missing.map((key) => `${FASHION_MNIST_MANIFEST[key].name}[.gz]`).join(', ');
      throw new DatasetNotFoundError(
        `${source.location}: missing ${names}; put the four Fashion-MNIST files there`,
      );
    }
  }
  if (options.download === false) {
    throw new DatasetNotFoundError(
      'Fashion-MNIST not found locally; install @fmnist/dataset, set FASHION_MNIST_DIR, or allow downloading',
    );
  }
  const mirrors = options.mirrors ?? FASHION_MNIST_MIRRORS;
  const fetched = await fetchDataset(
    (key) => mirrors.map((mirror) => fileUrl(mirror, key)),
    options,
    nodeCodec,
  );
  const cacheDir = options.cacheDir ?? defaultCacheDir();
  // Parse before caching: files that are not a valid dataset never reach the cache.
  const data = assembleDataset(
    contentsOf(fetched),
    { kind: 'download', location: cacheDir, verified: verify },
    urlsOf(fetched),
  );
  await saveToCache(fetched, cacheDir);
  return data;
}

function urlsOf(fetched: Record<DatasetFileKey, FetchedFile>): Record<DatasetFileKey, string> {
  return Object.fromEntries(DATASET_FILE_KEYS.map((key) => [key, fetched[key].url])) as Record<
    DatasetFileKey,
    string
  >;
}

async function readContents(
  paths: Record<DatasetFileKey, string>,
  verify: boolean,
): Promise<DatasetContents> {
  const contents = await Promise.all(
    DATASET_FILE_KEYS.map(async (key) =>
      decodeFile(key, await readFile(paths[key]), paths[key], verify, nodeCodec),
    ),
  );
  return Object.fromEntries(DATASET_FILE_KEYS.map((key, i) => [key, contents[i]])) as DatasetContents;
}

/** Writes each downloaded file under a temporary name, then renames it, so the cache never holds a partial file. */
async function saveToCache(fetched: Record<DatasetFileKey, FetchedFile>, cacheDir: string): Promise<void> {
  try {
    await mkdir(cacheDir, { recursive: true });
    for (const key of DATASET_FILE_KEYS) {
      const target = join(cacheDir, `${FASHION_MNIST_MANIFEST[key].name}.gz`);
      const temporary = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
      try {
        await writeFile(temporary, fetched[key].raw);
        await rename(temporary, target);
      } finally {
        await rm(temporary, { force: true });
      }
    }
  } catch (error) {
    throw new DatasetCacheError(
      `${cacheDir}: cannot write the dataset cache (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
      {
        path: cacheDir,
        hint: 'set XDG_CACHE_HOME to a writable directory or pass a cache directory',
        cause: error,
      },
    );
  }
}

async function datasetPackageDir(): Promise<string | undefined> {
  try {
    const { fashionMnistFiles } = await import('@fmnist/dataset');
    return dirname(fileURLToPath(fashionMnistFiles.trainImages.url));
  } catch {
    return undefined;
  }
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
