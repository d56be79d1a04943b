import { binary } from './colormaps.js';
import { LengthMismatchError } from './errors.js';
import {
  Axes,
  type Box,
  type CaptionLine,
  captionHeight,
  centeredSquare,
  DEFAULT_FIGURE,
  defaultAxesArea,
  gridBoxes,
  imageElement,
  inches,
  linearScale,
  paddedLimits,
  xTickDepth,
} from './figure.js';
import { type ClassNamesOption, className, classNamesOf } from './options.js';
import { COLORS, FIGURE_PAD } from './style.js';
import { element, svgDocument } from './svg.js';
import { textWidth } from './text-metrics.js';
import {
  checkFinite,
  checkImage,
  checkLabel,
  checkNotEmpty,
  checkPositiveInteger,
  IMAGE_SIZE,
  type ImageInput,
} from './validate.js';

/** One test image with the model's output for it, for {@link predictionGrid}. */
export interface PredictionSample {
  /** 28×28 pixel values 0–255, row-major. */
  readonly image: ImageInput;
  /** The model's probability for each class (softmax output), in label order. */
  readonly probabilities: ArrayLike<number>;
  readonly trueLabel: number;
}

function checkPrediction(
  probabilities: ArrayLike<number>,
  trueLabel: number,
  classNames: readonly string[],
): void {
  if (probabilities.length !== classNames.length) {
    throw new LengthMismatchError(
      `probabilities has ${probabilities.length} values, expected one per class: ${classNames.length}`,
    );
  }
  checkFinite(probabilities, 'probabilities');
  checkLabel(trueLabel, classNames.length, 'trueLabel');
}

/** `plot_image`'s caption, "predicted confidence% (true)", blue when the prediction is right and red if not. */
function predictionCaption(sample: PredictionSample, classNames: readonly string[]): CaptionLine {
  const predictedLabel = mostProbable(sample.probabilities);
  const confidence = Math.round(100 * (sample.probabilities[predictedLabel] as number));
  const predicted = className(classNames, predictedLabel);
  return {
    text: `${predicted} ${confidence}% (${className(classNames, sample.trueLabel)})`,
    color: predictedLabel === sample.trueLabel ? COLORS.right : COLORS.wrong,
  };
}

/** The tutorial's `plot_image`: the image in binary colours with its prediction caption. */
function predictionImagePanel(box: Box, sample: PredictionSample, classNames: readonly string[]): string {
  const square = centeredSquare(box);
  return new Axes(square)
    .plot(imageElement(square, sample.image, IMAGE_SIZE, IMAGE_SIZE, binary))
    .xLabel([predictionCaption(sample, classNames)], { class: 'caption' })
    .toSvg();
}

/** Matplotlib's default bar width, in class units. */
const BAR_WIDTH = 0.8;

/**
 * The tutorial's `plot_value_array`: a grey bar per class on a 0–1 axis without y ticks, the predicted class red
 * and the true class blue (blue wins when they are the same).
 */
function valueArrayPanel(
  box: Box,
  probabilities: ArrayLike<number>,
  trueLabel: number,
  tickNames: readonly string[] | undefined,
): string {
  const classes = probabilities.length;
  const predictedLabel = mostProbable(probabilities);
  const toX = linearScale(paddedLimits([-BAR_WIDTH / 2, classes - 1 + BAR_WIDTH / 2]), [
    box.x,
    box.x + box.width,
  ]);
  const toY = linearScale([0, 1], [box.y + box.height, box.y]);
  const bars = Array.from({ length: classes }, (_, label) => {
    // plt.ylim([0, 1]) clips a bar at the axes' edges.
    const top = toY(Math.min(1, Math.max(0, probabilities[label] as number)));
    const fill = label === trueLabel ? COLORS.right : label === predictedLabel ? COLORS.wrong : COLORS.bar;
    const left = toX(label - BAR_WIDTH / 2);
    const attributes = { class: 'bar', x: left, y: top, width: toX(label + BAR_WIDTH / 2) - left };
    return element('rect', { ...attributes, height: toY(0) - top, fill });
  });
  const ticks = Array.from({ length: classes }, (_, label) => ({
    at: toX(label),
    label: tickNames ? className(tickNames, label) : String(label),
  }));
  return new Axes(box)
    .plot(...bars)
    .xTicks(ticks, tickNames !== undefined)
    .toSvg();
}

