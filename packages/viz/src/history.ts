import { VizInputError } from './errors.js';
import {
  Axes,
  type Box,
  captionHeight,
  formatTicks,
  gridBoxes,
  inches,
  linearScale,
  niceTicks,
  paddedLimits,
  type Scale,
  tickBudget,
  ticksAt,
  xTickDepth,
  yTickWidth,
} from './figure.js';
import {
  CAP_HEIGHT,
  COLORS,
  FIGURE_PAD,
  FONT_SIZE,
  LABEL_PAD,
  MARKER_RADIUS,
  PLOT_LINE_WIDTH,
  SPINE_WIDTH,
  TITLE_FONT_SIZE,
  TITLE_PAD,
} from './style.js';
import { element, formatNumber, group, svgDocument, text } from './svg.js';
import { textWidth } from './text-metrics.js';
import { checkNotEmpty } from './validate.js';

/**
 * Metrics per epoch, under the names TensorFlow.js's `model.fit()` gives them in `history.history` (`acc`) or
 * Keras's (`accuracy`); validation series are optional.
 */
export interface TrainingHistory {
  readonly loss: readonly number[];
  readonly val_loss?: readonly number[];
  readonly acc?: readonly number[];
  readonly val_acc?: readonly number[];
  readonly accuracy?: readonly number[];
  readonly val_accuracy?: readonly number[];
}

interface Series {
  readonly label: string;
  readonly color: string;
  readonly values: readonly number[];
}

interface Panel {
  readonly metric: string;
  readonly series: readonly Series[];
  readonly legendAt: 'top' | 'bottom';
}

function seriesOf(
  training: readonly number[] | undefined,
  validation: readonly number[] | undefined,
): Series[] {
  return [
    { label: 'Training', color: COLORS.training, values: training ?? [] },
    { label: 'Validation', color: COLORS.validation, values: validation ?? [] },
  ].filter((series) => series.values.length > 0);
}

/** Runs of consecutive finite values, so that a NaN loss leaves a gap instead of breaking the line. */
function finiteRuns(values: readonly number[]): { epoch: number; value: number }[][] {
  const runs: { epoch: number; value: number }[][] = [[]];
  values.forEach((value, i) => {
    if (Number.isFinite(value))
      (runs[runs.length - 1] as { epoch: number; value: number }[]).push({ epoch: i + 1, value });
    else runs.push([]);
  });
  return runs.filter((run) => run.length > 0);
}

function seriesMarks(series: Series, toX: Scale, toY: Scale): string {
  const marks = finiteRuns(series.values).flatMap((run) => {
    const points = run.map(({ epoch, value }) => `${formatNumber(toX(epoch))},${formatNumber(toY(value))}`);
    const line = element('polyline', {
      points: points.join(' '),
      fill: 'none',
      stroke: series.color,
      'stroke-width': PLOT_LINE_WIDTH,
      'stroke-linejoin': 'round',
    });
    const markers = run.map(({ epoch, value }) =>
      element('circle', {
        class: 'marker',
        cx: toX(epoch),
        cy: toY(value),
        r: MARKER_RADIUS,
        fill: series.color,
      }),
    );
    return [line, ...markers];
  });
  return group(marks, { class: 'series', 'data-label': series.label });
}

// Matplotlib's legend spacing, in font sizes.
const LEGEND_BORDER_PAD = 0.4 * FONT_SIZE;
const LEGEND_AXES_PAD = 0.5 * FONT_SIZE;
const LEGEND_HANDLE_LENGTH = 2 * FONT_SIZE;
const LEGEND_HANDLE_PAD = 0.8 * FONT_SIZE;
const LEGEND_ROW = 1.5 * FONT_SIZE;

