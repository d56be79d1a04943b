import { FmnistError } from '@fmnist/errors';

/** Thrown when a drawing or metric function is given data it cannot draw or count. */
export class VizInputError extends FmnistError {
  static override readonly brand: symbol = Symbol.for('@fmnist/viz.VizInputError');
  static override readonly code: string = 'VIZ_INPUT';
  override readonly name: string = 'VizInputError';
}

/** Thrown when an image is not 28×28 = 784 pixel values. */
export class ImageSizeError extends VizInputError {
  static override readonly brand: symbol = Symbol.for('@fmnist/viz.ImageSizeError');
  static override readonly code: string = 'IMAGE_SIZE';
  override readonly name: string = 'ImageSizeError';
}

/** Thrown when a class label is not an integer in `[0, number of classes)`. */
export class LabelError extends VizInputError {
  static override readonly brand: symbol = Symbol.for('@fmnist/viz.LabelError');
  static override readonly code: string = 'LABEL_RANGE';
  override readonly name: string = 'LabelError';
}

/** Thrown when arrays that pair up element by element (labels, predictions, probabilities) differ in length. */
export class LengthMismatchError extends VizInputError {
  static override readonly brand: symbol = Symbol.for('@fmnist/viz.LengthMismatchError');
  static override readonly code: string = 'LENGTH_MISMATCH';
  override readonly name: string = 'LengthMismatchError';
}

/** Thrown by `svgToPng` when the optional peer dependency `@resvg/resvg-js` is not installed. */
export class ResvgMissingError extends FmnistError {
  static override readonly brand: symbol = Symbol.for('@fmnist/viz.ResvgMissingError');
  static override readonly code: string = 'RESVG_MISSING';
  override readonly name: string = 'ResvgMissingError';
}
