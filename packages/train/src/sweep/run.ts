/** One run of a sweep, as a worker trains it: the same model and seeds as `fmnist train --seed`. */
import type { Split } from '@fmnist/data';
import { evaluate } from '@fmnist/model';
import { createModel } from '@fmnist/model/layers';
import { train } from '../train.js';
import type { SweepRun } from './grid.js';
import type { RunResult } from './stats.js';

/** Trains `run` on `trainSplit`, scores it on `test`; a failure (divergence, a bad value) becomes a failed result. */
export async function trainRun(run: SweepRun, trainSplit: Split, test: Split): Promise<RunResult> {
  const started = performance.now();
  let model: ReturnType<typeof createModel> | undefined;
  try {
    model = createModel({ seed: run.seed, hiddenUnits: run.config.hidden });
    const history = await train(model, trainSplit, {
      epochs: run.config.epochs,
      batchSize: run.config.batchSize,
      learningRate: run.config.learningRate,
      seed: run.seed,
      // The sweep already runs one training per core.
      threads: 1,
    });
    const scored = evaluate(model, test);
    return {
      run,
      ok: true,
      testAccuracy: scored.accuracy,
      testLoss: scored.loss,
      seconds: (performance.now() - started) / 1000,
      trainer: history.trainer,
    };
  } catch (error) {
    return {
      run,
      ok: false,
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    };
  } finally {
    model?.dispose();
  }
}
