import { binary, viridis } from './colormaps.js';
import {
  Axes,
  type Box,
  type CaptionLine,
  captionHeight,
  centeredSquare,
  colorbar,
  colorbarBeside,
  DEFAULT_FIGURE,
  defaultAxesArea,
  gridBoxes,
  imageElement,
  linearScale,
  ticksAt,
} from './figure.js';
import { type ClassNamesOption, className, classNamesOf } from './options.js';
import { COLORS } from './style.js';
import { svgDocument } from './svg.js';
import { textWidth } from './text-metrics.js';
import {
  checkImage,
  checkLabel,
  checkNotEmpty,
  checkPositiveInteger,
  checkSameLength,
  IMAGE_SIZE,
  type ImageInput,
} from './validate.js';

const DEFAULT_AREA = defaultAxesArea(DEFAULT_FIGURE);
/** `plt.colorbar()` shrinks the image's axes by 20 % of their width to make room for the bar. */
const COLORBAR_ROOM = 0.2;
const IMAGE_TICK_STEP = 5;

/**
 * One image in matplotlib's default colormap (viridis) with a colour bar, as `plt.imshow(img); plt.colorbar()`
 * shows it: the first look at a sample, showing that pixels run from 0 to 255.
 *
 * @param image 28×28 pixel values 0–255, row-major.
 * @returns an SVG document, 640 × 480.
 * @throws {ImageSizeError} when `image` does not have 784 values.
 * @example
 * ```ts
 * const svg = imageWithColorbar(trainImages.subarray(0, 784));
 * ```
 */
export function imageWithColorbar(image: ImageInput): string {
  checkImage(image);
  const imageArea = { ...DEFAULT_AREA, width: DEFAULT_AREA.width * (1 - COLORBAR_ROOM) };
  const imageBox = centeredSquare(imageArea);
  // imshow puts pixel centres on integer coordinates, so tick `i` sits in the middle of pixel `i`.
  const pixelCentres = Array.from(
    { length: Math.ceil(IMAGE_SIZE / IMAGE_TICK_STEP) },
    (_, i) => i * IMAGE_TICK_STEP,
  );
  const toX = linearScale([-0.5, IMAGE_SIZE - 0.5], [imageBox.x, imageBox.x + imageBox.width]);
  const toY = linearScale([-0.5, IMAGE_SIZE - 0.5], [imageBox.y, imageBox.y + imageBox.height]);
  const axes = new Axes(imageBox)
    .plot(imageElement(imageBox, image, IMAGE_SIZE, IMAGE_SIZE, viridis))
    .xTicks(ticksAt(pixelCentres, toX))
    .yTicks(ticksAt(pixelCentres, toY));
  return svgDocument(DEFAULT_FIGURE.width, DEFAULT_FIGURE.height, 'Image with colour bar', [
    axes.toSvg(),
    colorbar(colorbarBeside(imageArea), viridis, 0, 255),
  ]);
}

/** Image size and spacing close to the tutorial's 5 × 5 grid (on its 10 × 10 in figure). */
const GRID_IMAGE_SIDE = 133;
const GRID_GAP = 27;
const GRID_MARGIN = 50;
const CAPTION_ROOM = 10;

interface CaptionedImage {
  readonly image: ImageInput;
  readonly caption: readonly CaptionLine[];
}

/** Images in binary colours, without ticks, each with its caption lines under it; columns widen for long captions. */
function captionedImageGrid(items: readonly CaptionedImage[], columns: number, title: string): string {
  checkNotEmpty(items, 'images');
  checkPositiveInteger(columns, 'columns');
  items.forEach((item, i) => {
    checkImage(item.image, `images[${i}]`);
  });
  const rows = Math.ceil(items.length / columns);
  const lines = Math.max(...items.map((item) => item.caption.length));
  const widestCaption = Math.max(
    ...items.flatMap((item) => item.caption.map((line) => textWidth(line.text))),
  );
  const cellWidth = Math.max(GRID_IMAGE_SIDE, widestCaption + CAPTION_ROOM);
  const rowGap = Math.max(GRID_GAP, captionHeight(lines) + CAPTION_ROOM);
  const area: Box = {
    x: GRID_MARGIN,
    y: GRID_MARGIN,
    width: columns * cellWidth + (columns - 1) * GRID_GAP,
    height: rows * GRID_IMAGE_SIDE + (rows - 1) * rowGap,
  };
  const cells = gridBoxes(area, rows, columns, { row: rowGap, column: GRID_GAP });
  const panels = items.map((item, i) => {
    const box = centeredSquare(cells[i] as Box);
    return new Axes(box)
      .plot(imageElement(box, item.image, IMAGE_SIZE, IMAGE_SIZE, binary))
      .xLabel(item.caption, { class: 'caption' })
      .toSvg();
  });
  const width = area.width + 2 * GRID_MARGIN;
  const height = area.y + area.height + captionHeight(lines) + GRID_MARGIN;
  return svgDocument(width, height, title, panels);
}

