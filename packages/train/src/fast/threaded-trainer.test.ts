import { loadSplit } from '@fmnist/data';
import { InvalidArgumentError } from '@fmnist/errors';
import { createModel as createDescribedModel } from '@fmnist/model/layers';
import { beforeAll, describe, expect, it } from '@jest/globals';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import type * as tfl from '@tensorflow/tfjs-layers';
import { createFastTrainer, type FastTrainer } from './index.js';
import { pacer, type StepMode, threadedInternals } from './threaded-trainer.js';

/** The fast trainers take the tfjs-layers model itself, which `createModel` makes behind its structural type. */
const createModel = (options: { seed: number }) =>
  createDescribedModel(options) as unknown as tfl.LayersModel;

// The two-thread fast trainer against the one-thread one, on the real model and real Fashion-MNIST batches.

let images: Uint8Array;
let labels: Uint8Array;
const BATCH = 32;
const batchAt = (i: number) => Uint32Array.from({ length: BATCH }, (_, k) => (i * 997 + k * 31) % 10_000);

beforeAll(async () => {
  await tf.setBackend('wasm');
  await tf.ready();
  ({ images, labels } = await loadSplit('test'));
});

function weightsOf(model: tfl.LayersModel): Float32Array[] {
  return model.trainableWeights.map((weight) => weight.read().dataSync() as Float32Array);
}

/** Largest |a − b| / max(1, |b|): absolute for small values, relative for large ones. */
function worstDifference(a: readonly Float32Array[], b: readonly Float32Array[]): number {
  expect(a.map((values) => values.length)).toEqual(b.map((values) => values.length));
  let worst = 0;
  a.forEach((values, k) => {
    const other = b[k] as Float32Array;
    for (let i = 0; i < values.length; i++) {
      const expected = other[i] as number;
      worst = Math.max(worst, Math.abs((values[i] as number) - expected) / Math.max(1, Math.abs(expected)));
    }
  });
  return worst;
}

function trainers(
  seed: number,
  threads: readonly (1 | 2)[],
): { models: tfl.LayersModel[]; all: FastTrainer[] } {
  const models = threads.map(() => createModel({ seed }));
  const all = models.map((model, k) =>
    createFastTrainer(model, { learningRate: 1e-3, maxBatchSize: BATCH, threads: threads[k] }),
  );
  return { models, all };
}

