import * as tf from '@tensorflow/tfjs-core';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

/** A tfjs backend that fmnist can run on: WASM (fast) or pure-JS `cpu` (the reference). */
export type BackendName = 'wasm' | 'cpu';

export interface BackendOptions {
  /** Which backend. Default `'wasm'`. */
  backend?: BackendName;
  /**
   * Where the `.wasm` files are, for bundlers: a folder URL ending in `/`, or one URL per file name
   * (`tfjs-backend-wasm.wasm`, `tfjs-backend-wasm-simd.wasm`, `tfjs-backend-wasm-threaded-simd.wasm`). Node finds
   * them by itself next to the package.
   */
  wasmPaths?: string | Record<string, string>;
  /** Threads for the threaded WASM build, where the platform allows it. Default: the number of cores. */
  threads?: number;
}

/** What the backend initialisation got. */
export interface BackendInfo {
  readonly backend: BackendName;
  /** Whether WASM SIMD is in use. */
  readonly simd: boolean;
  /** Threads the WASM backend runs on (1 without cross-origin isolation in browsers, and in Node). */
  readonly threads: number;
}

/**
 * Makes `backend` the active tfjs backend and reports what it got. The one place where fmnist sets up tfjs: the
 * CLI, the benchmark and the web app call it before anything else.
 *
 * @example
 * ```ts
 * import { initBackend } from '@fmnist/train';
 * console.log(await initBackend()); // { backend: 'wasm', simd: true, threads: 1 }
 * ```
 */
export async function initBackend(options: BackendOptions = {}): Promise<BackendInfo> {
  const backend = options.backend ?? 'wasm';
  // The reference backend loads only when asked for: it is a sizeable bundle that WASM runs never use.
  if (backend === 'cpu') await import('@tensorflow/tfjs-backend-cpu');
  if (backend === 'wasm') {
    if (options.wasmPaths) setWasmPaths(options.wasmPaths as string);
    if (options.threads) setThreadsCount(options.threads);
  }
  if (!(await tf.setBackend(backend))) throw new Error(`the ${backend} backend failed to initialise`);
  await tf.ready();
  return describeBackend();
}

/** What the active backend is and runs on. */
export function describeBackend(): BackendInfo {
  const backend = tf.getBackend() as BackendName;
  if (backend !== 'wasm') return { backend, simd: false, threads: 1 };
  return { backend, simd: tf.env().getBool('WASM_HAS_SIMD_SUPPORT'), threads: getThreadsCount() };
}
