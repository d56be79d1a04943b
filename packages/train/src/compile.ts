import { InvalidArgumentError } from '@fmnist/errors';
import type { LayersModel } from '@fmnist/model/layers';
import * as tf from '@tensorflow/tfjs-core';
import { TRAINING_DEFAULTS } from './defaults.js';

/** Options for {@link compileModel}. */
export interface CompileOptions {
  /** Adam's learning rate. Default {@link TRAINING_DEFAULTS}.learningRate (0.001). */
  learningRate?: number;
}

/**
 * Compile `model` with the {@link TRAINING_DEFAULTS}: Adam, sparse categorical cross-entropy, accuracy. The model
 * owns the optimizer: `model.dispose()` disposes it too. Returns the same model.
 *
 * @example
 * ```ts
 * const model = compileModel(createModel(), { learningRate: 3e-4 }); // createModel of @fmnist/model/layers
 * await model.fit(xs, ysFloat32, { batchSize: TRAINING_DEFAULTS.batchSize, epochs: 1 });
 * ```
 */
export function compileModel<M extends LayersModel>(model: M, options: CompileOptions = {}): M {
  const learningRate = options.learningRate ?? TRAINING_DEFAULTS.learningRate;
  if (!(learningRate > 0 && Number.isFinite(learningRate))) {
    throw new InvalidArgumentError(
      `compileModel: learningRate must be a positive number, got ${learningRate}`,
    );
  }
  const { beta1, beta2, epsilon, loss, metrics } = TRAINING_DEFAULTS;
  model.compile({
    optimizer: tf.train.adam(learningRate, beta1, beta2, epsilon),
    loss,
    metrics: [...metrics],
  });
  // tfjs only disposes optimizers it created from a name; ours is made here for this model, so hand it over.
  (model as unknown as { isOptimizerOwned: boolean }).isOptimizerOwned = true;
  return model;
}
