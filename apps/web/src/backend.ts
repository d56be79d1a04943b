import { type BackendInfo, initBackend } from '@fmnist/train';
import wasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

export interface PageBackend extends BackendInfo {
  /** Whether the page is cross-origin isolated (needed for threads). */
  readonly isolated: boolean;
}

/**
 * Starts TensorFlow.js on WASM with the binaries Vite emitted, asking for `threads` threads (default: the
 * number of logical cores). Threads need a cross-origin-isolated page; without it tfjs uses one thread.
 */
export async function startBackend(threads?: number): Promise<PageBackend> {
  const info = await initBackend({
    backend: 'wasm',
    wasmPaths: {
      'tfjs-backend-wasm.wasm': wasmUrl,
      'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
      'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimdUrl,
    },
    threads: threads ?? Math.max(1, navigator.hardwareConcurrency || 1),
  });
  return { ...info, isolated: globalThis.crossOriginIsolated === true };
}

/** "WASM · SIMD · 2 threads", for people. */
export function describe(info: PageBackend): string {
  const parts = [info.backend.toUpperCase(), info.simd ? 'SIMD' : 'no SIMD'];
  parts.push(`${info.threads} thread${info.threads === 1 ? '' : 's'}`);
  return parts.join(' · ');
}
