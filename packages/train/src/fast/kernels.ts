/**
 * The fast trainer's WebAssembly SIMD kernels (`kernels.wat`: what they compute, the buffer layout and why), bound to
 * the TensorFlow.js WASM backend's memory. Every argument that names a buffer is a byte offset into that memory, so
 * the kernels read and write the trainer's heap buffers in place, and growth of the memory (which replaces the JS
 * `ArrayBuffer`) cannot leave them stale.
 */
import { KERNELS_WASM, KERNELS_WASM_SHARED_MEMORY } from './kernels-wasm.js';

export interface Kernels {
  /** x[i] = bytes[i] / 255 for i < count; count a multiple of 16. */
  normalize(bytes: number, count: number, x: number): void;
  /** The column lists of x [n, inputs] (rows `stride` floats apart): its positive entries, and the bias input. */
  columns(
    x: number,
    stride: number,
    n: number,
    inputs: number,
    maxBatch: number,
    lists: number,
    counts: number,
  ): void;
  /** z [n, stride] = x · W, W being `columns` rows (the kernel's, then the bias). */
  forward(
    lists: number,
    counts: number,
    columns: number,
    maxBatch: number,
    w: number,
    stride: number,
    z: number,
    n: number,
  ): void;
  /** dW [columns, stride] = xᵀ · dz. */
  weightGrad(
    lists: number,
    counts: number,
    columns: number,
    maxBatch: number,
    dz: number,
    stride: number,
    dw: number,
  ): void;
  /** dzIn [n, strideIn] = dz · Wᵀ where x > 0, else 0. */
  inputGrad(
    lists: number,
    counts: number,
    inputs: number,
    maxBatch: number,
    dz: number,
    stride: number,
    w: number,
    dzIn: number,
    strideIn: number,
    n: number,
  ): void;
  /**
   * dW [columns, stride] = xᵀ · dz of a batch split in two halves (each with its own lists and dz), summed in the
   * order `weightGrad` sums the whole batch: bit for bit its result. Then each row's Adam update, as `adam` computes
   * it, with p, m and v at byte distances pDelta, mDelta and vDelta from dw.
   */
  weightGradAdamHalves(
    lists0: number,
    counts0: number,
    dz0: number,
    lists1: number,
    counts1: number,
    dz1: number,
    columns: number,
    maxBatch: number,
    stride: number,
    dw: number,
    pDelta: number,
    mDelta: number,
    vDelta: number,
    beta1: number,
    beta2: number,
    epsilon: number,
    stepSize: number,
  ): void;
  /** One Adam step on `count` floats (a multiple of 4) of p, g, m, v, with `adamConstants`. */
  adam(
    p: number,
    g: number,
    m: number,
    v: number,
    count: number,
    beta1: number,
    beta2: number,
    epsilon: number,
    stepSize: number,
  ): void;
}

/** Compiled once per memory kind: modules are immutable and instantiate cheaply. */
const compiled = new Map<boolean, WebAssembly.Module>();

function moduleFor(sharedMemory: boolean): WebAssembly.Module {
  let module = compiled.get(sharedMemory);
  if (module === undefined) {
    const base64 = sharedMemory ? KERNELS_WASM_SHARED_MEMORY : KERNELS_WASM;
    // Synchronous compilation is fine for a module this small: browsers only refuse it on the main thread above
    // 4 KB, and the kernels' test keeps the module under that.
    module = new WebAssembly.Module(Uint8Array.from(atob(base64), (char) => char.charCodeAt(0)));
    compiled.set(sharedMemory, module);
  }
  return module;
}

function isShared(memory: WebAssembly.Memory): boolean {
  // SharedArrayBuffer is undefined in browser pages that are not cross-origin isolated.
  return typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
}

/**
 * Why this engine cannot run the kernels on `memory`, or undefined when it can (they need WebAssembly SIMD: every
 * current browser and Node).
 */
export function kernelsUnsupportedReason(memory: WebAssembly.Memory | undefined): string | undefined {
  if (memory === undefined) return "the backend's WebAssembly.Memory is not reachable";
  try {
    moduleFor(isShared(memory));
    return undefined;
  } catch (error) {
    return `the kernels do not compile here (${(error as Error).message})`;
  }
}

/**
 * The kernels working on `memory`. They run on the calling thread between the backend's own kernel calls, so the
 * threaded build's workers (which only work inside a kernel call) never touch the same buffers at the same time.
 */
export function instantiateKernels(memory: WebAssembly.Memory): Kernels {
  const instance = new WebAssembly.Instance(moduleFor(isShared(memory)), { env: { memory } });
  return instance.exports as unknown as Kernels;
}

/** The constants of one `Kernels.adam` step. */
export interface AdamConstants {
  readonly beta1: number;
  readonly beta2: number;
  /** ε' = ε/c, changes every step. */
  readonly epsilon: number;
  /** α, changes every step. */
  readonly stepSize: number;
}

/**
 * The constants of Adam's 1-based step `t`. tf.train.adam computes
 *   m = β1·m + (1−β1)·g;  v = β2·v + (1−β2)·g²;  p −= (lr/(1−β1ᵗ))·m / (sqrt(v/(1−β2ᵗ)) + ε).
 * To save operations the kernel keeps the moments pre-scaled, m' = m/(1−β1) and v' = v/(1−β2), and folds the
 * constants, which is the same update up to float rounding:
 *   m' = β1·m' + g;  v' = β2·v' + g²;  p −= α·m' / (sqrt(v') + ε'),
 *   with c = sqrt((1−β2)/(1−β2ᵗ)), α = lr·(1−β1)/(1−β1ᵗ)/c, ε' = ε/c.
 */
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