describe('createFastTrainer with threads: 2', () => {
  it('computes bit for bit the gradients, loss and correct count of one thread on real batches', async () => {
    const [one, two] = trainers(1, [1, 2]).all as [FastTrainer, FastTrainer];
    const check = (indices: Uint32Array) => {
      const [a, b] = [one.step(images, labels, indices), two.step(images, labels, indices)];
      expect(b).toEqual(a);
      const [gradients, expected] = [two.readGradients(), one.readGradients()];
      expect(worstDifference(gradients, expected)).toBeLessThan(1e-6);
      expect(gradients).toEqual(expected);
    };
    // The first step comes before the worker has started: the main thread does both halves.
    check(batchAt(0));
    // Then the worker takes its half and range (unless the machine is too busy to run it in time).
    const worker = threadedInternals.get(two)?.worker;
    await new Promise((resolve) => worker?.once('online', resolve));
    await new Promise((resolve) => setTimeout(resolve, 100));
    for (const indices of [batchAt(1), batchAt(2).subarray(0, 7), batchAt(3).subarray(0, 1)]) check(indices);
    one.dispose();
    two.dispose();
  });

  it('trains the weights of one thread, bit for bit, step after step', () => {
    const { models, all } = trainers(2, [1, 2]);
    for (let i = 0; i < 5; i++) for (const trainer of all) trainer.step(images, labels, batchAt(i));
    for (const trainer of all) trainer.syncToModel();
    const [one, two] = models.map((model) => weightsOf(model as tfl.LayersModel));
    expect(worstDifference(two as Float32Array[], one as Float32Array[])).toBeLessThan(1e-6);
    expect(two).toEqual(one);
    for (const trainer of all) trainer.dispose();
  });

  it.each(['shared', 'alone'] as StepMode[])(
    'trains the weights of one thread with every step %s',
    async (mode) => {
      const { models, all } = trainers(5, [1, 2]);
      const [one, two] = all as [FastTrainer, FastTrainer];
      const internals = threadedInternals.get(two);
      internals?.setMode(mode);
      // Shared steps wait for the worker when it has started; alone, it is never asked.
      await new Promise((resolve) => internals?.worker.once('online', resolve));
      for (let i = 0; i < 6; i++) {
        const [a, b] = [one.step(images, labels, batchAt(i)), two.step(images, labels, batchAt(i))];
        expect(b).toEqual(a);
      }
      expect(internals?.sharedSteps()).toBe(mode === 'shared' ? 6 : 0);
      expect(two.readGradients()).toEqual(one.readGradients());
      for (const trainer of all) trainer.syncToModel();
      const [w1, w2] = models.map((model) => weightsOf(model as tfl.LayersModel));
      expect(w2).toEqual(w1);
      for (const trainer of all) trainer.dispose();
    },
  );

  it('keeps training, the same weights, when its worker is gone: the main thread claims every piece', async () => {
    const { models, all } = trainers(6, [1, 2]);
    const [one, two] = all as [FastTrainer, FastTrainer];
    const internals = threadedInternals.get(two);
    internals?.setMode('shared');
    await internals?.worker.terminate();
    for (let i = 0; i < 4; i++) for (const trainer of all) trainer.step(images, labels, batchAt(i));
    expect(internals?.sharedSteps()).toBe(4);
    for (const trainer of all) trainer.syncToModel();
    const [w1, w2] = models.map((model) => weightsOf(model as tfl.LayersModel));
    expect(w2).toEqual(w1);
    one.dispose();
    two.dispose();
  });

  it('gives bit-identical weights, losses and gradients run after run', () => {
    const { models, all } = trainers(3, [2, 2]);
    for (let i = 0; i < 10; i++) {
      const [first, second] = all.map((trainer) => trainer.step(images, labels, batchAt(i)));
      expect(first).toEqual(second);
    }
    const [g1, g2] = all.map((trainer) => trainer.readGradients());
    expect(g1).toEqual(g2);
    const bits = all.map((trainer, k) => {
      trainer.syncToModel();
      trainer.dispose();
      return weightsOf(models[k] as tfl.LayersModel).map((w) =>
        Array.from(new Uint32Array(w.slice().buffer)),
      );
    });
    expect(bits[0]).toEqual(bits[1]);
    expect(all[0]?.iterations).toBe(10);
  });

  it('leaks no tensors, and terminates its worker on dispose', async () => {
    const model = createModel({ seed: 4 });
    const { numTensors } = tf.memory();
    const trainer = createFastTrainer(model, { learningRate: 1e-3, maxBatchSize: BATCH, threads: 2 });
    const worker = threadedInternals.get(trainer)?.worker;
    expect(worker).toBeDefined();
    const exited = new Promise<number>((resolve) => worker?.once('exit', resolve));
    threadedInternals.get(trainer)?.setMode('shared');
    // The worker does its part once it runs (on a busy machine the main thread does it all meanwhile).
    for (let i = 0; i < 500 && !threadedInternals.get(trainer)?.workerSteps(); i++) {
      trainer.step(images, labels, batchAt(i));
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    expect(threadedInternals.get(trainer)?.workerSteps()).toBeGreaterThan(0);
    trainer.syncToModel();
    expect(tf.memory().numTensors).toBe(numTensors);
    trainer.dispose();
    trainer.dispose();
    await exited;
    expect(tf.memory().numTensors).toBe(numTensors);
    expect(() => trainer.step(images, labels, batchAt(0))).toThrow(/after dispose/);
    expect(() => trainer.readGradients()).toThrow(/after dispose/);
  });

  it('rejects bad batches and thread counts before touching the worker', () => {
    const model = createModel({ seed: 5 });
    const trainer = createFastTrainer(model, { learningRate: 1e-3, maxBatchSize: 4, threads: 2 });
    expect(() => trainer.step(images, labels, new Uint32Array(0))).toThrow(InvalidArgumentError);
    expect(() => trainer.step(images, labels, new Uint32Array(5))).toThrow(InvalidArgumentError);
    expect(() => trainer.step(images, labels, Uint32Array.from([10_000]))).toThrow(InvalidArgumentError);
    expect(trainer.iterations).toBe(0);
    trainer.step(images, labels, Uint32Array.from([0, 1, 2]));
    expect(trainer.iterations).toBe(1);
    trainer.dispose();
    expect(() => createFastTrainer(model, { learningRate: 1e-3, threads: 3 as 2 })).toThrow(
      InvalidArgumentError,
    );
  });
});

describe('the pacer', () => {
  /** Runs `steps` steps that take `shared` or `alone` ms; returns the fraction of them that were shared. */
  function sharedShare(pace: ReturnType<typeof pacer>, steps: number, shared: number, alone: number): number {
    let count = 0;
    for (let i = 0; i < steps; i++) {
      if (pace.shared) count++;
      pace.record(pace.shared ? shared : alone);
    }
    return count / steps;
  }

  it('shares steps while that is faster, and steps alone while the worker waits for a core', () => {
    const pace = pacer();
    // Idle: shared steps 0.5 ms, alone 0.7 ms. Only the timing blocks step alone.
    expect(sharedShare(pace, 10_000, 0.5, 0.7)).toBeGreaterThan(0.95);
    // Busy: shared steps 1.2 ms, alone 0.7 ms. Noticed at the next timing (at most ~4,200 steps later); then only
    // the timing blocks share, less and less often.
    sharedShare(pace, 4_300, 1.2, 0.7);
    expect(sharedShare(pace, 2_000, 1.2, 0.7)).toBeLessThan(0.2);
    expect(sharedShare(pace, 20_000, 1.2, 0.7)).toBeLessThan(0.03);
    // Idle again: back to sharing within a few thousand steps.
    sharedShare(pace, 5_000, 0.5, 0.7);
    expect(sharedShare(pace, 10_000, 0.5, 0.7)).toBeGreaterThan(0.95);
    // Nearly even: sharing stays.
    expect(sharedShare(pace, 10_000, 0.5, 0.48)).toBeGreaterThan(0.95);
  });
});
