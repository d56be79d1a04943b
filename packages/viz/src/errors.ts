/** Thrown when a drawing or metric function is given data it cannot draw or count. */
export class VizInputError extends Error {
  override name = 'VizInputError';
}

/** Thrown when an image is not 28×28 = 784 pixel values. */
export class ImageSizeError extends VizInputError {
  override name = 'ImageSizeError';
}

/** Thrown when a class label is not an integer in `[0, number of classes)`. */
export class LabelError extends VizInputError {
  override name = 'LabelError';
}

/** Thrown when arrays that pair up element by element (labels, predictions, probabilities) differ in length. */
export class LengthMismatchError extends VizInputError {
  override name = 'LengthMismatchError';
}
