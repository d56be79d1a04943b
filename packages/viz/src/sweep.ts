import { VizInputError } from './errors.js';
import {
  Axes,
  type Box,
  DEFAULT_FIGURE,
  defaultAxesArea,
  formatTicks,
  linearScale,
  niceTicks,
  paddedLimits,
  tickBudget,
  ticksAt,
  yTickWidth,
} from './figure.js';
import { COLORS, FIGURE_PAD, FONT_SIZE, MARKER_RADIUS, PLOT_LINE_WIDTH } from './style.js';
import { element, svgDocument } from './svg.js';
import { textWidth } from './text-metrics.js';

/** One configuration of a sweep: its name and the mean and standard deviation of its runs' test accuracy. */
export interface SweepChartRow {
  readonly label: string;
  readonly mean: number;
  readonly std: number;
}

/** Whisker cap half-height, in pixels. */
const CAP = 4;

/**
 * Test accuracy per configuration of a sweep: a dot at the mean of its runs and a bar of ± one standard deviation,
 * one row per configuration (first at the top), on an axis fitted to the values so that seed spread shows.
 *
 * @example
 * ```ts
 * import { sweepChart } from '@fmnist/viz';
 * const svg = sweepChart([
 *   { label: 'hidden 128,128', mean: 0.8831, std: 0.0042 },
 *   { label: 'hidden 256,128,64', mean: 0.8867, std: 0.0035 },
 * ]);
 * ```
 */
export function sweepChart(rows: readonly SweepChartRow[]): string {
  if (rows.length === 0) throw new VizInputError('sweepChart needs at least one configuration');
  rows.forEach((row, i) => {
    if (!(row.mean >= 0 && row.mean <= 1) || !(row.std >= 0 && Number.isFinite(row.std))) {
      throw new VizInputError(
        `rows[${i}] (${row.label}) has mean ${row.mean} and std ${row.std}; expected a mean in [0, 1] and a std ≥ 0`,
      );
    }
  });
  const height = Math.max(DEFAULT_FIGURE.height, 120 + 28 * rows.length);
  // Configuration names are long: the figure widens so that the axes keep their default width beside them.
  const labelWidth = FIGURE_PAD + yTickWidth(rows.map((row) => row.label));
  const defaultArea = defaultAxesArea(DEFAULT_FIGURE);
  const width = Math.max(
    DEFAULT_FIGURE.width,
    labelWidth + defaultArea.width + (DEFAULT_FIGURE.width - defaultArea.x - defaultArea.width),
  );
  const area = defaultAxesArea({ width, height });
  const x = Math.max(area.x, labelWidth);
  const box: Box = { ...area, x, width: Math.min(defaultArea.width, area.x + area.width - x) };
  // Fitted to the whiskers, not from 0: differences of a few tenths of a percent must show.
  const [low, high] = paddedLimits(
    rows.flatMap((row) => [row.mean - row.std, row.mean + row.std]),
    0.1,
  );
  const toX = linearScale([low, high], [box.x, box.x + box.width]);
  const [yHigh, yLow] = paddedLimits([-0.5, rows.length - 0.5], 0);
  const toY = linearScale([yHigh, yLow], [box.y, box.y + box.height]);
  const marks = rows.map((row, i) => {
    const y = toY(i);
    const [left, right] = [toX(row.mean - row.std), toX(row.mean + row.std)];
    const whisker = `M${left} ${y}H${right}M${left} ${y - CAP}v${2 * CAP}M${right} ${y - CAP}v${2 * CAP}`;
    return (
      element('path', {
        d: whisker,
        stroke: COLORS.training,
        'stroke-width': PLOT_LINE_WIDTH,
        fill: 'none',
      }) + element('circle', { cx: toX(row.mean), cy: y, r: MARKER_RADIUS, fill: COLORS.training })
    );
  });
  const ticks = percentTicks(low, high, toX, tickBudget(box.width, 'horizontal'));
  const axes = new Axes(box)
    .plot(...marks)
    .xTicks(ticksAt(ticks.values, toX, ticks.labels))
    .yTicks(rows.map((row, i) => ({ at: toY(i), label: row.label })))
    .xLabel('Test accuracy, mean ± one standard deviation');
  return svgDocument(width, height, 'Test accuracy per configuration', [axes.toSvg()]);
}

/**
 * Percent ticks of `[low, high]`, as many as `budget` allows while the labels stay one em apart: a narrow range
 * needs two decimals (`88.38%`), and labels that wide would run into each other at the axis's usual tick count.
 */
function percentTicks(
  low: number,
  high: number,
  toX: (value: number) => number,
  budget: number,
): { values: number[]; labels: string[] } {
  for (let intervals = budget; ; intervals--) {
    const values = niceTicks(low, high, intervals);
    const labels = formatTicks(values.map((value) => 100 * value)).map((label) => `${label}%`);
    const spacing =
      values.length > 1 ? Math.abs(toX(values[1] as number) - toX(values[0] as number)) : Infinity;
    if (intervals <= 1 || spacing >= Math.max(...labels.map((label) => textWidth(label))) + FONT_SIZE) {
      return { values, labels };
    }
  }
}
