// What both entry points (Node and browser) export besides saving and loading.
export {
  type BatchInput,
  type ClassName,
  classify,
  classifyBatch,
  type ImageInput,
  type Prediction,
} from './classify.js';
export { ImageInputError, ModelInputError, ModelLoadError, ModelSaveError } from './errors.js';
export { imageBatchShape, imageModelProblem } from './input.js';
export { MODEL_JSON_FILE, type ModelMetadata, type SaveModelOptions, WEIGHTS_FILE } from './io-common.js';
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
