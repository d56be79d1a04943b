/**
 * Fashion-MNIST pictures as pure functions returning SVG strings: the figures of the Keras "Basic classification"
 * tutorial (matplotlib look), plus training curves, a confusion matrix, per-class accuracy and misclassified
 * images. No DOM, no TensorFlow.js: inputs are plain arrays and typed arrays, so the same calls work in Node and in
 * the browser. For PNG files in Node, see `@fmnist/viz/png`.
 *
 * @example
 * ```ts
 * import { imageGrid } from '@fmnist/viz';
 * const images = Array.from({ length: 25 }, (_, i) => trainImages.subarray(i * 784, (i + 1) * 784));
 * document.body.innerHTML = imageGrid(images, trainLabels.slice(0, 25));
 * ```
 */

export { confusionMatrixHeatmap, perClassAccuracyChart } from './confusion.js';
export {
  ImageSizeError,
  LabelError,
  LengthMismatchError,
  ResvgMissingError,
  VizInputError,
} from './errors.js';
export { type TrainingHistory, trainingHistory } from './history.js';
export {
  type ImageGridOptions,
  imageGrid,
  imageWithColorbar,
  type MisclassifiedSample,
  misclassifiedGallery,
} from './images.js';
export type { ClassNamesOption } from './options.js';
export {
  type PredictionGridOptions,
  type PredictionSample,
  plotImage,
  plotValueArray,
  predictionGrid,
  type ValueArrayOptions,
} from './predictions.js';
export type { ImageInput } from './validate.js';
