import { type Split, shuffledIndices, splitValidation } from '@fmnist/data';
import { InvalidArgumentError } from '@fmnist/errors';
import { evaluate, imageModelProblem } from '@fmnist/model';
import type { LayersModel } from '@fmnist/model/layers';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { compileModel } from './compile.js';
import { TRAINING_DEFAULTS } from './defaults.js';
import { TrainingDivergedError, UnsupportedModelError } from './errors.js';
import { createFastTrainer, supportsFastPath } from './fast/index.js';
import { createLayersTrainer } from './layers-trainer.js';
import { defaultThreads, MAX_THREADS } from './threads.js';
import type { BatchTrainer, TrainerKind } from './trainer.js';

/** Running means over the epoch so far, as Keras' progress bar shows them. */
export interface BatchLogs {
  /** Batches done in this epoch. */
  readonly batch: number;
  readonly batches: number;
  readonly loss: number;
  readonly acc: number;
}

/**
 * The record of one completed epoch: what `onEpochEnd` receives and {@link History.epochs} holds. Keras' names;
 * `val_*` when a validation split is held out.
 */
export interface EpochLogs {
  /** The epoch's index, from 0. */
  readonly epoch: number;
  /** Mean training loss over the epoch's examples. */
  readonly loss: number;
  /** Fraction of the epoch's training examples classified right (before each update). */
  readonly acc: number;
  readonly val_loss?: number;
  readonly val_acc?: number;
  /** Wall-clock seconds of the epoch, validation included. */
  readonly seconds: number;
  /** Optimiser updates (batches) in the epoch. */
  readonly steps: number;
}

/** Epoch records as columns, keyed like Keras' `History.history`, plus the seconds of each epoch. */
export interface HistoryColumns {
  loss: number[];
  acc: number[];
  val_loss?: number[];
  val_acc?: number[];
  seconds: number[];
}

export interface TrainOptions {
  /** Default 10. */
  epochs?: number;
  /** Examples per Adam update. Default 32. */
  batchSize?: number;
  /** Adam's learning rate. Default 0.001. */
  learningRate?: number;
  /** Hold out the last fraction of the training split for validation, as Keras does. Default 0. */
  validationSplit?: number;
  /** Seed of the per-epoch shuffles. Default 0. */
  seed?: number;
  /**
   * `'auto'` (default) takes the fast path when the model allows it (Flatten + Dense relu… + Dense softmax on the
   * WASM backend), else tfjs-layers; `'fast'` insists (throws `UnsupportedModelError`); `'layers'` forces tfjs-layers.
   */
  trainer?: 'auto' | TrainerKind;
  /**
   * Threads of the fast trainer: 1, or 2 (Node), each batch split between this thread and a worker. The weights come
   * out bit for bit the same either way. Default {@link defaultThreads}: the idle cores, at most 2, and 1 on a busy
   * machine. tfjs-layers always trains on 1.
   */
  threads?: number;
  /**
   * Called after every epoch with its record, and every record so far (this one last); a returned promise is
   * awaited. The same records come back in {@link History.epochs}.
   */
  onEpochEnd?: (epoch: number, logs: EpochLogs, epochs: readonly EpochLogs[]) => void | Promise<void>;
  /** Called after every batch; a returned promise is awaited. */
  onBatchEnd?: (logs: BatchLogs) => void | Promise<void>;
  /** Stops training at the next batch; the model keeps the last completed epoch's weights. */
  signal?: AbortSignal;
}

/** What `train` returns: the record of every completed epoch, and the same numbers in Keras' shape. */
export interface History {
  /** The record of every completed epoch, in order: the ones `onEpochEnd` received. */
  readonly epochs: readonly EpochLogs[];
  /** Keras' `History.epoch`: the indices of the completed epochs. */
  readonly epoch: number[];
  /** Keras' `History.history` (plus `seconds`): {@link historyColumns} of `epochs`. */
  readonly history: HistoryColumns;
  /** Which trainer ran. */
  readonly trainer: TrainerKind;
  /** Threads it ran on (tfjs-layers: 1). */
  readonly threads: number;
  /** Set when `signal` stopped training early. */
  readonly stopped?: 'aborted';
}

