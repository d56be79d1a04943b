import { loadSplit, type Split, takeFirst } from '@fmnist/data';
import { initBackend } from '@fmnist/model';
import { beforeAll, describe, expect, it } from '@jest/globals';
import * as tf from '@tensorflow/tfjs-core';
import { expandGrid } from './grid.js';
import { trainRun } from './run.js';
import { runSweep } from './sweep.js';

// Real sweeps on the real dataset, kept short: the first 1,000 training images, one epoch.
const LIMIT = 1000;
let data: { train: Split; test: Split };
beforeAll(async () => {
  const [train, test] = await Promise.all([loadSplit('train'), loadSplit('test')]);
  data = { train: takeFirst(train, LIMIT), test: takeFirst(test, 2000) };
});

describe('runSweep', () => {
  it('gives each run exactly what training it in this thread gives, in parallel workers', async () => {
    const runs = expandGrid({ seeds: [1, 2, 3], hidden: [[32, 16]], epochs: [1] });
    const progress: number[] = [];
    const outcome = await runSweep(runs, { jobs: 2, data, onResult: (_, p) => progress.push(p.done) });
    expect(outcome.interrupted).toBe(false);
    expect(outcome.jobs).toBe(2);
    expect(progress).toEqual([1, 2, 3]);
    await initBackend({ backend: 'wasm' });
    const before = tf.memory().numTensors;
    const here = await trainRun(runs[1] as (typeof runs)[number], data.train, data.test);
    expect(tf.memory().numTensors).toBe(before);
    expect(here.ok && here.trainer).toBe('fast');
    const there = outcome.results[1];
    expect(there?.ok && here.ok && [there.testAccuracy, there.testLoss]).toEqual(
      here.ok && [here.testAccuracy, here.testLoss],
    );
    expect(outcome.summaries).toHaveLength(1);
    expect(outcome.summaries[0]).toMatchObject({ runs: 3, failed: 0, seeds: [1, 2, 3], parameters: 25_818 });
  });

  it('reports a failing run with its error, and finishes the others', async () => {
    const runs = expandGrid({ seeds: [1, 2], hidden: [[16]], learningRates: [0.001, 1e30], epochs: [1] });
    const outcome = await runSweep(runs, { jobs: 2, data });
    expect(outcome.results.map((result) => result.ok)).toEqual([true, true, false, false]);
    const failed = outcome.results[2];
    expect(failed?.ok === false && failed.error).toMatch(/^TrainingDivergedError: loss became NaN/);
    expect(outcome.summaries.map((row) => [row.runs, row.failed])).toEqual([
      [2, 0],
      [0, 2],
    ]);
  });

  it('stops when aborted, keeping the runs that finished', async () => {
    const runs = expandGrid({ seeds: [1, 2, 3, 4, 5, 6], hidden: [[16]], epochs: [1, 20] });
    const controller = new AbortController();
    const outcome = await runSweep(runs, {
      jobs: 2,
      data,
      signal: controller.signal,
      onResult: () => controller.abort(),
    });
    expect(outcome.interrupted).toBe(true);
    expect(outcome.results.length).toBeGreaterThanOrEqual(1);
    expect(outcome.results.length).toBeLessThan(runs.length);
    expect(outcome.results.every((result) => result.ok)).toBe(true);
  });

  it('does nothing when aborted before it starts', async () => {
    const outcome = await runSweep(expandGrid({ seeds: [1] }), { data, signal: AbortSignal.abort() });
    expect(outcome).toMatchObject({ results: [], interrupted: true });
  });
});
