import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from '@jest/globals';
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { quantizeUint8, type Uint8Weights, weightRange } from './quantize.js';

/** tfjs' own decoding of the codes, through the weights manifest's uint8 quantization: the reference. */
function decodeWithTfjs({ codes, min, scale }: Uint8Weights): Float32Array {
  const spec = {
    name: 'w',
    shape: [codes.length],
    dtype: 'float32' as const,
    quantization: { dtype: 'uint8' as const, min, scale, original_dtype: 'float32' as const },
  };
  const decoded = tf.io.decodeWeights(codes.slice().buffer, [spec]);
  const data = decoded.w?.dataSync() as Float32Array;
  decoded.w?.dispose();
  return data;
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const values = fc.array(fc.float({ min: -100, max: 100, noNaN: true, noDefaultInfinity: true }), {
  minLength: 1,
  maxLength: 300,
});

describe('quantizeUint8', () => {
  it('decodes, through tfjs, to within half a level of every value, with 0 exactly a level', () => {
    fc.assert(
      fc.property(values, (xs) => {
        const quantized = quantizeUint8(xs);
        const decoded = decodeWithTfjs(quantized);
        const { low, high } = weightRange(xs);
        // Half a level, plus float32 rounding of the decoded value.
        const tolerance = quantized.scale / 2 + 1e-6 * Math.max(1, Math.abs(low), Math.abs(high));
        xs.forEach((x, i) => {
          expect(Math.abs((decoded[i] as number) - x)).toBeLessThanOrEqual(tolerance);
        });
        // The span with 0 in it, over 255 levels; all zeros keep scale 1, which tfjs needs to decode them.
        const span = Math.max(high, 0) - Math.min(low, 0);
        expect(quantized.scale).toBeCloseTo(span > 0 ? span / 255 : 1, 12);
        const zero = Math.round(-quantized.min / quantized.scale);
        expect(decodeWithTfjs({ ...quantized, codes: Uint8Array.of(zero) })[0]).toBe(0);
      }),
    );
  });

  it('keeps zero weights exactly zero and a tensor of zeros decodable', () => {
    expect(Array.from(decodeWithTfjs(quantizeUint8([0.3, 0, -1.7, 0])))).toEqual([
      expect.closeTo(0.3, 2),
      0,
      expect.closeTo(-1.7, 2),
      0,
    ]);
    expect(Array.from(decodeWithTfjs(quantizeUint8([0, 0, 0])))).toEqual([0, 0, 0]);
  });

  it('saturates the values beyond a clipped range at its ends', () => {
    const xs = [-50, ...Array.from({ length: 998 }, (_, i) => i / 997 - 0.5), 80];
    const range = weightRange(xs, 0.001);
    expect(range).toEqual({ low: -0.5, high: 0.5 });
    const decoded = decodeWithTfjs(quantizeUint8(xs, range));
    expect(decoded[0]).toBeCloseTo(-0.5, 2);
    expect(decoded[999]).toBeCloseTo(0.5, 2);
    expect(decoded[500]).toBeCloseTo(xs[500] as number, 2);
  });
});
