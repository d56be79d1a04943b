/**
 * Direct access to the C kernels of the TensorFlow.js WASM backend, on buffers that live in the backend's heap.
 *
 * Why: going through the tfjs engine costs ~4–7 µs per op plus tape bookkeeping, and a training step of a small
 * dense network needs ~165 ops; the arithmetic itself is ~1 ms. Calling the backend's exported kernels
 * (`__FusedMatMul`, `_Multiply`, …) on preallocated buffers removes that overhead entirely.
 *
 * How the backend works (tfjs-backend-wasm 4.22, `src/cc/backend.cc`): kernels address their operands by a
 * numeric tensor id that was registered with `register_tensor(id, size, offset)`. We register our own buffers
 * through the public `BackendWasm.makeOutput(shape, dtype, memoryOffset)`, which hands out a fresh id without
 * allocating, and unregister them ourselves on dispose (they are views into memory we allocated, so the backend
 * must not `free` them).
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/** The members of the backend's emscripten module that the fast path calls (all exported by the 4.22 build). */
interface WasmModule {
  HEAPF32: Float32Array;
  HEAP32: Int32Array;
  _malloc(bytes: number): number;
  _free(pointer: number): void;
  _register_tensor(id: number, size: number, offset: number): void;
  _dispose_data(id: number): void;
  // (aId, aShape*, aRank, bId, bShape*, bRank, transposeA, transposeB, activation, biasId, preluId, alpha, outId)
  __FusedMatMul(...args: number[]): void;
  // Binary kernels: (aId, aShape*, aRank, bId, bShape*, bRank, dtype, outId); broadcasting like tf.
  _Multiply(...args: number[]): void;
  _Add(...args: number[]): void;
  _Sub(...args: number[]): void;
  _RealDiv(...args: number[]): void;
  // Unary kernels: (xId, dtype, outId).
  _Square(xId: number, dtype: number, outId: number): void;
  _Sqrt(xId: number, dtype: number, outId: number): void;
  /** The exports of the single-threaded builds, which include their memory. */
  asm?: { memory?: unknown };
  /** The threaded build's memory, which it creates (shared) and imports. */
  wasmMemory?: unknown;
}

const FLOAT32 = 0; // CppDType.float32 in tfjs-backend-wasm/src/kernels/types.ts
const ACTIVATION_LINEAR = 0; // FusableActivation.linear

/** A float32 buffer in the WASM heap, known to the C kernels under `id`. */
export interface HeapBuffer {
  readonly id: number;
  /** Offset in floats from the start of the heap (byte offset / 4). */
  readonly start: number;
  readonly length: number;
}

/**
 * Owns heap allocations and their kernel ids; wraps the few kernels the trainer needs.
 *
 * Float32Array views of the heap go stale when WASM memory grows (any tfjs allocation may grow it), so callers take
 * views through `f32()` after `refreshViews()` at the start of each step, never keep them across calls.
 */
export class WasmHeap {
  private readonly wasm: WasmModule;
  private readonly allocations: number[] = [];
  private readonly registered: tf.DataId[] = [];
  /** Two rank-3 shapes for matMul operands, then [n] and [1] for elementwise kernels. */
  private readonly shapes: number;
  private heap: Float32Array;
  private ints: Int32Array;

  constructor(private readonly backend: BackendWasm) {
    this.wasm = backend.wasm as unknown as WasmModule;
    this.shapes = this.wasm._malloc(8 * 4);
    this.allocations.push(this.shapes);
    this.heap = this.wasm.HEAPF32;
    this.ints = this.wasm.HEAP32;
  }

  /** Allocates `lengths.length` buffers in one contiguous, zeroed block (so one kernel call can span them all). */
  allocContiguous(lengths: readonly number[]): { block: HeapBuffer; parts: HeapBuffer[] } {
    const total = lengths.reduce((sum, n) => sum + n, 0);
    const pointer = this.wasm._malloc(total * 4);
    if (pointer === 0) throw new Error(`WASM heap: cannot allocate ${total * 4} bytes`);
    this.allocations.push(pointer);
    const start = pointer >>> 2;
    this.refreshViews();
    this.heap.fill(0, start, start + total);
    const block = this.register(start, total);
    let offset = start;
    const parts = lengths.map((n) => {
      const part = this.register(offset, n);
      offset += n;
      return part;
    });
    return { block, parts };
  }

