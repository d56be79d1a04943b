// What both entry points (Node and browser) export besides their loaders.
export * from './batches.js';
export {
  CLASS_NAMES,
  type ClassName,
  DATASET_FILE_KEYS,
  type DatasetFileKey,
  FASHION_MNIST_MANIFEST,
  IMAGE_HEIGHT,
  IMAGE_PIXELS,
  IMAGE_WIDTH,
  NUM_CLASSES,
  type SplitName,
} from './constants.js';
export type { DataSource, FashionMnist, LoadedSplit } from './dataset.js';
export * from './errors.js';
export type { LoadProgress } from './fetch.js';
export { parseIdx } from './idx.js';
export * from './split.js';
