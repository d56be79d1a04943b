import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { adamConstants, instantiateKernels, type Kernels } from './kernels.js';
import { KERNELS_WASM, KERNELS_WASM_SHARED_MEMORY } from './kernels-wasm.js';
import { WasmHeap } from './wasm-heap.js';

// Every kernel is checked against a plain float64 computation of what kernels.wat says it computes.

let heap: WasmHeap;
let kernels: Kernels;

beforeAll(async () => {
  await tf.setBackend('wasm');
  await tf.ready();
});

afterEach(() => heap?.dispose());

function setUp(): void {
  heap = new WasmHeap(tf.backend() as BackendWasm);
  kernels = instantiateKernels(heap.memory);
}

/** A float32 buffer in the heap holding `values`, and 4 floats more (`columns` reads up to 3 past a row). */
function floats(values: ArrayLike<number>): number {
  const offset = heap.alloc((values.length + 4) * 4);
  heap.f32(offset, values.length).set(values);
  return offset;
}

/** Deterministic values in [-1, 1), a third of them exactly 0 (the kernels skip zeros, so both kinds matter). */
function sparseValues(count: number, seed: number): Float32Array {
  let state = seed;
  return Float32Array.from({ length: count }, () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    const u = state / 2 ** 31;
    return u < 1 / 3 ? 0 : u * 3 - 2;
  });
}

/** Column lists as the kernels lay them out, read back as arrays of [sample, value] per input feature. */
function readLists(lists: number, counts: number, columns: number, maxBatch: number): [number, number][][] {
  const lengths = new Int32Array(heap.memory.buffer, counts, columns);
  return Array.from({ length: columns }, (_, k) => {
    const start = lists + k * maxBatch * 8;
    const samples = new Int32Array(heap.memory.buffer, start, 2 * (lengths[k] as number));
    const values = heap.f32(start, 2 * (lengths[k] as number));
    return Array.from({ length: lengths[k] as number }, (_, i) => [
      samples[2 * i] as number,
      values[2 * i + 1] as number,
    ]);
  });
}

/** Builds the column lists of x [n, inputs] (row stride `stride`) with the kernel; returns their offsets. */
function listsOf(x: Float32Array, n: number, inputs: number, stride: number, maxBatch: number) {
  const lists = heap.alloc((inputs + 1) * maxBatch * 8);
  const counts = heap.alloc((inputs + 1) * 4);
  kernels.columns(floats(x), stride, n, inputs, maxBatch, lists, counts);
  return { lists, counts };
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance = 1e-5): void {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < actual.length; i++)
    worst = Math.max(worst, Math.abs((actual[i] as number) - (expected[i] as number)));
  expect(worst).toBeLessThan(tolerance);
}

describe('the compiled module', () => {
  it('is what kernels.wat compiles to', () => {
    const script = join(__dirname, '../../scripts/build-kernels.mjs');
    expect(() => execFileSync(process.execPath, [script, '--check'], { stdio: 'pipe' })).not.toThrow();
  });

  it('stays under the 4 KB that browsers compile synchronously on the main thread', () => {
    for (const base64 of [KERNELS_WASM, KERNELS_WASM_SHARED_MEMORY])
      expect(atob(base64).length).toBeLessThan(4096);
  });
});

