/** What a `fmnist train` run produced: its report (the `--json` document), and what the saved model records. */
import type { FashionMnist } from '@fmnist/data';
import type { BackendInfo, BackendName, ModelMetadata } from '@fmnist/model';
import type { History, HistoryColumns } from '@fmnist/train';
import { round } from '../output.js';
import { absolutePath } from '../paths.js';
import { TRAIN_DEFAULTS, type TrainCommandOptions, type TrainerChoice, type TrainingSizes } from './train.js';

/** Per-epoch metrics as in `history.json`: Keras' keys, plus the seconds each epoch took. */
export type HistoryJson = HistoryColumns;

/** What `runTrain` did; also the `--json` document. */
export interface TrainReport {
  command: 'train';
  /** Absolute path of the saved model directory, or null if nothing was saved. */
  model: string | null;
  historyFile: string | null;
  /** The index.html of the pictures, when `--plots` was given. */
  plots: string | null;
  interrupted: boolean;
  /** Epochs completed. */
  epochs: number;
  history: HistoryJson;
  /** Test-set results; null when interrupted. */
  test: { loss: number; accuracy: number; count: number } | null;
  options: {
    epochs: number;
    batchSize: number;
    learningRate: number;
    validationSplit: number;
    seed: number;
    limit: number | null;
    hidden: number[];
    trainer: TrainerChoice;
    /** `--threads`, or null for the default. */
    threads: number | null;
    backend: BackendName;
    augment: 'photos' | null;
    photos: string | null;
  };
  trainer: string;
  /** Threads the trainer ran on: `--threads`, or the idle cores at the start (at most 2); tfjs-layers 1. */
  threads: number;
  backend: { backend: string; simd: boolean; threads: number };
  data: {
    kind: string;
    location: string;
    verified: boolean;
    trainCount: number;
    validationCount: number;
    testCount: number;
  };
  seconds: number;
  /** Peak resident memory of the process so far, in MB. */
  peakRssMB: number;
}

export /** The report of a finished (or interrupted) training run, before scoring and saving fill in the rest. */
function describeRun(
  options: TrainCommandOptions,
  history: History,
  backend: BackendInfo,
  data: FashionMnist,
  sizes: TrainingSizes,
): TrainReport {
  return {
    command: 'train',
    model: null,
    historyFile: null,
    plots: null,
    interrupted: history.stopped === 'aborted',
    epochs: history.epochs.length,
    history: history.history,
    test: null,
    options: {
      epochs: options.epochs,
      batchSize: options.batchSize,
      learningRate: options.learningRate,
      validationSplit: options.validationSplit,
      seed: options.seed,
      limit: options.limit ?? null,
      hidden: [...(options.hidden ?? TRAIN_DEFAULTS.hidden)],
      trainer: options.trainer,
      threads: options.threads ?? null,
      backend: options.backend,
      augment: options.augment ?? null,
      photos: options.photos ?? null,
    },
    trainer: history.trainer,
    threads: history.threads,
    backend: { backend: backend.backend, simd: backend.simd, threads: backend.threads },
    data: {
      kind: data.source.kind,
      location: absolutePath(data.source.location),
      verified: data.source.verified,
      trainCount: sizes.trainCount,
      validationCount: sizes.validationCount,
      testCount: data.test.count,
    },
    seconds: 0,
    peakRssMB: 0,
  };
}

export /** What the saved model.json records about its training. */
function metadataOf(report: TrainReport): ModelMetadata {
  return {
    trainingOptions: report.options,
    history: report.history,
    trainer: report.trainer,
    threads: report.threads,
    // Where the data was read from stays out: the model may be shared, the local path means nothing elsewhere.
    dataset: { ...report.data, location: undefined },
    trainedAt: new Date().toISOString(),
    epochsCompleted: report.epochs,
    ...(report.test ? { testAccuracy: report.test.accuracy, testLoss: report.test.loss } : {}),
  };
}

/** The report as the `--json` document prints it: numbers rounded to what is worth reading. */
export function jsonReport(report: TrainReport): TrainReport {
  const r = (values: number[] | undefined) => values?.map((v) => round(v));
  return {
    ...report,
    history: {
      loss: r(report.history.loss) ?? [],
      acc: r(report.history.acc) ?? [],
      ...(report.history.val_loss ? { val_loss: r(report.history.val_loss) ?? [] } : {}),
      ...(report.history.val_acc ? { val_acc: r(report.history.val_acc) ?? [] } : {}),
      seconds: report.history.seconds.map((s) => round(s, 3)),
    },
    seconds: round(report.seconds, 3),
    peakRssMB: round(report.peakRssMB, 1),
  };
}
