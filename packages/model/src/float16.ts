/**
 * IEEE 754 half-precision encoding, for storing weights as the standard tfjs weights manifest's `float16`
 * quantization (tfjs decodes it when loading). Node 20 has no `Math.f16round`, hence the bit arithmetic.
 */
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** The float16 bits nearest to `value` (ties to even; ±Infinity beyond ±65504, NaN stays NaN). */
export function float16Bits(value: number): number {
  f32[0] = value;
  const bits = u32[0] as number;
  const sign = (bits >>> 16) & 0x8000;
  const exponent = (bits >>> 23) & 0xff;
  let mantissa = bits & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa === 0 ? 0 : 0x200);
  const halfExponent = exponent - 127 + 15;
  if (halfExponent >= 0x1f) return sign | 0x7c00;
  let dropped: number;
  let half: number;
  if (halfExponent <= 0) {
    // Subnormal: the implicit leading 1 becomes explicit and shifts right with the rest.
    if (halfExponent < -10) return sign;
    mantissa |= 0x800000;
    dropped = 14 - halfExponent;
    half = mantissa >>> dropped;
  } else {
    dropped = 13;
    half = (halfExponent << 10) | (mantissa >>> 13);
  }
  const rest = mantissa & ((1 << dropped) - 1);
  const halfway = 1 << (dropped - 1);
  // A carry out of the mantissa correctly bumps the exponent (up to Infinity).
  if (rest > halfway || (rest === halfway && (half & 1) === 1)) half++;
  return sign | half;
}

/** `values` as float16, little-endian, 2 bytes each. */
export function encodeFloat16(values: ArrayLike<number>): Uint8Array {
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = float16Bits(values[i] as number);
  return new Uint8Array(out.buffer);
}
