import { IMAGE_HEIGHT, IMAGE_WIDTH, NUM_CLASSES } from '@fmnist/data';
import { InvalidArgumentError } from '@fmnist/errors';
import * as tfl from '#tfjs-layers';
import { DEFAULT_HIDDEN_UNITS, LAYER_NAMES, MODEL_NAME } from './constants.js';
import type { CreateModelOptions } from './model-type.js';

/** Per-layer seed derived from the model seed, so layers get unrelated streams (not seed, seed+1, …). */
function layerSeed(seed: number, layer: number): number {
  let h = (Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(layer + 1, 0x85ebca77)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  return (h ^ (h >>> 15)) >>> 0;
}

/**
 * Create the Fashion-MNIST classifier, uncompiled: Flatten (input 28×28) → Dense 128 ReLU → Dense 128 ReLU →
 * Dense 10 softmax, with Glorot-uniform kernels and zero biases (Keras' defaults). 118,282 parameters.
 *
 * @throws {InvalidArgumentError} if `hiddenUnits` holds anything but positive integers, or `seed` is not a finite
 *   number.
 * @example
 * ```ts
 * import { createModel } from '@fmnist/model/layers';
 * const model = createModel({ seed: 42 });
 * model.countParams(); // 118282
 * model.layers.map((l) => l.name); // ['flatten', 'hidden_1', 'hidden_2', 'output']
 * ```
 */
export function createModel(options: CreateModelOptions = {}): tfl.Sequential {
  const hiddenUnits = options.hiddenUnits ?? DEFAULT_HIDDEN_UNITS;
  for (const units of hiddenUnits) {
    if (!Number.isInteger(units) || units < 1) {
      throw new InvalidArgumentError(
        `createModel: hiddenUnits must be positive integers, got [${hiddenUnits.join(', ')}]`,
      );
    }
  }
  const { seed } = options;
  if (seed !== undefined && !Number.isFinite(seed)) {
    throw new InvalidArgumentError(`createModel: seed must be a finite number, got ${seed}`);
  }
  const kernelInitializer = (layer: number) =>
    tfl.initializers.glorotUniform(seed === undefined ? {} : { seed: layerSeed(seed, layer) });

  const model = tfl.sequential({ name: options.name ?? MODEL_NAME });
  model.add(tfl.layers.flatten({ name: LAYER_NAMES.flatten, inputShape: [IMAGE_HEIGHT, IMAGE_WIDTH] }));
  hiddenUnits.forEach((units, i) => {
    model.add(
      tfl.layers.dense({
        name: LAYER_NAMES.hidden(i + 1),
        units,
        activation: 'relu',
        kernelInitializer: kernelInitializer(i),
        biasInitializer: 'zeros',
      }),
    );
  });
  model.add(
    tfl.layers.dense({
      name: LAYER_NAMES.output,
      units: NUM_CLASSES,
      activation: 'softmax',
      kernelInitializer: kernelInitializer(hiddenUnits.length),
      biasInitializer: 'zeros',
    }),
  );
  return model;
}
