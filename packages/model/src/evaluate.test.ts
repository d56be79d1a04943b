import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { IMAGE_PIXELS } from '@fmnist/data';
import { syntheticFashionMnist } from '@fmnist/data/test';
import { createModel } from './model.js';
import { initBackend } from './backend.js';
import { evaluate } from './evaluate.js';

beforeAll(async () => {
  await initBackend();
});

/** The model's forward pass in plain JavaScript, in float64: an independent reference for tfjs's result. */
function referenceProbabilities(weights: Float32Array[], shapes: number[][], image: Uint8Array): number[] {
  let activation = Array.from(image, (pixel) => pixel / 255);
  for (let layer = 0; layer < weights.length / 2; layer++) {
    const kernel = weights[2 * layer] as Float32Array;
    const bias = weights[2 * layer + 1] as Float32Array;
    const [inputs = 0, outputs = 0] = shapes[2 * layer] as number[];
    const next = Array.from(bias, Number);
    for (let i = 0; i < inputs; i++) {
      const a = activation[i] as number;
      if (a !== 0)
        for (let o = 0; o < outputs; o++)
          next[o] = (next[o] as number) + a * (kernel[i * outputs + o] as number);
    }
    activation = layer < weights.length / 2 - 1 ? next.map((v) => Math.max(0, v)) : softmax(next);
  }
  return activation;
}

function softmax(logits: number[]): number[] {
  const top = Math.max(...logits);
  const exps = logits.map((v) => Math.exp(v - top));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((v) => v / sum);
}

describe('evaluate', () => {
  it('scores like an independent forward pass: loss, accuracy, predictions, confusion matrix', () => {
    const { test } = syntheticFashionMnist({ testCount: 37 });
    const model = createModel({ seed: 3 });
    const shapes = model.getWeights().map((w) => w.shape);
    const weights = model.getWeights().map((w) => w.dataSync() as Float32Array);
    let loss = 0;
    let correct = 0;
    const predicted: number[] = [];
    for (let n = 0; n < test.count; n++) {
      const p = referenceProbabilities(
        weights,
        shapes,
        test.images.subarray(n * IMAGE_PIXELS, (n + 1) * IMAGE_PIXELS),
      );
      const label = test.labels[n] as number;
      predicted.push(p.indexOf(Math.max(...p)));
      loss -= Math.log(p[label] as number);
      if (predicted[n] === label) correct++;
    }
    const result = evaluate(model, test, { batchSize: 10 });
    expect(result.count).toBe(37);
    expect(result.loss).toBeCloseTo(loss / test.count, 5);
    expect(result.accuracy).toBe(correct / test.count);
    expect(Array.from(result.predictions)).toEqual(predicted);
    expect(result.confusionMatrix.flat().reduce((a, b) => a + b, 0)).toBe(37);
    model.dispose();
  });

  it('leaves no tensor behind', () => {
    const { test } = syntheticFashionMnist({ testCount: 20 });
    const model = createModel({ seed: 1 });
    const before = tf.memory().numTensors;
    evaluate(model, test, { batchSize: 7 });
    evaluate(model, test);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});
