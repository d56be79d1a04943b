/** The grid of a sweep: every combination of its axes, as independent training runs in a fixed order. */
import { IMAGE_PIXELS, NUM_CLASSES } from '@fmnist/data';
import { InvalidArgumentError } from '@fmnist/errors';
import { DEFAULT_HIDDEN_UNITS } from '@fmnist/model/constants';
import { TRAINING_DEFAULTS } from '../defaults.js';

/** The values to try on each axis; every combination is trained once per seed. */
export interface SweepGrid {
  /** Seeds of the initial weights and the shuffles. Default `[1]`. */
  seeds?: readonly number[];
  /** Hidden layer sizes, one architecture per entry (`[[128, 128], [256, 128, 64]]`). Default `[[128, 128]]`. */
  hidden?: readonly (readonly number[])[];
  /** Adam's learning rates. Default `[0.001]`. */
  learningRates?: readonly number[];
  /** Batch sizes. Default `[32]`. */
  batchSizes?: readonly number[];
  /** Epoch counts. Default `[10]`. */
  epochs?: readonly number[];
}

/** One configuration: everything about a run but its seed. */
export interface SweepConfig {
  readonly hidden: readonly number[];
  readonly learningRate: number;
  readonly batchSize: number;
  readonly epochs: number;
}

/** One training run of the grid. */
export interface SweepRun {
  /** Position in the grid's canonical order: the same grid always numbers its runs the same way. */
  readonly index: number;
  readonly config: SweepConfig;
  readonly seed: number;
}

/** `hidden 256,128,64 · lr 0.001 · batch 32 · epochs 10`: names a configuration in tables and pictures. */
export function configLabel(config: SweepConfig): string {
  return `hidden ${config.hidden.join(',')} · lr ${config.learningRate} · batch ${config.batchSize} · epochs ${config.epochs}`;
}

/** Trainable parameters of the Dense stack 784 → hidden… → 10 (weights and biases). */
export function parameterCount(hidden: readonly number[]): number {
  const sizes = [IMAGE_PIXELS, ...hidden, NUM_CLASSES];
  let count = 0;
  for (let i = 1; i < sizes.length; i++) count += ((sizes[i - 1] as number) + 1) * (sizes[i] as number);
  return count;
}

/**
 * Every run of `grid`: configurations in the order hidden → learning rate → batch size → epochs, each with every
 * seed in turn.
 *
 * @throws RangeError for an empty axis or a value no training can take.
 * @example
 * ```ts
 * expandGrid({ seeds: [1, 2], hidden: [[128, 128], [64]] }).length; // 4
 * ```
 */
export function expandGrid(grid: SweepGrid): SweepRun[] {
  const seeds = axis('seeds', grid.seeds ?? [1], (v) => Number.isSafeInteger(v) && v >= 0);
  const hidden = axis(
    'hidden',
    grid.hidden ?? [DEFAULT_HIDDEN_UNITS],
    (sizes) => sizes.length > 0 && sizes.every((units) => Number.isSafeInteger(units) && units >= 1),
  );
  const learningRates = axis(
    'learningRates',
    grid.learningRates ?? [TRAINING_DEFAULTS.learningRate],
    (v) => Number.isFinite(v) && v > 0,
  );
  const batchSizes = axis(
    'batchSizes',
    grid.batchSizes ?? [TRAINING_DEFAULTS.batchSize],
    (v) => Number.isSafeInteger(v) && v >= 1,
  );
  const epochs = axis(
    'epochs',
    grid.epochs ?? [TRAINING_DEFAULTS.epochs],
    (v) => Number.isSafeInteger(v) && v >= 1,
  );
  const runs: SweepRun[] = [];
  for (const sizes of hidden)
    for (const learningRate of learningRates)
      for (const batchSize of batchSizes)
        for (const epochCount of epochs) {
          const config = { hidden: [...sizes], learningRate, batchSize, epochs: epochCount };
          for (const seed of seeds) runs.push({ index: runs.length, config, seed });
        }
  return runs;
}

function axis<T>(name: string, values: readonly T[], valid: (value: T) => boolean): readonly T[] {
  if (values.length === 0)
    throw new InvalidArgumentError(`sweep grid: ${name} is empty; give at least one value`);
  const bad = values.find((value) => !valid(value));
  if (bad !== undefined)
    throw new InvalidArgumentError(`sweep grid: ${name} holds ${JSON.stringify(bad)}, which cannot train`);
  return values;
}

/**
 * The runs of shard `index` of `count` (0-based): every `count`-th run of the grid, starting at `index`. Shards are
 * disjoint, together hold every run, and are the same on every machine, so a job array can hand them out.
 *
 * @example
 * ```ts
 * selectShard(expandGrid({ seeds: [1, 2, 3, 4, 5] }), 1, 2).map((run) => run.seed); // [2, 4]
 * ```
 */
export function selectShard(runs: readonly SweepRun[], index: number, count: number): SweepRun[] {
  if (
    !(Number.isSafeInteger(count) && count >= 1 && Number.isSafeInteger(index) && index >= 0 && index < count)
  ) {
    throw new InvalidArgumentError(`shard ${index}/${count}: need 0 ≤ index < count`);
  }
  return runs.filter((run) => run.index % count === index);
}
