/**
 * How many threads a training run uses by default. Node only: elsewhere (a browser page, where the fast trainer's
 * second thread is not available) always 1.
 */

/** A Node built-in module without an import, which browser bundles would choke on; undefined outside Node. */
export function nodeBuiltin<T>(id: string): T | undefined {
  const get = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process
    ?.getBuiltinModule;
  return get?.(id) as T | undefined;
}

/** The most threads a training run uses: the fast trainer splits a batch in two. */
export const MAX_THREADS = 2;

/**
 * The idle cores, at most {@link MAX_THREADS} and at least 1: the cores (`os.availableParallelism()`) less the
 * runnable processes of the last minute (`os.loadavg()[0]`), rounded. On a busy machine, 1: a second thread that the
 * OS cannot run when a step needs it makes the step slower, not faster.
 *
 * @example
 * ```ts
 * await train(model, data.train, { threads: defaultThreads() }); // what `threads` defaults to
 * ```
 */
export function defaultThreads(): number {
  const os = nodeBuiltin<typeof import('node:os')>('node:os');
  if (os === undefined || nodeBuiltin('node:worker_threads') === undefined) return 1;
  const idle = Math.round(os.availableParallelism() - (os.loadavg()[0] ?? 0));
  return Math.max(1, Math.min(MAX_THREADS, idle));
}
