import {
  CLASS_NAMES,
  type ClassName,
  IMAGE_HEIGHT,
  IMAGE_PIXELS,
  IMAGE_WIDTH,
  NUM_CLASSES,
} from '@fmnist/data';
import { ImageInputError, ModelDisposedError, ModelInputError } from './errors.js';
import { forward } from './forward.js';
import { imageModelProblem } from './input.js';
import type { ClassifierModel } from './model-type.js';

/**
 * One 28×28 greyscale image, row-major, in one of these forms:
 *
 * - `Uint8Array` / `Uint8ClampedArray` of 784 pixels, 0–255 (as in the dataset or canvas data);
 * - `Float32Array` / `Float64Array` / `number[]` of 784 values, 0–1;
 * - 28 rows of 28 numbers (`number[][]`), 0–1.
 *
 * The type decides the scale: plain numbers are always 0–1 (values outside it throw, so 0–255 data is not
 * misread); wrap 0–255 numbers in a `Uint8Array`.
 */
export type ImageInput =
  | Uint8Array
  | Uint8ClampedArray
  | Float32Array
  | Float64Array
  | readonly number[]
  | readonly (readonly number[])[];

/** A batch of images: an array of {@link ImageInput}s, or one flat typed array of `n × 784` pixels. */
export type BatchInput = readonly ImageInput[] | Uint8Array | Uint8ClampedArray | Float32Array | Float64Array;

/** What the model makes of one image. */
export interface Prediction {
  /** Index of the most probable class, 0–9. */
  label: number;
  /** Name of that class, e.g. `'Ankle boot'`. */
  className: ClassName;
  /** Its probability, 0–1. */
  confidence: number;
  /** Probability of each of the 10 classes, in label order; sums to 1. */
  probabilities: number[];
}

/**
 * Images per model call for batches. The model is called with `model.apply` on chunks of this size rather than
 * through `model.predict`, whose batching (a `gather` per batch from the whole input) is ~25× slower on WASM.
 */
const CHUNK_SIZE = 1024;

function isBytes(x: unknown): x is Uint8Array | Uint8ClampedArray {
  return x instanceof Uint8Array || x instanceof Uint8ClampedArray;
}

function isFloats(x: unknown): x is Float32Array | Float64Array {
  return x instanceof Float32Array || x instanceof Float64Array;
}

/** Copy `count` 0–1 values from `source[from…]` into `out[at…]`, checking the range. */
function copyUnit(
  source: ArrayLike<number>,
  from: number,
  count: number,
  out: Float32Array,
  at: number,
  what: string,
) {
  for (let i = 0; i < count; i++) {
    const v = source[from + i] as number;
    // Written so that NaN fails too.
    if (!(v >= 0 && v <= 1)) {
      const hint =
        v > 1 && v <= 255
          ? '; plain numbers and float arrays are read as 0–1, pass 0–255 pixels as a Uint8Array'
          : '';
      throw new ImageInputError(`${what}: value ${v} at index ${from + i} is outside 0–1${hint}`);
    }
    out[at + i] = v;
  }
}

/** Write one image (any {@link ImageInput} form) as 784 floats 0–1 into `out` at `at`. */
function writeImage(image: ImageInput, out: Float32Array, at: number, what: string): void {
  if (isBytes(image)) {
    if (image.length !== IMAGE_PIXELS) {
      throw new ImageInputError(
        `${what}: expected ${IMAGE_PIXELS} pixels (28×28), got ${image.length}${batchHint(image.length)}`,
      );
    }
    for (let i = 0; i < IMAGE_PIXELS; i++) out[at + i] = (image[i] as number) / 255;
    return;
  }
  if (isFloats(image)) {
    if (image.length !== IMAGE_PIXELS) {
      throw new ImageInputError(
        `${what}: expected ${IMAGE_PIXELS} values (28×28), got ${image.length}${batchHint(image.length)}`,
      );
    }
    copyUnit(image, 0, IMAGE_PIXELS, out, at, what);
    return;
  }
  if (!Array.isArray(image)) {
    throw new ImageInputError(
      `${what}: expected a Uint8Array, Float32Array, number[] or number[][], got ${describe(image)}`,
    );
  }
  if (image.length === IMAGE_PIXELS && image.every((v) => typeof v === 'number')) {
    copyUnit(image as readonly number[], 0, IMAGE_PIXELS, out, at, what);
    return;
  }
  if (
    image.length === IMAGE_HEIGHT &&
    image.every((row) => Array.isArray(row) && row.length === IMAGE_WIDTH)
  ) {
    for (let r = 0; r < IMAGE_HEIGHT; r++) {
      const row = image[r] as readonly number[];
      copyUnit(row, 0, IMAGE_WIDTH, out, at + r * IMAGE_WIDTH, `${what}, row ${r}`);
    }
    return;
  }
  throw new ImageInputError(
    `${what}: expected 784 numbers or 28 rows of 28, got an array of ${image.length} ${describe(image[0])}` +
      (image.length !== IMAGE_PIXELS && image.length !== IMAGE_HEIGHT
        ? '; for several images use classifyBatch'
        : ''),
  );
}

function batchHint(length: number): string {
  return length > IMAGE_PIXELS && length % IMAGE_PIXELS === 0
    ? `; for ${length / IMAGE_PIXELS} images use classifyBatch`
    : '';
}

