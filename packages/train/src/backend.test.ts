import { describe, expect, it } from '@jest/globals';
import * as tf from '@tensorflow/tfjs-core';
import { describeBackend, initBackend } from './backend.js';

describe('initBackend', () => {
  it('sets up WASM with SIMD in Node, on one thread', async () => {
    expect(await initBackend()).toEqual({ backend: 'wasm', simd: true, threads: 1 });
    expect(tf.getBackend()).toBe('wasm');
  });

  it('switches to the pure-JS cpu backend on request', async () => {
    expect(await initBackend({ backend: 'cpu' })).toEqual({ backend: 'cpu', simd: false, threads: 1 });
    expect(describeBackend().backend).toBe('cpu');
    await initBackend();
  });
});