  /** Allocates one zeroed buffer. */
  alloc(length: number): HeapBuffer {
    return this.allocContiguous([length]).block;
  }

  /** Re-fetches the heap views if WASM memory has grown since the last call. */
  refreshViews(): void {
    if (this.heap !== this.wasm.HEAPF32) {
      this.heap = this.wasm.HEAPF32;
      this.ints = this.wasm.HEAP32;
    }
  }

  /** A Float32Array view of the first `length` floats of `buffer` (valid until the heap next grows). */
  f32(buffer: HeapBuffer, length = buffer.length): Float32Array {
    return this.heap.subarray(buffer.start, buffer.start + length);
  }

  /**
   * out[M,N] = a[M,K] · b[K,N], through XNNPACK's fully-connected operator (the backend's fast path: transposed
   * operands would fall to a scalar loop). XNNPACK packs `b` into an operator that the backend caches by b's id,
   * so `b` is re-registered first: its contents change every step and a cached operator would hold stale data.
   * Packing costs ~2.6 ns per element of b, so callers arrange products so that b is the small operand.
   */
  matMul(a: HeapBuffer, m: number, k: number, b: HeapBuffer, n: number, out: HeapBuffer): void {
    const s = this.shapes >>> 2;
    const ints = this.ints;
    ints[s] = 1;
    ints[s + 1] = m;
    ints[s + 2] = k;
    ints[s + 3] = 1;
    ints[s + 4] = k;
    ints[s + 5] = n;
    this.wasm._dispose_data(b.id);
    this.wasm._register_tensor(b.id, b.length, b.start * 4);
    this.wasm.__FusedMatMul(
      a.id,
      this.shapes,
      3,
      b.id,
      this.shapes + 12,
      3,
      0,
      0,
      ACTIVATION_LINEAR,
      0,
      0,
      0,
      out.id,
    );
  }

  /**
   * The Adam update (see `AdamUpdate`) with the backend's elementwise kernels (SIMD XNNPACK binary ops; only Sqrt is
   * scalar, and it is half the cost): 10 kernel calls per step. The fallback for `createSimdAdam`, which does the
   * same operations in one pass. Allocates two scratch blocks of `length` floats and the constants' buffers.
   */
  kernelAdam(length: number): AdamUpdate {
    const w = this.wasm;
    const tmp1 = this.alloc(length);
    const tmp2 = this.alloc(length);
    const beta1 = this.alloc(1);
    const beta2 = this.alloc(1);
    const epsilon = this.alloc(1);
    const stepSize = this.alloc(1);
    const full = this.shapes + 24;
    const one = this.shapes + 28;
    const withScalar = (
      kernel: (...args: number[]) => void,
      x: HeapBuffer,
      scalar: HeapBuffer,
      out: HeapBuffer,
    ) => kernel.call(w, x.id, full, 1, scalar.id, one, 1, FLOAT32, out.id);
    const elementwise = (
      kernel: (...args: number[]) => void,
      x: HeapBuffer,
      y: HeapBuffer,
      out: HeapBuffer,
    ) => kernel.call(w, x.id, full, 1, y.id, full, 1, FLOAT32, out.id);
    return (p, g, m, v, constants) => {
      if (p.length !== length)
        throw new RangeError(`kernel Adam sized for ${length} floats, got ${p.length}`);
      this.refreshViews();
      this.ints[(this.shapes >>> 2) + 6] = length;
      this.ints[(this.shapes >>> 2) + 7] = 1;
      this.setScalar(beta1, constants.beta1);
      this.setScalar(beta2, constants.beta2);
      this.setScalar(epsilon, constants.epsilon);
      this.setScalar(stepSize, constants.stepSize);
      withScalar(w._Multiply, m, beta1, m);
      elementwise(w._Add, m, g, m);
      w._Square(g.id, FLOAT32, tmp1.id);
      withScalar(w._Multiply, v, beta2, v);
      elementwise(w._Add, v, tmp1, v);
      w._Sqrt(v.id, FLOAT32, tmp1.id);
      withScalar(w._Add, tmp1, epsilon, tmp1);
      elementwise(w._RealDiv, m, tmp1, tmp2);
      withScalar(w._Multiply, tmp2, stepSize, tmp2);
      elementwise(w._Sub, p, tmp2, p);
    };
  }

