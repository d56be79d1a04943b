import { describe, expect, it } from '@jest/globals';
import { jpegOrientation, orient } from './exif.js';
import { encodeJpeg, encodeJpegWithOrientation } from './test/index.js';

/** A 3×2 picture whose pixels are numbered 1–6 (in the red channel), row by row. */
const numbered = () => ({
  data: Uint8Array.from({ length: 24 }, (_, i) => (i % 4 === 0 ? i / 4 + 1 : 0)),
  width: 3,
  height: 2,
});
const reds = (image: { data: Uint8Array }) => Array.from(image.data).filter((_, i) => i % 4 === 0);

describe('orient', () => {
  // Stored pixels   1 2 3    and what each orientation shows, from the EXIF specification's drawings.
  //                 4 5 6
  it.each([
    [1, 3, [1, 2, 3, 4, 5, 6]],
    [2, 3, [3, 2, 1, 6, 5, 4]], // mirrored
    [3, 3, [6, 5, 4, 3, 2, 1]], // rotated 180°
    [4, 3, [4, 5, 6, 1, 2, 3]], // flipped
    [5, 2, [1, 4, 2, 5, 3, 6]], // transposed
    [6, 2, [4, 1, 5, 2, 6, 3]], // rotated 90° clockwise
    [7, 2, [6, 3, 5, 2, 4, 1]], // transversed
    [8, 2, [3, 6, 2, 5, 1, 4]], // rotated 90° counter-clockwise
  ])('orientation %i', (orientation, width, expected) => {
    const upright = orient(numbered(), orientation);
    expect(upright.width).toBe(width);
    expect(reds(upright)).toEqual(expected);
  });
});

describe('jpegOrientation', () => {
  it('reads the tag, and says upright when there is none', () => {
    const rgba = new Uint8Array(8 * 8 * 4).fill(128);
    expect(jpegOrientation(encodeJpegWithOrientation(8, 8, rgba, 6))).toBe(6);
    expect(jpegOrientation(encodeJpegWithOrientation(8, 8, rgba, 3))).toBe(3);
    expect(jpegOrientation(encodeJpeg(8, 8, rgba))).toBe(1);
    expect(jpegOrientation(new Uint8Array([0xff, 0xd8]))).toBe(1);
  });
});
