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

/** One layer of a {@link LayersModel}: the members of tfjs-layers' `Layer` that code outside training touches. */
export interface ModelLayer {
  readonly name: string;
  /** Whether training updates this layer's weights. */
  trainable: boolean;
  /** The Keras class name, e.g. `'Dense'`. */
  getClassName(): string;
  /** The layer's configuration as Keras serialises it (`units`, `activation`, …). */
  getConfig(): Record<string, unknown>;
  getWeights(trainableOnly?: boolean): tf.Tensor[];
  setWeights(weights: tf.Tensor[]): void;
  countParams(): number;
}

/** What `model.fit` resolves to: the metrics per epoch, by name (`loss`, `acc`, `val_loss`, `val_acc`). */
export interface FitHistory {
  readonly history: Record<string, (number | tf.Tensor)[]>;
}

/**
 * A tfjs-layers model as `@fmnist/model/layers` describes it: the classifier's members plus those of a Keras model
 * that code trains and inspects it with. At run time it is a tfjs-layers `LayersModel` (cast to that class for
 * anything else); the description keeps tfjs-layers' declaration files, which do not compile under `strict`
 * without `skipLibCheck`, out of a program that imports `@fmnist/model/layers`.
 */
export interface LayersModel extends ClassifierModel {
  readonly layers: readonly ModelLayer[];
  /** The layer named `name` (Keras' `get_layer`). */
  getLayer(name: string): ModelLayer;
  /** The optimizer `compile` was given (set once compiled). */
  readonly optimizer: tf.Optimizer;
  /** The variables training updates, in the order of `getWeights(true)`. */
  readonly trainableWeights: readonly { readonly name: string; readonly shape: readonly (number | null)[] }[];
  compile(args: { optimizer: string | tf.Optimizer; loss: string | string[]; metrics?: string[] }): void;
  fit(
    x: tf.Tensor,
    y: tf.Tensor,
    args?: {
      batchSize?: number;
      epochs?: number;
      validationSplit?: number;
      shuffle?: boolean;
      verbose?: 0 | 1;
    },
  ): Promise<FitHistory>;
  evaluate(x: tf.Tensor, y: tf.Tensor, args?: { batchSize?: number }): tf.Scalar | tf.Scalar[];
  getWeights(trainableOnly?: boolean): tf.Tensor[];
  setWeights(weights: tf.Tensor[]): void;
  /** Stored in `model.json` as `userDefinedMetadata` when the model is saved. */
  setUserDefinedMetadata(metadata: Record<string, unknown>): void;
}

/** Options for {@link createModel}. The defaults are the specified architecture. */
export interface CreateModelOptions {
  /** Units of each hidden ReLU layer, in order. Default `[128, 128]`. */
  hiddenUnits?: readonly number[];
  /**
   * Seed for the Glorot-uniform kernel initialisers: the same seed gives the same weights. Without one the
   * initial weights are random. Each layer gets its own stream derived from this seed.
   */
  seed?: number;
  /** Name of the model. Default `'fmnist_mlp'`. */
  name?: string;
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