  /**
   * The backend's `WebAssembly.Memory`, for code that works on the heap directly (`createSimdAdam`): exported by the
   * single-threaded builds (`asm.memory`), created in JS and imported by the threaded build (`wasmMemory`, shared).
   */
  memory(): WebAssembly.Memory | undefined {
    const candidates = [this.wasm.asm?.memory, this.wasm.wasmMemory];
    return candidates.find((candidate) => candidate instanceof WebAssembly.Memory);
  }

  /** Writes one float into a one-float buffer. */
  private setScalar(buffer: HeapBuffer, value: number): void {
    this.heap[buffer.start] = value;
  }

  /** Unregisters every id and frees every allocation. */
  dispose(): void {
    for (const dataId of this.registered) {
      const data = this.backend.dataIdMap.get(dataId);
      if (data !== undefined) this.wasm._dispose_data(data.id);
      this.backend.dataIdMap.delete(dataId);
    }
    this.registered.length = 0;
    for (const pointer of this.allocations) this.wasm._free(pointer);
    this.allocations.length = 0;
  }

  private register(start: number, length: number): HeapBuffer {
    const info = this.backend.makeOutput([length], 'float32', start * 4);
    this.registered.push(info.dataId);
    const data = this.backend.dataIdMap.get(info.dataId);
    if (data === undefined) throw new Error('WASM backend did not register the buffer');
    return { id: data.id, start, length };
  }
}

/**
 * One Adam step on whole contiguous blocks of the same length, in place: parameters `p`, gradients `g`, moments `m`
 * and `v`. tf.train.adam computes
 *   m = β1·m + (1−β1)·g;  v = β2·v + (1−β2)·g²;  p −= (lr/(1−β1ᵗ))·m / (sqrt(v/(1−β2ᵗ)) + ε).
 * To save operations the moments are kept pre-scaled, m' = m/(1−β1) and v' = v/(1−β2), and the constants folded,
 * which is the same update up to float rounding:
 *   m' = β1·m' + g;  v' = β2·v' + g²;  p −= α·m' / (sqrt(v') + ε'),
 *   with c = sqrt((1−β2)/(1−β2ᵗ)), α = lr·(1−β1)/(1−β1ᵗ)/c, ε' = ε/c (see `adamConstants`).
 * Implementations compute it in float32 in exactly this order, p − (m'/(sqrt(v')+ε'))·α, so they agree bit for bit.
 */
export type AdamUpdate = (
  p: HeapBuffer,
  g: HeapBuffer,
  m: HeapBuffer,
  v: HeapBuffer,
  constants: AdamConstants,
) => void;

/** The constants of one `AdamUpdate` (used as float32). */
export interface AdamConstants {
  readonly beta1: number;
  readonly beta2: number;
  /** ε' = ε/c, changes every step. */
  readonly epsilon: number;
  /** α, changes every step. */
  readonly stepSize: number;
}

/** The constants of `AdamUpdate` for 1-based step `t`. */
export function adamConstants(
  t: number,
  {
    learningRate,
    beta1,
    beta2,
    epsilon,
  }: { learningRate: number; beta1: number; beta2: number; epsilon: number },
): AdamConstants {
  const c = Math.sqrt((1 - beta2) / (1 - beta2 ** t));
  return {
    beta1,
    beta2,
    epsilon: epsilon / c,
    stepSize: (learningRate * (1 - beta1)) / (1 - beta1 ** t) / c,
  };
}
