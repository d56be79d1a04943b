/**
 * `@fmnist/model/constants`: the model's fixed names and training configuration, without TensorFlow.js, for
 * tools (such as a CLI's option defaults) that must not load it.
 */

/** Hidden layer sizes of the specified architecture. */
export const DEFAULT_HIDDEN_UNITS: readonly number[] = Object.freeze([128, 128]);

/** Name of the model made by `createModel`. */
export const MODEL_NAME = 'fmnist_mlp';

/**
 * Layer names of the model made by `createModel`: `flatten`, `hidden_1` … `hidden_n`, `output`. These appear
 * in `model.json` (weights are named e.g. `hidden_1/kernel`), so they are part of the saved format.
 */
export const LAYER_NAMES = Object.freeze({
  flatten: 'flatten',
  hidden: (index: number): string => `hidden_${index}`,
  output: 'output',
});

/** File name of the topology + weights manifest in a saved model directory. */
export const MODEL_JSON_FILE = 'model.json';

/** File name of the weights in a saved model directory. */
export const WEIGHTS_FILE = 'weights.bin';

/**
 * Training configuration for the model, in one place: the CLI, the trainer and the web app read it from here.
 *
 * @example
 * ```ts
 * import { TRAINING_DEFAULTS } from '@fmnist/model/constants';
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