function describe(x: unknown): string {
  if (Array.isArray(x)) return `array(${x.length})`;
  if (x === null) return 'null';
  if (typeof x === 'object') return (x as object).constructor?.name ?? 'object';
  return typeof x;
}

function checkModel(model: ClassifierModel): void {
  const problem = imageModelProblem(model);
  if (problem !== undefined) {
    throw new ModelInputError(`model '${model.name}' cannot classify Fashion-MNIST images: ${problem}`, {
      hint: 'use a model from createModel or loadModel',
    });
  }
}

/** Run the model on `count` images already written to `pixels` (count × 784 floats 0–1). */
/**
 * {@link forward}, with tfjs' own error for a disposed model ("Layer '…' is already disposed", its only sign of that
 * state) turned into a {@link ModelDisposedError}.
 */
function forwardUndisposed(model: ClassifierModel, pixels: Float32Array, count: number): Float32Array {
  try {
    return forward(model, pixels, count);
  } catch (error) {
    if (error instanceof Error && /is already disposed/.test(error.message)) {
      throw new ModelDisposedError(`model ${model.name}: used after dispose()`, {
        hint: 'load or create the model again',
        cause: error,
      });
    }
    throw error;
  }
}

function predict(model: ClassifierModel, pixels: Float32Array, count: number): Prediction[] {
  checkModel(model);
  if (count === 0) return [];
  const probabilities = new Float32Array(count * NUM_CLASSES);
  for (let start = 0; start < count; start += CHUNK_SIZE) {
    const size = Math.min(CHUNK_SIZE, count - start);
    const chunk = forwardUndisposed(
      model,
      pixels.subarray(start * IMAGE_PIXELS, (start + size) * IMAGE_PIXELS),
      size,
    );
    probabilities.set(chunk, start * NUM_CLASSES);
  }
  const predictions: Prediction[] = new Array(count);
  for (let n = 0; n < count; n++) {
    const p = Array.from(probabilities.subarray(n * NUM_CLASSES, (n + 1) * NUM_CLASSES));
    let label = 0;
    for (let c = 1; c < NUM_CLASSES; c++) if ((p[c] as number) > (p[label] as number)) label = c;
    predictions[n] = {
      label,
      className: CLASS_NAMES[label] as ClassName,
      confidence: p[label] as number,
      probabilities: p,
    };
  }
  return predictions;
}

/**
 * Classify one 28×28 image. See {@link ImageInput} for the accepted forms; a `Uint8Array` is read as 0–255,
 * everything else as 0–1. For several images at once use {@link classifyBatch} (one model call, much faster).
 *
 * @throws ImageInputError if the input is not one 28×28 image, or plain/float values fall outside 0–1.
 * @example
 * ```ts
 * import { classify, loadPretrained } from '@fmnist/model';
 * const model = await loadPretrained();
 * const { className, confidence } = classify(model, test.images.subarray(0, 784));
 * // className: 'Ankle boot', confidence: 0.98
 * ```
 */
export function classify(model: ClassifierModel, image: ImageInput): Prediction {
  const pixels = new Float32Array(IMAGE_PIXELS);
  writeImage(image, pixels, 0, 'classify: image');
  return predict(model, pixels, 1)[0] as Prediction;
}

/**
 * Classify a batch of images in one model call: an array of images (each any {@link ImageInput} form), or one
 * flat typed array holding `n × 784` pixels back to back (`Uint8Array` 0–255, `Float32Array` 0–1), as in the
 * dataset's `Split.images`. Returns one prediction per image, in order.
 *
 * @throws ImageInputError if an image is malformed or the flat array's length is not a multiple of 784.
 * @example
 * ```ts
 * import { classifyBatch } from '@fmnist/model';
 * const predictions = classifyBatch(model, test.images.subarray(0, 100 * 784)); // 100 predictions
 * const accuracy = predictions.filter((p, i) => p.label === test.labels[i]).length / 100;
 * ```
 */
export function classifyBatch(model: ClassifierModel, images: BatchInput): Prediction[] {
  if (isBytes(images) || isFloats(images)) {
    if (images.length % IMAGE_PIXELS !== 0) {
      throw new ImageInputError(
        `classifyBatch: a flat array must hold n × ${IMAGE_PIXELS} pixels, got ${images.length} (${(images.length / IMAGE_PIXELS).toFixed(2)} images)`,
      );
    }
    const count = images.length / IMAGE_PIXELS;
    const pixels = new Float32Array(images.length);
    if (isBytes(images)) for (let i = 0; i < images.length; i++) pixels[i] = (images[i] as number) / 255;
    else copyUnit(images, 0, images.length, pixels, 0, 'classifyBatch: images');
    return predict(model, pixels, count);
  }
  if (!Array.isArray(images)) {
    throw new ImageInputError(
      `classifyBatch: expected an array of images or a flat typed array, got ${describe(images)}`,
    );
  }
  const pixels = new Float32Array(images.length * IMAGE_PIXELS);
  for (const [n, image] of images.entries())
    writeImage(image, pixels, n * IMAGE_PIXELS, `classifyBatch: image ${n}`);
  return predict(model, pixels, images.length);
}
