// The figure and axes machinery shared by every plot: layout boxes, scales, tick choice, and an Axes builder that
// draws matplotlib-style frames, ticks and labels around whatever marks a plot puts inside.

import type { Colormap } from './colormaps.js';
import { encodePalettePng, toBase64 } from './png-encode.js';
import {
  ASCENT,
  CAP_HEIGHT,
  COLORS,
  DESCENT,
  DPI,
  FONT_SIZE,
  LABEL_PAD,
  LINE_HEIGHT,
  SPINE_WIDTH,
  TICK_LENGTH,
  TICK_PAD,
  TITLE_FONT_SIZE,
  TITLE_PAD,
} from './style.js';
import { type Attributes, element, formatNumber, group, text } from './svg.js';
import { textWidth } from './text-metrics.js';

/** A rectangle in figure pixels, y growing downwards as in SVG. */
export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export function inches(value: number): number {
  return value * DPI;
}

/** Matplotlib's default figure size, 6.4 × 4.8 in. */
export const DEFAULT_FIGURE = { width: inches(6.4), height: inches(4.8) } as const;

/**
 * Where matplotlib puts the axes on a figure by default (subplot margins left 0.125, right 0.9, bottom 0.11,
 * top 0.88), with the bottom margin grown to at least `minimumBottom` pixels for tall tick labels.
 */
export function defaultAxesArea(figure: { width: number; height: number }, minimumBottom = 0): Box {
  const top = 0.12 * figure.height;
  const bottom = Math.max(0.11 * figure.height, minimumBottom);
  return {
    x: 0.125 * figure.width,
    y: top,
    width: 0.775 * figure.width,
    height: figure.height - top - bottom,
  };
}

/** The boxes of a `rows` × `columns` grid filling `area`, row by row, `gap` pixels apart. */
export function gridBoxes(
  area: Box,
  rows: number,
  columns: number,
  gap: { readonly row: number; readonly column: number },
): Box[] {
  const width = (area.width - gap.column * (columns - 1)) / columns;
  const height = (area.height - gap.row * (rows - 1)) / rows;
  return Array.from({ length: rows * columns }, (_, i) => ({
    x: area.x + (i % columns) * (width + gap.column),
    y: area.y + Math.floor(i / columns) * (height + gap.row),
    width,
    height,
  }));
}

/** The largest square centred in `box`: where `imshow` puts an image with its default equal aspect. */
export function centeredSquare(box: Box): Box {
  const side = Math.min(box.width, box.height);
  return { x: box.x + (box.width - side) / 2, y: box.y + (box.height - side) / 2, width: side, height: side };
}

export type Scale = (value: number) => number;

export function linearScale(domain: readonly [number, number], range: readonly [number, number]): Scale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  return (value) => r0 + ((value - d0) / (d1 - d0)) * (r1 - r0);
}

/** Data limits widened by matplotlib's default 5 % margin on each side. */
export function paddedLimits(values: readonly number[], margin = 0.05): [number, number] {
  const low = Math.min(...values);
  const high = Math.max(...values);
  const pad = high > low ? (high - low) * margin : Math.abs(low) * margin || 0.5;
  return [low - pad, high + pad];
}

/**
 * How many tick intervals fit along an axis `length` pixels long, as matplotlib's `get_tick_space` reckons it:
 * labels need about three font sizes of room across, two along a vertical axis, and never more than 9 intervals.
 */
export function tickBudget(length: number, orientation: 'horizontal' | 'vertical'): number {
  const lengthInPoints = (length * 72) / DPI;
  const roomPerTick = 10 * (orientation === 'horizontal' ? 3 : 2);
  return Math.max(1, Math.min(9, Math.floor(lengthInPoints / roomPerTick)));
}

const NICE_STEPS = [1, 2, 2.5, 5, 10];
const INTEGER_STEPS = [1, 2, 5, 10];

/**
 * Tick values inside `[low, high]` at the smallest "nice" step (1, 2, 2.5 or 5 × 10ⁿ) that gives at most
 * `intervals` intervals: matplotlib's MaxNLocator, which AutoLocator uses.
 */
export function niceTicks(low: number, high: number, intervals: number, integer = false): number[] {
  if (!(high > low)) return [low];
  const minimumStep = (high - low) / intervals;
  const magnitude = 10 ** Math.floor(Math.log10(minimumStep));
  const candidates = (integer ? INTEGER_STEPS : NICE_STEPS).map((step) => step * magnitude);
  const step = Math.max(
    integer ? 1 : 0,
    candidates.find((candidate) => candidate >= minimumStep * (1 - 1e-9)) ?? 10 * magnitude,
  );
  const first = Math.ceil(low / step - 1e-9);
  const last = Math.floor(high / step + 1e-9);
  return Array.from({ length: last - first + 1 }, (_, i) => Number(((first + i) * step).toPrecision(12)));
}

