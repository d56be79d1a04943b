/**
 * `@fmnist/train/sweep` (Node): train a grid of configurations × seeds as independent runs in parallel worker
 * threads, and summarise them per configuration (mean ± standard deviation of test accuracy and loss).
 *
 * @example
 * ```ts
 * import { runSweep } from '@fmnist/train/sweep';
 * const { summaries } = await runSweep({ seeds: [1, 2, 3, 4], hidden: [[128, 128], [256, 128, 64]] });
 * for (const row of summaries) console.log(row.label, row.testAccuracy.mean, row.testAccuracy.std);
 * ```
 */
export {
  configLabel,
  expandGrid,
  parameterCount,
  type SweepConfig,
  type SweepGrid,
  type SweepRun,
  selectShard,
} from './sweep/grid.js';
export { type ConfigSummary, type MeanStd, meanStd, type RunResult, summarizeSweep } from './sweep/stats.js';
export { runSweep, type SweepOptions, type SweepOutcome, type SweepProgress } from './sweep/sweep.js';
