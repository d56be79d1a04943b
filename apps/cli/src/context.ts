import type { Io } from './output.js';

/** What every command gets besides its own options. */
export interface CliContext {
  readonly io: Io;
  /** Aborts long work (training) from outside, as SIGINT does; for embedding and tests. */
  readonly signal?: AbortSignal;
  /** Install a SIGINT handler while training (the real process does; in-process tests do not). */
  readonly handleSignals: boolean;
  /** Print stack traces with errors. */
  verbose: boolean;
  /** What the process should exit with when the command returns normally (e.g. 130 after an interrupt). */
  exitCode: number;
}

/** An abort signal fired by `ctx.signal` or, in the real process, the first Ctrl-C; a second one kills at once. */
export function stopOnInterrupt(ctx: CliContext): { signal: AbortSignal; release: () => void } {
  const controller = new AbortController();
  const abort = () => controller.abort();
  if (ctx.signal?.aborted) abort();
  ctx.signal?.addEventListener('abort', abort, { once: true });
  if (ctx.handleSignals) process.once('SIGINT', abort);
  return {
    signal: controller.signal,
    release: () => {
      if (ctx.handleSignals) process.removeListener('SIGINT', abort);
      ctx.signal?.removeEventListener('abort', abort);
    },
  };
}
