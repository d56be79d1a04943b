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
import { access, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeDirectory, writeFileAtomic } from '@fmnist/files';
import {
  DATASET_FILE_KEYS,
  type DatasetFileKey,
  FASHION_MNIST_MANIFEST,
  FASHION_MNIST_MIRRORS,
  SPLIT_FILES,
  type SplitName,
} from './constants.js';
import {
  assembleDataset,
  assembleSplit,
  checkContent,
  type DataSource,
  type FashionMnist,
  type LoadedSplit,
} from './dataset.js';
import { DatasetCacheError, DatasetNotFoundError } from './errors.js';
import { nodeCodec, readDecompressed } from './node-codec.js';
import { contentsOf, type FetchedFile, fetchFiles, fileUrl, type RemoteOptions } from './remote.js';
import { VerifiedFiles } from './verified-files.js';

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
const SYSTEM_DATASET_DIR = '/usr/share/datasets/fashion-mnist';

/**
 * The system directory searched: `$FASHION_MNIST_SYSTEM_DIR` when set (the tests point it at an empty directory, so
 * they pass whether or not the machine has Debian's package), else {@link SYSTEM_DATASET_DIR}.
 */
function systemDatasetDir(): string {
  return process.env.FASHION_MNIST_SYSTEM_DIR || SYSTEM_DATASET_DIR;
}

/** The default cache directory (XDG). */
function defaultCacheDir(): string {
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'fmnist');
}

/**
 * The local places searched, in order: `dir`, `FASHION_MNIST_DIR`, the `@fmnist/dataset` package when installed,
 * the cache directory, and Debian's system directory ({@link systemDatasetDir}).
 */
export async function localSources(options: LoadOptions = {}): Promise<LocalSource[]> {
  if (options.dir) return [{ kind: 'directory', location: options.dir }];
  const sources: LocalSource[] = [];
  const fromEnvironment = process.env.FASHION_MNIST_DIR;
  if (fromEnvironment) sources.push({ kind: 'environment', location: fromEnvironment });
  const packaged = await datasetPackageDir();
  if (packaged) sources.push({ kind: 'package', location: packaged });
  sources.push({ kind: 'cache', location: options.cacheDir ?? defaultCacheDir() });
  sources.push({ kind: 'system', location: systemDatasetDir() });
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
  return loadFiles(
    DATASET_FILE_KEYS,
    'the four Fashion-MNIST files',
    options,
    (contents, locations, source) => assembleDataset(contents, source, locations),
  );
}

/**
 * Loads one split only, from the first source that has its two files (same sources, options and checks as
 * {@link loadFashionMnist}): what a command that needs only the test images should call, so the 47 MB training
 * file is never read.
 *
 * @example
 * ```ts
 * import { loadSplit } from '@fmnist/data';
 * const test = await loadSplit('test');
 * console.log(test.count, test.source.verified); // 10000 true
 * ```
 */
export async function loadSplit(name: SplitName, options: LoadOptions = {}): Promise<LoadedSplit> {
  const { images, labels } = SPLIT_FILES[name];
  return loadFiles(
    [images, labels],
    `the ${name} split's two files`,
    options,
    (contents, locations, source) => ({
      ...assembleSplit(name, contents, locations),
      source,
    }),
  );
}

/** Where the dataset comes from and how many images each split holds: what `fmnist data` reports. */
export interface DatasetDescription {
  source: DataSource;
  counts: Record<SplitName, number>;
}

/**
 * What {@link loadFashionMnist} would load (its source and the two counts), without decompressing files that the
 * verified-files record vouches for: a file hashed against the manifest before and unchanged since (same size,
 * times and inode) is the manifest's file, so its image count is known. When the record does not vouch for all
 * four files, or with `verify: false`, the files are loaded (and verified, and recorded for next time).
 *
 * @example
 * ```ts
 * import { describeFashionMnist } from '@fmnist/data';
 * const { source, counts } = await describeFashionMnist();
 * console.log(source.kind, counts.train, counts.test); // package 60000 10000
 * ```
 */
export async function describeFashionMnist(options: LoadOptions = {}): Promise<DatasetDescription> {
  if ((options.verify ?? true) && !options.baseUrl) {
    const record = await VerifiedFiles.open(options.cacheDir ?? defaultCacheDir());
    for (const source of await localSources(options)) {
      const paths = await filesIn(source.location);
      if (!DATASET_FILE_KEYS.every((key) => paths[key])) continue; // the loader skips it too, or says what is missing
      const vouched = async (key: DatasetFileKey) =>
        record.has(
          paths[key] as string,
          await stat(paths[key] as string),
          FASHION_MNIST_MANIFEST[key].sha256,
        );
      if (!(await Promise.all(DATASET_FILE_KEYS.map(vouched))).every(Boolean)) break;
      // A labels file is an 8-byte header and one byte per image.
      const count = (name: SplitName) => FASHION_MNIST_MANIFEST[SPLIT_FILES[name].labels].bytes - 8;
      return {
        source: { ...source, verified: true },
        counts: { train: count('train'), test: count('test') },
      };
    }
  }
  const data = await loadFashionMnist(options);
  return { source: data.source, counts: { train: data.train.count, test: data.test.count } };
}