/** Labels for evenly spaced tick values, all with the decimals their step needs, like matplotlib's formatter. */
export function formatTicks(values: readonly number[]): string[] {
  // A lone tick needs the decimals of its own value.
  const step =
    values.length > 1
      ? Math.abs((values[1] as number) - (values[0] as number))
      : Math.abs(values[0] ?? 0) || 1;
  let decimals = 0;
  while (decimals < 10 && Math.abs(Math.round(step * 10 ** decimals) - step * 10 ** decimals) > 1e-6)
    decimals++;
  return values.map((value) => {
    const label = (Math.abs(value) < step * 1e-9 ? 0 : value).toFixed(decimals);
    return label.replace('-', '\u2212');
  });
}

/** A tick at pixel position `at` along its axis. */
export interface Tick {
  readonly at: number;
  readonly label: string;
}

/** Ticks at data `values`, placed through `scale` and labelled by `labels` (matplotlib's formatting by default). */
export function ticksAt(values: readonly number[], scale: Scale, labels = formatTicks(values)): Tick[] {
  return values.map((value, i) => ({ at: scale(value), label: labels[i] ?? '' }));
}

/** One line of an axis label, optionally coloured. */
export interface CaptionLine {
  readonly text: string;
  readonly color?: string;
}

const ROTATION = 45;
const SIN_ROTATION = Math.sin((ROTATION * Math.PI) / 180);

/** How far below the axis x tick labels reach, to reserve room for them. */
export function xTickDepth(labels: readonly string[], rotate = false): number {
  if (labels.length === 0) return 0;
  const labelDepth = rotate
    ? SIN_ROTATION * (Math.max(...labels.map((label) => textWidth(label))) + FONT_SIZE)
    : (ASCENT + DESCENT) * FONT_SIZE;
  return TICK_LENGTH + TICK_PAD + labelDepth;
}

/** How far beside the axis y tick labels reach. */
export function yTickWidth(labels: readonly string[]): number {
  if (labels.length === 0) return 0;
  return TICK_LENGTH + TICK_PAD + Math.max(...labels.map((label) => textWidth(label)));
}

/** Height of an axis label of `lines` lines, with its pad. */
export function captionHeight(lines: number): number {
  return LABEL_PAD + (lines - 1) * LINE_HEIGHT + (ASCENT + DESCENT) * FONT_SIZE;
}

function tickMarks(segments: readonly string[]): string {
  if (segments.length === 0) return '';
  return element('path', {
    d: segments.join(''),
    stroke: COLORS.spine,
    'stroke-width': SPINE_WIDTH,
    fill: 'none',
  });
}

/**
 * One matplotlib axes: marks (images, bars, lines) inside a box, then a black frame, ticks and labels around it.
 * Call the tick methods before the label methods: labels are placed outside the room the ticks took.
 */
export class Axes {
  private readonly marks: string[] = [];
  private readonly decorations: string[] = [];
  private depthBelow = 0;
  private depthLeft = 0;

  constructor(readonly box: Box) {}

  get bottom(): number {
    return this.box.y + this.box.height;
  }

  get right(): number {
    return this.box.x + this.box.width;
  }

  /** Adds marks; they are drawn under the frame, as matplotlib draws artists under the spines. */
  plot(...marks: readonly string[]): this {
    this.marks.push(...marks);
    return this;
  }

  /** Ticks below the axes; `rotate` turns labels 45° with their ends at the ticks, so long names do not collide. */
  xTicks(ticks: readonly Tick[], rotate = false): this {
    const labelTop = this.bottom + TICK_LENGTH + TICK_PAD;
    this.decorations.push(
      tickMarks(
        ticks.map(
          (tick) => `M${formatNumber(tick.at)} ${formatNumber(this.bottom)}v${formatNumber(TICK_LENGTH)}`,
        ),
      ),
      ...ticks.map((tick) => {
        const baseline = labelTop + ASCENT * FONT_SIZE;
        if (!rotate) return text(tick.label, { x: tick.at, y: baseline, 'text-anchor': 'middle' });
        const transform = `rotate(-${ROTATION} ${formatNumber(tick.at)} ${formatNumber(labelTop)})`;
        return text(tick.label, { x: tick.at, y: baseline, 'text-anchor': 'end', transform });
      }),
    );
    this.depthBelow = xTickDepth(
      ticks.map((tick) => tick.label),
      rotate,
    );
    return this;
  }

  /** Ticks left of the axes, or right of it (as on a colour bar). */
  yTicks(ticks: readonly Tick[], side: 'left' | 'right' = 'left'): this {
    const direction = side === 'left' ? -1 : 1;
    const edge = side === 'left' ? this.box.x : this.right;
    const labelX = edge + direction * (TICK_LENGTH + TICK_PAD);
    this.decorations.push(
      tickMarks(
        ticks.map(
          (tick) =>
            `M${formatNumber(edge)} ${formatNumber(tick.at)}h${formatNumber(direction * TICK_LENGTH)}`,
        ),
      ),
      ...ticks.map((tick) =>
        text(tick.label, {
          x: labelX,
          y: tick.at + (CAP_HEIGHT * FONT_SIZE) / 2,
          'text-anchor': side === 'left' ? 'end' : 'start',
        }),
      ),
    );
    if (side === 'left') {
      this.depthLeft = yTickWidth(ticks.map((tick) => tick.label));
    }
    return this;
  }

