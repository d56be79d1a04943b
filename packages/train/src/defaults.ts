/**
 * `@fmnist/train/defaults`: the training configuration, without TensorFlow.js, for tools (such as a CLI's option
 * defaults or a page's form) that must not load it.
 */

/**
 * How the model is trained, in one place: `train`, `compileModel`, the CLI's and the web app's defaults read it
 * from here.
 *
 * @example
 * ```ts
 * import { TRAINING_DEFAULTS } from '@fmnist/train/defaults';
 * console.log(TRAINING_DEFAULTS.epochs, TRAINING_DEFAULTS.batchSize); // 10 32
 * ```
 */
export const TRAINING_DEFAULTS = Object.freeze({
  /** Adam, with Keras' constants. */
  optimizer: 'adam',
  learningRate: 0.001,
  beta1: 0.9,
  beta2: 0.999,
  epsilon: 1e-7,
  /** Labels are class indices (0–9), given as float32: tfjs-layers calls `floor` on them. */
  loss: 'sparseCategoricalCrossentropy',
  /** Reported in history as `acc` / `val_acc`. */
  metrics: Object.freeze(['accuracy']) as readonly string[],
  batchSize: 32,
  epochs: 10,
} as const);
