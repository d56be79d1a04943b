import { blues, colorAt, isDark } from './colormaps.js';
import { LengthMismatchError, VizInputError } from './errors.js';
import {
  Axes,
  type Box,
  captionHeight,
  colorbar,
  colorbarBeside,
  colorbarLabelWidth,
  DEFAULT_FIGURE,
  defaultAxesArea,
  formatTicks,
  inches,
  linearScale,
  niceTicks,
  paddedLimits,
  tickBudget,
  ticksAt,
  xTickDepth,
  yTickWidth,
} from './figure.js';
import { type ClassNamesOption, classNamesOf } from './options.js';
import { CAP_HEIGHT, COLORS, FIGURE_PAD, FONT_SIZE, LABEL_PAD, TICK_PAD } from './style.js';
import { element, svgDocument, text } from './svg.js';

const HEATMAP_HEIGHT = inches(7);

function checkMatrix(matrix: readonly (readonly number[])[], classes: number): void {
  if (matrix.length !== classes || matrix.some((row) => row.length !== classes)) {
    throw new LengthMismatchError(
      `the confusion matrix must be ${classes} × ${classes}, one row and column per class`,
    );
  }
  matrix.forEach((row, t) => {
    row.forEach((count, p) => {
      if (!Number.isFinite(count) || count < 0) {
        throw new VizInputError(`confusion matrix cell [${t}][${p}] is ${count}, expected a count ≥ 0`);
      }
    });
  });
}

/**
 * A confusion matrix as an annotated heatmap in matplotlib's 'Blues': rows are true classes, columns predicted
 * ones, every cell shows its count (in white on dark cells), with a colour bar.
 *
 * @param matrix Counts as `confusionMatrix` of `@fmnist/model` returns them, `matrix[true][predicted]`.
 * @returns an SVG document, 700 px high.
 * @throws {LengthMismatchError} when the matrix is not one row and column per class.
 * @throws {VizInputError} when a count is negative or not finite.
 * @example
 * ```ts
 * const svg = confusionMatrixHeatmap(confusionMatrix(testLabels, predictedLabels(probabilities)));
 * ```
 */
export function confusionMatrixHeatmap(
  matrix: readonly (readonly number[])[],
  options: ClassNamesOption = {},
): string {
  const classNames = classNamesOf(options);
  const classes = classNames.length;
  checkMatrix(matrix, classes);
  const highest = Math.max(1, ...matrix.flat());

  const top = FIGURE_PAD;
  const bottom = FIGURE_PAD + xTickDepth(classNames, true) + captionHeight(1);
  const left = FIGURE_PAD + FONT_SIZE + LABEL_PAD + yTickWidth(classNames);
  const side = HEATMAP_HEIGHT - top - bottom;
  const box: Box = { x: left, y: top, width: side, height: side };
  const colorbarBox = colorbarBeside(box);
  const width = colorbarBox.x + colorbarBox.width + colorbarLabelWidth(0, highest, side, true) + FIGURE_PAD;

  const cell = side / classes;
  const cells = matrix.flatMap((row, trueClass) =>
    row.map((count, predictedClass) => {
      const fill = colorAt(blues, count / highest);
      const x = box.x + predictedClass * cell;
      const y = box.y + trueClass * cell;
      return [
        element('rect', { class: 'cell', x, y, width: cell, height: cell, fill }),
        text(String(count), {
          class: 'count',
          x: x + cell / 2,
          y: y + cell / 2 + (CAP_HEIGHT * FONT_SIZE) / 2,
          'text-anchor': 'middle',
          fill: isDark(fill) ? COLORS.lightText : COLORS.text,
        }),
      ].join('');
    }),
  );
  const ticks = classNames.map((name, i) => ({ at: i * cell + cell / 2, label: name }));
  const heatmap = new Axes(box)
    .plot(...cells)
    .xTicks(
      ticks.map((tick) => ({ ...tick, at: box.x + tick.at })),
      true,
    )
    .yTicks(ticks.map((tick) => ({ ...tick, at: box.y + tick.at })))
    .xLabel('Predicted label')
    .yLabel('True label');
  return svgDocument(width, HEATMAP_HEIGHT, 'Confusion matrix', [
    heatmap.toSvg(),
    colorbar(colorbarBox, blues, 0, highest, true),
  ]);
}

