/**
 * `@fmnist/model/layers`: making and summarising models, and the loaders typed with tfjs-layers' own classes, for
 * training and advanced use. Importing it brings tfjs-layers' declaration files into a TypeScript program (they
 * need `skipLibCheck` under `strict`); the main entry point's types do not. Node and browsers alike: the loaders
 * come from `#io` (see `index.ts`).
 *
 * @example
 * ```ts
 * import { createModel, summary } from '@fmnist/model/layers';
 * console.log(summary(createModel({ seed: 1 })));
 * ```
 */
import type * as tfl from '@tensorflow/tfjs-layers';
import * as io from '#io';
import type { LoadClassifierOptions } from './classifier.js';
import type { PretrainedKind } from './pretrained.js';

export type { LayersModel, Sequential } from '@tensorflow/tfjs-layers';
export { type CreateModelOptions, createModel } from './model.js';
export { summary } from './summary.js';

// The same functions as the main entry point's: what they return is a tfjs-layers LayersModel at run time.
/** `loadModel` of the main entry point, returning tfjs-layers' `LayersModel`. */
export const loadModel = io.loadModel as (location: io.ModelLocation) => Promise<tfl.LayersModel>;
/** `loadPretrained` of the main entry point, returning tfjs-layers' `LayersModel`. */
export const loadPretrained = io.loadPretrained as (kind?: PretrainedKind) => Promise<tfl.LayersModel>;
/** `loadClassifier` of the main entry point, its `model` typed as tfjs-layers' `LayersModel`. */
export const loadClassifier = io.loadClassifier as (
  options?: LoadClassifierOptions,
) => Promise<io.Classifier<tfl.LayersModel>>;