describe('kernels', () => {
  it('normalize: bytes / 255 as float32, 16 at a time', () => {
    setUp();
    const bytes = Uint8Array.from({ length: 48 }, (_, i) => (i * 37) % 256);
    const source = heap.alloc(bytes.length);
    heap.u8(source, bytes.length).set(bytes);
    const x = heap.alloc(bytes.length * 4);
    kernels.normalize(source, bytes.length, x);
    expect(Array.from(heap.f32(x, bytes.length))).toEqual(Array.from(bytes, (v) => Math.fround(v / 255)));
  });

  it('columns: the positive entries of each input feature in sample order, then the bias input', () => {
    setUp();
    const [n, inputs, stride, maxBatch] = [5, 7, 8, 6];
    const x = sparseValues(n * stride, 1);
    // Past `inputs` each row has a positive value the kernel reads and must ignore.
    for (let b = 0; b < n; b++) x[b * stride + inputs] = 0.5;
    const { lists, counts } = listsOf(x, n, inputs, stride, maxBatch);
    const expected = Array.from({ length: inputs + 1 }, (_, k) =>
      k === inputs
        ? Array.from({ length: n }, (_, b) => [b, 1])
        : Array.from({ length: n }, (_, b) => [b, x[b * stride + k] as number]).filter(
            ([, v]) => (v as number) > 0,
          ),
    );
    expect(readLists(lists, counts, inputs + 1, maxBatch)).toEqual(expected);
  });

  // Strides 40 (one 32-float tile and two 4-float vectors) and 12 (vectors only) cover both loops of each kernel.
  describe.each([
    { inputs: 9, units: 37, stride: 40 },
    { inputs: 6, units: 10, stride: 12 },
  ])('with $inputs inputs and $units units (stride $stride)', ({ inputs, units, stride }) => {
    const [n, maxBatch] = [5, 8];
    const rows = inputs + 1;
    const x = sparseValues(n * inputs, 2);
    /** W [rows, stride]: kernel rows, then the bias, padding zero. */
    const w = sparseValues(rows * stride, 3).map((v, i) => (i % stride < units ? v : 0));
    const dz = sparseValues(n * stride, 4).map((v, i) => (i % stride < units ? v : 0));
    /** x with the bias input appended as a constant 1, as the lists carry it. */
    const xWithBias = (b: number, k: number) => (k === inputs ? 1 : Math.max(x[b * inputs + k] as number, 0));

    it('forward: z = x · W + bias over the positive inputs', () => {
      setUp();
      const { lists, counts } = listsOf(x, n, inputs, inputs, maxBatch);
      const z = heap.alloc(n * stride * 4);
      heap.f32(z, n * stride).fill(Number.NaN);
      kernels.forward(lists, counts, rows, maxBatch, floats(w), stride, z, n);
      const expected = Array.from({ length: n * stride }, (_, i) => {
        const [b, u] = [Math.floor(i / stride), i % stride];
        let sum = 0;
        for (let k = 0; k < rows; k++) sum += xWithBias(b, k) * (w[k * stride + u] as number);
        return sum;
      });
      expectClose(heap.f32(z, n * stride), expected);
    });

    it('weightGrad: dW = xᵀ · dz, the bias row included', () => {
      setUp();
      const { lists, counts } = listsOf(x, n, inputs, inputs, maxBatch);
      const dw = heap.alloc(rows * stride * 4);
      heap.f32(dw, rows * stride).fill(Number.NaN);
      kernels.weightGrad(lists, counts, rows, maxBatch, floats(dz), stride, dw);
      const expected = Array.from({ length: rows * stride }, (_, i) => {
        const [k, u] = [Math.floor(i / stride), i % stride];
        let sum = 0;
        for (let b = 0; b < n; b++) sum += xWithBias(b, k) * (dz[b * stride + u] as number);
        return sum;
      });
      expectClose(heap.f32(dw, rows * stride), expected);
    });

    it('weightGradAdamHalves: weightGrad of the whole batch and adam, bit for bit, from its two halves, any rows', () => {
      setUp();
      const whole = listsOf(x, n, inputs, inputs, maxBatch);
      const count = rows * stride;
      const constants = adamConstants(4, { learningRate: 1e-2, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 });
      const { beta1, beta2, epsilon, stepSize } = constants;
      const [p, m, v] = [
        sparseValues(count, 11),
        sparseValues(count, 12),
        sparseValues(count, 13).map(Math.abs),
      ];
      // The reference: weightGrad on the whole batch, then adam over it.
      const expected = heap.alloc(count * 4);
      kernels.weightGrad(whole.lists, whole.counts, rows, maxBatch, floats(dz), stride, expected);
      const reference = [floats(p), floats(m), floats(v)] as const;
      kernels.adam(
        reference[0],
        expected,
        reference[1],
        reference[2],
        count,
        beta1,
        beta2,
        epsilon,
        stepSize,
      );
      // Samples 0–2 and 3–4, each half with its own lists (samples from 0) and its own dz rows.
      const first = 3;
      const halfBatch = 4;
      const half = (from: number, to: number) => ({
        ...listsOf(x.subarray(from * inputs, to * inputs), to - from, inputs, inputs, halfBatch),
        dz: floats(dz.subarray(from * stride, to * stride)),
      });
      const [h0, h1] = [half(0, first), half(first, n)];
      const dw = heap.alloc(count * 4);
      heap.f32(dw, count).fill(Number.NaN);
      const [pOut, mOut, vOut] = [floats(p), floats(m), floats(v)];
      // Rows split in two calls, as two threads split them.
      for (const [from, to] of [
        [0, 4],
        [4, rows],
      ] as const) {
        const [pairs, counted] = [from * halfBatch * 8, from * 4];
        kernels.weightGradAdamHalves(
          h0.lists + pairs,
          h0.counts + counted,
          h0.dz,
          h1.lists + pairs,
          h1.counts + counted,
          h1.dz,
          to - from,
          halfBatch,
          stride,
          dw + from * stride * 4,
          pOut - dw,
          mOut - dw,
          vOut - dw,
          beta1,
          beta2,
          epsilon,
          stepSize,
        );
      }
      const read = (offset: number) => Array.from(heap.f32(offset, count));
      expect(read(dw)).toEqual(read(expected));
      expect([read(pOut), read(mOut), read(vOut)]).toEqual(reference.map(read));
    });

    it('inputGrad: dz · Wᵀ where the input was positive, 0 elsewhere', () => {
      setUp();
      const strideIn = inputs + 3;
      const { lists, counts } = listsOf(x, n, inputs, inputs, maxBatch);
      const dzIn = heap.alloc(n * strideIn * 4);
      heap.f32(dzIn, n * strideIn).fill(Number.NaN);
      kernels.inputGrad(lists, counts, inputs, maxBatch, floats(dz), stride, floats(w), dzIn, strideIn, n);
      const expected = Array.from({ length: n * strideIn }, (_, i) => {
        const [b, k] = [Math.floor(i / strideIn), i % strideIn];
        if (k >= inputs || (x[b * inputs + k] as number) <= 0) return 0;
        let sum = 0;
        for (let u = 0; u < stride; u++)
          sum += (dz[b * stride + u] as number) * (w[k * stride + u] as number);
        return sum;
      });
      expectClose(heap.f32(dzIn, n * strideIn), expected);
    });
  });

  it('adam: the folded update of tf.train.adam', () => {
    setUp();
    const count = 64;
    const [p, g] = [sparseValues(count, 5), sparseValues(count, 6)];
    const [m, v] = [sparseValues(count, 7), sparseValues(count, 8).map((value) => Math.abs(value) + 0.01)];
    const offsets = [p, g, m, v].map(floats) as [number, number, number, number];
    const constants = adamConstants(3, { learningRate: 1e-2, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 });
    const { beta1, beta2, epsilon, stepSize } = constants;
    kernels.adam(...offsets, count, beta1, beta2, epsilon, stepSize);
    const expectedM = Array.from(m, (mi, i) => beta1 * mi + (g[i] as number));
    const expectedV = Array.from(v, (vi, i) => beta2 * vi + (g[i] as number) ** 2);
    const expectedP = Array.from(
      p,
      (pi, i) => pi - ((expectedM[i] as number) / (Math.sqrt(expectedV[i] as number) + epsilon)) * stepSize,
    );
    const [pOut, , mOut, vOut] = offsets.map((offset) => heap.f32(offset, count));
    expectClose(mOut as Float32Array, expectedM, 1e-6);
    expectClose(vOut as Float32Array, expectedV, 1e-6);
    expectClose(pOut as Float32Array, expectedP, 1e-6);
  });

  it('adam: stores moments below the smallest normal float32 as 0, and keeps NaN', () => {
    setUp();
    const tiny = 1e-39; // subnormal in float32
    const p = floats([1, 1, 1, 1]);
    const g = floats([0, 0, Number.NaN, 0]);
    const m = floats([tiny, 1e-3, 0, -tiny]);
    const v = floats([tiny, 1e-3, 0, 1e-6]);
    kernels.adam(p, g, m, v, 4, 0.9, 0.999, 1e-7, 1e-3);
    expect(Array.from(heap.f32(m, 4))).toEqual([
      0,
      Math.fround(Math.fround(1e-3) * Math.fround(0.9)),
      Number.NaN,
      0,
    ]);
    expect(Array.from(heap.f32(v, 4))).toEqual([
      0,
      Math.fround(Math.fround(1e-3) * Math.fround(0.999)),
      Number.NaN,
      Math.fround(Math.fround(1e-6) * Math.fround(0.999)),
    ]);
    expect(heap.f32(p, 4)[2]).toBeNaN();
  });
});
