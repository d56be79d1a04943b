import { type BackendInfo, initBackend } from '@fmnist/model';

export interface PageBackend extends BackendInfo {
  /** Whether the page is cross-origin isolated (needed for threads). */
  readonly isolated: boolean;
}

/**
 * Starts TensorFlow.js on WASM (the model package points Vite at its binaries), asking for `threads` threads
 * (default: the number of logical cores). Threads need a cross-origin-isolated page; without it tfjs uses one.
 */
export async function startBackend(threads?: number): Promise<PageBackend> {
  const info = await initBackend({
    backend: 'wasm',
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