/** Longest stretch of synchronous training before giving the event loop a turn (signals, timers, repaints). */
const YIELD_EVERY_MS = 50;

/**
 * Trains `model` on `data`, Keras-style: shuffles every epoch, one Adam update per batch, optional validation.
 * The model is (re)compiled with the training defaults and `learningRate`.
 *
 * @example
 * ```ts
 * const history = await train(model, data.train, { epochs: 10, onEpochEnd: (e, logs) => console.log(e, logs.acc) });
 * ```
 */
export async function train(
  trainable: LayersModel,
  data: Split,
  options: TrainOptions = {},
): Promise<History> {
  // A tfjs-layers model at run time: its structural type (@fmnist/model/layers) keeps tfjs-layers' declarations
  // out of callers' programs, while training works on the class itself.
  const model = trainable as unknown as tfl.LayersModel;
  const epochs = options.epochs ?? TRAINING_DEFAULTS.epochs;
  const batchSize = options.batchSize ?? TRAINING_DEFAULTS.batchSize;
  const seed = options.seed ?? 0;
  const { train: trainSplit, validation } = splitValidation(data, options.validationSplit ?? 0);
  const learningRate = options.learningRate ?? TRAINING_DEFAULTS.learningRate;
  const problem = imageModelProblem(model);
  if (problem !== undefined) {
    throw new UnsupportedModelError(`cannot train model '${model.name}' on Fashion-MNIST: ${problem}`, {
      hint: 'give it one input of 784 values per image (e.g. [28, 28] or [28, 28, 1]) and a 10-way softmax output',
    });
  }
  const threads = options.threads ?? defaultThreads();
  if (threads !== 1 && threads !== MAX_THREADS)
    throw new InvalidArgumentError(`threads must be 1 or ${MAX_THREADS}, not ${threads}`);
  compileModel(model, { learningRate });
  const trainer = createTrainer(model, options.trainer ?? 'auto', { learningRate, batchSize, threads });
  const records: EpochLogs[] = [];
  let lastGoodWeights = snapshotWeights(model);
  const batches = Math.ceil(trainSplit.count / batchSize);
  let stopped: History['stopped'];
  // Measured across epochs: small epochs (a few ms each) must not starve signal handlers and timers either.
  let lastYield = performance.now();
  try {
    for (let epoch = 0; epoch < epochs && !stopped; epoch++) {
      const started = performance.now();
      const order = shuffledIndices(trainSplit.count, seed + epoch);
      let lossSum = 0;
      let correct = 0;
      let seen = 0;
      for (let batch = 0; batch < batches; batch++) {
        if (options.signal?.aborted) {
          stopped = 'aborted';
          break;
        }
        const indices = order.subarray(
          batch * batchSize,
          Math.min((batch + 1) * batchSize, trainSplit.count),
        );
        // Awaited only when asynchronous: the fast trainer's steps should not cost a promise each.
        const pending = trainer.step(trainSplit, indices);
        const step = pending instanceof Promise ? await pending : pending;
        if (!Number.isFinite(step.loss)) {
          restoreWeights(model, lastGoodWeights);
          throw diverged(`loss became ${step.loss} in epoch ${epoch + 1}, batch ${batch + 1}`, learningRate);
        }
        lossSum += step.loss * indices.length;
        correct += step.correct;
        seen += indices.length;
        const callback = options.onBatchEnd?.({
          batch: batch + 1,
          batches,
          loss: lossSum / seen,
          acc: correct / seen,
        });
        if (callback instanceof Promise) await callback;
        if (performance.now() - lastYield > YIELD_EVERY_MS) {
          await new Promise((resolve) => setTimeout(resolve, 0));
          lastYield = performance.now();
        }
      }
      if (stopped) break;
      trainer.syncWeights();
      const weights = snapshotWeights(model);
      if (weights.some((values) => !values.every(Number.isFinite))) {
        restoreWeights(model, lastGoodWeights);
        throw diverged(`weights stopped being finite in epoch ${epoch + 1}`, learningRate);
      }
      lastGoodWeights = weights;
      const scored = validation.count > 0 ? evaluate(model, validation) : undefined;
      const record: EpochLogs = {
        epoch,
        loss: lossSum / seen,
        acc: correct / seen,
        ...(scored ? { val_loss: scored.loss, val_acc: scored.accuracy } : {}),
        seconds: (performance.now() - started) / 1000,
        steps: batches,
      };
      records.push(record);
      await options.onEpochEnd?.(epoch, record, records);
    }
    if (stopped) restoreWeights(model, lastGoodWeights);
  } finally {
    trainer.dispose();
  }
  return {
    epochs: records,
    epoch: records.map((record) => record.epoch),
    history: historyColumns(records),
    trainer: trainer.kind,
    threads: trainer.kind === 'fast' ? threads : 1,
    ...(stopped ? { stopped } : {}),
  };
}

