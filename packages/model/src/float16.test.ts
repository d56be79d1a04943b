import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from '@jest/globals';
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { encodeFloat16, float16Bits } from './float16.js';

/** tfjs' own decoding of float16 bits (little-endian), through the weights manifest's quantization: the reference. */
function decodeWithTfjs(bytes: Uint8Array): Float32Array {
  const spec = {
    name: 'w',
    shape: [bytes.byteLength / 2],
    dtype: 'float32' as const,
    quantization: { dtype: 'float16' as const, original_dtype: 'float32' as const },
  };
  const decoded = tf.io.decodeWeights(bytes.slice().buffer, [spec]);
  const data = decoded.w?.dataSync() as Float32Array;
  decoded.w?.dispose();
  return data;
}

/** Every finite non-negative float16, ascending, decoded by tfjs. */
let allHalves: Float32Array;
beforeAll(async () => {
  await tf.setBackend('cpu');
  const bits = Uint16Array.from({ length: 0x7c00 }, (_, n) => n);
  allHalves = decodeWithTfjs(new Uint8Array(bits.buffer));
});

describe('float16Bits', () => {
  it('encodes exact values, zeros, subnormals, the extremes and specials as IEEE 754 says', () => {
    expect(float16Bits(1)).toBe(0x3c00);
    expect(float16Bits(-2)).toBe(0xc000);
    expect(float16Bits(0)).toBe(0);
    expect(float16Bits(-0)).toBe(0x8000);
    expect(float16Bits(65504)).toBe(0x7bff);
    expect(float16Bits(65520)).toBe(0x7c00); // halfway to the next binade rounds up to Infinity
    expect(float16Bits(2 ** -24)).toBe(0x0001); // smallest subnormal
    expect(float16Bits(2 ** -14)).toBe(0x0400); // smallest normal
    expect(float16Bits(2 ** -26)).toBe(0); // below half the smallest subnormal
    expect(float16Bits(1 + 2 ** -11)).toBe(0x3c00); // a tie rounds to the even mantissa…
    expect(float16Bits(1 + 3 * 2 ** -11)).toBe(0x3c02); // …in both directions
    expect(float16Bits(Number.POSITIVE_INFINITY)).toBe(0x7c00);
    expect(float16Bits(Number.NaN) & 0x7c00).toBe(0x7c00);
    expect(float16Bits(Number.NaN) & 0x3ff).not.toBe(0);
  });

  it('rounds to the nearest float16 (ties to even), as tfjs decodes it', () => {
    fc.assert(
      fc.property(fc.float({ min: -60000, max: 60000, noNaN: true }), (x) => {
        const decoded = decodeWithTfjs(encodeFloat16([x]))[0] as number;
        const magnitude = Math.abs(x);
        // The representable magnitudes either side, by bisection of every finite float16 (ascending by bits).
        let low = 0;
        let high = allHalves.length - 1;
        while (high - low > 1) {
          const middle = (low + high) >> 1;
          if ((allHalves[middle] as number) <= magnitude) low = middle;
          else high = middle;
        }
        const nearest = Math.min(
          Math.abs((allHalves[low] as number) - magnitude),
          Math.abs((allHalves[high] as number) - magnitude),
        );
        expect(Math.abs(Math.abs(decoded) - magnitude)).toBe(nearest);
      }),
      { numRuns: 1000 },
    );
  });
});
