/**
 * A sweep's files: the per-run CSV, and the shard files that `fmnist sweep --shard i/n --results-dir DIR` writes and
 * `fmnist sweep --collect DIR…` merges.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunResult } from '@fmnist/train/sweep';
import { CliError } from './errors.js';
import { makeDirectory, writeFileAtomic } from './files.js';

/** Marks a shard file, so `--collect` reads only ours. */
const SHARD_FORMAT = 'fmnist-sweep-shard/1';

/** What one shard wrote. */
export interface ShardFile {
  format: typeof SHARD_FORMAT;
  /** 1-based, as given to `--shard`. */
  shard: { index: number; count: number };
  /** Runs in the whole grid, to tell when shards are missing. */
  gridRuns: number;
  interrupted: boolean;
  results: RunResult[];
}

/** `DIR/sweep-shard-2-of-4.json`. */
export function shardPath(dir: string, shard: { index: number; count: number }): string {
  return join(dir, `sweep-shard-${shard.index}-of-${shard.count}.json`);
}

export async function writeShard(dir: string, file: Omit<ShardFile, 'format'>): Promise<string> {
  const path = shardPath(dir, file.shard);
  await makeDirectory(dir).catch(() => {}); // a failure shows as the write's own error below
  await writeFileAtomic(path, `${JSON.stringify({ format: SHARD_FORMAT, ...file }, null, 1)}\n`);
  return path;
}

/** Every run result in the shard files of `dirs`; a run found twice (a re-run shard) counts once. */
export async function collectShards(
  dirs: readonly string[],
): Promise<{ results: RunResult[]; gridRuns: number; files: number }> {
  const byIndex = new Map<number, RunResult>();
  let gridRuns = 0;
  let files = 0;
  for (const dir of dirs) {
    let names: string[];
    try {
      names = (await readdir(dir)).filter((name) => /^sweep-shard-\d+-of-\d+\.json$/.test(name)).sort();
    } catch (error) {
      throw new CliError(
        `${dir}: cannot read (${(error as NodeJS.ErrnoException).code}); give a --results-dir of a sharded sweep`,
      );
    }
    for (const name of names) {
      const path = join(dir, name);
      let file: ShardFile;
      try {
        file = JSON.parse(await readFile(path, 'utf8')) as ShardFile;
      } catch {
        throw new CliError(`${path}: not a JSON shard file; remove it or run its shard again`);
      }
      if (file.format !== SHARD_FORMAT || !Array.isArray(file.results)) {
        throw new CliError(
          `${path}: not a shard of fmnist sweep (${SHARD_FORMAT}); remove it or run its shard again`,
        );
      }
      if (gridRuns !== 0 && file.gridRuns !== gridRuns) {
        throw new CliError(
          `${path}: from a grid of ${file.gridRuns} runs, the others from ${gridRuns}; collect one sweep at a time`,
        );
      }
      gridRuns = file.gridRuns;
      files++;
      for (const result of file.results) byIndex.set(result.run.index, result);
    }
  }
  if (files === 0)
    throw new CliError(
      `no sweep-shard-*.json files in ${dirs.join(', ')}; run fmnist sweep --shard i/n --results-dir DIR first`,
    );
  return { results: [...byIndex.values()].sort((a, b) => a.run.index - b.run.index), gridRuns, files };
}

const CSV_COLUMNS = [
  'run',
  'seed',
  'hidden',
  'learning_rate',
  'batch_size',
  'epochs',
  'ok',
  'test_acc',
  'test_loss',
  'seconds',
  'error',
] as const;

/** One line per run (hidden sizes as `128x128`, the loss to 4 decimals); fields with commas or quotes are quoted. */
export function resultsCsv(results: readonly RunResult[]): string {
  const field = (value: string | number) => {
    const text = String(value);
    return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  const rows = results.map(({ run, ...result }) =>
    [
      run.index,
      run.seed,
      run.config.hidden.join('x'),
      run.config.learningRate,
      run.config.batchSize,
      run.config.epochs,
      result.ok ? 1 : 0,
      result.ok ? result.testAccuracy : '',
      result.ok ? result.testLoss.toFixed(4) : '',
      result.ok ? result.seconds.toFixed(3) : '',
      result.ok ? '' : result.error,
    ]
      .map(field)
      .join(','),
  );
  return `${[CSV_COLUMNS.join(','), ...rows].join('\n')}\n`;
}
