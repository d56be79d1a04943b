import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { createSimdAdam } from './simd-adam.js';
import { adamConstants, type AdamUpdate, type HeapBuffer, WasmHeap } from './wasm-heap.js';

// Not a multiple of 4, so the SIMD function's scalar tail runs (3 floats after 257 vectors).
const LENGTH = 1031;
/** Floats after each array, which no update may write, and their value (finite: NaN would survive an update). */
const GUARD = 5;
const SENTINEL = 1234.5;
const HYPERPARAMETERS = { learningRate: 2e-3, beta1: 0.8, beta2: 0.99, epsilon: 1e-6 };

/** Deterministic pseudo-random floats in [-scale/2, scale/2) (a linear congruential generator). */
function randomFloats(length: number, seed: number, scale: number): Float32Array {
  let state = seed;
  return Float32Array.from({ length }, () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return (state / 2 ** 31 - 0.5) * scale;
  });
}

/** The bit patterns, so that comparisons are exact (and -0 ≠ 0). */
function bits(values: Float32Array): Uint32Array {
  return new Uint32Array(values.slice().buffer);
}

/** p, g, m, v of LENGTH floats, each followed by GUARD floats, in the backend's heap. */
interface AdamState {
  p: HeapBuffer;
  g: HeapBuffer;
  m: HeapBuffer;
  v: HeapBuffer;
  block: HeapBuffer;
}

function allocState(heap: WasmHeap): AdamState {
  const { block, parts } = heap.allocContiguous(
    Array.from({ length: 8 }, (_, i) => (i % 2 ? GUARD : LENGTH)),
  );
  const [p, , g, , m, , v] = parts as HeapBuffer[];
  return { p: p as HeapBuffer, g: g as HeapBuffer, m: m as HeapBuffer, v: v as HeapBuffer, block };
}

/** Same starting parameters and moments in both states, guards set to SENTINEL. */
function fillState(heap: WasmHeap, state: AdamState): void {
  heap.refreshViews();
  heap.f32(state.block).fill(SENTINEL);
  heap.f32(state.p).set(randomFloats(LENGTH, 1, 1));
  heap.f32(state.m).set(randomFloats(LENGTH, 2, 1e-2));
  heap.f32(state.v).set(randomFloats(LENGTH, 3, 1e-4).map(Math.abs));
}

/** Three Adam steps from 1-based step `t0`, with fresh gradients each, on both states; then checks they agree. */
function runBoth(
  heap: WasmHeap,
  simd: AdamUpdate,
  kernels: AdamUpdate,
  a: AdamState,
  b: AdamState,
  t0: number,
) {
  for (let t = t0; t < t0 + 3; t++) {
    const gradients = randomFloats(LENGTH, 100 + t, 1e-2);
    heap.refreshViews();
    heap.f32(a.g).set(gradients);
    heap.f32(b.g).set(gradients);
    const constants = adamConstants(t, HYPERPARAMETERS);
    simd(a.p, a.g, a.m, a.v, constants);
    kernels(b.p, b.g, b.m, b.v, constants);
  }
  heap.refreshViews();
  // The whole blocks, guards included: identical values, untouched guards.
  expect(bits(heap.f32(a.block))).toEqual(bits(heap.f32(b.block)));
  for (const part of [a.p, a.m, a.v]) {
    const guard = heap.f32({ ...part, start: part.start + LENGTH }, GUARD);
    expect(Array.from(guard)).toEqual(Array(GUARD).fill(SENTINEL));
  }
}

const heaps: WasmHeap[] = [];

function newHeap(): WasmHeap {
  const heap = new WasmHeap(tf.backend() as BackendWasm);
  heaps.push(heap);
  return heap;
}

beforeAll(async () => {
  await tf.setBackend('wasm');
  await tf.ready();
});

afterEach(() => {
  for (const heap of heaps.splice(0)) heap.dispose();
});

describe('createSimdAdam', () => {
  it('is available on the backend this test runs (the single-threaded SIMD build)', () => {
    const heap = newHeap();
    expect(createSimdAdam(heap.memory())).toMatchObject({ available: true });
  });

  it('updates parameters and moments bit-identically to the kernel Adam, tails included, across memory growth', () => {
    const heap = newHeap();
    const memory = heap.memory() as WebAssembly.Memory;
    const simd = createSimdAdam(memory);
    if (!simd.available) throw new Error(simd.reason);
    const kernels = heap.kernelAdam(LENGTH);
    const a = allocState(heap);
    const b = allocState(heap);
    fillState(heap, a);
    fillState(heap, b);
    runBoth(heap, simd.update, kernels, a, b, 1);

    // Growing the memory (as any tfjs allocation may) replaces its ArrayBuffer; the instance keeps working.
    const bytesBefore = memory.buffer.byteLength;
    heap.alloc(bytesBefore / 4);
    expect(memory.buffer.byteLength).toBeGreaterThan(bytesBefore);
    runBoth(heap, simd.update, kernels, a, b, 4);
  });

  it('instantiates against a shared memory (the threaded build) and computes the float32 Adam there', () => {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 4, shared: true });
    const simd = createSimdAdam(memory);
    if (!simd.available) throw new Error(simd.reason);
    const floats = new Float32Array(memory.buffer);
    const buffer = (k: number): HeapBuffer => ({ id: -1, start: k * (LENGTH + GUARD), length: LENGTH });
    const [p, g, m, v] = [0, 1, 2, 3].map(buffer) as [HeapBuffer, HeapBuffer, HeapBuffer, HeapBuffer];
    const view = (b: HeapBuffer) => floats.subarray(b.start, b.start + LENGTH);
    view(p).set(randomFloats(LENGTH, 1, 1));
    view(g).set(randomFloats(LENGTH, 4, 1e-2));
    view(m).set(randomFloats(LENGTH, 2, 1e-2));
    view(v).set(randomFloats(LENGTH, 3, 1e-4).map(Math.abs));
    const [p0, g0, m0, v0] = [p, g, m, v].map((b) => view(b).slice()) as [
      Float32Array,
      Float32Array,
      Float32Array,
      Float32Array,
    ];
    const constants = adamConstants(1, HYPERPARAMETERS);

    simd.update(p, g, m, v, constants);

    // Each double operation rounded to float32 is the correctly rounded float32 operation.
    const f = Math.fround;
    const [beta1, beta2, epsilon, stepSize] = [
      constants.beta1,
      constants.beta2,
      constants.epsilon,
      constants.stepSize,
    ].map(f) as [number, number, number, number];
    const expected = {
      p: new Float32Array(LENGTH),
      m: new Float32Array(LENGTH),
      v: new Float32Array(LENGTH),
    };
    for (let i = 0; i < LENGTH; i++) {
      const gi = g0[i] as number;
      const mi = f(f((m0[i] as number) * beta1) + gi);
      const vi = f(f((v0[i] as number) * beta2) + f(gi * gi));
      expected.m[i] = mi;
      expected.v[i] = vi;
      expected.p[i] = f((p0[i] as number) - f(f(mi / f(f(Math.sqrt(vi)) + epsilon)) * stepSize));
    }
    expect(bits(view(p))).toEqual(bits(expected.p));
    expect(bits(view(m))).toEqual(bits(expected.m));
    expect(bits(view(v))).toEqual(bits(expected.v));
  });

  it('says why when it has no memory to work on', () => {
    expect(createSimdAdam(undefined)).toEqual({
      available: false,
      reason: expect.stringMatching(/not reachable/),
    });
  });
});
