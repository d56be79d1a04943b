import { ImageSizeError, LabelError, LengthMismatchError, VizInputError } from './errors.js';

/** Fashion-MNIST images are square, this many pixels a side. */
export const IMAGE_SIZE = 28;

/** A 28×28 greyscale image, row-major, one value 0–255 per pixel (a `Uint8Array` or a subarray of a batch). */
export type ImageInput = ArrayLike<number>;

export function checkImage(image: ImageInput, what = 'image'): void {
  if (image.length !== IMAGE_SIZE * IMAGE_SIZE) {
    throw new ImageSizeError(
      `${what} has ${image.length} pixels, expected ${IMAGE_SIZE}×${IMAGE_SIZE} = ${IMAGE_SIZE * IMAGE_SIZE}`,
    );
  }
}

export function checkLabel(label: number, numClasses: number, what = 'label'): void {
  if (!Number.isInteger(label) || label < 0 || label >= numClasses)
    throw new LabelError(`${what} is ${label}, expected an integer from 0 to ${numClasses - 1}`);
}

export function checkSameLength(
  first: ArrayLike<unknown>,
  second: ArrayLike<unknown>,
  firstName: string,
  secondName: string,
): void {
  if (first.length !== second.length) {
    throw new LengthMismatchError(
      `${firstName} has ${first.length} values but ${secondName} has ${second.length}; they must pair up`,
    );
  }
}

export function checkFinite(values: ArrayLike<number>, what: string): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i]))
      throw new VizInputError(`${what}[${i}] is ${values[i]}, expected a finite number`);
  }
}

export function checkNotEmpty(values: ArrayLike<unknown>, what: string): void {
  if (values.length === 0) throw new VizInputError(`${what} is empty: there is nothing to draw`);
}

export function checkPositiveInteger(value: number, what: string): void {
  if (!Number.isInteger(value) || value < 1)
    throw new VizInputError(`${what} is ${value}, expected a positive integer`);
}
