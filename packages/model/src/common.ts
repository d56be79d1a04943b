// What both main entry points (Node and browser) export besides saving and loading.
export {
  type BackendInfo,
  type BackendName,
  type BackendOptions,
  describeBackend,
  initBackend,
} from './backend.js';
export type {
  Classification,
  LoadClassifierOptions,
  PictureClassifier,
  PixelsInput,
} from './classifier.js';
export {
  type BatchInput,
  classify,
  classifyBatch,
  type ImageInput,
  type Prediction,
} from './classify.js';
export {
  BackendUnavailableError,
  ImageInputError,
  ModelDisposedError,
  ModelInputError,
  ModelLoadError,
  ModelSaveError,
} from './errors.js';
export { type EvaluateOptions, type Evaluation, evaluate } from './evaluate.js';
export { imageBatchShape, imageModelProblem } from './input.js';
export type { Misclassification } from './metrics.js';
export type { ClassifierModel, ModelMetadata, SaveModelOptions } from './model-type.js';
export {
  PHOTO_MODEL_URL,
  PHOTO_WEIGHTS_URL,
  PRETRAINED_MODEL_URL,
  PRETRAINED_WEIGHTS_URL,
  type PretrainedKind,
} from './pretrained.js';
