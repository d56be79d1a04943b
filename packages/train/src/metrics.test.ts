import { describe, expect, it } from '@jest/globals';
import { confusionMatrix, perClassAccuracy } from './metrics.js';

describe('confusionMatrix', () => {
  it('counts (true, predicted) pairs by row and column', () => {
    const matrix = confusionMatrix([0, 0, 1, 2, 2, 2], [0, 1, 1, 2, 0, 2], 3);
    expect(matrix).toEqual([
      [1, 1, 0],
      [0, 1, 0],
      [1, 0, 2],
    ]);
  });

  it('refuses labels and predictions of different lengths', () => {
    expect(() => confusionMatrix([0], [0, 1], 2)).toThrow(RangeError);
  });
});

describe('perClassAccuracy', () => {
  it('divides the diagonal by each row, with 0 for an empty class', () => {
    expect(
      perClassAccuracy([
        [1, 1, 0],
        [0, 0, 0],
        [1, 0, 2],
      ]),
    ).toEqual([0.5, 0, 2 / 3]);
  });
});
