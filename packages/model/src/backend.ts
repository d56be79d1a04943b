import { getThreadsCount, setThreadsCount, setWasmPaths } from '#tfjs-backend-wasm';
import * as tf from '#tfjs-core';
import { BackendUnavailableError } from './errors.js';

/** A tfjs backend that fmnist can run on: WASM (fast) or pure-JS `cpu` (the reference, and the fallback). */
export type BackendName = 'wasm' | 'cpu';

export interface BackendOptions {
  /** Which backend. Default `'wasm'`. */
  backend?: BackendName;
  /**
   * Where the `.wasm` files are, when they are not where this package put them: a folder URL ending in `/`, or one
   * URL per file name (`tfjs-backend-wasm.wasm`, `tfjs-backend-wasm-simd.wasm`,
   * `tfjs-backend-wasm-threaded-simd.wasm`). Not needed in Node, nor with Vite, webpack 5, Rollup with
   * `@web/rollup-plugin-import-meta-assets` or other bundlers that emit `new URL('…', import.meta.url)` assets;
   * needed with esbuild, which copies nothing (copy the package's `wasm/` folder and pass its URL).
   */
  wasmPaths?: string | Record<string, string>;
  /**
   * Threads for the threaded WASM build, where the platform allows it. Default: tfjs' choice. `1` runs the
   * single-threaded build even where threads are possible: no worker threads to start, which is what a page that
   * classifies one picture at a time wants.
   */
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
 * The WASM binaries, shipped in this package's `wasm/` folder (copies of `@tensorflow/tfjs-backend-wasm`'s, same
 * version). One literal per file so that bundlers emit each as an asset; the engine fetches only the one it runs:
 * threaded SIMD on a cross-origin-isolated page, SIMD elsewhere, the plain build where SIMD is missing. In Node
 * these are `file:` URLs and tfjs reads its own copies.
 */
const WASM_FILES = {
  'tfjs-backend-wasm.wasm': new URL('../wasm/tfjs-backend-wasm.wasm', import.meta.url),
  'tfjs-backend-wasm-simd.wasm': new URL('../wasm/tfjs-backend-wasm-simd.wasm', import.meta.url),
  'tfjs-backend-wasm-threaded-simd.wasm': new URL(
    '../wasm/tfjs-backend-wasm-threaded-simd.wasm',
    import.meta.url,
  ),
};

const FALLBACK =
  "use the pure-JS backend instead: initBackend({ backend: 'cpu' }) or loadClassifier({ backend: 'cpu' })";

function servedWasmPaths(): Record<string, string> | undefined {
  const urls = Object.values(WASM_FILES);
  if (urls.some((url) => url.protocol === 'file:')) return undefined;
  return Object.fromEntries(Object.entries(WASM_FILES).map(([name, url]) => [name, url.href]));
}

async function registerCpu(): Promise<void> {
  // Loaded on request only, so that pages classifying on WASM do not download the pure-JS kernels.
  if (tf.findBackendFactory('cpu') === null) await import('#tfjs-backend-cpu');
}

/**
 * Makes `backend` the active tfjs backend and reports what it got. `loadClassifier`, `loadModel` and
 * `loadPretrained` call it themselves when no backend is active; call it first to choose the backend or threads.
 *
 * @throws BackendUnavailableError if WebAssembly is missing or the backend fails to start, naming the fallback.
 * @example
 * ```ts
 * import { initBackend } from '@fmnist/model';
 * console.log(await initBackend()); // { backend: 'wasm', simd: true, threads: 1 }
 * ```
 */
export async function initBackend(options: BackendOptions = {}): Promise<BackendInfo> {
  const backend = options.backend ?? 'wasm';
  if (backend === 'wasm') {
    if (typeof WebAssembly !== 'object') {
      throw new BackendUnavailableError('wasm', `WebAssembly is not available here; ${FALLBACK}`);
    }
    const paths = options.wasmPaths ?? servedWasmPaths();
    // tfjs types the map variant as `{ [name: string]: string }` but the overload wants a string.
    if (paths !== undefined) setWasmPaths(paths as string);
    if (options.threads) setThreadsCount(options.threads);
    // The threaded build starts its pool of worker threads (each compiling the module) even for one thread.
    if (options.threads === 1) tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  } else {
    await registerCpu();
  }
  let started: boolean;
  try {
    started = await tf.setBackend(backend);
  } catch (cause) {
    throw new BackendUnavailableError(backend, `failed to start (${String(cause)}); ${FALLBACK}`, { cause });
  }
  if (!started) {
    throw new BackendUnavailableError(
      backend,
      `failed to start${backend === 'wasm' ? ` (see the console for the .wasm file it could not fetch); ${FALLBACK}` : ''}`,
    );
  }
  await tf.ready();
  return describeBackend();
}

let starting: Promise<BackendInfo> | undefined;

/**
 * Starts the WASM backend unless one is already active (set up by the caller or by an earlier call), and reports
 * the active one. Concurrent calls share one start.
 */
export async function ensureBackend(): Promise<BackendInfo> {
  if (starting !== undefined) return starting;
  // Unset until a backend is chosen (`undefined` at first, `null` after a reset); chosen may still be starting.
  if (tf.engine().backendName) {
    await tf.ready();
    return describeBackend();
  }
  starting = initBackend().finally(() => {
    starting = undefined;
  });
  return starting;
}

/** What the active backend is and runs on. */
export function describeBackend(): BackendInfo {
  const backend = tf.getBackend() as BackendName;
  if (backend !== 'wasm') return { backend, simd: false, threads: 1 };
  return { backend, simd: tf.env().getBool('WASM_HAS_SIMD_SUPPORT'), threads: getThreadsCount() };
}
