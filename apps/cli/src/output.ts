/**
 * Where the command writes: results on stdout (text, or exactly one JSON document with `--json`), progress and
 * notes on stderr (silenced by `--quiet`). Streams are injected so commands run in-process in tests.
 */
import { CliError } from './errors.js';

/** A stream the CLI writes to: `process.stdout`/`process.stderr`, or a test double. */
export interface OutStream {
  write(chunk: string): unknown;
  /** True when the stream is a terminal (progress bars redraw in place, colour is allowed). */
  isTTY?: boolean;
  /** Terminal width, when known. */
  columns?: number;
}

/** The process's outside world, as the commands see it. */
export interface Io {
  stdout: OutStream;
  stderr: OutStream;
  env: Record<string, string | undefined>;
}

/** The real process streams and environment. */
export function processIo(): Io {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env };
}

/** Whether to colour `stream`: only on a terminal, and never when `NO_COLOR` is set (https://no-color.org). */
export function useColor(stream: OutStream, env: Io['env']): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  return stream.isTTY === true;
}

/** ANSI styles that are no-ops when colour is off. */
export function styles(color: boolean) {
  const wrap = (open: number, close: number) => (text: string) =>
    color && text !== '' ? `\x1b[${open}m${text}\x1b[${close}m` : text;
  return {
    bold: wrap(1, 22),
    dim: wrap(2, 22),
    green: wrap(32, 39),
    red: wrap(31, 39),
    gray: wrap(90, 39),
  };
}

export type Styles = ReturnType<typeof styles>;

export interface OutputOptions {
  json?: boolean;
  quiet?: boolean;
}

/**
 * The version of the `--json` documents' shapes, in every document as `schemaVersion` and described by the schemas
 * in `schemas/` (shipped with the package). Raised when a field is removed, renamed or changes meaning.
 */
export const SCHEMA_VERSION = 1;

/** The streams a `--json` document has gone to, so a failure after it does not add a second one. */
const documented = new WeakSet<OutStream>();

/** Whether a `--json` document was written to `stdout`. */
export function wroteDocument(stdout: OutStream): boolean {
  return documented.has(stdout);
}

/** Writes `value` as the run's one JSON document, its `schemaVersion` first. */
export function writeDocument(stdout: OutStream, value: object): void {
  if (documented.has(stdout)) throw new CliError('internal: a second JSON document was about to be written');
  documented.add(stdout);
  stdout.write(`${JSON.stringify({ schemaVersion: SCHEMA_VERSION, ...value }, jsonReplacer, 2)}\n`);
}

/** The writer a command gets: knows `--json` and `--quiet`. */
export class Output {
  readonly json: boolean;
  readonly quiet: boolean;
  readonly stderrStyles: Styles;
  /** Whether stderr gets colour (a terminal, no NO_COLOR). */
  readonly stderrColor: boolean;
  readonly stdoutStyles: Styles;

  constructor(
    readonly io: Io,
    options: OutputOptions = {},
  ) {
    this.json = options.json ?? false;
    this.quiet = options.quiet ?? false;
    this.stderrColor = useColor(io.stderr, io.env);
    this.stderrStyles = styles(this.stderrColor);
    this.stdoutStyles = styles(!this.json && useColor(io.stdout, io.env));
  }

  /** Human-readable result lines on stdout; nothing in `--json` mode. */
  result(text: string): void {
    if (!this.json) this.io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  }

  /** A note on stderr (where things were saved, what was loaded); nothing with `--quiet`. */
  note(text: string): void {
    if (!this.quiet) this.io.stderr.write(text.endsWith('\n') ? text : `${text}\n`);
  }

  /** The stderr stream for progress, or undefined with `--quiet`. */
  get progressStream(): OutStream | undefined {
    return this.quiet ? undefined : this.io.stderr;
  }

  /** The one JSON document of a `--json` run. Writes nothing unless `--json`. */
  document(value: object): void {
    if (this.json) writeDocument(this.io.stdout, value);
  }
}

/** Typed arrays as plain arrays, non-finite numbers as null (JSON has no NaN). */
function jsonReplacer(_key: string, value: unknown): unknown {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView))
    return Array.from(value as unknown as number[]);
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  return value;
}

/** Rounds to `digits` decimals for JSON output (keeps documents readable; full precision is noise). */
export function round(value: number, digits = 6): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