/** Options of {@link imageGrid}. */
export interface ImageGridOptions extends ClassNamesOption {
  /** Images per row; 5 by default, as in the tutorial. */
  readonly columns?: number;
}

/**
 * Images in a grid, black on white (`plt.cm.binary`) with their class names under them and no ticks: the
 * tutorial's check of the first 25 training images before training.
 *
 * @param images 28×28 images, pixel values 0–255.
 * @param labels The class label of each image.
 * @returns an SVG document.
 * @throws {LengthMismatchError} when there are not as many labels as images.
 * @throws {ImageSizeError | LabelError} on a malformed image or label.
 * @example
 * ```ts
 * const first25 = Array.from({ length: 25 }, (_, i) => trainImages.subarray(i * 784, (i + 1) * 784));
 * const svg = imageGrid(first25, trainLabels.slice(0, 25));
 * ```
 */
export function imageGrid(
  images: readonly ImageInput[],
  labels: ArrayLike<number>,
  options: ImageGridOptions = {},
): string {
  checkSameLength(images, labels, 'images', 'labels');
  const classNames = classNamesOf(options);
  const items = images.map((image, i) => {
    const label = labels[i] as number;
    checkLabel(label, classNames.length, `labels[${i}]`);
    return { image, caption: [{ text: className(classNames, label) }] };
  });
  return captionedImageGrid(items, options.columns ?? 5, 'Images with their class names');
}

/** A test image the model got wrong, for {@link misclassifiedGallery}. */
export interface MisclassifiedSample {
  readonly image: ImageInput;
  readonly trueLabel: number;
  readonly predictedLabel: number;
  /** The model's probability for the predicted class, 0–1, shown as a percentage when given. */
  readonly confidence?: number;
}

/**
 * Misclassified test images in a grid, each captioned with its true class (blue) and the model's prediction
 * (red), the colours of the tutorial's prediction plots.
 *
 * @returns an SVG document.
 * @throws {ImageSizeError | LabelError} on a malformed image or label.
 * @example
 * ```ts
 * const wrong = evaluate(model, test).misclassified.slice(0, 20); // evaluate of @fmnist/model
 * const svg = misclassifiedGallery(
 *   wrong.map(({ index, trueLabel, predictedLabel }) => ({
 *     image: testImages.subarray(index * 784, (index + 1) * 784),
 *     trueLabel,
 *     predictedLabel,
 *   })),
 * );
 * ```
 */
export function misclassifiedGallery(
  samples: readonly MisclassifiedSample[],
  options: ImageGridOptions = {},
): string {
  const classNames = classNamesOf(options);
  const items = samples.map((sample, i) => {
    checkLabel(sample.trueLabel, classNames.length, `samples[${i}].trueLabel`);
    checkLabel(sample.predictedLabel, classNames.length, `samples[${i}].predictedLabel`);
    const confidence = sample.confidence === undefined ? '' : ` ${Math.round(100 * sample.confidence)}%`;
    return {
      image: sample.image,
      caption: [
        { text: `True: ${className(classNames, sample.trueLabel)}`, color: COLORS.right },
        { text: `Pred: ${className(classNames, sample.predictedLabel)}${confidence}`, color: COLORS.wrong },
      ],
    };
  });
  return captionedImageGrid(items, options.columns ?? 5, 'Misclassified test images');
}
