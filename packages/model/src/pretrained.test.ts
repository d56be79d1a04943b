import '@tensorflow/tfjs-backend-wasm';
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { CLASS_NAMES, loadFashionMnist, type Split } from '@fmnist/data';
import { classify, classifyBatch } from './classify.js';
import { loadPretrained } from './layers.js';
import { PRETRAINED_MODEL_URL, PRETRAINED_WEIGHTS_URL } from './pretrained.js';

let model: tfl.LayersModel;
let test: Split;
let tensorsBefore = 0;

beforeAll(async () => {
  await tf.setBackend('wasm');
  tensorsBefore = tf.memory().numTensors;
  [model, { test }] = await Promise.all([loadPretrained(), loadFashionMnist({ download: false })]);
});
afterAll(() => {
  model.dispose();
  expect(tf.memory().numTensors).toBe(tensorsBefore);
});

describe('loadPretrained', () => {
  it('finds pretrained/model.json and weights.bin inside the package', () => {
    expect(fileURLToPath(PRETRAINED_MODEL_URL)).toMatch(
      /[/\\]packages[/\\]model[/\\]pretrained[/\\]model\.json$/,
    );
    expect(statSync(fileURLToPath(PRETRAINED_WEIGHTS_URL)).size).toBe(118_282 * 4);
  });

  it('loads the specified architecture', () => {
    expect(model.layers.map((l) => l.name)).toEqual(['flatten', 'hidden_1', 'hidden_2', 'output']);
    expect(model.countParams()).toBe(118_282);
  });

  it('classifies well-known test images correctly', () => {
    // Test-set indices whose class is unmistakable (the first of each kind in the test set, bar shirts and coats).
    const known: [number, (typeof CLASS_NAMES)[number]][] = [
      [0, 'Ankle boot'],
      [1, 'Pullover'],
      [2, 'Trouser'],
      [3, 'Trouser'],
      [8, 'Sandal'],
      [9, 'Sneaker'],
      [13, 'Dress'],
      [18, 'Bag'],
    ];
    for (const [index, className] of known) {
      expect(CLASS_NAMES[test.labels[index] as number]).toBe(className);
      const prediction = classify(model, test.images.subarray(index * 784, (index + 1) * 784));
      expect({ index, className: prediction.className }).toEqual({ index, className });
      expect(prediction.confidence).toBeGreaterThan(0.5);
    }
  });

  it('reaches at least 85% accuracy on the 10,000 test images, as its metadata says', () => {
    const predictions = classifyBatch(model, test.images);
    const accuracy = predictions.filter((p, n) => p.label === test.labels[n]).length / test.count;
    expect(test.count).toBe(10_000);
    expect(accuracy).toBeGreaterThanOrEqual(0.85);
    const { testAccuracy } = model.getUserDefinedMetadata() as { testAccuracy?: unknown };
    if (typeof testAccuracy === 'number')
      expect(Math.abs(accuracy - testAccuracy)).toBeLessThanOrEqual(0.002);
  });
});
