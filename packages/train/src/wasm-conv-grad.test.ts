import * as tf from '@tensorflow/tfjs-core';
// tfjs-layers registers the gradient functions of the ops (tf.grad needs the one of Sum, Mul, Conv2D…).
import '@tensorflow/tfjs-layers';
import { initBackend } from '@fmnist/model';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { registerWasmConvGradient } from './wasm-conv-grad.js';

beforeAll(async () => {
  await initBackend();
  registerWasmConvGradient();
});

/** The gradient of Σ conv2d(x, w) · weights with respect to the filter `w`, on `backend`. */
async function filterGradient(
  backend: 'wasm' | 'cpu',
  x: Float32Array,
  xShape: [number, number, number, number],
  w: Float32Array,
  wShape: [number, number, number, number],
  strides: number,
  pad: 'same' | 'valid',
): Promise<Float32Array> {
  await tf.setBackend(backend);
  return tf.tidy(() => {
    const input = tf.tensor4d(x, xShape);
    const loss = (filter: tf.Tensor) => {
      const y = tf.conv2d(input, filter as tf.Tensor4D, strides, pad);
      // A weighting that differs per output element, so every position's gradient counts differently.
      const weights = tf.div(tf.reshape(tf.range(1, y.size + 1), y.shape), y.size);
      return tf.sum(tf.mul(y, weights));
    };
    return tf.grad(loss)(tf.tensor4d(w, wShape)).dataSync() as Float32Array;
  });
}

describe('Conv2DBackpropFilter on WASM', () => {
  it.each([
    { strides: 1, pad: 'valid' as const, xShape: [2, 9, 9, 1], wShape: [3, 3, 1, 4] },
    { strides: 2, pad: 'same' as const, xShape: [3, 28, 28, 1], wShape: [5, 5, 1, 4] },
    { strides: 2, pad: 'valid' as const, xShape: [2, 11, 10, 3], wShape: [3, 2, 3, 5] },
  ])('equals the CPU backend: stride $strides, $pad padding, input $xShape, filter $wShape', async (c) => {
    const xShape = c.xShape as [number, number, number, number];
    const wShape = c.wShape as [number, number, number, number];
    // Deterministic values with zeros among them, as relu outputs and dark pixels have.
    const x = Float32Array.from({ length: xShape.reduce((a, b) => a * b) }, (_, i) =>
      Math.max(0, Math.sin(i * 1.7)),
    );
    const w = Float32Array.from({ length: wShape.reduce((a, b) => a * b) }, (_, i) => Math.cos(i * 0.9));
    try {
      const cpu = await filterGradient('cpu', x, xShape, w, wShape, c.strides, c.pad);
      const before = tf.memory().numTensors;
      const wasm = await filterGradient('wasm', x, xShape, w, wShape, c.strides, c.pad);
      expect(tf.memory().numTensors).toBe(before);
      expect(wasm).toHaveLength(cpu.length);
      for (let i = 0; i < cpu.length; i++) expect(wasm[i]).toBeCloseTo(cpu[i] as number, 4);
    } finally {
      await tf.setBackend('wasm');
    }
  });
});
