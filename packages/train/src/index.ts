/**
 * `@fmnist/train`: train the Fashion-MNIST classifier with TensorFlow.js, on the WASM backend. Backend set-up and
 * evaluation are `@fmnist/model`'s.
 *
 * @example
 * ```ts
 * import { loadFashionMnist } from '@fmnist/data';
 * import { evaluate, initBackend } from '@fmnist/model';
 * import { createModel } from '@fmnist/model/layers';
 * import { train } from '@fmnist/train';
 *
 * await initBackend();
 * const data = await loadFashionMnist();
 * const model = createModel({ seed: 42 });
 * await train(model, data.train, { epochs: 10 });
 * console.log(`test_acc: ${evaluate(model, data.test).accuracy.toFixed(4)}`);
 * ```
 */
export { concatSplits, withPhotoVariants } from './augment.js';
export { type CompileOptions, compileModel } from './compile.js';
export { TRAINING_DEFAULTS } from './defaults.js';
export {
  PhotoFolderError,
  TrainerDisposedError,
  TrainerWorkerError,
  TrainingDivergedError,
  UnsupportedModelError,
} from './errors.js';
export { defaultThreads } from './threads.js';
export {
  type BatchLogs,
  type EpochLogs,
  type History,
  type HistoryColumns,
  historyColumns,
  type TrainOptions,
  train,
} from './train.js';
export type { TrainerKind } from './trainer.js';
