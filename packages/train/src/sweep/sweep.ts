/**
 * A sweep on `worker_threads`: every run of a grid as an independent training, `jobs` at a time, each worker with
 * its own WASM backend and the dataset shared read-only through SharedArrayBuffers (one copy for all workers).
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { loadSplit, type Split, takeFirst } from '@fmnist/data';
import { expandGrid, type SweepGrid, type SweepRun } from './grid.js';
import type { WorkerData, WorkerRequest } from './protocol.js';
import { type ConfigSummary, type RunResult, summarizeSweep } from './stats.js';

/** Where a sweep stands after each finished run. */
export interface SweepProgress {
  readonly done: number;
  readonly failed: number;
  readonly total: number;
  readonly elapsedSeconds: number;
  /** Estimated seconds left, from the pace so far (NaN before the first run ends). */
  readonly etaSeconds: number;
}

export interface SweepOptions {
  /** Runs trained at the same time, each in its own worker. Default: the number of cores. */
  jobs?: number;
  /** Stops the sweep: workers are terminated, finished runs are kept and returned. */
  signal?: AbortSignal;
  /** Called as each run finishes (or fails). */
  onResult?: (result: RunResult, progress: SweepProgress) => void;
  /** The splits to train and score on. Default: `loadSplit('train')` and `loadSplit('test')`. */
  data?: { train: Split; test: Split };
  /** Train on the first N training images only (quick sweeps). */
  limit?: number;
}

export interface SweepOutcome {
  /** Every finished or failed run, in grid order. */
  readonly results: RunResult[];
  /** One row per configuration (see `summarizeSweep`). */
  readonly summaries: ConfigSummary[];
  /** Whether `signal` stopped the sweep before every run was done. */
  readonly interrupted: boolean;
  readonly jobs: number;
  readonly seconds: number;
}

/**
 * Trains every run of `grid` (or exactly `runs`, e.g. one shard) in parallel workers and summarises them. One run
 * failing does not stop the others: it comes back as a result with `ok: false` and its error.
 *
 * @example
 * ```ts
 * import { runSweep } from '@fmnist/train/sweep';
 * const { summaries } = await runSweep({ seeds: [1, 2, 3, 4], hidden: [[128, 128], [256, 128, 64]] }, { jobs: 2 });
 * for (const row of summaries) console.log(row.label, row.testAccuracy.mean, row.testAccuracy.std);
 * ```
 */
export async function runSweep(
  grid: SweepGrid | readonly SweepRun[],
  options: SweepOptions = {},
): Promise<SweepOutcome> {
  const started = performance.now();
  const runs = isRunList(grid) ? [...grid] : expandGrid(grid);
  const jobs = Math.max(1, Math.min(options.jobs ?? availableParallelism(), runs.length));
  const data = options.data ?? { train: await loadSplit('train'), test: await loadSplit('test') };
  const train = options.limit ? takeFirst(data.train, options.limit) : data.train;
  const shared: WorkerData = { train: toShared(train), test: toShared(data.test) };
  const results: RunResult[] = [];
  const queue = [...runs];
  const workers = new Set<Worker>();
  let interrupted = false;

  await new Promise<void>((resolve) => {
    const finish = () => {
      if (workers.size === 0) resolve();
    };
    const record = (result: RunResult) => {
      results.push(result);
      const elapsedSeconds = (performance.now() - started) / 1000;
      options.onResult?.(result, {
        done: results.length,
        failed: results.filter((r) => !r.ok).length,
        total: runs.length,
        elapsedSeconds,
        etaSeconds: (elapsedSeconds / results.length) * (runs.length - results.length),
      });
    };
    const stop = () => {
      interrupted = queue.length > 0 || workers.size > 0;
      queue.length = 0;
      for (const worker of workers) void worker.terminate();
    };
    const spawn = () => {
      const worker = new Worker(workerScript(), { workerData: shared });
      let current: SweepRun | undefined;
      const next = () => {
        current = queue.shift();
        if (current === undefined) void worker.terminate();
        else worker.postMessage({ run: current } satisfies WorkerRequest);
      };
      workers.add(worker);
      worker.on('message', (message: RunResult | 'ready') => {
        if (message !== 'ready') record(message);
        next();
      });
      // A worker that dies takes only its current run with it; another takes over the queue.
      worker.on('error', (error) => {
        if (current !== undefined)
          record({ run: current, ok: false, error: `worker failed: ${error.message}` });
        current = undefined;
      });
      worker.on('exit', () => {
        workers.delete(worker);
        if (current !== undefined && !options.signal?.aborted)
          record({ run: current, ok: false, error: 'worker exited during the run' });
        if (queue.length > 0 && !options.signal?.aborted) spawn();
        finish();
      });
    };
    if (options.signal?.aborted) {
      interrupted = runs.length > 0;
      resolve();
      return;
    }
    options.signal?.addEventListener('abort', stop, { once: true });
    for (let i = 0; i < jobs; i++) spawn();
    finish();
  });

  results.sort((a, b) => a.run.index - b.run.index);
  return {
    results,
    summaries: summarizeSweep(results),
    interrupted,
    jobs,
    seconds: (performance.now() - started) / 1000,
  };
}

function isRunList(grid: SweepGrid | readonly SweepRun[]): grid is readonly SweepRun[] {
  return Array.isArray(grid);
}

/** A copy of `split` in SharedArrayBuffers, which workers receive by reference instead of a copy each. */
function toShared(split: Split): Split {
  const share = (bytes: Uint8Array) => {
    const shared = new Uint8Array(new SharedArrayBuffer(bytes.length));
    shared.set(bytes);
    return shared;
  };
  return { images: share(split.images), labels: share(split.labels), count: split.count };
}

/**
 * The worker's script: `worker.js` beside this module. Run from the TypeScript sources (as the tests do), that is
 * the built one in `dist/`, since a worker thread cannot load TypeScript.
 */
function workerScript(): URL {
  const beside = new URL('./worker.js', import.meta.url);
  if (existsSync(fileURLToPath(beside))) return beside;
  return new URL(beside.href.replace('/src/sweep/worker.js', '/dist/sweep/worker.js'));
}
