import { InvalidArgumentError } from '@fmnist/errors';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { DEFAULT_HIDDEN_UNITS, LAYER_NAMES, MODEL_NAME } from './constants.js';
import { createModel } from './model.js';

let tensorsBefore = 0;
beforeAll(async () => {
  await tf.setBackend('wasm');
  tensorsBefore = tf.memory().numTensors;
});
afterAll(() => expect(tf.memory().numTensors).toBe(tensorsBefore));

/** All weights of a model as plain arrays, keyed by weight name. */
function weightsOf(model: tfl.LayersModel): Record<string, number[]> {
  return Object.fromEntries(model.weights.map((w) => [w.originalName, Array.from(w.read().dataSync())]));
}

describe('createModel', () => {
  it('builds Flatten → Dense 128 relu → Dense 128 relu → Dense 10 softmax with 118,282 parameters', () => {
    const model = createModel();
    expect(model.name).toBe(MODEL_NAME);
    expect(model.inputs[0]?.shape).toEqual([null, 28, 28]);
    expect(model.outputs[0]?.shape).toEqual([null, 10]);
    const layers = model.layers.map((layer) => ({
      name: layer.name,
      type: layer.getClassName(),
      outputShape: layer.outputShape,
      params: layer.countParams(),
      activation: (layer.getConfig() as { activation?: string }).activation,
    }));
    expect(layers).toEqual([
      { name: 'flatten', type: 'Flatten', outputShape: [null, 784], params: 0, activation: undefined },
      { name: 'hidden_1', type: 'Dense', outputShape: [null, 128], params: 100_480, activation: 'relu' },
      { name: 'hidden_2', type: 'Dense', outputShape: [null, 128], params: 16_512, activation: 'relu' },
      { name: 'output', type: 'Dense', outputShape: [null, 10], params: 1_290, activation: 'softmax' },
    ]);
    // Independently: (784·128 + 128) + (128·128 + 128) + (128·10 + 10).
    expect(model.countParams()).toBe(784 * 128 + 128 + 128 * 128 + 128 + 128 * 10 + 10);
    expect(model.countParams()).toBe(118_282);
    expect(model.weights.map((w) => w.originalName)).toEqual([
      'hidden_1/kernel',
      'hidden_1/bias',
      'hidden_2/kernel',
      'hidden_2/bias',
      'output/kernel',
      'output/bias',
    ]);
    model.dispose();
  });

  it('initialises kernels Glorot-uniform and biases with zeros', () => {
    const model = createModel({ seed: 7 });
    const weights = weightsOf(model);
    for (const [name, fanIn, fanOut] of [
      ['hidden_1', 784, 128],
      ['hidden_2', 128, 128],
      ['output', 128, 10],
    ] as const) {
      const limit = Math.sqrt(6 / (fanIn + fanOut));
      const kernel = weights[`${name}/kernel`] ?? [];
      expect(kernel).toHaveLength(fanIn * fanOut);
      expect(Math.max(...kernel.map(Math.abs))).toBeLessThanOrEqual(limit);
      // Uniform on [-limit, limit]: mean 0, variance limit²/3, so ~half the mass beyond ±limit/2.
      const mean = kernel.reduce((a, b) => a + b, 0) / kernel.length;
      const variance = kernel.reduce((a, b) => a + (b - mean) ** 2, 0) / kernel.length;
      expect(Math.abs(mean)).toBeLessThan((3 * limit) / Math.sqrt(3 * kernel.length));
      expect(variance / ((limit * limit) / 3)).toBeCloseTo(1, kernel.length > 10_000 ? 1 : 0);
      const beyondHalf = kernel.filter((w) => Math.abs(w) > limit / 2).length / kernel.length;
      expect(beyondHalf).toBeGreaterThan(0.4);
      expect(beyondHalf).toBeLessThan(0.6);
      expect(weights[`${name}/bias`]).toEqual(new Array(fanOut).fill(0));
    }
    model.dispose();
  });

  it('gives identical weights for the same seed and different ones otherwise', () => {
    const a = createModel({ seed: 42 });
    const b = createModel({ seed: 42 });
    const c = createModel({ seed: 43 });
    const d = createModel();
    const e = createModel();
    const [wa, wb, wc, wd, we] = [a, b, c, d, e].map(weightsOf) as Record<string, number[]>[];
    expect(wb).toEqual(wa);
    expect(wc?.['hidden_1/kernel']).not.toEqual(wa?.['hidden_1/kernel']);
    expect(we?.['hidden_1/kernel']).not.toEqual(wd?.['hidden_1/kernel']);
    // Layers draw from unrelated streams: the first 128 values of two kernels are not the same numbers scaled.
    const first = (name: string) => (wa?.[name] ?? []).slice(0, 128);
    const ratio = first('hidden_2/kernel').map((v, i) => v / (first('hidden_1/kernel')[i] ?? 1));
    expect(new Set(ratio.map((r) => r.toFixed(6))).size).toBeGreaterThan(100);
    for (const m of [a, b, c, d, e]) m.dispose();
  });

  it('takes other hidden sizes, including none', () => {
    const wide = createModel({ hiddenUnits: [256, 64, 32] });
    expect(wide.layers.map((l) => l.name)).toEqual(['flatten', 'hidden_1', 'hidden_2', 'hidden_3', 'output']);
    expect(wide.countParams()).toBe(784 * 256 + 256 + 256 * 64 + 64 + 64 * 32 + 32 + 32 * 10 + 10);
    const linear = createModel({ hiddenUnits: [] });
    expect(linear.countParams()).toBe(784 * 10 + 10);
    expect(LAYER_NAMES.hidden(3)).toBe('hidden_3');
    expect(DEFAULT_HIDDEN_UNITS).toEqual([128, 128]);
    wide.dispose();
    linear.dispose();
  });

  it('rejects bad options with an InvalidArgumentError', () => {
    expect(() => createModel({ hiddenUnits: [128, 0] })).toThrow(InvalidArgumentError);
    expect(() => createModel({ hiddenUnits: [12.5] })).toThrow('hiddenUnits must be positive integers');
    expect(() => createModel({ seed: Number.NaN })).toThrow('seed must be a finite number');
  });
});
