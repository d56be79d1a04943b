/**
 * `fmnist sweep`: train a grid of configurations × seeds in parallel worker threads and print, per configuration,
 * the mean ± standard deviation of test accuracy and loss. Shards split a grid across machines; `--collect` merges.
 */
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import type { ConfigSummary, RunResult, SweepGrid, SweepProgress } from '@fmnist/train/sweep';
import { type Command, Option } from 'commander';
import { type CliContext, stopOnInterrupt } from '../context.js';
import { checkDataOptions, describeSource, loadData } from '../data.js';
import { EXIT, UsageError } from '../errors.js';
import { writeFileAtomic } from '../files.js';
import { addOptions, dataOptions, quietOption, type SharedOptions } from '../options.js';
import { Output, round, type Styles } from '../output.js';
import {
  hiddenSizes,
  positiveInteger,
  positiveIntegerList,
  positiveNumberList,
  seedList,
  shardSpec,
} from '../parse.js';
import { formatDuration } from '../progress.js';
import { collectShards, resultsCsv, writeShard } from '../sweep-files.js';
import { checkWritableDirectory, checkWritableFile } from '../validate.js';
import { TRAIN_DEFAULTS } from './train.js';

export interface SweepCommandOptions extends SharedOptions {
  seeds: number[];
  /** One entry per architecture. */
  hidden?: number[][];
  learningRate: number[];
  batchSize: number[];
  epochs: number[];
  jobs: number;
  limit?: number;
  csv?: string;
  plot?: string;
  shard?: { index: number; count: number };
  resultsDir?: string;
  collect?: string[];
}

/** The `--json` document. */
export interface SweepReport {
  command: 'sweep';
  interrupted: boolean;
  /** Runs asked for (the grid, or this shard), and those that finished or failed. */
  total: number;
  done: number;
  failed: number;
  jobs: number | null;
  seconds: number | null;
  summaries: ConfigSummary[];
  runs: RunResult[];
  shardFile: string | null;
}

export async function runSweepCommand(options: SweepCommandOptions, ctx: CliContext): Promise<SweepReport> {
  if (options.shard && !options.resultsDir) {
    throw new UsageError('--shard needs --results-dir DIR, where the shard writes its results');
  }
  if (options.plot && !/\.(svg|png)$/.test(options.plot)) {
    throw new UsageError(`--plot ${options.plot}: give a file name ending in .svg or .png`);
  }
  await checkDataOptions(options);
  if (options.csv) await checkWritableFile('--csv', options.csv);
  if (options.plot) await checkWritableFile('--plot', options.plot);
  if (options.resultsDir) await checkWritableDirectory('--results-dir', options.resultsDir);
  const out = new Output(ctx.io, options);
  // Loaded on use (it is small and TensorFlow.js-free: training runs in the workers, which load TensorFlow.js).
  const train = await import('@fmnist/train/sweep');
  let results: RunResult[];
  let report: SweepReport;
  if (options.collect) {
    const collected = await collectShards(options.collect);
    results = collected.results;
    out.note(
      `Collected ${results.length} of ${collected.gridRuns} runs from ${collected.files} shard file(s)` +
        (results.length < collected.gridRuns ? '; the missing shards are left out of the table' : ''),
    );
    report = sweepReport(train.summarizeSweep(results), results, collected.gridRuns, false);
  } else {
    const grid: SweepGrid = {
      seeds: options.seeds,
      ...(options.hidden ? { hidden: options.hidden } : {}),
      learningRates: options.learningRate,
      batchSizes: options.batchSize,
      epochs: options.epochs,
    };
    const all = train.expandGrid(grid);
    const { shard } = options;
    const runs = shard ? train.selectShard(all, shard.index - 1, shard.count) : all;
    const data = await loadData(options);
    out.note(
      `Sweeping ${runs.length} run(s)${shard ? ` (shard ${shard.index}/${shard.count} of ${all.length})` : ''} on ` +
        `${Math.min(options.jobs, runs.length)} worker(s); data: ${describeSource(data)}`,
    );
    const stop = stopOnInterrupt(ctx);
    let outcome: Awaited<ReturnType<typeof train.runSweep>>;
    try {
      outcome = await train.runSweep(runs, {
        jobs: options.jobs,
        data,
        ...(options.limit ? { limit: options.limit } : {}),
        signal: stop.signal,
        onResult: (result, progress) => out.note(progressLine(result, progress)),
      });
    } finally {
      stop.release();
    }
    results = outcome.results;
    report = sweepReport(outcome.summaries, results, runs.length, outcome.interrupted);
    report.jobs = outcome.jobs;
    report.seconds = round(outcome.seconds, 3);
    if (shard && options.resultsDir) {
      report.shardFile = await writeShard(resolve(options.resultsDir), {
        shard,
        gridRuns: all.length,
        interrupted: outcome.interrupted,
        results,
      });
      out.note(`Wrote this shard's results to ${report.shardFile}`);
    }
  }

  if (options.csv) {
    await writeFileAtomic(resolve(options.csv), resultsCsv(results));
    out.note(`Wrote one line per run to ${options.csv}`);
  }
  const plotted = report.summaries.filter((row) => row.runs > 0);
  if (options.plot && plotted.length > 0) {
    const { sweepChart } = await import('@fmnist/viz');
    const svg = sweepChart(
      plotted.map((row) => ({ label: row.label, mean: row.testAccuracy.mean, std: row.testAccuracy.std })),
    );
    const bytes = options.plot.endsWith('.png') ? (await import('@fmnist/viz/png')).svgToPng(svg) : svg;
    await writeFileAtomic(resolve(options.plot), bytes);
    out.note(`Wrote the picture to ${options.plot}`);
  }
  out.result(sweepTable(report, out.stdoutStyles));
  out.document(report);
  if (report.interrupted) {
    ctx.exitCode = EXIT.interrupted;
    ctx.io.stderr.write(`fmnist: interrupted; kept the ${report.done} finished run(s) of ${report.total}\n`);
  }
  return report;
}

