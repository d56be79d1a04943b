/**
 * Buffers in the TensorFlow.js WASM backend's heap, for the fast trainer's kernels (`kernels.ts`) to work on in place.
 *
 * They are allocated with the backend's own `malloc`, so they share its memory without colliding with tensors, and
 * are never registered as tensors: the engine does not know of them and cannot free or move them.
 */
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { UnsupportedModelError } from '../errors.js';

/** The members of the backend's emscripten module the heap uses (all exported by the 4.22 builds). */
interface WasmModule {
  _malloc(bytes: number): number;
  _free(pointer: number): void;
  /** The exports of the single-threaded builds, which include their memory. */
  asm?: { memory?: unknown };
  /** The threaded build's memory, which it creates (shared) and imports. */
  wasmMemory?: unknown;
}

/**
 * The backend's `WebAssembly.Memory`: exported by the single-threaded builds (`asm.memory`), created in JS and
 * imported by the threaded build (`wasmMemory`, shared). Undefined if a build exposes neither.
 */
export function backendMemory(backend: BackendWasm): WebAssembly.Memory | undefined {
  const wasm = backend.wasm as unknown as WasmModule;
  return [wasm.asm?.memory, wasm.wasmMemory].find((candidate) => candidate instanceof WebAssembly.Memory) as
    | WebAssembly.Memory
    | undefined;
}

/**
 * Owns heap allocations. Typed-array views go stale when the memory grows (any tfjs allocation may grow it), so
 * callers take them through `f32()`/`u8()` when they need them and never keep them across calls.
 */
export class WasmHeap {
  readonly memory: WebAssembly.Memory;
  private readonly wasm: WasmModule;
  private readonly allocations: number[] = [];

  constructor(backend: BackendWasm) {
    const memory = backendMemory(backend);
    if (memory === undefined)
      throw new UnsupportedModelError("the fast trainer cannot reach the WASM backend's memory");
    this.memory = memory;
    this.wasm = backend.wasm as unknown as WasmModule;
  }

  /** Allocates `bytes` zeroed bytes and returns their byte offset (a multiple of 8, as malloc aligns). */
  alloc(bytes: number): number {
    const pointer = this.wasm._malloc(bytes);
    if (pointer === 0)
      throw new UnsupportedModelError(
        `the fast trainer's buffers do not fit in the WASM heap (${bytes} more bytes)`,
      );
    this.allocations.push(pointer);
    this.u8(pointer, bytes).fill(0);
    return pointer;
  }

  /** A Float32Array view of `length` floats at byte offset `offset` (valid until the memory next grows). */
  f32(offset: number, length: number): Float32Array {
    return new Float32Array(this.memory.buffer, offset, length);
  }

  /** A Uint8Array view of `length` bytes at byte offset `offset` (valid until the memory next grows). */
  u8(offset: number, length: number): Uint8Array {
    return new Uint8Array(this.memory.buffer, offset, length);
  }

  /** Frees every allocation. */
  dispose(): void {
    for (const pointer of this.allocations) this.wasm._free(pointer);
    this.allocations.length = 0;
  }
}
