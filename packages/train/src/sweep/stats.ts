/** Per-configuration statistics of a sweep's runs. */
import { configLabel, parameterCount, type SweepConfig, type SweepRun } from './grid.js';

/** What one run gave: its test scores, or why it failed. */
export type RunResult =
  | {
      readonly run: SweepRun;
      readonly ok: true;
      readonly testAccuracy: number;
      readonly testLoss: number;
      /** Wall-clock seconds of training and scoring, in its worker. */
      readonly seconds: number;
      readonly trainer: string;
    }
  | { readonly run: SweepRun; readonly ok: false; readonly error: string };

/** Mean and sample standard deviation (n − 1; 0 for a single value), and the range (NaN for no values). */
export interface MeanStd {
  readonly mean: number;
  readonly std: number;
  readonly min: number;
  readonly max: number;
}

/** One row of a sweep's table. */
export interface ConfigSummary {
  readonly config: SweepConfig;
  readonly label: string;
  readonly parameters: number;
  /** Runs that finished, and their seeds. */
  readonly runs: number;
  readonly seeds: number[];
  /** Runs that failed. */
  readonly failed: number;
  readonly testAccuracy: MeanStd;
  readonly testLoss: MeanStd;
  /** Mean seconds per finished run. */
  readonly seconds: number;
}

/** Mean and sample standard deviation of `values`, by Welford's update (stable for values close together). */
export function meanStd(values: readonly number[]): MeanStd {
  if (values.length === 0) return { mean: Number.NaN, std: Number.NaN, min: Number.NaN, max: Number.NaN };
  let mean = 0;
  let squares = 0;
  values.forEach((value, i) => {
    const delta = value - mean;
    mean += delta / (i + 1);
    squares += delta * (value - mean);
  });
  return {
    mean,
    std: values.length > 1 ? Math.sqrt(squares / (values.length - 1)) : 0,
    min: Math.min(...values),
    max: Math.max(...values),
  };
}

/**
 * One summary per configuration, in the order the configurations first appear in `results`' runs (sorted by run
 * index, so the grid's order).
 */
export function summarizeSweep(results: readonly RunResult[]): ConfigSummary[] {
  const groups = new Map<string, RunResult[]>();
  for (const result of [...results].sort((a, b) => a.run.index - b.run.index)) {
    const key = configLabel(result.run.config);
    groups.set(key, [...(groups.get(key) ?? []), result]);
  }
  return [...groups.entries()].map(([label, group]) => {
    const config = (group[0] as RunResult).run.config;
    const finished = group.filter((result) => result.ok);
    return {
      config,
      label,
      parameters: parameterCount(config.hidden),
      runs: finished.length,
      seeds: finished.map((result) => result.run.seed),
      failed: group.length - finished.length,
      testAccuracy: meanStd(finished.map((result) => result.testAccuracy)),
      testLoss: meanStd(finished.map((result) => result.testLoss)),
      seconds: meanStd(finished.map((result) => result.seconds)).mean,
    };
  });
}