const PANEL_FIGURE_SIDE = inches(3);

/**
 * The tutorial's `plot_image`: a test image in binary colours with the caption
 * `"{predicted} {confidence}% ({true})"`, blue when the prediction is right and red when it is wrong.
 *
 * @param image 28×28 pixel values 0–255, row-major.
 * @param probabilities The model's probability per class.
 * @param trueLabel The image's class.
 * @returns an SVG document, 300 × 300.
 * @throws {ImageSizeError | LengthMismatchError | LabelError} on malformed input.
 * @example
 * ```ts
 * const svg = plotImage(testImages.subarray(0, 784), [0, 0, 0, 0, 0, 0.01, 0, 0.01, 0, 0.98], 9);
 * // caption: "Ankle boot 98% (Ankle boot)", in blue
 * ```
 */
export function plotImage(
  image: ImageInput,
  probabilities: ArrayLike<number>,
  trueLabel: number,
  options: ClassNamesOption = {},
): string {
  const classNames = classNamesOf(options);
  checkImage(image);
  checkPrediction(probabilities, trueLabel, classNames);
  const box: Box = {
    x: FIGURE_PAD,
    y: FIGURE_PAD,
    width: PANEL_FIGURE_SIDE - 2 * FIGURE_PAD,
    height: PANEL_FIGURE_SIDE - 2 * FIGURE_PAD - captionHeight(1),
  };
  return svgDocument(PANEL_FIGURE_SIDE, PANEL_FIGURE_SIDE, 'Test image with its prediction', [
    predictionImagePanel(box, { image, probabilities, trueLabel }, classNames),
  ]);
}

/** Option of the plots with a bar per class. */
interface TickLabelsOption {
  /** Label the bars with class indices 0–9 (the default, as in `plot_value_array`) or with class names at 45°. */
  readonly tickLabels?: 'indices' | 'names';
}

/** The class names the bars carry, or undefined when they carry indices. */
function tickNamesOf(
  options: TickLabelsOption,
  classNames: readonly string[],
): readonly string[] | undefined {
  return options.tickLabels === 'names' ? classNames : undefined;
}

/** How far below a bars panel its tick labels reach. */
function barTickDepth(tickNames: readonly string[] | undefined): number {
  return xTickDepth(tickNames ?? ['0'], tickNames !== undefined);
}

/** Options of {@link plotValueArray}. */
export interface ValueArrayOptions extends ClassNamesOption, TickLabelsOption {}

/**
 * The tutorial's `plot_value_array`: the model's probability per class as grey bars on a 0–1 axis, the predicted
 * class in red and the true class in blue. With `tickLabels: 'names'` the bars carry the class names at 45°, as the
 * tutorial's last picture of a single prediction (with the names kept inside the figure).
 *
 * @param probabilities The model's probability per class.
 * @param trueLabel The sample's class.
 * @returns an SVG document, 640 × 480.
 * @throws {LengthMismatchError | LabelError} on malformed input.
 * @example
 * ```ts
 * const svg = plotValueArray([0.02, 0, 0.9, 0, 0.05, 0, 0.03, 0, 0, 0], 2, { tickLabels: 'names' });
 * ```
 */
export function plotValueArray(
  probabilities: ArrayLike<number>,
  trueLabel: number,
  options: ValueArrayOptions = {},
): string {
  const classNames = classNamesOf(options);
  checkPrediction(probabilities, trueLabel, classNames);
  const tickNames = tickNamesOf(options, classNames);
  const box = defaultAxesArea(DEFAULT_FIGURE, barTickDepth(tickNames) + FIGURE_PAD);
  return svgDocument(DEFAULT_FIGURE.width, DEFAULT_FIGURE.height, 'Predicted probability per class', [
    valueArrayPanel(box, probabilities, trueLabel, tickNames),
  ]);
}