/**
 * Epoch records as columns: the shape of Keras' `History.history`, of `history.json`, and of what `@fmnist/viz`'s
 * `trainingHistory` draws. `val_*` only when the records have them.
 *
 * @example
 * ```ts
 * const { loss, acc, seconds } = historyColumns(history.epochs);
 * ```
 */
export function historyColumns(epochs: readonly EpochLogs[]): HistoryColumns {
  const columns: HistoryColumns = {
    loss: epochs.map((e) => e.loss),
    acc: epochs.map((e) => e.acc),
    seconds: epochs.map((e) => e.seconds),
  };
  if (epochs.length > 0 && epochs.every((e) => e.val_loss !== undefined && e.val_acc !== undefined)) {
    columns.val_loss = epochs.map((e) => e.val_loss as number);
    columns.val_acc = epochs.map((e) => e.val_acc as number);
  }
  return columns;
}

function diverged(what: string, learningRate: number): TrainingDivergedError {
  return new TrainingDivergedError(what, { hint: `lower the learning rate (it was ${learningRate})` });
}

/** The fast path when the model allows it (and was not told otherwise), else tfjs-layers. */
function createTrainer(
  model: tfl.LayersModel,
  choice: NonNullable<TrainOptions['trainer']>,
  { learningRate, batchSize, threads }: { learningRate: number; batchSize: number; threads: 1 | 2 },
): BatchTrainer {
  if (choice !== 'layers') {
    const support = supportsFastPath(model);
    if (support.supported) {
      const { beta1, beta2, epsilon } = TRAINING_DEFAULTS;
      const fast = createFastTrainer(model, {
        learningRate,
        beta1,
        beta2,
        epsilon,
        maxBatchSize: batchSize,
        threads,
      });
      return {
        kind: 'fast',
        step: (split, indices) => fast.step(split.images, split.labels, indices),
        syncWeights: () => fast.syncToModel(),
        dispose: () => fast.dispose(),
      };
    }
    if (choice === 'fast') {
      throw new UnsupportedModelError(
        `the fast trainer cannot train model '${model.name}': ${support.reason}`,
        {
          hint: "use trainer: 'auto' or 'layers'",
        },
      );
    }
  }
  return createLayersTrainer(model);
}

/** The model's weights as plain arrays: cheap (118k floats) and safe from the optimiser's in-place updates. */
function snapshotWeights(model: tfl.LayersModel): Float32Array[] {
  return model
    .getWeights()
    .map((weight) => weight.dataSync() as Float32Array)
    .map((values) => values.slice());
}

function restoreWeights(model: tfl.LayersModel, snapshot: Float32Array[]): void {
  const shapes = model.getWeights().map((weight) => weight.shape);
  const tensors = snapshot.map((values, i) => tf.tensor(values, shapes[i]));
  model.setWeights(tensors);
  tf.dispose(tensors);
}
