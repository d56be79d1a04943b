import { InvalidArgumentError } from '@fmnist/errors';
import { describe, expect, it } from '@jest/globals';
import { expandGrid, selectShard } from './grid.js';
import { meanStd, type RunResult, summarizeSweep } from './stats.js';

/** The textbook two-pass formulas, independent of `meanStd`'s running update. */
function twoPass(values: number[]): { mean: number; std: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1);
  return { mean, std: Math.sqrt(variance) };
}

describe('meanStd', () => {
  it('agrees with the two-pass mean and sample standard deviation', () => {
    let state = 7;
    const next = () => {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      return state / 2 ** 31;
    };
    for (const n of [2, 3, 8, 100]) {
      const values = Array.from({ length: n }, () => 0.85 + 0.04 * next());
      const expected = twoPass(values);
      const got = meanStd(values);
      expect(got.mean).toBeCloseTo(expected.mean, 12);
      expect(got.std).toBeCloseTo(expected.std, 12);
    }
  });

  it('gives the known spread of a small sample, 0 for one value and NaN for none', () => {
    // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, sum of squares 32, sample variance 32/7.
    expect(meanStd([2, 4, 4, 4, 5, 5, 7, 9]).std).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect(meanStd([0.88])).toEqual({ mean: 0.88, std: 0, min: 0.88, max: 0.88 });
    expect(meanStd([0.881, 0.876, 0.89])).toMatchObject({ min: 0.876, max: 0.89 });
    expect(meanStd([]).mean).toBeNaN();
  });
});

describe('summarizeSweep', () => {
  const runs = expandGrid({ seeds: [1, 2, 3], hidden: [[128, 128], [64]] });
  const ok = (index: number, testAccuracy: number, testLoss: number): RunResult => ({
    run: runs[index] as (typeof runs)[number],
    ok: true,
    testAccuracy,
    testLoss,
    seconds: 10 + index,
    trainer: 'fast',
  });

  it('groups the runs by configuration, in grid order, and counts the failed ones apart', () => {
    const failed: RunResult = { run: runs[5] as (typeof runs)[number], ok: false, error: 'diverged' };
    const rows = summarizeSweep([
      ok(4, 0.8, 0.5),
      failed,
      ok(0, 0.88, 0.33),
      ok(2, 0.87, 0.35),
      ok(1, 0.89, 0.31),
      ok(3, 0.82, 0.48),
    ]);
    expect(rows.map((row) => row.label)).toEqual([
      'hidden 128,128 · lr 0.001 · batch 32 · epochs 10',
      'hidden 64 · lr 0.001 · batch 32 · epochs 10',
    ]);
    const [first, second] = rows;
    expect(first).toMatchObject({ runs: 3, failed: 0, seeds: [1, 2, 3], parameters: 118_282, seconds: 11 });
    expect(first?.testAccuracy.mean).toBeCloseTo(twoPass([0.88, 0.89, 0.87]).mean, 12);
    expect(first?.testAccuracy.std).toBeCloseTo(twoPass([0.88, 0.89, 0.87]).std, 12);
    expect(first?.testLoss.std).toBeCloseTo(twoPass([0.33, 0.31, 0.35]).std, 12);
    // 784·64 + 64 + 64·10 + 10
    expect(second).toMatchObject({ runs: 2, failed: 1, seeds: [1, 2], parameters: 50_890 });
  });
});

describe('expandGrid and selectShard', () => {
  it('numbers every combination once, seeds innermost', () => {
    const runs = expandGrid({ seeds: [1, 2], learningRates: [0.001, 0.003], epochs: [1, 2, 3] });
    expect(runs).toHaveLength(12);
    expect(runs.map((run) => run.index)).toEqual([...runs.keys()]);
    expect(runs.slice(0, 3).map((run) => [run.config.epochs, run.seed])).toEqual([
      [1, 1],
      [1, 2],
      [2, 1],
    ]);
  });

  it('refuses an empty axis or a value no training takes, naming it', () => {
    expect(() => expandGrid({ seeds: [] })).toThrow(/seeds is empty/);
    expect(() => expandGrid({ hidden: [[128, 0]] })).toThrow(/hidden holds \[128,0\]/);
    expect(() => expandGrid({ learningRates: [-1] })).toThrow(/learningRates holds -1/);
  });

  it('splits the runs into disjoint shards that together hold every run, the same way every time', () => {
    const runs = expandGrid({ seeds: [1, 2, 3, 4, 5, 6, 7], hidden: [[128, 128], [64]] });
    const shards = [0, 1, 2].map((i) => selectShard(runs, i, 3));
    const indices = shards.flat().map((run) => run.index);
    expect([...indices].sort((a, b) => a - b)).toEqual([...runs.keys()]);
    expect(new Set(indices).size).toBe(runs.length);
    expect(
      selectShard(expandGrid({ seeds: [1, 2, 3, 4, 5, 6, 7], hidden: [[128, 128], [64]] }), 1, 3),
    ).toEqual(shards[1]);
    expect(() => selectShard(runs, 3, 3)).toThrow(InvalidArgumentError);
  });
});
