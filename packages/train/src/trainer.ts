import type { Split } from '@fmnist/data';

/** What one training step reports: the batch's mean loss and how many of its examples were classified right. */
export interface StepResult {
  readonly loss: number;
  readonly correct: number;
}

/** One way of training a model batch by batch. `train` drives it; each kind lives in a module of its own. */
export interface BatchTrainer {
  readonly kind: TrainerKind;
  /** One optimiser update on the examples of `split` at `indices`. */
  step(split: Split, indices: Uint32Array): StepResult | Promise<StepResult>;
  /** Makes the layers model hold the trained weights (a no-op for trainers that train it in place). */
  syncWeights(): void;
  dispose(): void;
}

/** `fast`: fmnist's own path for Dense stacks on WASM. `layers`: tfjs-layers' `trainOnBatch`, for any model. */
export type TrainerKind = 'fast' | 'layers';
