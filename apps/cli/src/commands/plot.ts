/** `fmnist plot KIND`: draw one picture from the data and a saved model, as SVG or PNG. */
import { readFile } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import type { BackendName } from '@fmnist/model';
import { Argument, type Command, Option } from 'commander';
import type { CliContext } from '../context.js';
import { type DataOptions, loadData } from '../data.js';
import { CliError, EXIT } from '../errors.js';
import { writeFileAtomic } from '../files.js';
import { Output } from '../output.js';
import { nonNegativeInteger } from '../parse.js';
import {
  drawPlot,
  needsEvaluation,
  needsModel,
  PLOT_DESCRIPTIONS,
  PLOT_KINDS,
  type PlotInputs,
  type PlotKind,
} from '../plots.js';
import { HISTORY_FILE } from './train.js';

export interface PlotCommandOptions extends DataOptions {
  /** A saved model directory; default: the pretrained weights. */
  model?: string;
  /** The `.svg` or `.png` file to write. */
  out: string;
  index: number;
  backend?: BackendName;
  json?: boolean;
  quiet?: boolean;
}

export interface PlotReport {
  command: 'plot';
  kind: PlotKind;
  file: string;
  format: 'svg' | 'png';
  bytes: number;
}

/** Argument combinations commander cannot check; reported as usage errors (exit 2). */
class PlotUsageError extends CliError {
  constructor(message: string) {
    super(message, { exitCode: EXIT.usage });
  }
}

export async function runPlot(
  kind: PlotKind,
  options: PlotCommandOptions,
  ctx: CliContext,
): Promise<PlotReport> {
  const format = extname(options.out).toLowerCase().slice(1);
  if (format !== 'svg' && format !== 'png') {
    throw new PlotUsageError(`--out ${options.out}: give a file name ending in .svg or .png`);
  }
  if (kind === 'history' && !options.model) {
    throw new PlotUsageError('history needs --model DIR, the directory fmnist train saved the model to');
  }
  const out = new Output(ctx.io, options);
  const data = await loadData(options);
  const split = kind === 'image' ? data.train : data.test;
  if (options.index >= split.count) {
    throw new PlotUsageError(
      `--index ${options.index} is out of range: ${split.count} images (0–${split.count - 1})`,
    );
  }
  const inputs: { -readonly [K in keyof PlotInputs]: PlotInputs[K] } = { data, index: options.index };
  if (kind === 'history') inputs.history = await readHistory(options.model as string);
  if (needsModel(kind)) {
    const { evaluate, initBackend, loadModel, loadPretrained } = await import('@fmnist/model');
    await initBackend({ backend: options.backend ?? 'wasm' });
    inputs.model = options.model ? await loadModel(options.model) : await loadPretrained();
    if (needsEvaluation(kind)) inputs.evaluation = evaluate(inputs.model, data.test);
  }
  try {
    const svg = await drawPlot(kind, inputs);
    const bytes = format === 'png' ? (await import('@fmnist/viz/png')).svgToPng(svg) : svg;
    const file = resolve(options.out);
    await writeFileAtomic(file, bytes);
    const report: PlotReport = { command: 'plot', kind, file, format, bytes: bytes.length };
    out.note(`Wrote ${kind} (${PLOT_DESCRIPTIONS[kind]}) to ${file}`);
    out.document(report);
    return report;
  } finally {
    inputs.model?.dispose();
  }
}

async function readHistory(modelDir: string): Promise<PlotInputs['history']> {
  const file = join(modelDir, HISTORY_FILE);
  try {
    return JSON.parse(await readFile(file, 'utf8'));
  } catch (cause) {
    throw new CliError(
      `${file}: cannot read the training history; train with fmnist train --out ${modelDir}`,
      {
        cause,
      },
    );
  }
}

export function registerPlot(program: Command, ctx: CliContext): Command {
  const kinds = PLOT_KINDS.map((kind) => `  ${kind.padEnd(14)}${PLOT_DESCRIPTIONS[kind]}`).join('\n');
  return program
    .command('plot')
    .description('draw one picture (SVG or PNG) from the data and a saved model')
    .addArgument(new Argument('<kind>', 'which picture (see below)').choices(PLOT_KINDS))
    .requiredOption('--out <file>', 'the .svg or .png file to write')
    .option('--model <dir>', 'directory of a saved model (default: the pretrained weights)')
    .option(
      '--index <n>',
      'the image the picture is about (a test image; a training image for `image`)',
      nonNegativeInteger,
      0,
    )
    .option('--data-dir <dir>', 'read the four Fashion-MNIST files from this directory')
    .option('--no-verify', 'skip the SHA-256 check of the data files (for custom IDX data)')
    .addOption(new Option('--backend <name>', 'tfjs backend').choices(['wasm', 'cpu']).default('wasm'))
    .option('--json', 'print one JSON document describing the file written')
    .option('-q, --quiet', 'no notes on stderr')
    .addHelpText('after', `\nKinds:\n${kinds}`)
    .action(async (kind: PlotKind, options: PlotCommandOptions, command: Command) => {
      try {
        await runPlot(kind, options, ctx);
      } catch (error) {
        if (error instanceof PlotUsageError)
          command.error(error.message, { exitCode: EXIT.usage, code: 'fmnist.usage' });
        throw error;
      }
    });
}