function sweepReport(
  summaries: ConfigSummary[],
  runs: RunResult[],
  total: number,
  interrupted: boolean,
): SweepReport {
  return {
    command: 'sweep',
    interrupted,
    total,
    done: runs.length,
    failed: runs.filter((run) => !run.ok).length,
    jobs: null,
    seconds: null,
    summaries,
    runs,
    shardFile: null,
  };
}

/** `[3/8] seed 2, hidden 128,128 · lr 0.001 · batch 32 · epochs 10: test_acc 0.8812 (9.8 s), ETA 0:30`. */
function progressLine(result: RunResult, progress: SweepProgress): string {
  const { run } = result;
  const what = `[${progress.done}/${progress.total}] seed ${run.seed}, hidden ${run.config.hidden.join(',')} · lr ${run.config.learningRate} · batch ${run.config.batchSize} · epochs ${run.config.epochs}`;
  const outcome = result.ok
    ? `test_acc ${result.testAccuracy.toFixed(4)} (${result.seconds.toFixed(1)} s)`
    : `failed: ${result.error}`;
  const eta = progress.done < progress.total ? `, ETA ${formatDuration(progress.etaSeconds)}` : '';
  return `${what}: ${outcome}${eta}`;
}

/** The table: one row per configuration, then the failed runs with their errors. */
export function sweepTable(report: SweepReport, s: Styles): string {
  const pm = (mean: number, std: number) =>
    Number.isNaN(mean) ? 'n/a' : `${mean.toFixed(4)} ± ${std.toFixed(4)}`;
  const header = [
    'configuration',
    'runs',
    'test_acc mean ± std',
    'min–max',
    'test_loss mean ± std',
    's/run',
    'params',
  ];
  const rows = report.summaries.map((row) => [
    row.label,
    `${row.runs}/${row.runs + row.failed}`,
    pm(row.testAccuracy.mean, row.testAccuracy.std),
    Number.isNaN(row.testAccuracy.min)
      ? 'n/a'
      : `${row.testAccuracy.min.toFixed(4)}–${row.testAccuracy.max.toFixed(4)}`,
    pm(row.testLoss.mean, row.testLoss.std),
    Number.isNaN(row.seconds) ? 'n/a' : row.seconds.toFixed(1),
    row.parameters.toLocaleString('en-US'),
  ]);
  const widths = header.map((title, c) =>
    Math.max(title.length, ...rows.map((row) => (row[c] as string).length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c] as number) : cell.padStart(widths[c] as number)))
      .join('  ');
  const lines = [s.bold(line(header)), ...rows.map(line)];
  const failures = report.runs.filter((run) => !run.ok);
  if (failures.length > 0) {
    lines.push('', s.red(`${failures.length} run(s) failed:`));
    for (const failure of failures) {
      if (!failure.ok) lines.push(`  run ${failure.run.index} (seed ${failure.run.seed}): ${failure.error}`);
    }
  }
  return lines.join('\n');
}

export function registerSweep(program: Command, ctx: CliContext): Command {
  const command = program
    .command('sweep')
    .description('train a grid of configurations × seeds on every core; mean ± std of test accuracy and loss')
    // Defaults shown as typed (1-8), not as the arrays they parse to.
    .addOption(
      new Option('--seeds <list>', 'seeds, e.g. 1-8 or 1,2,5')
        .argParser(seedList)
        .default(seedList('1-8'), '1-8'),
    )
    .option(
      '--hidden <sizes...>',
      'hidden layer sizes, one architecture per value, e.g. 128,128 256,128,64 (default: 128,128)',
      (value: string, previous: number[][] | undefined) => [...(previous ?? []), hiddenSizes(value)],
    )
    .addOption(
      new Option('--learning-rate <list>', "Adam's learning rates, e.g. 0.001,0.003")
        .argParser(positiveNumberList)
        .default([TRAIN_DEFAULTS.learningRate], String(TRAIN_DEFAULTS.learningRate)),
    )
    .addOption(
      new Option('--batch-size <list>', 'batch sizes, e.g. 32,128')
        .argParser(positiveIntegerList)
        .default([TRAIN_DEFAULTS.batchSize], String(TRAIN_DEFAULTS.batchSize)),
    )
    .addOption(
      new Option('--epochs <list>', 'epoch counts, e.g. 5,10')
        .argParser(positiveIntegerList)
        .default([TRAIN_DEFAULTS.epochs], String(TRAIN_DEFAULTS.epochs)),
    )
    .option(
      '--jobs <n>',
      'runs trained at once, one worker thread each',
      positiveInteger,
      availableParallelism(),
    )
    .option('--limit <n>', 'train on the first N training images only (quick sweeps)', positiveInteger)
    .option('--csv <file>', 'write one line per run to this CSV file')
    .option('--plot <file>', 'draw test accuracy per configuration (mean ± std) to this .svg or .png file')
    .option('--shard <i/n>', 'train only shard i of n of the grid (1-based; for job arrays)', shardSpec)
    .option('--results-dir <dir>', "with --shard: write the shard's results here, for --collect")
    .option(
      '--collect <dirs...>',
      'train nothing: merge the shard results in these directories into one table',
    );
  return addOptions(command, [...dataOptions(), quietOption()]).action(
    async (options: SweepCommandOptions) => {
      await runSweepCommand(options, ctx);
    },
  );
}
