import { IMAGE_PIXELS } from './constants.js';
import type { Split } from './split.js';

/** A deterministic generator of 32-bit values (mulberry32): small, fast, and the same on every platform. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The indices `0 … count-1` in an order fixed by `seed` (Fisher–Yates).
 *
 * @example
 * ```ts
 * shuffledIndices(5, 42); // the same permutation of 0..4 on every run
 * ```
 */
export function shuffledIndices(count: number, seed: number): Uint32Array {
  const indices = new Uint32Array(count);
  for (let i = 0; i < count; i++) indices[i] = i;
  const random = seededRandom(seed);
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const kept = indices[i] as number;
    indices[i] = indices[j] as number;
    indices[j] = kept;
  }
  return indices;
}

/**
 * Writes the images of `split` at `indices`, scaled from 0–255 to 0–1, into `out` (or a new array).
 *
 * The dataset stays uint8 in memory; float copies exist only for the images in use.
 *
 * @example
 * ```ts
 * const pixels = normalizeImages(data.test, [0, 1, 2]); // Float32Array of 3 × 784 values in [0, 1]
 * ```
 */
export function normalizeImages(
  split: Split,
  indices: ArrayLike<number>,
  out = new Float32Array(indices.length * IMAGE_PIXELS),
): Float32Array {
  const { images } = split;
  for (let n = 0; n < indices.length; n++) {
    const from = (indices[n] as number) * IMAGE_PIXELS;
    const to = n * IMAGE_PIXELS;
    for (let p = 0; p < IMAGE_PIXELS; p++) out[to + p] = (images[from + p] as number) / 255;
  }
  return out;
}