/** Options of {@link predictionGrid}. */
export interface PredictionGridOptions extends ClassNamesOption, TickLabelsOption {
  /** Image–bars pairs per row; 3 by default, as in the tutorial. */
  readonly columns?: number;
}

/**
 * Test images with their predictions, each as `plot_image` beside `plot_value_array`, in a grid: the tutorial's
 * 5 rows × 3 columns of the first 15 test images, on a figure of 2·2·columns × 2·rows inches. With
 * `tickLabels: 'names'` the bars carry the class names at 45°, and each row grows by the room they take.
 *
 * @returns an SVG document (1200 × 1000 for 15 samples in 3 columns, with index ticks).
 * @throws {ImageSizeError | LengthMismatchError | LabelError} on malformed input.
 * @example
 * ```ts
 * const samples = Array.from({ length: 15 }, (_, i) => ({
 *   image: testImages.subarray(i * 784, (i + 1) * 784),
 *   probabilities: predictions.subarray(i * 10, (i + 1) * 10),
 *   trueLabel: testLabels[i],
 * }));
 * const svg = predictionGrid(samples);
 * ```
 */
export function predictionGrid(
  samples: readonly PredictionSample[],
  options: PredictionGridOptions = {},
): string {
  const classNames = classNamesOf(options);
  const columns = options.columns ?? 3;
  checkPositiveInteger(columns, 'columns');
  checkNotEmpty(samples, 'samples');
  samples.forEach((sample, i) => {
    checkImage(sample.image, `samples[${i}].image`);
    checkPrediction(sample.probabilities, sample.trueLabel, classNames);
  });
  const tickNames = tickNamesOf(options, classNames);
  const rows = Math.ceil(samples.length / columns);
  const width = inches(2 * 2 * columns);
  // Like plt.tight_layout(): a pad round the figure and between panels, plus room for captions and tick labels.
  const belowPanels = (names: readonly string[] | undefined) =>
    Math.max(captionHeight(1), barTickDepth(names));
  // Class names need more room than indices: the figure grows by it rather than shrink the panels.
  const height = inches(2 * rows) + rows * (belowPanels(tickNames) - belowPanels(undefined));
  const padded: Box = {
    x: FIGURE_PAD,
    y: FIGURE_PAD,
    width: width - 2 * FIGURE_PAD,
    height: height - 2 * FIGURE_PAD - belowPanels(tickNames),
  };
  const gap = { row: belowPanels(tickNames) + FIGURE_PAD, column: 2 * FIGURE_PAD };
  // Captions are centred under images in the first column and may be wider: shift the grid so they stay inside.
  const cellWidth = (gridBoxes(padded, rows, 2 * columns, gap)[0] as Box).width;
  const widestCaption = Math.max(
    ...samples.map((sample) => textWidth(predictionCaption(sample, classNames).text)),
  );
  const overhang = Math.max(0, (widestCaption - cellWidth) / 2);
  const area: Box = { ...padded, x: padded.x + overhang, width: padded.width - overhang };
  const cells = gridBoxes(area, rows, 2 * columns, gap);
  const panels = samples.flatMap((sample, i) => {
    const imageCell = cells[2 * i] as Box;
    const barsCell = cells[2 * i + 1] as Box;
    return [
      predictionImagePanel(imageCell, sample, classNames),
      valueArrayPanel(barsCell, sample.probabilities, sample.trueLabel, tickNames),
    ];
  });
  return svgDocument(width, height, 'Test images with their predictions', panels);
}

/** The class with the highest probability, the first one on ties, as `np.argmax` picks it. */
function mostProbable(probabilities: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < probabilities.length; i++) {
    if ((probabilities[i] as number) > (probabilities[best] as number)) best = i;
  }
  return best;
}
