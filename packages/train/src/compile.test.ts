import { InvalidArgumentError } from '@fmnist/errors';
import '@tensorflow/tfjs-backend-wasm';
import { syntheticFashionMnist } from '@fmnist/data/test';
import { createModel } from '@fmnist/model/layers';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { compileModel } from './compile.js';
import { TRAINING_DEFAULTS } from './defaults.js';

let tensorsBefore = 0;
beforeAll(async () => {
  await tf.setBackend('wasm');
  tensorsBefore = tf.memory().numTensors;
});
afterAll(() => expect(tf.memory().numTensors).toBe(tensorsBefore));

describe('TRAINING_DEFAULTS and compileModel', () => {
  it('are Adam at 0.001, sparse categorical cross-entropy and accuracy', () => {
    expect(TRAINING_DEFAULTS).toMatchObject({
      optimizer: 'adam',
      learningRate: 0.001,
      loss: 'sparseCategoricalCrossentropy',
      metrics: ['accuracy'],
    });
    expect(Object.isFrozen(TRAINING_DEFAULTS)).toBe(true);
  });

  it('compiles with the defaults, or another learning rate', () => {
    const model = compileModel(createModel({ seed: 1 }));
    expect(model.optimizer).toBeInstanceOf(tf.AdamOptimizer);
    expect(model.optimizer.getConfig()).toMatchObject({
      learningRate: 0.001,
      beta1: 0.9,
      beta2: 0.999,
      epsilon: 1e-7,
    });
    // What compile set that the structural type does not describe, read from the tfjs-layers model it is.
    const compiled = model as unknown as tfl.LayersModel;
    expect(compiled.loss).toBe('sparseCategoricalCrossentropy');
    expect(compiled.metricsNames).toEqual(['loss', 'acc']);
    model.dispose();
    const slow = compileModel(createModel({ seed: 1 }), { learningRate: 3e-4 });
    expect(slow.optimizer.getConfig()).toMatchObject({ learningRate: 3e-4 });
    slow.dispose();
    const unused = createModel();
    expect(() => compileModel(unused, { learningRate: 0 })).toThrow(InvalidArgumentError);
    unused.dispose();
  });

  it('trains: the loss falls on the synthetic dataset, and dispose frees the optimizer state too', async () => {
    const before = tf.memory().numTensors;
    const { train } = syntheticFashionMnist({ trainCount: 320, seed: 3 });
    const model = compileModel(createModel({ seed: 5 }), { learningRate: 0.01 });
    const xs = tf.tensor3d(
      Float32Array.from(train.images, (v) => v / 255),
      [train.count, 28, 28],
    );
    const ys = tf.tensor1d(Float32Array.from(train.labels));
    const history = await model.fit(xs, ys, { batchSize: 32, epochs: 3, shuffle: false, verbose: 0 });
    const loss = history.history.loss as number[];
    expect(loss[2]).toBeLessThan((loss[0] as number) * 0.5);
    expect((history.history.acc as number[])[2]).toBeGreaterThan(0.9);
    xs.dispose();
    ys.dispose();
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
