import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { syntheticFashionMnist } from '@fmnist/data/test';
import { evaluate, initBackend } from '@fmnist/model';
import { createModel } from '@fmnist/model/layers';
import { beforeAll, describe, expect, it } from '@jest/globals';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { TrainingDivergedError, UnsupportedModelError } from './errors.js';
import { coresBusyElsewhere, defaultThreads, threadsFor } from './threads.js';
import { type BatchLogs, type EpochLogs, historyColumns, train } from './train.js';

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
    let last: BatchLogs | undefined;
    const history = await train(model, data.train, {
      trainer,
      epochs: 1,
      batchSize: 100,
      onBatchEnd: (logs) => {
        last = logs;
        seen.push(logs.batch);
        expect(logs.batches).toBe(4);
        // A running mean over the examples so far (100, 200, 300, then all 320): a whole number of them were right.
        const examples = Math.min(logs.batch * 100, data.train.count);
        expect(logs.acc * examples).toBeCloseTo(Math.round(logs.acc * examples), 6);
        expect(Number.isFinite(logs.loss)).toBe(true);
      },
    });
    expect(seen).toEqual([1, 2, 3, 4]);
    // After the last batch the running means are the epoch's.
    expect(last?.loss).toBeCloseTo(history.epochs[0]?.loss as number, 6);
    expect(last?.acc).toBe(history.epochs[0]?.acc);
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

describe('threads', () => {
  it('trains bit for bit the same weights on 2 threads as on 1, and says how many it used', async () => {
    const runs = [];
    for (const threads of [1, 2]) {
      const model = createModel({ seed: 6 });
      const history = await train(model, data.train, { epochs: 2, seed: 4, threads });
      expect(history.threads).toBe(threads);
      runs.push({ weights: weightsOf(model), acc: history.history.acc });
      model.dispose();
    }
    expect(runs[1]?.weights).toEqual(runs[0]?.weights);
    expect(runs[1]?.acc).toEqual(runs[0]?.acc);
  });

  it('rejects other thread counts', async () => {
    const model = createModel({ seed: 1 });
    for (const threads of [0, 3, 1.5]) {
      await expect(train(model, data.train, { epochs: 1, threads })).rejects.toThrow(
        new RegExp(`^threads must be 1 or 2, not ${threads}$`),
      );
    }
    model.dispose();
  });

  it('defaults to the idle cores, at most 2, and 1 on a busy machine', () => {
    const cases: [cores: number, busy: number, threads: number][] = [
      [2, 0.2, 2],
      [2, 0.9, 1],
      [2, 3.5, 1],
      [8, 1, 2],
      [1, 0, 1],
    ];
    for (const [cores, busy, threads] of cases) expect(threadsFor(cores, busy)).toBe(threads);
    expect([1, 2]).toContain(defaultThreads());
  });

  it('measures the cores another process keeps busy now', () => {
    coresBusyElsewhere(os); // starts a window
    // A child spinning for most of the window keeps most of a core busy (others on the machine only add to it).
    const spinner = spawnSync(process.execPath, [
      '-e',
      'const end = Date.now() + 800; while (Date.now() < end);',
    ]);
    expect(spinner.status).toBe(0);
    expect(coresBusyElsewhere(os)).toBeGreaterThan(0.5);
  });

  it('is 1 for tfjs-layers', async () => {
    const model = tfl.sequential({
      layers: [
        tfl.layers.dense({ inputShape: [784], units: 10, activation: 'softmax' }),
        tfl.layers.dense({ units: 10, activation: 'softmax' }),
      ],
    });
    expect((await train(model, data.train, { epochs: 1, trainer: 'layers', threads: 2 })).threads).toBe(1);
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
      /^the fast trainer cannot train model '\w+': Dense '\w+' has activation tanh, need relu$/,
    );
    await expect(attempt).rejects.toMatchObject({
      code: 'UNSUPPORTED_MODEL',
      hint: "use trainer: 'auto' or 'layers'",
    });
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

describe('models of other shapes, through tfjs-layers', () => {
  /** A small CNN: the batch must arrive as [n, 28, 28, 1]. */
  const cnn = () =>
    tfl.sequential({
      layers: [
        tfl.layers.conv2d({
          inputShape: [28, 28, 1],
          filters: 4,
          kernelSize: 5,
          strides: 2,
          activation: 'relu',
        }),
        tfl.layers.maxPooling2d({ poolSize: 2 }),
        tfl.layers.flatten(),
        tfl.layers.dense({ units: 10, activation: 'softmax' }),
      ],
    });

  it('trains a CNN whose input is [28, 28, 1]: the loss falls within one epoch and it beats chance', async () => {
    const model = cnn();
    const before = evaluate(model, data.train);
    const history = await train(model, data.train, { epochs: 1, seed: 3, batchSize: 16, learningRate: 0.01 });
    expect(history.trainer).toBe('layers');
    const after = evaluate(model, data.train);
    // The same images scored before and after the epoch: the loss must fall clearly, accuracy leave chance (0.1).
    expect(after.loss).toBeLessThan(before.loss * 0.8);
    expect(evaluate(model, data.test).accuracy).toBeGreaterThan(0.5);
    model.dispose();
  });

  it('trains a Dense network whose input is flat [784]', async () => {
    const model = tfl.sequential({
      layers: [
        tfl.layers.dense({ inputShape: [784], units: 16, activation: 'relu' }),
        tfl.layers.dense({ units: 10, activation: 'softmax' }),
      ],
    });
    const history = await train(model, data.train, { epochs: 2, seed: 3 });
    expect(history.epochs[1]?.loss).toBeLessThan(history.epochs[0]?.loss as number);
    expect(evaluate(model, data.test).accuracy).toBeGreaterThan(0.5);
    model.dispose();
  });

  it('refuses, with the reason, a model whose input is not 784 values or whose output is not 10 classes', async () => {
    const wrongInput = tfl.sequential({
      layers: [
        tfl.layers.flatten({ inputShape: [32, 32] }),
        tfl.layers.dense({ units: 10, activation: 'softmax' }),
      ],
    });
    const wrongOutput = tfl.sequential({
      layers: [
        tfl.layers.flatten({ inputShape: [28, 28] }),
        tfl.layers.dense({ units: 5, activation: 'softmax' }),
      ],
    });
    const before = tf.memory().numTensors;
    await expect(train(wrongInput, data.train, { epochs: 1 })).rejects.toThrow(
      /^cannot train model '\w+' on Fashion-MNIST: its input \[null, 32, 32\] does not hold the 784 pixels of a 28×28 image$/,
    );
    await expect(train(wrongOutput, data.train, { epochs: 1 })).rejects.toThrow(
      /^cannot train model '\w+' on Fashion-MNIST: it does not output 10 class probabilities \(its output is \[null, 5\]\)$/,
    );
    await expect(train(wrongOutput, data.train, { epochs: 1 })).rejects.toBeInstanceOf(UnsupportedModelError);
    expect(tf.memory().numTensors).toBe(before);
    wrongInput.dispose();
    wrongOutput.dispose();
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
