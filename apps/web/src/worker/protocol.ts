import type { Split } from '@fmnist/data';
import type { Evaluation, Prediction } from '@fmnist/model';
import type { io } from '@tensorflow/tfjs-core';

/**
 * What the training worker is asked to do: load the test split (once; it keeps it for scoring and hands the page a
 * copy), score a model, train one. `stop` ends a running `train`.
 */
export type WorkerRequest =
  | { readonly type: 'load-test'; readonly id: number }
  | { readonly type: 'score'; readonly id: number; readonly artifacts: io.ModelArtifacts }
  | { readonly type: 'train'; readonly id: number; readonly settings: TrainSettings }
  | { readonly type: 'stop' };

export interface TrainSettings {
  readonly epochs: number;
  readonly batchSize: number;
  /** Train on the first `limit` training images. */
  readonly limit: number;
}

/** A model's scores on the test split, and its predictions for the first test images (for the figure). */
export interface Scored {
  readonly evaluation: Evaluation;
  readonly first: Prediction[];
}

/** What the worker reports. */
export type WorkerReply =
  | {
      readonly type: 'download';
      readonly id: number;
      readonly loaded: number;
      readonly total: number | undefined;
    }
  | { readonly type: 'test'; readonly id: number; readonly test: Split }
  | { readonly type: 'training'; readonly id: number; readonly count: number }
  | {
      readonly type: 'batch';
      readonly id: number;
      readonly epoch: number;
      readonly batch: number;
      readonly batches: number;
      readonly loss: number;
      readonly acc: number;
    }
  | {
      readonly type: 'epoch';
      readonly id: number;
      readonly epoch: number;
      readonly loss: number;
      readonly acc: number;
      readonly seconds: number;
    }
  | { readonly type: 'scoring'; readonly id: number }
  | { readonly type: 'scored'; readonly id: number; readonly scored: Scored }
  | {
      readonly type: 'trained';
      readonly id: number;
      /** Undefined when stopped before the first epoch ended. */
      readonly result:
        | {
            readonly artifacts: io.ModelArtifacts;
            readonly epochs: number;
            readonly stopped: boolean;
            readonly count: number;
            readonly scored: Scored;
          }
        | undefined;
    }
  | { readonly type: 'failed'; readonly id: number; readonly message: string };
