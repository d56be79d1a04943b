/**
 * `@fmnist/model`: the Fashion-MNIST classifier as a tfjs Layers model: create, compile, summarise, save, load,
 * classify, and pretrained weights. This is the browser entry point, picked by bundlers through the
 * `"browser"` export condition: the same API as in Node, but saving and loading go through tfjs URL schemes only.
 */
export {
  type BatchInput,
  type ClassName,
  classify,
  classifyBatch,
  type ImageInput,
  type Prediction,
} from './classify.js';
export { ImageInputError, ModelLoadError, ModelSaveError } from './errors.js';
export { MODEL_JSON_FILE, type ModelMetadata, type SaveModelOptions, WEIGHTS_FILE } from './io-common.js';
export { loadModel, loadPretrained, type ModelLocation, saveModel } from './io-browser.js';
export {
  type CompileOptions,
  type CreateModelOptions,
  compileModel,
  createModel,
  DEFAULT_HIDDEN_UNITS,
  LAYER_NAMES,
  MODEL_NAME,
  TRAINING_DEFAULTS,
} from './model.js';
export { PRETRAINED_MODEL_URL, PRETRAINED_WEIGHTS_URL } from './pretrained.js';
export { summary } from './summary.js';