  /** The x axis label, under the tick labels: one line, or several lines each with its own colour. */
  xLabel(lines: string | readonly CaptionLine[], attributes: Attributes = {}): this {
    const captionLines = typeof lines === 'string' ? [{ text: lines }] : lines;
    const top = this.bottom + this.depthBelow + LABEL_PAD;
    this.decorations.push(
      ...captionLines.map((line, i) =>
        text(line.text, {
          ...attributes,
          x: this.box.x + this.box.width / 2,
          y: top + ASCENT * FONT_SIZE + i * LINE_HEIGHT,
          'text-anchor': 'middle',
          fill: line.color,
        }),
      ),
    );
    return this;
  }

  /** The y axis label, turned to read upwards, left of the tick labels. */
  yLabel(label: string): this {
    const x = this.box.x - this.depthLeft - LABEL_PAD - DESCENT * FONT_SIZE;
    const y = this.box.y + this.box.height / 2;
    this.decorations.push(
      text(label, {
        x,
        y,
        'text-anchor': 'middle',
        transform: `rotate(-90 ${formatNumber(x)} ${formatNumber(y)})`,
      }),
    );
    return this;
  }

  title(label: string): this {
    this.decorations.push(
      text(label, {
        x: this.box.x + this.box.width / 2,
        y: this.box.y - TITLE_PAD,
        'text-anchor': 'middle',
        'font-size': TITLE_FONT_SIZE,
      }),
    );
    return this;
  }

  toSvg(attributes: Attributes = {}): string {
    const frame = element('rect', {
      x: this.box.x,
      y: this.box.y,
      width: this.box.width,
      height: this.box.height,
      fill: 'none',
      stroke: COLORS.spine,
      'stroke-width': SPINE_WIDTH,
    });
    return group([...this.marks, frame, ...this.decorations], attributes);
  }
}

// `pixelated` is the standard value and browsers honour it; resvg ignores it but honours the older
// `optimizeSpeed`, which Chrome in turn drops from CSS. Declared in this order, each keeps the one it knows.
const CRISP_PIXELS = 'image-rendering:pixelated;image-rendering:optimizeSpeed';

/**
 * Pixel values (0–255, row-major) drawn through a colormap as an embedded PNG that stays crisp when scaled up,
 * like matplotlib's `imshow(..., interpolation='nearest')`.
 */
export function imageElement(
  box: Box,
  values: ArrayLike<number>,
  columns: number,
  rows: number,
  colormap: Colormap,
): string {
  const indices = Uint8Array.from({ length: values.length }, (_, i) =>
    Math.min(255, Math.max(0, Math.round(values[i] as number))),
  );
  const png = encodePalettePng(columns, rows, indices, colormap.palette);
  return element('image', {
    class: 'image',
    x: box.x,
    y: box.y,
    width: box.width,
    height: box.height,
    preserveAspectRatio: 'none',
    style: CRISP_PIXELS,
    href: `data:image/png;base64,${toBase64(png)}`,
  });
}

/** `plt.colorbar()` leaves 5 % of the axes' width as a gap and makes the bar 20 times taller than wide. */
const COLORBAR_PAD = 0.05;
const COLORBAR_ASPECT = 20;

/** Where `plt.colorbar()` puts a colour bar for the axes in `axes`: right of them and as tall. */
export function colorbarBeside(axes: Box): Box {
  return {
    x: axes.x + axes.width * (1 + COLORBAR_PAD),
    y: axes.y,
    width: axes.height / COLORBAR_ASPECT,
    height: axes.height,
  };
}

const COLORBAR_GRADIENT = Uint8Array.from({ length: 256 }, (_, i) => 255 - i);

function colorbarTickValues(low: number, high: number, length: number, integer: boolean): number[] {
  return niceTicks(low, high, tickBudget(length, 'vertical'), integer);
}

/** A vertical colour bar for values `low`–`high` with ticks on its right, as `plt.colorbar()` draws one. */
export function colorbar(box: Box, colormap: Colormap, low: number, high: number, integer = false): string {
  const toY = linearScale([low, high], [box.y + box.height, box.y]);
  return new Axes(box)
    .plot(imageElement(box, COLORBAR_GRADIENT, 1, COLORBAR_GRADIENT.length, colormap))
    .yTicks(ticksAt(colorbarTickValues(low, high, box.height, integer), toY), 'right')
    .toSvg({ class: 'colorbar' });
}

/** Width that {@link colorbar}'s tick labels take right of the bar, to reserve room for them. */
export function colorbarLabelWidth(low: number, high: number, length: number, integer = false): number {
  return yTickWidth(formatTicks(colorbarTickValues(low, high, length, integer)));
}