/** Room right of 100 % for the value printed after the longest bar. */
const ACCURACY_AXIS_END = 1.15;
const BAR_HEIGHT = 0.8;

function percent(fraction: number): string {
  return `${(100 * fraction).toFixed(1)}%`;
}

/**
 * Accuracy per class (see {@link perClassAccuracy}) as horizontal bars, first class at the top, each labelled
 * with its value; a class without test samples gets no bar and the note "no samples".
 *
 * @param accuracies One value 0–1 (or `NaN`) per class.
 * @returns an SVG document, 640 × 480.
 * @throws {LengthMismatchError} when there is not one value per class.
 * @throws {VizInputError} when a value is outside 0–1.
 * @example
 * ```ts
 * const svg = perClassAccuracyChart(perClassAccuracy(confusionMatrix(testLabels, predicted)));
 * ```
 */
export function perClassAccuracyChart(accuracies: readonly number[], options: ClassNamesOption = {}): string {
  const classNames = classNamesOf(options);
  if (accuracies.length !== classNames.length) {
    throw new LengthMismatchError(
      `accuracies has ${accuracies.length} values, expected one per class: ${classNames.length}`,
    );
  }
  accuracies.forEach((accuracy, i) => {
    if (!Number.isNaN(accuracy) && !(accuracy >= 0 && accuracy <= 1)) {
      throw new VizInputError(`accuracies[${i}] is ${accuracy}, expected a value from 0 to 1 (or NaN)`);
    }
  });

  const area = defaultAxesArea(DEFAULT_FIGURE);
  const nameWidth = yTickWidth(classNames);
  const x = Math.max(area.x, FIGURE_PAD + nameWidth);
  const box: Box = { ...area, x, width: area.x + area.width - x };
  const toX = linearScale([0, ACCURACY_AXIS_END], [box.x, box.x + box.width]);
  const [yHigh, yLow] = paddedLimits([-BAR_HEIGHT / 2, classNames.length - 1 + BAR_HEIGHT / 2]);
  // Inverted, so the first class is at the top as in the confusion matrix.
  const toY = linearScale([yHigh, yLow], [box.y, box.y + box.height]);

  const bars = accuracies.map((accuracy, label) => {
    const y = toY(label - BAR_HEIGHT / 2);
    const height = toY(label + BAR_HEIGHT / 2) - y;
    const valueLabel = text(Number.isNaN(accuracy) ? 'no samples' : percent(accuracy), {
      class: 'value',
      x: toX(Number.isNaN(accuracy) ? 0 : accuracy) + TICK_PAD,
      y: y + height / 2 + (CAP_HEIGHT * FONT_SIZE) / 2,
    });
    if (Number.isNaN(accuracy)) return valueLabel;
    const width = toX(accuracy) - toX(0);
    return element('rect', { class: 'bar', x: toX(0), y, width, height, fill: COLORS.training }) + valueLabel;
  });
  const xValues = niceTicks(0, 1, tickBudget(box.width / ACCURACY_AXIS_END, 'horizontal'));
  const xLabels = formatTicks(xValues.map((value) => 100 * value)).map((label) => `${label}%`);
  const axes = new Axes(box)
    .plot(...bars)
    .xTicks(ticksAt(xValues, toX, xLabels))
    .yTicks(classNames.map((name, label) => ({ at: toY(label), label: name })))
    .xLabel('Accuracy (share of each true class predicted right)');
  return svgDocument(DEFAULT_FIGURE.width, DEFAULT_FIGURE.height, 'Accuracy per class', [axes.toSvg()]);
}
