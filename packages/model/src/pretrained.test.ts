import '@tensorflow/tfjs-backend-wasm';
import { readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { CLASS_NAMES, loadFashionMnist, type Split } from '@fmnist/data';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { classify, classifyBatch } from './classify.js';
import { loadModel as loadPageModel } from './io-browser.js';
import { loadPretrained } from './layers.js';
import type { LayersModel } from './model-type.js';
import { PRETRAINED_MODEL_URL, PRETRAINED_WEIGHTS_URL } from './pretrained.js';

let model: LayersModel;
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
    // uint8: 1 byte per parameter.
    expect(statSync(fileURLToPath(PRETRAINED_WEIGHTS_URL)).size).toBe(118_282);
  });

  it('stores its weights as uint8 in the standard manifest, which stock tfjs and our page loader read', async () => {
    const modelJson = readFileSync(fileURLToPath(PRETRAINED_MODEL_URL));
    const weights = readFileSync(fileURLToPath(PRETRAINED_WEIGHTS_URL));
    const { weightsManifest } = JSON.parse(modelJson.toString('utf8'));
    for (const weight of weightsManifest[0].weights) {
      expect(weight.quantization).toEqual({
        dtype: 'uint8',
        min: expect.any(Number),
        scale: expect.any(Number),
        original_dtype: 'float32',
      });
    }
    // Stock tf.loadLayersModel, decoding the manifest itself (from memory: tfjs' HTTP handler trips over jest's
    // separate realm for the JSON fetch parses, `instanceof Array`), and our browser entry's loader as a page runs
    // it, with fetch from a local server.
    const server = createServer((request, response) => {
      const body =
        request.url === '/model.json' ? modelJson : request.url === '/weights.bin' ? weights : undefined;
      response.writeHead(body ? 200 : 404);
      response.end(body ?? 'not found');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/model.json`;
    try {
      const stock = await tfl.loadLayersModel(
        tf.io.fromMemory({
          modelTopology: JSON.parse(modelJson.toString('utf8')).modelTopology,
          weightSpecs: tf.io.getWeightSpecs(weightsManifest),
          weightData: new Uint8Array(weights).buffer,
        }),
      );
      const loaded = [stock, await loadPageModel(url)];
      const x = tf.tensor3d(
        Float32Array.from(test.images.subarray(0, 10 * 784), (v) => v / 255),
        [10, 28, 28],
      );
      const ours = model.predict(x) as tf.Tensor;
      for (const other of loaded) {
        const theirs = other.predict(x) as tf.Tensor;
        expect(Array.from(theirs.dataSync())).toEqual(Array.from(ours.dataSync()));
        theirs.dispose();
        other.dispose();
      }
      tf.dispose([x, ours]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
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
    const { testAccuracy, weights } = model.getUserDefinedMetadata() as {
      testAccuracy: number;
      weights: { dtype: string; float32TestAccuracy: number };
    };
    expect(Math.abs(accuracy - testAccuracy)).toBeLessThanOrEqual(0.0001);
    // Storing the weights as uint8 cost at most 0.002 of the float32 weights' accuracy.
    expect(weights.dtype).toBe('uint8');
    expect(weights.float32TestAccuracy - accuracy).toBeLessThanOrEqual(0.002);
  });
});
