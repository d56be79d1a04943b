import * as tf from '#tfjs-core';
import { imageBatchShape } from './input.js';
import type { ClassifierModel } from './model-type.js';

/**
 * One forward pass of `model` over `count` images (`pixels`: count × 784 floats 0–1): the class probabilities,
 * count × 10. Every tensor is disposed. The output leaves `tf.tidy` as a tensor and is read after it: a typed array
 * returned from `tf.tidy` is walked element by element in search of tensors, which costs more than the pass itself.
 */
export function forward(model: ClassifierModel, pixels: Float32Array, count: number): Float32Array {
  const output = tf.tidy(
    () =>
      model.apply(tf.tensor(pixels, imageBatchShape(model, count), 'float32'), {
        training: false,
      }) as tf.Tensor,
  );
  try {
    return output.dataSync() as Float32Array;
  } finally {
    output.dispose();
  }
}
