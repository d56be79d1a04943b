import '@tensorflow/tfjs-backend-wasm';
import { CLASS_NAMES } from '@fmnist/data';
import { syntheticFashionMnist } from '@fmnist/data/test';
import { FmnistError } from '@fmnist/errors';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { classify, classifyBatch, type Prediction } from './classify.js';
import { ImageInputError, ModelDisposedError, ModelInputError } from './errors.js';
import { createModel } from './model.js';

let model: tfl.Sequential;
let tensorsBefore = 0;
const { test } = syntheticFashionMnist({ testCount: 12, seed: 9 });
const image = (n: number) => test.images.slice(n * 784, (n + 1) * 784);

beforeAll(async () => {
  await tf.setBackend('wasm');
  model = createModel({ seed: 11 });
  tensorsBefore = tf.memory().numTensors;
});
afterAll(() => {
  expect(tf.memory().numTensors).toBe(tensorsBefore);
  model.dispose();
});

/**
 * The model's class probabilities computed without tfjs ops: the Dense layers as plain float64 loops over the
 * kernels and biases read from the model, then a softmax of the logits.
 */
function reference(pixels01: ArrayLike<number>): number[] {
  const dense = model.layers.slice(1).map((layer) => {
    const [kernel, bias] = layer.getWeights() as [tf.Tensor, tf.Tensor];
    return { kernel: kernel.dataSync(), bias: bias.dataSync(), inputs: kernel.shape[0] as number };
  });
  let x = Array.from(pixels01);
  dense.forEach(({ kernel, bias, inputs }, l) => {
    const outputs = bias.length;
    const y = Array.from(bias, Number);
    for (let i = 0; i < inputs; i++) {
      for (let j = 0; j < outputs; j++)
        y[j] = (y[j] as number) + (x[i] as number) * (kernel[i * outputs + j] as number);
    }
    x = l < dense.length - 1 ? y.map((v) => Math.max(0, v)) : y;
  });
  const max = Math.max(...x);
  const exps = x.map((v) => Math.exp(v - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((v) => v / sum);
}

/** Element-wise toBeCloseTo. */
function expectClose(actual: readonly number[], expected: readonly number[], digits = 6) {
  expect(actual).toHaveLength(expected.length);
  for (let i = 0; i < actual.length; i++) expect(actual[i]).toBeCloseTo(expected[i] as number, digits);
}

function expectMatchesReference(prediction: Prediction, pixels01: ArrayLike<number>) {
  const expected = reference(pixels01);
  expect(prediction.probabilities).toHaveLength(10);
  expect(Array.isArray(prediction.probabilities)).toBe(true);
  expectClose(prediction.probabilities, expected);
  expect(prediction.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
  const label = expected.indexOf(Math.max(...expected));
  expect(prediction.label).toBe(label);
  expect(prediction.className).toBe(CLASS_NAMES[label]);
  expect(prediction.confidence).toBe(prediction.probabilities[label]);
}

describe('classify', () => {
  it('classifies one uint8 image (0–255) as the plain-JS forward pass does', () => {
    const pixels = image(0);
    expectMatchesReference(
      classify(model, pixels),
      Array.from(pixels, (v) => v / 255),
    );
  });

  it('gives the same answer for the image as Uint8ClampedArray, Float32Array, Float64Array, number[] and 28×28 rows', () => {
    const pixels = image(1);
    const unit = Float32Array.from(pixels, (v) => v / 255);
    const expected = classify(model, pixels);
    expectMatchesReference(expected, unit);
    const rows = Array.from({ length: 28 }, (_, r) => Array.from(unit.subarray(r * 28, r * 28 + 28)));
    for (const form of [
      new Uint8ClampedArray(pixels),
      unit,
      Float64Array.from(unit),
      Array.from(unit),
      rows,
    ]) {
      expect(classify(model, form).probabilities).toEqual(expected.probabilities);
    }
  });

  it('gives non-uniform probabilities, so the comparisons with the reference are not vacuous', () => {
    const p = classify(model, image(2)).probabilities;
    expect(Math.max(...p) - Math.min(...p)).toBeGreaterThan(1e-3);
  });

  it('rejects what is not one 28×28 image, with a hint', () => {
    const bad: [unknown, string][] = [
      [new Uint8Array(783), 'expected 784 pixels (28×28), got 783'],
      [new Uint8Array(784 * 3), 'for 3 images use classifyBatch'],
      [new Float32Array(10), 'expected 784 values (28×28), got 10'],
      [
        Array.from({ length: 784 }, () => 200),
        'value 200 at index 0 is outside 0–1; plain numbers and float arrays are read as 0–1, pass 0–255 pixels as a Uint8Array',
      ],
      [new Float32Array(784).fill(Number.NaN), 'value NaN at index 0 is outside 0–1'],
      [
        Array.from({ length: 28 }, () => new Array(27).fill(0)),
        'expected 784 numbers or 28 rows of 28, got an array of 28 array(27)',
      ],
      [[image(0), image(1)], 'got an array of 2 Uint8Array; for several images use classifyBatch'],
      ['pixels', 'expected a Uint8Array, Float32Array, number[] or number[][], got string'],
    ];
    for (const [input, message] of bad) {
      expect(() => classify(model, input as never)).toThrow(ImageInputError);
      expect(() => classify(model, input as never)).toThrow(message);
    }
  });

  it('rejects a model that does not output 10 classes', () => {
    const other = createModel({ hiddenUnits: [] });
    const layer = other.layers[1];
    other.pop();
    expect(() => classify(other, image(0))).toThrow(ModelInputError);
    expect(() => classify(other, image(0))).toThrow('does not output 10 class probabilities');
    layer?.dispose();
    other.dispose();
  });

  it("refuses a disposed model with a ModelDisposedError, not tfjs' own error", () => {
    const disposed = createModel({ seed: 3 });
    disposed.dispose();
    const before = tf.memory().numTensors;
    let thrown: unknown;
    try {
      classify(disposed, image(0));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ModelDisposedError);
    expect(thrown).toBeInstanceOf(FmnistError);
    expect(thrown).toMatchObject({ code: 'MODEL_DISPOSED', hint: 'load or create the model again' });
    expect(() => classifyBatch(disposed, [image(0), image(1)])).toThrow(ModelDisposedError);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('leaks nothing over 1,000 classify calls', () => {
    classify(model, image(0)); // warm up: kernels and the WASM heap settle on the first call
    const tensors = tf.memory().numTensors;
    const bytes = tf.memory().numBytes;
    const labels = new Set<number>();
    for (let n = 0; n < 1000; n++) labels.add(classify(model, image(n % 12)).label);
    expect(tf.memory().numTensors).toBe(tensors);
    expect(tf.memory().numBytes).toBe(bytes);
    expect(labels.size).toBeGreaterThan(0);
  });
});

describe('classifyBatch', () => {
  const unitOf = (n: number) => Float32Array.from(image(n), (v) => v / 255);

  it('classifies a flat uint8 array of n × 784 pixels like n single calls and the plain-JS pass', () => {
    const batch = classifyBatch(model, test.images);
    expect(batch).toHaveLength(12);
    for (const [n, prediction] of batch.entries()) {
      expectMatchesReference(prediction, unitOf(n));
      const single = classify(model, image(n));
      expect(prediction.label).toBe(single.label);
      expectClose(prediction.probabilities, single.probabilities);
    }
  });

  it('takes a flat Float32Array and an array of mixed image forms', () => {
    const expected = classifyBatch(model, test.images.subarray(0, 3 * 784));
    const flat = Float32Array.from(test.images.subarray(0, 3 * 784), (v) => v / 255);
    const rows = Array.from({ length: 28 }, (_, r) => Array.from(unitOf(2).subarray(r * 28, r * 28 + 28)));
    for (const input of [flat, [image(0), unitOf(1), rows]]) {
      const got = classifyBatch(model, input);
      expect(got.map((p) => p.label)).toEqual(expected.map((p) => p.label));
      for (const [n, p] of got.entries()) expectClose(p.probabilities, expected[n]?.probabilities ?? []);
    }
  });

  it('handles empty batches and batches larger than one model call (1,024)', () => {
    expect(classifyBatch(model, [])).toEqual([]);
    expect(classifyBatch(model, new Uint8Array(0))).toEqual([]);
    const many = new Uint8Array(1100 * 784);
    for (let n = 0; n < 1100; n++) many.set(image(n % 12), n * 784);
    const predictions = classifyBatch(model, many);
    expect(predictions).toHaveLength(1100);
    expect(predictions[1099]?.probabilities).toEqual(predictions[1099 % 12]?.probabilities);
  });

  it('rejects flat arrays that are not whole images and names the bad image in a list', () => {
    expect(() => classifyBatch(model, new Uint8Array(1000))).toThrow(
      'a flat array must hold n × 784 pixels, got 1000',
    );
    expect(() => classifyBatch(model, [image(0), new Uint8Array(5)])).toThrow(
      'classifyBatch: image 1: expected 784 pixels',
    );
    expect(() => classifyBatch(model, new Float32Array(784).fill(2))).toThrow(ImageInputError);
  });
});
