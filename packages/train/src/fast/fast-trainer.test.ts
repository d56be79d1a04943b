import { InvalidArgumentError } from '@fmnist/errors';
import { beforeAll, describe, expect, it } from '@jest/globals';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import * as tfl from '@tensorflow/tfjs-layers';
import { createFastTrainer, supportsFastPath } from './index.js';

// A small version of the Fashion-MNIST net (Flatten 6×6 → 40 relu → 10 relu → 5 softmax) on random uint8 images:
// 40 and 10 units take every loop of the kernels (32-float tiles, 4-float vectors, rows padded to a multiple of 4).
const SIDE = 6;
const PIXELS = SIDE * SIDE;
const CLASSES = 5;
const SAMPLES = 40;
const TOLERANCE = 1e-5;

function makeModel(seed: number): tfl.Sequential {
  const model = tfl.sequential();
  model.add(tfl.layers.flatten({ inputShape: [SIDE, SIDE] }));
  const dense = (units: number, activation: 'relu' | 'softmax', offset: number) =>
    tfl.layers.dense({
      units,
      activation,
      kernelInitializer: tfl.initializers.glorotUniform({ seed: seed + offset }),
    });
  model.add(dense(40, 'relu', 0));
  model.add(dense(10, 'relu', 1));
  model.add(dense(CLASSES, 'softmax', 2));
  return model;
}

/** Deterministic pseudo-random dataset (a linear congruential generator, so tests never change). */
function makeData(): { images: Uint8Array; labels: Uint8Array } {
  let state = 12345;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
  const images = Uint8Array.from({ length: SAMPLES * PIXELS }, () => Math.floor(next() * 256));
  const labels = Uint8Array.from({ length: SAMPLES }, () => Math.floor(next() * CLASSES));
  return { images, labels };
}

function batchTensors(images: Uint8Array, labels: Uint8Array, indices: Uint32Array): [tf.Tensor, tf.Tensor] {
  const pixels = new Float32Array(indices.length * PIXELS);
  indices.forEach((sample, i) => {
    for (let j = 0; j < PIXELS; j++) pixels[i * PIXELS + j] = (images[sample * PIXELS + j] as number) / 255;
  });
  return [
    tf.tensor3d(pixels, [indices.length, SIDE, SIDE]),
    tf.tensor1d(
      Array.from(indices, (i) => labels[i] as number),
      'float32',
    ),
  ];
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs((a[i] as number) - (b[i] as number)));
  return max;
}

function weightsOf(model: tfl.LayersModel): Float32Array[] {
  return model.trainableWeights.map((weight) => weight.read().dataSync() as Float32Array);
}

const { images, labels } = makeData();
const firstBatch = Uint32Array.from([3, 17, 0, 39, 8, 21, 5, 30]);

beforeAll(async () => {
  await tf.setBackend('wasm');
  await tf.ready();
});

