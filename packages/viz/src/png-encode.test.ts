import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { PNG } from 'pngjs';
import { encodePalettePng, toBase64 } from './png-encode.js';

describe('encodePalettePng', () => {
  it('writes a PNG that a standard decoder reads back pixel for pixel', () => {
    const palette = Uint8Array.from({ length: 256 * 3 }, (_, i) => (i * 13) % 256);
    const indices = Uint8Array.from({ length: 5 * 3 }, (_, i) => (i * 17) % 256);
    const png = PNG.sync.read(Buffer.from(encodePalettePng(5, 3, indices, palette)));
    expect([png.width, png.height]).toEqual([5, 3]);
    indices.forEach((index, pixel) => {
      expect(Array.from(png.data.subarray(4 * pixel, 4 * pixel + 4))).toEqual([
        palette[3 * index],
        palette[3 * index + 1],
        palette[3 * index + 2],
        255,
      ]);
    });
  });

  it('splits data larger than one stored deflate block', () => {
    const side = 300; // 300 × 301 bytes of scanlines: more than the 65,535 of one block
    const palette = Uint8Array.from({ length: 256 * 3 }, (_, i) => Math.floor(i / 3));
    const indices = Uint8Array.from({ length: side * side }, (_, i) => i % 251);
    const png = PNG.sync.read(Buffer.from(encodePalettePng(side, side, indices, palette)));
    expect(png.data[4 * (side * side - 1)]).toBe((side * side - 1) % 251);
  });
});

describe('toBase64', () => {
  it('agrees with Node for any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        expect(toBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
      }),
    );
  });
});
