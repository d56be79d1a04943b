import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { syntheticFashionMnist } from '@fmnist/data/test';
import { evaluate, initBackend } from '@fmnist/model';
import { createModel } from '@fmnist/model/layers';
import * as tfl from '@tensorflow/tfjs-layers';
import { TrainingDivergedError, UnsupportedModelError } from './errors.js';
import { type EpochLogs, historyColumns, train } from './train.js';

beforeAll(async () => {
  await initBackend();
});

const data = syntheticFashionMnist({ trainCount: 320, testCount: 100 });
const weightsOf = (model: ReturnType<typeof createModel>) =>
  model.getWeights().map((w) => Array.from(w.dataSync()));

describe.each(['fast', 'layers'] as const)('train with the %s trainer', (trainer) => {
  it('learns the synthetic classes, reporting each epoch once and returning the same records', async () => {
    const model = createModel({ seed: 1 });
    const epochs: EpochLogs[] = [];
    const history = await train(model, data.train, {
      trainer,
      epochs: 3,
      seed: 1,
      validationSplit: 0.25,
      onEpochEnd: (epoch, logs, soFar) => {
        expect(logs.epoch).toBe(epoch);
        expect(soFar).toEqual([...epochs, logs]);
        epochs.push(logs);
      },
    });
    expect(history.trainer).toBe(trainer);
    expect(history.epochs).toEqual(epochs);
    expect(history.epochs.map((e) => e.epoch)).toEqual([0, 1, 2]);
    // 240 training images after the 25% validation split: 8 batches of 32 (the last one 16).
    expect(history.epochs.map((e) => e.steps)).toEqual([8, 8, 8]);
    for (const e of history.epochs) expect(e.seconds).toBeGreaterThan(0);
    expect(history.epoch).toEqual([0, 1, 2]);
    expect(history.history).toEqual(historyColumns(epochs));
    expect(history.history.val_acc).toEqual(epochs.map((e) => e.val_acc));
    // Learning, not just numbers: the loss falls every epoch, and the held-out accuracy ends far above chance (0.1).
    const losses = history.epochs.map((e) => e.loss);
    expect(losses[1]).toBeLessThan(losses[0] as number);
    expect(losses[2]).toBeLessThan(losses[1] as number);
    expect(epochs[2]?.val_acc).toBeGreaterThan(0.9);
    expect(evaluate(model, data.test).accuracy).toBeGreaterThan(0.9);
    model.dispose();
  });

  it('gives the same weights for the same seed', async () => {
    const runs = [];
    for (let run = 0; run < 2; run++) {
      const model = createModel({ seed: 5 });
      await train(model, data.train, { trainer, epochs: 1, seed: 9 });
      runs.push(weightsOf(model));
      model.dispose();
    }
    expect(runs[1]).toEqual(runs[0]);
  });

  it('reports running means after every batch', async () => {
    const model = createModel({ seed: 2 });
    const seen: number[] = [];
    await train(model, data.train, {
      trainer,
      epochs: 1,
      batchSize: 100,
      onBatchEnd: (logs) => {
        seen.push(logs.batch);
        expect(logs.batches).toBe(4);
        expect(logs.acc).toBeGreaterThanOrEqual(0);
      },
    });
    expect(seen).toEqual([1, 2, 3, 4]);
    model.dispose();
  });

  it('stops on abort, keeping the last completed epoch', async () => {
    const model = createModel({ seed: 4 });
    const controller = new AbortController();
    let afterFirstEpoch: number[][] = [];
    const history = await train(model, data.train, {
      trainer,
      epochs: 5,
      onEpochEnd: () => {
        afterFirstEpoch = weightsOf(model);
      },
      onBatchEnd: (logs) => {
        if (afterFirstEpoch.length > 0 && logs.batch === 3) controller.abort();
      },
      signal: controller.signal,
    });
    expect(history.stopped).toBe('aborted');
    expect(history.epoch).toEqual([0]);
    expect(weightsOf(model)).toEqual(afterFirstEpoch);
    model.dispose();
  });

  it('hears an abort from a timer even when every epoch takes a millisecond', async () => {
    const model = createModel({ seed: 8 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const tiny = syntheticFashionMnist({ trainCount: 32 }).train;
    const history = await train(model, tiny, { trainer, epochs: 1_000_000, signal: controller.signal });
    expect(history.stopped).toBe('aborted');
    model.dispose();
  });

  it('stops with a clear error when training produces NaN', async () => {
    const model = createModel({ seed: 6 });
    const outputBias = model.getLayer('output').getWeights()[1] as tf.Tensor;
    const poisoned = tf.fill(outputBias.shape, Number.NaN);
    model.getLayer('output').setWeights([model.getLayer('output').getWeights()[0] as tf.Tensor, poisoned]);
    poisoned.dispose();
    await expect(train(model, data.train, { trainer, epochs: 1 })).rejects.toThrow(TrainingDivergedError);
    await expect(train(model, data.train, { trainer, epochs: 1 })).rejects.toThrow(
      /^(loss became NaN in epoch 1, batch 1|weights stopped being finite in epoch 1)$/,
    );
    await expect(train(model, data.train, { trainer, epochs: 1 })).rejects.toMatchObject({
      code: 'TRAINING_DIVERGED',
      hint: 'lower the learning rate (it was 0.001)',
    });
    model.dispose();
  });

  it('leaves the tensor count flat across epochs', async () => {
    const model = createModel({ seed: 7 });
    await train(model, data.train, { trainer, epochs: 1 });
    const counts: number[] = [];
    await train(model, data.train, {
      trainer,
      epochs: 3,
      onEpochEnd: () => {
        counts.push(tf.memory().numTensors);
      },
    });
    expect(new Set(counts).size).toBe(1);
    model.dispose();
  });
  it('keeps the WASM heap and tensor bytes flat across epochs', async () => {
    expect(tf.getBackend()).toBe('wasm');
    const heap = () => (tf.backend() as unknown as { wasm: { HEAPU8: Uint8Array } }).wasm.HEAPU8.length;
    const model = createModel({ seed: 8 });
    const samples: { heap: number; bytes: number; tensors: number }[] = [];
    await train(model, data.train, {
      trainer,
      epochs: 6,
      validationSplit: 0.25,
      onEpochEnd: () => {
        samples.push({ heap: heap(), bytes: tf.memory().numBytes, tensors: tf.memory().numTensors });
      },
    });
    // After the first epoch (allocator warm-up) nothing grows: the heap may not grow by more than 1 MiB.
    const settled = samples.slice(1);
    expect(new Set(settled.map((s) => s.tensors)).size).toBe(1);
    expect(new Set(settled.map((s) => s.bytes)).size).toBe(1);
    const heaps = settled.map((s) => s.heap);
    expect(Math.max(...heaps) - Math.min(...heaps)).toBeLessThanOrEqual(2 ** 20);
    model.dispose();
  });
});

describe('choosing the trainer', () => {
  /** A model the fast path does not know: a tanh hidden layer. */
  const tanhModel = () =>
    tfl.sequential({
      layers: [
        tfl.layers.flatten({ inputShape: [28, 28] }),
        tfl.layers.dense({ units: 16, activation: 'tanh' }),
        tfl.layers.dense({ units: 10, activation: 'softmax' }),
      ],
    });

  it('takes the fast path for the specified model by default', async () => {
    const model = createModel({ seed: 1 });
    expect((await train(model, data.train, { epochs: 1 })).trainer).toBe('fast');
    model.dispose();
  });

  it('falls back to tfjs-layers for a layer kind the fast path does not know, and still learns', async () => {
    const model = tanhModel();
    const history = await train(model, data.train, { epochs: 3, seed: 1 });
    expect(history.trainer).toBe('layers');
    expect(evaluate(model, data.test).accuracy).toBeGreaterThan(0.9);
    model.dispose();
  });

  it('says why when the fast path is demanded for such a model', async () => {
    const model = tanhModel();
    const attempt = train(model, data.train, { epochs: 1, trainer: 'fast' });
    await expect(attempt).rejects.toThrow(UnsupportedModelError);
    await expect(attempt).rejects.toThrow(
      /^the fast trainer cannot train this model: Dense '\w+' has activation tanh, need relu; use the layers trainer$/,
    );
    model.dispose();
  });

  it('takes tfjs-layers on the cpu backend, where the fast path cannot run', async () => {
    await initBackend({ backend: 'cpu' });
    try {
      const model = createModel({ seed: 1 });
      expect((await train(model, data.train, { epochs: 1 })).trainer).toBe('layers');
      model.dispose();
    } finally {
      await initBackend();
    }
  });
});

describe('the fast trainer against tfjs-layers', () => {
  // Adam divides by √v, which magnifies float32 rounding differences of tiny gradients; a real mistake (a wrong
  // gradient, a missing bias correction) moves weights by 1e-2 or more.
  it('ends an epoch with the same weights, up to float rounding', async () => {
    const [fast, layers] = [createModel({ seed: 3 }), createModel({ seed: 3 })];
    await train(fast, data.train, { epochs: 1, seed: 2, trainer: 'fast' });
    await train(layers, data.train, { epochs: 1, seed: 2, trainer: 'layers' });
    const [a, b] = [weightsOf(fast).flat(), weightsOf(layers).flat()];
    const largest = a.reduce((max, value, i) => Math.max(max, Math.abs(value - (b[i] as number))), 0);
    expect(largest).toBeLessThan(1e-3);
    fast.dispose();
    layers.dispose();
  });
});