describe('createFastTrainer', () => {
  it('computes the same loss and gradients as tfjs autodiff', () => {
    const model = makeModel(1);
    const trainer = createFastTrainer(model, { learningRate: 1e-3 });
    const [xs, ys] = batchTensors(images, labels, firstBatch);
    const variables = model.trainableWeights.map((weight) => weight.read() as tf.Variable);
    const { value, grads } = tf.variableGrads(() => {
      const oneHot = tf.oneHot(tf.cast(ys, 'int32'), CLASSES);
      return tf.mean(tfl.metrics.categoricalCrossentropy(oneHot, model.apply(xs) as tf.Tensor)) as tf.Scalar;
    }, variables);

    const { loss, correct } = trainer.step(images, labels, firstBatch);

    expect(Math.abs(loss - (value.dataSync()[0] as number))).toBeLessThan(TOLERANCE);
    const predicted = tf.tidy(() => tf.argMax(model.predict(xs) as tf.Tensor, -1).dataSync());
    expect(correct).toBe(predicted.filter((c, i) => c === ys.dataSync()[i]).length);
    const fastGrads = trainer.readGradients();
    variables.forEach((variable, k) => {
      expect(
        maxAbsDiff(fastGrads[k] as Float32Array, (grads[variable.name] as tf.Tensor).dataSync()),
      ).toBeLessThan(TOLERANCE);
    });
    tf.dispose([xs, ys, value, grads]);
    trainer.dispose();
  });

  it('updates weights like model.trainOnBatch with tf.train.adam, step after step, for any batch size', async () => {
    const reference = makeModel(2);
    reference.compile({
      optimizer: tf.train.adam(2e-3, 0.8, 0.99, 1e-6),
      loss: 'sparseCategoricalCrossentropy',
    });
    const fast = makeModel(2);
    const trainer = createFastTrainer(fast, {
      learningRate: 2e-3,
      beta1: 0.8,
      beta2: 0.99,
      epsilon: 1e-6,
      maxBatchSize: 8,
    });
    const batches = [
      firstBatch,
      Uint32Array.from([1, 2, 4]),
      Uint32Array.from([39, 38, 37, 36, 35, 34, 33, 32]),
    ];
    for (const indices of batches) {
      const [xs, ys] = batchTensors(images, labels, indices);
      await reference.trainOnBatch(xs, ys);
      tf.dispose([xs, ys]);
      trainer.step(images, labels, indices);
      trainer.syncToModel();
      const expected = weightsOf(reference);
      for (const [k, actual] of weightsOf(fast).entries()) {
        expect(maxAbsDiff(actual, expected[k] as Float32Array)).toBeLessThan(TOLERANCE);
      }
    }
    expect(trainer.iterations).toBe(batches.length);
    trainer.dispose();
  });

  it('gives bit-identical weights for the same model, data and batches', () => {
    const models = [makeModel(8), makeModel(8)];
    const trainers = models.map((model) => createFastTrainer(model, { learningRate: 1e-2, maxBatchSize: 8 }));
    for (let i = 0; i < 5; i++) {
      const indices = Uint32Array.from({ length: 8 }, (_, k) => (i * 8 + k) % SAMPLES);
      const [first, second] = trainers.map((trainer) => trainer.step(images, labels, indices));
      expect(first).toEqual(second);
    }
    const bits = trainers.map((trainer, k) => {
      trainer.syncToModel();
      trainer.dispose();
      return weightsOf(models[k] as tfl.Sequential).map((w) => Array.from(new Uint32Array(w.slice().buffer)));
    });
    expect(bits[0]).toEqual(bits[1]);
  });

  it('starts from the model weights, so the same seed gives the same weights', () => {
    const model = makeModel(3);
    const before = weightsOf(model);
    const trainer = createFastTrainer(model, { learningRate: 1e-3 });
    trainer.syncToModel();
    for (const [k, actual] of weightsOf(model).entries()) {
      expect(Array.from(actual)).toEqual(Array.from(before[k] as Float32Array));
    }
    expect(weightsOf(makeModel(3))).toEqual(before);
    trainer.dispose();
  });

  it('leaks no tensors and frees its heap buffers on dispose', () => {
    const model = makeModel(4);
    const { numTensors, numDataBuffers } = tf.memory();
    const trainer = createFastTrainer(model, { learningRate: 1e-3 });
    for (let i = 0; i < 5; i++) trainer.step(images, labels, firstBatch);
    trainer.syncToModel();
    expect(tf.memory().numTensors).toBe(numTensors);
    trainer.dispose();
    expect(tf.memory().numTensors).toBe(numTensors);
    expect(tf.memory().numDataBuffers).toBe(numDataBuffers);
    expect(() => trainer.step(images, labels, firstBatch)).toThrow(/after dispose/);
  });

  it('rejects batches that are empty, too large or out of the dataset', () => {
    const trainer = createFastTrainer(makeModel(5), { learningRate: 1e-3, maxBatchSize: 4 });
    expect(() => trainer.step(images, labels, new Uint32Array(0))).toThrow(InvalidArgumentError);
    expect(() => trainer.step(images, labels, new Uint32Array(5))).toThrow(InvalidArgumentError);
    expect(() => trainer.step(images, labels, Uint32Array.from([SAMPLES]))).toThrow(InvalidArgumentError);
    trainer.dispose();
  });
});

describe('supportsFastPath', () => {
  it('accepts Flatten + Dense relu… + Dense softmax on WASM', () => {
    expect(supportsFastPath(makeModel(6))).toEqual({ supported: true });
  });

  it('says why it rejects other models', () => {
    const conv = tfl.sequential({
      layers: [
        tfl.layers.conv2d({ inputShape: [SIDE, SIDE, 1], filters: 2, kernelSize: 3 }),
        tfl.layers.flatten(),
        tfl.layers.dense({ units: 3, activation: 'softmax' }),
      ],
    });
    expect(supportsFastPath(conv)).toEqual({ supported: false, reason: expect.stringMatching(/Conv2D/) });

    const tanh = tfl.sequential({
      layers: [
        tfl.layers.dense({ inputShape: [4], units: 3, activation: 'tanh' }),
        tfl.layers.dense({ units: 2, activation: 'softmax' }),
      ],
    });
    expect(supportsFastPath(tanh)).toEqual({
      supported: false,
      reason: expect.stringMatching(/activation tanh/),
    });

    const regularized = tfl.sequential({
      layers: [
        tfl.layers.dense({
          inputShape: [4],
          units: 2,
          activation: 'softmax',
          kernelRegularizer: tfl.regularizers.l2(),
        }),
      ],
    });
    expect(supportsFastPath(regularized)).toEqual({
      supported: false,
      reason: expect.stringMatching(/kernelRegularizer/),
    });

    expect(() => createFastTrainer(conv, { learningRate: 1e-3 })).toThrow(/Conv2D/);
  });

  it('requires the WASM backend', async () => {
    const model = makeModel(7);
    await import('@tensorflow/tfjs-backend-cpu');
    await tf.setBackend('cpu');
    try {
      expect(supportsFastPath(model)).toEqual({
        supported: false,
        reason: expect.stringMatching(/not 'wasm'/),
      });
    } finally {
      await tf.setBackend('wasm');
    }
  });
});
