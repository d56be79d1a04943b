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
