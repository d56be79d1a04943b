/**
 * A Keras-style progress bar on stderr:
 *
 *     Epoch 1/10
 *     1875/1875 ━━━━━━━━━━━━━━━━━━━━ 3s 2ms/step - accuracy: 0.8266 - loss: 0.4958
 *
 * On a terminal the line is redrawn in place, at most `maxRedrawsPerSecond` times a second, so it costs nothing
 * next to training; elsewhere (a pipe, a CI log) only the finished line is written, one per epoch.
 */
import { type OutStream, type Styles, styles } from './output.js';

const BAR_WIDTH = 20;

export interface ProgressOptions {
  /** Steps in the whole run (e.g. batches per epoch). */
  total: number;
  /** Colour the bar (only on a terminal). Default false. */
  color?: boolean;
  /** Redraws per second at most, on a terminal. Default 10. */
  maxRedrawsPerSecond?: number;
  /** Clock in milliseconds; injectable for tests. Default `performance.now`. */
  now?: () => number;
}

/** Metric name → value, printed in the given order. */
export type Metrics = ReadonlyArray<readonly [string, number]>;

/** Keras' number format: four decimals, or exponent notation for tiny values. */
export function formatMetric(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return Math.abs(value) > 1e-3 || value === 0 ? value.toFixed(4) : value.toExponential(4);
}

/** Keras' time per step: `2ms/step`, `150us/step`, `1s/step`. */
export function formatPerStep(seconds: number): string {
  if (seconds >= 1) return `${Math.round(seconds)}s/step`;
  if (seconds >= 1e-3) return `${Math.round(seconds * 1e3)}ms/step`;
  return `${Math.round(seconds * 1e6)}us/step`;
}

/** Keras' durations: `3s`, `1:02`, `1:02:03`. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  const two = (n: number) => String(n).padStart(2, '0');
  if (s < 3600) return `${Math.floor(s / 60)}:${two(s % 60)}`;
  return `${Math.floor(s / 3600)}:${two(Math.floor((s % 3600) / 60))}:${two(s % 60)}`;
}

/** Strip ANSI escapes, to measure what the terminal shows. */
function visibleLength(text: string): number {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching ANSI escapes on purpose
  return text.replace(/\x1b\[[0-9;]*m/g, '').length;
}

export class ProgressBar {
  private readonly total: number;
  private readonly now: () => number;
  private readonly minInterval: number;
  private readonly style: Styles;
  private readonly tty: boolean;
  private readonly color: boolean;
  private started: number;
  private lastDraw = Number.NEGATIVE_INFINITY;
  private drawn = false;
  private finished = false;

  constructor(
    private readonly stream: OutStream | undefined,
    options: ProgressOptions,
  ) {
    this.total = Math.max(1, options.total);
    this.now = options.now ?? (() => performance.now());
    this.minInterval = 1000 / (options.maxRedrawsPerSecond ?? 10);
    this.color = options.color ?? false;
    this.style = styles(this.color);
    this.tty = stream?.isTTY === true;
    this.started = this.now();
  }

  /** Restart the clock (e.g. when the first step really begins). */
  restart(): void {
    this.started = this.now();
  }

  /** Report `done` steps; redraws on a terminal when enough time has passed. Cheap when it does not draw. */
  update(done: number, metrics: Metrics = []): void {
    if (!this.stream || !this.tty || this.finished) return;
    const time = this.now();
    if (time - this.lastDraw < this.minInterval) return;
    this.lastDraw = time;
    this.draw(this.line(done, metrics, false, time));
  }

  /** Write the final line for `done` steps and end it with a newline. */
  finish(done: number, metrics: Metrics = []): void {
    if (!this.stream || this.finished) return;
    this.finished = true;
    this.draw(this.line(done, metrics, true, this.now()));
    this.stream.write('\n');
  }

  /** End a half-drawn line (e.g. on interrupt) so the next message starts on its own line. */
  abandon(): void {
    if (!this.stream || this.finished) return;
    this.finished = true;
    if (this.drawn) this.stream.write('\n');
  }

  /** Seconds since the start. */
  elapsed(): number {
    return (this.now() - this.started) / 1000;
  }

  /** The text of the bar line (no control characters). */
  line(done: number, metrics: Metrics, final: boolean, time = this.now()): string {
    const s = this.style;
    const digits = String(this.total).length;
    const count = s.bold(`${String(done).padStart(digits)}/${this.total}`);
    const filled = Math.min(BAR_WIDTH, Math.floor((BAR_WIDTH * done) / this.total));
    const bar = s.green('━'.repeat(filled)) + this.unfilled(BAR_WIDTH - filled);
    const elapsed = Math.max(0, (time - this.started) / 1000);
    const perStep = done > 0 ? elapsed / done : 0;
    const timing = final
      ? `${formatDuration(elapsed)} ${formatPerStep(perStep)}`
      : `${s.bold(formatDuration(perStep * (this.total - done)))} ${formatPerStep(perStep)}`;
    const parts = metrics.map(([name, value]) => `${name}: ${formatMetric(value)}`);
    return [`${count} ${bar} ${timing}`, ...parts].join(' - ');
  }

  private unfilled(width: number): string {
    if (width <= 0) return '';
    // With colour Keras draws the rest of the bar in a dim colour; without it a thin line tells it apart.
    return this.color ? this.style.gray('━'.repeat(width)) : '─'.repeat(width);
  }

  private draw(text: string): void {
    if (!this.stream) return;
    if (!this.tty) {
      this.stream.write(text);
      return;
    }
    const columns = this.stream.columns ?? 0;
    const fitted = columns > 0 && visibleLength(text) >= columns ? this.fit(text, columns - 1) : text;
    this.stream.write(`\r${fitted}\x1b[K`);
    this.drawn = true;
  }

  /** Cut the metrics off so the line never wraps (a wrapped line cannot be redrawn with `\r`). */
  private fit(text: string, columns: number): string {
    const parts = text.split(' - ');
    while (parts.length > 1 && visibleLength(parts.join(' - ')) > columns) parts.pop();
    const fitted = parts.join(' - ');
    if (visibleLength(fitted) <= columns) return fitted;
    // biome-ignore lint/suspicious/noControlCharactersInRegex: dropping ANSI escapes on purpose
    return fitted.replace(/\x1b\[[0-9;]*m/g, '').slice(0, columns);
  }
}
