/**
 * Exit codes and the one-line error messages of the `fmnist` command.
 */
import { CommanderError } from 'commander';

/** What `fmnist` exits with. Documented in the `--help` epilog and README.md. */
export const EXIT = Object.freeze({
  /** Success. */
  ok: 0,
  /** A runtime error: missing data or model, unreadable image, training diverged, cannot write… */
  error: 1,
  /** A usage error: unknown command or flag, bad number, missing or conflicting arguments. */
  usage: 2,
  /** Interrupted (SIGINT / Ctrl-C). */
  interrupted: 130,
});

/** The `--help` epilog that documents the exit codes. */
export const EXIT_CODES_HELP = `Exit codes:
  0    success
  1    runtime error (missing data or model, unreadable image, training diverged, …)
  2    usage error (unknown command or flag, invalid number, missing argument)
  130  interrupted (Ctrl-C); train saves the last completed epoch first`;

/** A runtime failure whose message already names the culprit and the fix. Exits 1 unless told otherwise. */
export class CliError extends Error {
  override name = 'CliError';
  readonly exitCode: number;

  constructor(message: string, options: { exitCode?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.exitCode = options.exitCode ?? EXIT.error;
  }
}

/** The exit code for a commander error: 0 for --help/--version, 2 for every usage problem. */
export function commanderExitCode(error: CommanderError): number {
  if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return EXIT.ok;
  return EXIT.usage;
}

/** Turns what the libraries say into CLI terms (their hints name API options, not flags). */
function cliWording(message: string): string {
  return message
    .replace('(or pass verify: false for custom IDX data)', '(or pass --no-verify for custom IDX data)')
    .replace('saved to with saveModel()', 'saved to with fmnist train');
}

/** The one-line message for any error: `fmnist: <message>`, plus the stack when `verbose`. */
export function formatError(error: unknown, verbose: boolean): string {
  const message =
    error instanceof Error ? (error.message.split('\n')[0] ?? '').trim() || error.name : String(error);
  const line = `fmnist: ${cliWording(message)}\n`;
  if (!verbose || !(error instanceof Error) || !error.stack) return line;
  let details = `${error.stack}\n`;
  let cause = error.cause;
  while (cause instanceof Error) {
    details += `Caused by: ${cause.stack ?? cause.message}\n`;
    cause = cause.cause;
  }
  return line + details;
}

export { CommanderError };
