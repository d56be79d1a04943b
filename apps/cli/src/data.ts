/** Loading the dataset the way every command does, from `--data-dir` or the usual sources. */
import {
  type DataSource,
  type DatasetDescription,
  describeFashionMnist,
  type FashionMnist,
  type LoadedSplit,
  loadFashionMnist,
  loadSplit,
} from '@fmnist/data';
import { checkExistingDirectory } from './validate.js';

/** The data options shared by the commands. */
export interface DataOptions {
  /** Read the four files from this directory only. */
  dataDir?: string;
  /** Check the SHA-256 of each file (default true; `--no-verify` for custom IDX data). */
  verify?: boolean;
}

/** Checks the data flags before any work: `--data-dir` must be an existing directory. */
export async function checkDataOptions(options: DataOptions): Promise<void> {
  if (options.dataDir !== undefined) await checkExistingDirectory('--data-dir', options.dataDir);
}

const loadOptions = (options: DataOptions) => ({
  ...(options.dataDir ? { dir: options.dataDir } : {}),
  verify: options.verify ?? true,
});

export async function loadData(options: DataOptions): Promise<FashionMnist> {
  return loadFashionMnist(loadOptions(options));
}

/** Source and counts; files the verified-files record vouches for are not read (repeated `fmnist data` is instant). */
export async function describeData(options: DataOptions): Promise<DatasetDescription> {
  return describeFashionMnist(loadOptions(options));
}

/** The test split alone: commands that only score never read the 47 MB training file. */
export async function loadTestSplit(options: DataOptions): Promise<LoadedSplit> {
  return loadSplit('test', loadOptions(options));
}

/** `package /path (verified)`: where the data came from, for notes. */
export function describeSource(data: { source: DataSource }): string {
  const { kind, location, verified } = data.source;
  return `${kind} ${location} (${verified ? 'SHA-256 verified' : 'not verified'})`;
}
