import { describe, expect, it } from '@jest/globals';
import { planeRows, resizeArea } from './resize.js';

const plane = (values: number[], width: number, channels = 1) => ({
  data: Float32Array.from(values),
  width,
  height: values.length / width / channels,
  channels,
});

describe('resizeArea', () => {
  it('averages the area each output pixel covers, with fractional edges', () => {
    // 3 → 2: each output covers 1.5 input pixels.
    const out = resizeArea(planeRows(plane([0, 90, 180], 3)), 2, 1);
    expect(Array.from(out.data)).toEqual([30, 150]);
  });

  it('works on both axes and keeps channels apart', () => {
    const rgb = plane([10, 20, 30, 50, 60, 70, 90, 100, 110, 130, 140, 150], 2, 3); // 2×2 RGB
    const out = resizeArea(planeRows(rgb), 1, 1);
    expect(Array.from(out.data)).toEqual([70, 80, 90]);
  });

  it('enlarges by repeating, blending only across cell boundaries', () => {
    expect(Array.from(resizeArea(planeRows(plane([0, 100], 2)), 4, 1).data)).toEqual([0, 0, 100, 100]);
    expect(Array.from(resizeArea(planeRows(plane([0, 100], 2)), 3, 1).data).map(Math.round)).toEqual([
      0, 50, 100,
    ]);
  });

  it('reads a rectangle of a plane', () => {
    const source = planeRows(plane([1, 2, 3, 4, 5, 6, 7, 8, 9], 3), { x: 1, y: 1, width: 2, height: 2 });
    expect(Array.from(resizeArea(source, 2, 2).data)).toEqual([5, 6, 8, 9]);
  });
});
