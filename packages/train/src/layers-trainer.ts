import { IMAGE_PIXELS, normalizeImages, type Split } from '@fmnist/data';
import { imageBatchShape } from '@fmnist/model';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { BatchTrainer, StepResult } from './trainer.js';
import { registerWasmConvGradient } from './wasm-conv-grad.js';

/**
 * Trains through tfjs-layers (`model.trainOnBatch`), so any compiled model whose input holds an image's 784 values
 * works, a CNN too: the fallback for layer kinds the fast path does not know. Each batch takes the model's own input
 * shape. Labels go in as float32 because tfjs-layers floors them.
 */
export function createLayersTrainer(model: tfl.LayersModel): BatchTrainer {
  if (tf.getBackend() === 'wasm') registerWasmConvGradient();
  let pixels = new Float32Array(0);
  return {
    kind: 'layers',
    async step(split: Split, indices: Uint32Array): Promise<StepResult> {
      if (pixels.length !== indices.length * IMAGE_PIXELS)
        pixels = new Float32Array(indices.length * IMAGE_PIXELS);
      normalizeImages(split, indices, pixels);
      const labels = Float32Array.from(indices, (index) => split.labels[index] as number);
      const [xs, ys] = [tf.tensor(pixels, imageBatchShape(model, indices.length)), tf.tensor1d(labels)];
      try {
        const [loss, accuracy] = (await model.trainOnBatch(xs, ys)) as number[];
        return { loss: loss as number, correct: Math.round((accuracy as number) * indices.length) };
      } finally {
        xs.dispose();
        ys.dispose();
      }
    },
    syncWeights() {},
    dispose() {},
  };
}
