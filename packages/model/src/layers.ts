/**
 * `@fmnist/model/layers`: making and summarising models, and the loaders typed as trainable Keras models, for
 * training and advanced use. Its types describe the models structurally ({@link LayersModel}), so a program that
 * imports it compiles under `strict` without `skipLibCheck` (tfjs-layers' own declaration files do not); at run time
 * the models are tfjs-layers `LayersModel`s. Node and browsers alike: the loaders come from `#io` (see `index.ts`).
 *
 * @example
 * ```ts
 * import { createModel, summary } from '@fmnist/model/layers';
 * console.log(summary(createModel({ seed: 1 })));
 * ```
 */
import * as io from '#io';
import type { LoadClassifierOptions } from './classifier.js';
import * as definition from './model.js';
import type { CreateModelOptions, LayersModel } from './model-type.js';
import type { PretrainedKind } from './pretrained.js';
import * as text from './summary.js';

export type { CreateModelOptions, FitHistory, LayersModel, ModelLayer } from './model-type.js';

/**
 * Creates the Fashion-MNIST classifier, uncompiled: Flatten (input 28×28) → Dense 128 ReLU → Dense 128 ReLU →
 * Dense 10 softmax, Glorot-uniform kernels and zero biases (Keras' defaults), 118,282 parameters. Compile and train
 * it with `@fmnist/train`.
 *
 * @throws {InvalidArgumentError} if `hiddenUnits` holds anything but positive integers, or `seed` is not finite.
 * @example
 * ```ts
 * const model = createModel({ seed: 42 });
 * model.countParams(); // 118282
 * model.layers.map((l) => l.name); // ['flatten', 'hidden_1', 'hidden_2', 'output']
 * ```
 */
export const createModel = definition.createModel as (options?: CreateModelOptions) => LayersModel;

/**
 * A Keras-style text summary of `model` (layers, output shapes, parameter counts, totals), returned instead of
 * printed as `model.summary()` does.
 *
 * @example
 * ```ts
 * console.log(summary(createModel())); // Model: "fmnist_mlp" … Total params: 118,282 …
 * ```
 */
export const summary = text.summary as (model: LayersModel) => string;

// The same functions as the main entry point's, described as trainable models.
/** `loadModel` of the main entry point, returning the model as a {@link LayersModel}. */
export const loadModel = io.loadModel as (location: io.ModelLocation) => Promise<LayersModel>;
/** `loadPretrained` of the main entry point, returning the model as a {@link LayersModel}. */
export const loadPretrained = io.loadPretrained as (kind?: PretrainedKind) => Promise<LayersModel>;
/** `loadClassifier` of the main entry point, its `model` a {@link LayersModel}. */
export const loadClassifier = io.loadClassifier as (
  options?: LoadClassifierOptions,
) => Promise<io.Classifier<LayersModel>>;
