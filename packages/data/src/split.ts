import { InvalidArgumentError } from '@fmnist/errors';
import { IMAGE_HEIGHT, IMAGE_PIXELS, IMAGE_WIDTH } from './constants.js';
import { CountMismatchError, IdxFormatError } from './errors.js';
import { parseIdx } from './idx.js';

/** One part of the dataset: `count` images of 28×28 uint8 pixels (row-major, one after another) and their labels. */
export interface Split {
  readonly images: Uint8Array;
  readonly labels: Uint8Array;
  readonly count: number;
}

/** Builds a split from the raw IDX contents of an image file and a label file, checking that they agree. */
export function splitFromIdx(
  imageBytes: Uint8Array,
  labelBytes: Uint8Array,
  names: { images: string; labels: string },
): Split {
  const images = parseIdx(imageBytes, { file: names.images, rank: 3 });
  const labels = parseIdx(labelBytes, { file: names.labels, rank: 1 });
  const [count = 0, rows, cols] = images.dims;
  if (rows !== IMAGE_HEIGHT || cols !== IMAGE_WIDTH) {
    throw new IdxFormatError(
      `${names.images}: images are ${rows}×${cols}, expected ${IMAGE_HEIGHT}×${IMAGE_WIDTH}; use 28×28 grayscale IDX data`,
    );
  }
  if (labels.dims[0] !== count) {
    throw new CountMismatchError(
      `${names.labels}: ${labels.dims[0]} labels for ${count} images in ${names.images}; use files from the same split`,
    );
  }
  return { images: images.data, labels: labels.data, count };
}

/** The images of `split` at `index`, as a 784-byte view. */
export function imageAt(split: Split, index: number): Uint8Array {
  return split.images.subarray(index * IMAGE_PIXELS, (index + 1) * IMAGE_PIXELS);
}

/** The first `count` examples of `split` (views, no copy). */
export function takeFirst(split: Split, count: number): Split {
  const kept = Math.min(count, split.count);
  return {
    images: split.images.subarray(0, kept * IMAGE_PIXELS),
    labels: split.labels.subarray(0, kept),
    count: kept,
  };
}

/**
 * Holds out the last `fraction` of `split` for validation, as Keras' `validationSplit` does (before any shuffling).
 *
 * @example
 * ```ts
 * const { train, validation } = splitValidation(data.train, 0.1); // 54,000 and 6,000 examples
 * ```
 */
export function splitValidation(split: Split, fraction: number): { train: Split; validation: Split } {
  if (!(fraction >= 0 && fraction < 1))
    throw new InvalidArgumentError(`validation fraction ${fraction} is not in [0, 1)`);
  const trainCount = split.count - Math.floor(split.count * fraction);
  return {
    train: takeFirst(split, trainCount),
    validation: {
      images: split.images.subarray(trainCount * IMAGE_PIXELS),
      labels: split.labels.subarray(trainCount),
      count: split.count - trainCount,
    },
  };
}
