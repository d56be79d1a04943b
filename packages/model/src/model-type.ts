import type * as tf from '@tensorflow/tfjs-core';

/**
 * A classifier's tfjs Layers model, as the main entry point's types describe it: the members this package uses. At
 * run time it is a tfjs-layers `LayersModel`; `@fmnist/model/layers` has the loaders typed with that class. The
 * main entry point keeps tfjs-layers' declaration files out of a program that imports it, because they do not
 * compile under `strict` without `skipLibCheck`.
 */
export interface ClassifierModel {
  readonly name: string;
  readonly inputs: readonly { readonly shape: readonly (number | null)[] }[];
  readonly outputs: readonly { readonly shape: readonly (number | null)[] }[];
  /** Run the model on a batch of 28×28 images (`[n, 28, 28]`, 0–1); the result is `[n, 10]` probabilities. */
  predict(x: tf.Tensor, args?: { batchSize?: number }): tf.Tensor | tf.Tensor[];
  /** The layers' forward pass without `predict`'s batching; `training: false` for inference. */
  apply(inputs: tf.Tensor, kwargs?: { training?: boolean }): unknown;
  save(handlerOrURL: tf.io.IOHandler | string, config?: tf.io.SaveConfig): Promise<tf.io.SaveResult>;
  /** The metadata saved with the model (e.g. `{ testAccuracy: 0.88 }`), if any. */
  getUserDefinedMetadata(): unknown;
  countParams(): number;
  dispose(): unknown;
}

/** JSON-serialisable metadata stored as `userDefinedMetadata` in `model.json`. */
export type ModelMetadata = Record<string, unknown>;

/** Options for `saveModel`. */
export interface SaveModelOptions {
  /**
   * Extra metadata to store in `model.json` as `userDefinedMetadata` (e.g. the training configuration and test
   * accuracy). Merged over metadata set with `model.setUserDefinedMetadata()`; read it back with
   * `model.getUserDefinedMetadata()` after loading. Must be JSON-serialisable.
   */
  metadata?: ModelMetadata;
}
