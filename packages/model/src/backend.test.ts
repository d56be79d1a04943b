import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from '@jest/globals';
import { describeBackend, ensureBackend, initBackend } from './backend.js';
import { BackendUnavailableError } from './errors.js';

describe('ensureBackend', () => {
  it('starts WASM once when no backend is active, for concurrent callers', async () => {
    expect(tf.engine().backendName).toBeFalsy();
    const [a, b] = await Promise.all([ensureBackend(), ensureBackend()]);
    expect(a).toEqual({ backend: 'wasm', simd: true, threads: 1 });
    expect(b).toEqual(a);
  });

  it('keeps a backend the caller chose', async () => {
    await initBackend({ backend: 'cpu' });
    expect(await ensureBackend()).toEqual({ backend: 'cpu', simd: false, threads: 1 });
    await initBackend();
  });
});

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

  it('names the cpu fallback when WebAssembly is missing', async () => {
    const wasm = globalThis.WebAssembly;
    Reflect.deleteProperty(globalThis, 'WebAssembly');
    try {
      const failure = initBackend();
      await expect(failure).rejects.toThrow(BackendUnavailableError);
      await expect(failure).rejects.toThrow(
        /^the wasm backend: WebAssembly is not available here; use the pure-JS backend instead: initBackend\(\{ backend: 'cpu' \}\)/,
      );
    } finally {
      globalThis.WebAssembly = wasm;
    }
    expect(describeBackend().backend).toBe('wasm');
  });
});