/** Builds what the caller wants from decompressed files, throwing if they are not valid IDX data. */
type Assemble<K extends DatasetFileKey, T> = (
  contents: Record<K, Uint8Array>,
  locations: Record<K, string>,
  source: DataSource,
) => T;

/** The files `keys` from the first source that has all of them, decompressed, verified and assembled. */
async function loadFiles<K extends DatasetFileKey, T>(
  keys: readonly K[],
  what: string,
  options: LoadOptions,
  assemble: Assemble<K, T>,
): Promise<T> {
  const verify = options.verify ?? true;
  if (options.baseUrl) {
    const fetched = await fetchFiles(
      keys,
      (key) => [fileUrl(options.baseUrl as string, key)],
      options,
      nodeCodec,
    );
    return assemble(contentsOf(fetched), urlsOf(fetched), {
      kind: 'url',
      location: options.baseUrl,
      verified: verify,
    });
  }
  const cacheDir = options.cacheDir ?? defaultCacheDir();
  for (const source of await localSources(options)) {
    const paths = await filesIn(source.location);
    const missing = keys.filter((key) => !paths[key]);
    if (missing.length === 0) {
      const locations = Object.fromEntries(keys.map((key) => [key, paths[key]])) as Record<K, string>;
      return assemble(await readContents(locations, verify, cacheDir), locations, {
        ...source,
        verified: verify,
      });
    }
    if (source.kind === 'directory') {
      const names = missing.map((key) => `${FASHION_MNIST_MANIFEST[key].name}[.gz]`).join(', ');
      throw new DatasetNotFoundError(`${source.location}: missing ${names}; put ${what} there`);
    }
  }
  if (options.download === false) {
    throw new DatasetNotFoundError(
      'Fashion-MNIST not found locally; install @fmnist/dataset, set FASHION_MNIST_DIR, or allow downloading',
    );
  }
  const mirrors = options.mirrors ?? FASHION_MNIST_MIRRORS;
  const fetched = await fetchFiles(
    keys,
    (key) => mirrors.map((mirror) => fileUrl(mirror, key)),
    options,
    nodeCodec,
  );
  // Assembled before caching: files that are not a valid dataset never reach the cache.
  const loaded = assemble(contentsOf(fetched), urlsOf(fetched), {
    kind: 'download',
    location: cacheDir,
    verified: verify,
  });
  await saveToCache(fetched, cacheDir);
  return loaded;
}

function urlsOf<K extends DatasetFileKey>(fetched: Record<K, FetchedFile>): Record<K, string> {
  return Object.fromEntries(
    Object.entries<FetchedFile>(fetched).map(([key, file]) => [key, file.url]),
  ) as Record<K, string>;
}

/**
 * Reads and decompresses each file, hashing it unless the cache's record says this very file (same size, times and
 * inode) already matched the manifest.
 */
async function readContents<K extends DatasetFileKey>(
  paths: Record<K, string>,
  verify: boolean,
  cacheDir: string,
): Promise<Record<K, Uint8Array>> {
  const keys = Object.keys(paths) as K[];
  const verified = verify ? await VerifiedFiles.open(cacheDir) : undefined;
  const contents = await Promise.all(
    keys.map(async (key) => {
      const path = paths[key];
      const expected = FASHION_MNIST_MANIFEST[key].sha256;
      const { content, stats } = await readDecompressed(path);
      const known = verified?.has(path, stats, expected) ?? false;
      if (known) {
        // A recorded file is still checked for its size, which costs nothing.
        checkContent(key, content, expected, path);
      } else if (verified) {
        checkContent(key, content, await nodeCodec.sha256Hex(content), path);
        verified.add(path, stats, expected);
      }
      return content;
    }),
  );
  await verified?.save();
  return Object.fromEntries(keys.map((key, i) => [key, contents[i]])) as Record<K, Uint8Array>;
}

/** Writes each downloaded file under a temporary name, then renames it, so the cache never holds a partial file. */
async function saveToCache(
  fetched: Partial<Record<DatasetFileKey, FetchedFile>>,
  cacheDir: string,
): Promise<void> {
  try {
    await makeDirectory(cacheDir);
    for (const [key, file] of Object.entries(fetched) as [DatasetFileKey, FetchedFile][]) {
      await writeFileAtomic(join(cacheDir, `${FASHION_MNIST_MANIFEST[key].name}.gz`), file.raw);
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
