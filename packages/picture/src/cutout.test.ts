import { describe, expect, it } from '@jest/globals';
import { connectedParts, cutOut, kMeans, labOf, otsuThreshold } from './cutout.js';
import type { Plane } from './resize.js';

/** An RGB plane painted by `paint(x, y)` → [r, g, b]. */
function plane(width: number, height: number, paint: (x: number, y: number) => number[]): Plane {
  const data = new Float32Array(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set(paint(x, y), (y * width + x) * 3);
  return { data, width, height, channels: 3 };
}

describe('labOf', () => {
  it('matches CIE L*a*b* (D65) reference values, with L* halved', () => {
    // Reference values from the CIE formulas (e.g. Bruce Lindbloom's calculator): white, red, mid gray.
    const close = (got: number[], want: number[]) => {
      for (const [i, v] of got.entries()) expect(v).toBeCloseTo(want[i] as number, 1);
    };
    close(labOf(255, 255, 255), [100 / 2, 0, 0]);
    close(labOf(255, 0, 0), [53.24 / 2, 80.09, 67.2]);
    close(labOf(128, 128, 128), [53.59 / 2, 0, 0]);
  });
});

describe('otsuThreshold', () => {
  it('splits two separated groups between them', () => {
    const values = [...Array(100).fill(1), ...Array(50).fill(9)];
    const t = otsuThreshold(values);
    expect(t).toBeGreaterThan(1);
    expect(t).toBeLessThan(9);
  });

  it('is 0 for an all-zero input', () => {
    expect(otsuThreshold([0, 0, 0])).toBe(0);
  });
});

describe('connectedParts', () => {
  it('labels 4-connected parts: diagonal neighbours are apart', () => {
    const grid = [
      [1, 1, 0, 0],
      [0, 1, 0, 1],
      [0, 0, 1, 1],
    ].flat();
    const { labels, sizes } = connectedParts(4, 3, (i) => grid[i] === 1);
    expect(sizes.slice(1).sort()).toEqual([3, 3]);
    expect(labels[0]).toBe(labels[5]);
    expect(labels[5]).not.toBe(labels[10]);
  });
});

describe('kMeans', () => {
  it('finds separated clusters, their sizes and spreads', () => {
    const points = new Float32Array([0, 0, 1, 0, 0, 1, 10, 10, 11, 10]);
    const { centers, counts, spreads } = kMeans(points, 2, 2);
    const found = [0, 1].map((j) => ({
      x: centers[j * 2],
      y: centers[j * 2 + 1],
      n: counts[j],
      s: spreads[j],
    }));
    found.sort((a, b) => (a.x as number) - (b.x as number));
    expect(found[0]?.x).toBeCloseTo(1 / 3);
    expect(found[0]?.n).toBe(3);
    expect(found[1]?.x).toBeCloseTo(10.5);
    expect(found[1]?.n).toBe(2);
    expect(found[1]?.s).toBeCloseTo(0.5);
  });
});

describe('cutOut', () => {
  // A wood-floor-like backdrop: planks of two browns with grain, and a dark garment that reaches the bottom edge.
  const floor = (x: number, y: number) => {
    const plank = Math.floor(y / 12) % 2 === 0 ? [150, 110, 70] : [170, 125, 80];
    const grain = ((x * 7 + y * 13) % 11) - 5;
    return plank.map((c) => c + grain);
  };
  const garment = (x: number, y: number) => x >= 40 && x < 80 && y >= 30;

  it('masks a garment on a textured backdrop, even where it touches the frame', () => {
    const cut = cutOut(plane(120, 120, (x, y) => (garment(x, y) ? [30, 30, 40] : floor(x, y))));
    expect(cut.box).toBeDefined();
    const { x, y, width, height } = cut.box as NonNullable<typeof cut.box>;
    // The mask is the garment's rectangle, give or take the blur's pixel.
    expect(Math.abs(x - 40)).toBeLessThanOrEqual(1);
    expect(Math.abs(y - 30)).toBeLessThanOrEqual(1);
    expect(Math.abs(width - 40)).toBeLessThanOrEqual(2);
    expect(y + height).toBe(120);
    expect(cut.edges).toBe(1);
    expect(cut.share).toBeCloseTo((40 * 90) / (120 * 120), 1);
  });

  it('fills holes and keeps only the largest part', () => {
    const ring = (x: number, y: number) =>
      x >= 30 && x < 90 && y >= 30 && y < 90 && !(x >= 50 && x < 70 && y >= 50 && y < 70);
    const speck = (x: number, y: number) => x >= 100 && x < 104 && y >= 10 && y < 14;
    const cut = cutOut(
      plane(120, 120, (x, y) => (ring(x, y) || speck(x, y) ? [20, 20, 20] : [230, 230, 225])),
    );
    expect(cut.mask[60 * 120 + 60]).toBe(1); // the hole, filled
    expect(cut.mask[12 * 120 + 102]).toBe(0); // the speck, dropped
    expect(cut.edges).toBe(0);
  });

  it('finds nothing in a plain backdrop', () => {
    const cut = cutOut(plane(100, 80, (x, y) => floor(x, y)));
    expect(cut.share).toBeLessThan(0.05);
  });
});
