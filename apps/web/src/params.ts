/** Page options read from the URL query, e.g. `?bench=1&epochs=2&limit=2000&threads=1`. */
export interface PageParams {
  /** Benchmark mode: run the seed job with no UI work and publish `window.__fmnistBench`. */
  readonly bench: boolean;
  /** Epochs of the benchmark (default 1), and the initial value of the Train form's input. */
  readonly epochs: number | undefined;
  /** Batch size of the Train form (default 32). */
  readonly batchSize: number | undefined;
  /** Train on the first `limit` training examples only (quick runs, tests). */
  readonly limit: number | undefined;
  /** WASM threads to ask for; default: one for the page, the number of logical cores in benchmark mode. */
  readonly threads: number | undefined;
}

function positiveInteger(value: string | null, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (value === null || !/^\d+$/.test(value.trim())) return undefined;
  const n = Number(value);
  return n >= 1 && n <= max ? n : undefined;
}

/** Reads the page options; invalid or missing values come out `undefined` (the defaults apply). */
export function parseParams(search: string): PageParams {
  const query = new URLSearchParams(search);
  const bench = query.get('bench');
  return {
    bench: bench !== null && bench !== '0' && bench !== 'false',
    epochs: positiveInteger(query.get('epochs'), 1000),
    batchSize: positiveInteger(query.get('batch'), 60_000),
    limit: positiveInteger(query.get('limit'), 60_000),
    threads: positiveInteger(query.get('threads'), 64),
  };
}
