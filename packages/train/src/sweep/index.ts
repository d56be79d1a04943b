export {
  configLabel,
  expandGrid,
  parameterCount,
  type SweepConfig,
  type SweepGrid,
  type SweepRun,
  selectShard,
} from './grid.js';
export { type ConfigSummary, type MeanStd, meanStd, type RunResult, summarizeSweep } from './stats.js';
export { runSweep, type SweepOptions, type SweepOutcome, type SweepProgress } from './sweep.js';
