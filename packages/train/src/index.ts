/**
 * `@fmnist/train`: train and evaluate the Fashion-MNIST classifier with TensorFlow.js, on the WASM backend.
 *
 * @example
 * ```ts
 * import { loadFashionMnist } from '@fmnist/data';
 * import { createModel } from '@fmnist/model';
 * import { evaluate, initBackend, train } from '@fmnist/train';
 *
 * await initBackend();
 * const data = await loadFashionMnist();
 * const model = createModel({ seed: 42 });
 * await train(model, data.train, { epochs: 10 });
 * console.log(`test_acc: ${evaluate(model, data.test).accuracy.toFixed(4)}`);
 * ```
 */
export {
  type BackendInfo,
  type BackendName,
  type BackendOptions,
  describeBackend,
  initBackend,
} from './backend.js';
export { TrainingDivergedError, UnsupportedModelError } from './errors.js';
export { type EvaluateOptions, type Evaluation, evaluate } from './evaluate.js';
export { type BatchLogs, type EpochLogs, type History, type TrainOptions, train } from './train.js';
export type { TrainerKind } from './trainer.js';
export {
  type ConfigSummary,
  configLabel,
  expandGrid,
  type MeanStd,
  meanStd,
  parameterCount,
  type RunResult,
  runSweep,
  type SweepConfig,
  type SweepGrid,
  type SweepOptions,
  type SweepOutcome,
  type SweepProgress,
  type SweepRun,
  selectShard,
  summarizeSweep,
} from './sweep/index.js';