/** A framed legend in the top or bottom right corner of the axes, a line-and-marker sample per series. */
function legend(box: Box, series: readonly Series[], corner: 'top' | 'bottom'): string {
  const width =
    2 * LEGEND_BORDER_PAD +
    LEGEND_HANDLE_LENGTH +
    LEGEND_HANDLE_PAD +
    Math.max(...series.map((s) => textWidth(s.label)));
  const height = 2 * LEGEND_BORDER_PAD + series.length * LEGEND_ROW - (LEGEND_ROW - FONT_SIZE);
  const x = box.x + box.width - LEGEND_AXES_PAD - width;
  const y = corner === 'top' ? box.y + LEGEND_AXES_PAD : box.y + box.height - LEGEND_AXES_PAD - height;
  const frame = element('rect', {
    x,
    y,
    width,
    height,
    rx: 0.2 * FONT_SIZE,
    fill: COLORS.background,
    'fill-opacity': 0.8,
    stroke: COLORS.legendEdge,
    'stroke-width': SPINE_WIDTH,
  });
  const entries = series.map((s, i) => {
    const middle = y + LEGEND_BORDER_PAD + i * LEGEND_ROW + FONT_SIZE / 2;
    const handleX = x + LEGEND_BORDER_PAD;
    return [
      element('line', {
        x1: handleX,
        y1: middle,
        x2: handleX + LEGEND_HANDLE_LENGTH,
        y2: middle,
        stroke: s.color,
        'stroke-width': PLOT_LINE_WIDTH,
      }),
      element('circle', {
        cx: handleX + LEGEND_HANDLE_LENGTH / 2,
        cy: middle,
        r: MARKER_RADIUS,
        fill: s.color,
      }),
      text(s.label, {
        x: handleX + LEGEND_HANDLE_LENGTH + LEGEND_HANDLE_PAD,
        y: middle + (CAP_HEIGHT * FONT_SIZE) / 2,
      }),
    ].join('');
  });
  return group([frame, ...entries], { class: 'legend' });
}

const PANEL_SIZE = { width: inches(6), height: inches(4.5) };

/**
 * Loss and accuracy per epoch, training and validation, as two panels of lines with markers and a legend (the
 * practitioner's check for over- or under-fitting after `model.fit()`). The accuracy panel is left out when the
 * history has no accuracy; a NaN value leaves a gap in its line.
 *
 * @param history `history.history` from TensorFlow.js's `model.fit()`, or the same arrays built by hand.
 * @returns an SVG document, 600 × 450 per panel.
 * @throws {VizInputError} when the loss series is empty or a series has no finite value.
 * @example
 * ```ts
 * const history = await model.fit(x, y, { epochs: 10, validationSplit: 0.1 });
 * const svg = trainingHistory(history.history as TrainingHistory);
 * ```
 */
export function trainingHistory(history: TrainingHistory): string {
  checkNotEmpty(history.loss, 'history.loss');
  const allPanels: Panel[] = [
    { metric: 'Loss', series: seriesOf(history.loss, history.val_loss), legendAt: 'top' },
    {
      metric: 'Accuracy',
      series: seriesOf(history.acc ?? history.accuracy, history.val_acc ?? history.val_accuracy),
      legendAt: 'bottom',
    },
  ];
  const panels = allPanels.filter((panel) => panel.series.length > 0);

  const width = panels.length * PANEL_SIZE.width;
  const top = FIGURE_PAD + TITLE_FONT_SIZE + TITLE_PAD;
  const bottom = FIGURE_PAD + xTickDepth(['0']) + captionHeight(1);
  const plotHeight = PANEL_SIZE.height - top - bottom;
  const cells = gridBoxes({ x: 0, y: top, width, height: plotHeight }, 1, panels.length, {
    row: 0,
    column: 0,
  });

  const drawn = panels.map((panel, i) => {
    const cell = cells[i] as Box;
    const values = panel.series.flatMap((series) => series.values.filter(Number.isFinite));
    if (values.length === 0)
      throw new VizInputError(`${panel.metric.toLowerCase()} has no finite value to draw`);
    const [yLow, yHigh] = paddedLimits(values);
    const yValues = niceTicks(yLow, yHigh, tickBudget(plotHeight, 'vertical'));
    const yLabels = formatTicks(yValues);
    const left = FIGURE_PAD + FONT_SIZE + LABEL_PAD + yTickWidth(yLabels);
    const box: Box = {
      x: cell.x + left,
      y: cell.y,
      width: cell.width - left - FIGURE_PAD,
      height: cell.height,
    };

    const epochs = Math.max(...panel.series.map((series) => series.values.length));
    const [xLow, xHigh] = paddedLimits([1, epochs]);
    const xValues = niceTicks(xLow, xHigh, tickBudget(box.width, 'horizontal'), true);
    const toX = linearScale([xLow, xHigh], [box.x, box.x + box.width]);
    const toY = linearScale([yLow, yHigh], [box.y + box.height, box.y]);
    return new Axes(box)
      .plot(
        ...panel.series.map((series) => seriesMarks(series, toX, toY)),
        legend(box, panel.series, panel.legendAt),
      )
      .xTicks(ticksAt(xValues, toX))
      .yTicks(ticksAt(yValues, toY, yLabels))
      .xLabel('Epoch')
      .yLabel(panel.metric)
      .title(panel.metric)
      .toSvg({ class: 'panel' });
  });
  return svgDocument(width, PANEL_SIZE.height, 'Loss and accuracy per epoch', drawn);
}
