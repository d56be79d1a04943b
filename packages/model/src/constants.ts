/**
 * `@fmnist/model/constants`: the model's fixed names and sizes, without TensorFlow.js, for tools (such as a CLI's
 * option defaults) that must not load it.
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
