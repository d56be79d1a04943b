import { describe, expect, it } from '@jest/globals';
import { normalizeImages, seededRandom, shuffledIndices } from './batches.js';
import { IMAGE_PIXELS } from './constants.js';
import type { Split } from './split.js';

function countingSplit(count: number): Split {
  const images = new Uint8Array(count * IMAGE_PIXELS);
  for (let n = 0; n < count; n++) images.fill(n % 256, n * IMAGE_PIXELS, (n + 1) * IMAGE_PIXELS);
  return { images, labels: Uint8Array.from({ length: count }, (_, n) => n % 10), count };
}

describe('shuffledIndices', () => {
  it('is a permutation, fixed by the seed', () => {
    const order = shuffledIndices(1000, 7);
    expect(Array.from(order).sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(shuffledIndices(1000, 7)).toEqual(order);
    expect(shuffledIndices(1000, 8)).not.toEqual(order);
  });

  it('moves every position about equally often (no bias toward the start)', () => {
    const firstCounts = new Array(4).fill(0);
    for (let seed = 0; seed < 4000; seed++) firstCounts[shuffledIndices(4, seed)[0] as number]++;
    for (const count of firstCounts) expect(Math.abs(count - 1000)).toBeLessThan(120);
  });
});

describe('seededRandom', () => {
  it('yields values in [0, 1)', () => {
    const random = seededRandom(3);
    for (let i = 0; i < 10_000; i++) {
      const value = random();
      expect(value >= 0 && value < 1).toBe(true);
    }
  });
});

describe('normalizeImages', () => {
  it('scales the chosen images to [0, 1]', () => {
    const split = countingSplit(3);
    const pixels = normalizeImages(split, [2, 0]);
    expect(pixels.length).toBe(2 * IMAGE_PIXELS);
    expect(pixels[0]).toBeCloseTo(2 / 255, 7);
    expect(pixels[IMAGE_PIXELS]).toBe(0);
  });
});
