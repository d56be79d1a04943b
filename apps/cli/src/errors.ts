/**
 * The errors of the `fmnist` command, its exit codes, and how any error becomes its one line on stderr.
 */
import { FmnistError } from '@fmnist/errors';
import type { CommanderError } from 'commander';
import { absolutePath } from './paths.js';

/** What `fmnist` exits with. Documented in the `--help` epilog and README.md. */
export const EXIT = Object.freeze({
  /** Success. */
  ok: 0,
  /** A runtime error: missing data or model, unreadable image, cannot write… */
  error: 1,
  /** A usage error: unknown command or flag, bad number, missing or conflicting arguments. */
  usage: 2,
  /** Training diverged: the loss became NaN, or the test accuracy stayed at chance; nothing was saved. */
  diverged: 3,
  /** Interrupted (SIGINT / Ctrl-C). */
  interrupted: 130,
});

/** The `--help` epilog that documents the exit codes. */
export const EXIT_CODES_HELP = `Exit codes:
  0    success
  1    runtime error (missing data or model, unreadable image, …)
  2    usage error (unknown command or flag, invalid number, missing argument)
  3    training diverged (loss NaN or test accuracy at chance); nothing saved
  130  interrupted (Ctrl-C); train saves the last completed epoch first`;

/** A runtime failure of the command itself (not of a library): the message names the culprit. Exits 1. */
export class CliError extends FmnistError {
  static override readonly brand: symbol = Symbol.for('@fmnist/cli.CliError');
  static override readonly code: string = 'CLI_ERROR';
  override readonly name: string = 'CliError';
}

/**
 * Flags or arguments that do not fit together or do not fit the data (commander checks each flag alone): exits 2,
 * and the command's usage line follows the message.
 */
export class UsageError extends CliError {
  static override readonly brand: symbol = Symbol.for('@fmnist/cli.UsageError');
  static override readonly code: string = 'USAGE';
  override readonly name: string = 'UsageError';
}

/**
 * Training diverged: the loss became NaN or infinite, or the trained model scores no better than chance on the test
 * set. Nothing is saved, so a good model at `--out` stays. Exits 3.
 */
export class DivergedError extends CliError {
  static override readonly brand: symbol = Symbol.for('@fmnist/cli.DivergedError');
  static override readonly code: string = 'DIVERGED';
  override readonly name: string = 'DivergedError';
}

/** A picture that would be empty, e.g. the misclassified images of a model that makes no mistake. */
export class NothingToDrawError extends CliError {
  static override readonly brand: symbol = Symbol.for('@fmnist/cli.NothingToDrawError');
  static override readonly code: string = 'NOTHING_TO_DRAW';
  override readonly name: string = 'NothingToDrawError';
}

/** The exit code for a commander error: 0 for --help/--version, 2 for every usage problem. */
export function commanderExitCode(error: CommanderError): number {
  if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return EXIT.ok;
  return EXIT.usage;
}

/** The exit code for an error a command threw. */
export function exitCodeOf(error: unknown): number {
  if (error instanceof UsageError) return EXIT.usage;
  return error instanceof DivergedError ? EXIT.diverged : EXIT.error;
}

/**
 * What to do, in the command's terms, for library errors whose own hint names an API option rather than a flag.
 * Keyed by the errors' stable `code`.
 */
const CLI_HINTS: Readonly<Record<string, string>> = {
  CHECKSUM_MISMATCH:
    'replace the file with the original Fashion-MNIST one (or pass --no-verify for custom IDX data)',
  MODEL_NOT_FOUND: 'pass the directory a model was saved to with fmnist train',
};

/** The one line for an error, without the `fmnist: ` prefix: its message and, for our own errors, what to do. */
export function errorLine(error: unknown, verbose: boolean): string {
  if (error instanceof FmnistError) {
    const hint = CLI_HINTS[error.code] ?? error.hint;
    return hint === undefined ? error.message : `${error.message}; ${hint}`;
  }
  if (!(error instanceof Error)) return String(error);
  // A foreign error (tfjs, Node): its first line, and where to find the rest.
  const first = (error.message.split('\n')[0] ?? '').trim() || error.name;
  return verbose ? first : `${first} (run with --verbose for details)`;
}

/** An error as the `--json` documents describe it (`error.schema.json`): what went wrong, what to do, and where. */
export interface ErrorReport {
  /** Stable, e.g. `MODEL_NOT_FOUND`, `USAGE`; `UNEXPECTED` for errors that are not the project's own. */
  code: string;
  message: string;
  hint?: string;
  /** The file or directory at fault. */
  path?: string;
  /** The flag at fault, e.g. `--epochs`. */
  flag?: string;
}

/** The {@link ErrorReport} of any error: our own errors in full, foreign ones by their first line. */
export function errorReport(error: unknown): ErrorReport {
  if (error instanceof FmnistError) {
    const hint = CLI_HINTS[error.code] ?? error.hint;
    // Usage errors start with the flag at fault: `--index 10000 is out of range: …`.
    const flag =
      error.flag ?? (error instanceof UsageError ? /^(--[\w-]+)/.exec(error.message)?.[1] : undefined);
    return {
      code: error.code,
      message: error.message,
      ...(hint === undefined ? {} : { hint }),
      ...(error.path === undefined ? {} : { path: absolutePath(error.path) }),
      ...(flag === undefined ? {} : { flag }),
    };
  }
  return { code: 'UNEXPECTED', message: errorLine(error, true) };
}

/** `fmnist: <message>; <hint>` and, when `verbose`, the stack and the chain of causes. */
export function formatError(error: unknown, verbose: boolean): string {
  const line = `fmnist: ${errorLine(error, verbose)}\n`;
  if (!verbose || !(error instanceof Error) || !error.stack) return line;
  let details = `${error.stack}\n`;
  let cause = error.cause;
  while (cause instanceof Error) {
    details += `Caused by: ${cause.stack ?? cause.message}\n`;
    cause = cause.cause;
  }
  return line + details;
}
