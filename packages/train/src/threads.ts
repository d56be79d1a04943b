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
 * The shortest window measured, in ms of wall time: the kernel counts CPU time in ticks of 10 ms, so a shorter one is
 * too coarse. When the data loaded faster, the rest is waited out (once per run).
 */
const MIN_WINDOW_MS = 200;

/** CPU time so far, in ms: the machine's busy and total (summed over its CPUs) and this process's own. */
interface CpuReading {
  readonly at: number;
  readonly busy: number;
  readonly total: number;
  readonly own: number;
  readonly cpus: number;
}

function readCpu(os: typeof import('node:os')): CpuReading | undefined {
  const own = (globalThis as { process?: NodeJS.Process }).process?.cpuUsage();
  const cpus = os.cpus();
  if (own === undefined || cpus.length === 0) return undefined;
  let busy = 0;
  let total = 0;
  for (const { times } of cpus) {
    const all = times.user + times.nice + times.sys + times.irq + times.idle;
    total += all;
    busy += all - times.idle;
  }
  return { at: performance.now(), busy, total, own: (own.user + own.system) / 1000, cpus: cpus.length };
}

/** The reading of the previous call (at first, of when this module loaded: a run loads its data in between). */
let previous = ((os) => (os ? readCpu(os) : undefined))(nodeBuiltin<typeof import('node:os')>('node:os'));

/**
 * How many cores other processes kept busy since the previous reading: the machine's busy CPU time less this
 * process's own, over the wall time. The load average would do, but it remembers a minute, including this
 * process's own work and runs that ended, and so would keep a second thread off a machine that is idle now.
 */
export function coresBusyElsewhere(os: typeof import('node:os')): number {
  const before = previous;
  let now = readCpu(os);
  if (now === undefined || before === undefined) return os.loadavg()[0] ?? 0;
  const short = MIN_WINDOW_MS - (now.at - before.at);
  if (short > 0) {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, short);
    now = readCpu(os) ?? now;
  }
  previous = now;
  const total = now.total - before.total;
  if (!(total > 0)) return os.loadavg()[0] ?? 0;
  const busy = now.busy - before.busy - (now.own - before.own);
  return (Math.max(0, busy) / total) * now.cpus;
}

/** The threads for `cores` cores of which `busy` are kept busy by others: the idle ones, rounded, 1 to 2. */
export function threadsFor(cores: number, busy: number): number {
  return Math.max(1, Math.min(MAX_THREADS, Math.round(cores - busy)));
}

/**
 * The idle cores, at most {@link MAX_THREADS} and at least 1: the cores (`os.availableParallelism()`) less those
 * other processes kept busy since the last call (or since the package loaded), from the CPU times of the machine and
 * of this process, over at least 200 ms (waited out when the data loaded faster). On a busy machine, 1: a second thread that
 * the OS cannot run when a step needs it makes the step slower, not faster.
 *
 * @example
 * ```ts
 * await train(model, data.train, { threads: defaultThreads() }); // what `threads` defaults to
 * ```
 */
export function defaultThreads(): number {
  const os = nodeBuiltin<typeof import('node:os')>('node:os');
  if (os === undefined || nodeBuiltin('node:worker_threads') === undefined) return 1;
  return threadsFor(os.availableParallelism(), coresBusyElsewhere(os));
}
