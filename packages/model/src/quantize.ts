/**
 * 8-bit weights in the standard tfjs weights manifest (`quantization: { dtype: 'uint8', min, scale }`), which stock
 * tfjs decodes when loading as `q * scale + min`. One `min` and `scale` per tensor: that is all the manifest can say,
 * so any tfjs reads the files.
 */

/** A tensor's values as 8-bit codes, with the manifest's `min` and `scale` that turn a code back into a weight. */
export interface Uint8Weights {
  codes: Uint8Array;
  min: number;
  scale: number;
}

const LEVELS = 255;

/**
 * The range a tensor's codes cover: from its smallest to its largest value, or, with `clip` > 0, from the value
 * `clip` of the way up the sorted values to the one `clip` of the way down (the outliers beyond then saturate).
 */
export function weightRange(values: ArrayLike<number>, clip = 0): { low: number; high: number } {
  const sorted = Float64Array.from(values).sort();
  const drop = Math.floor(clip * sorted.length);
  return { low: sorted[drop] as number, high: sorted[sorted.length - 1 - drop] as number };
}

/**
 * Quantize `values` to 256 evenly spaced levels spanning `range` (by default their whole range), each value to
 * the nearest level, values beyond the range to its ends. As tfjs' own converter does, the range is first widened to
 * hold 0 and then shifted so that 0 is exactly one of the levels: a zero weight (an unused input pixel's, a bias
 * never moved) stays exactly zero.
 *
 * @example
 * const { codes, min, scale } = quantizeUint8(kernel);
 * const spec = { name, shape, dtype: 'float32', quantization: { dtype: 'uint8', min, scale } };
 */
export function quantizeUint8(values: ArrayLike<number>, range = weightRange(values)): Uint8Weights {
  const low = Math.min(range.low, 0);
  const high = Math.max(range.high, 0);
  // A tensor of zeros still needs a non-zero scale: tfjs multiplies by it. `min` and `scale` stay doubles (JSON
  // numbers, which tfjs reads as doubles), so the zero level decodes as `zeroCode * scale - zeroCode * scale`: 0.
  const scale = high > low ? (high - low) / LEVELS : 1;
  const zeroCode = Math.round(-low / scale);
  const min = -zeroCode * scale;
  const codes = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const code = Math.round(((values[i] as number) - min) / scale);
    codes[i] = Math.min(Math.max(code, 0), LEVELS);
  }
  return { codes, min, scale };
}
