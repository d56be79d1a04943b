/** `fmnist plot KIND`: draw one picture from the data and a saved model, as SVG or PNG. */
import { readFile } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { Argument, type Command, Option } from 'commander';
import type { CliContext } from '../context.js';
import { checkDataOptions, loadData } from '../data.js';
import { CliError, UsageError } from '../errors.js';
import { writeFileAtomic } from '../files.js';
import {
  addOptions,
  backendOption,
  dataOptions,
  modelOption,
  quietOption,
  type SharedOptions,
} from '../options.js';
import { Output } from '../output.js';
import { nonNegativeInteger } from '../parse.js';
import { usedModel } from '../paths.js';
import {
  drawPlot,
  needsEvaluation,
  needsModel,
  PLOT_DESCRIPTIONS,
  PLOT_KINDS,
  type PlotInputs,
  type PlotKind,
} from '../plots.js';
import { checkWritableFile } from '../validate.js';
import { HISTORY_FILE } from './train.js';

export interface PlotCommandOptions extends SharedOptions {
  /** A saved model directory; default: the pretrained weights. */
  model?: string;
  /** The `.svg` or `.png` file to write (required; checked after the kind, so `plot foo` hears about `foo`). */
  out?: string;
  index: number;
  quiet?: boolean;
}

export interface PlotReport {
  command: 'plot';
  kind: PlotKind;
  /** The model drawn (its absolute directory, the shipped one's too), or null for a picture of the data alone. */
  model: string | null;
  /** Whether that model is the pretrained one. */
  pretrained: boolean;
  /** Absolute. */
  file: string;
  format: 'svg' | 'png';
  bytes: number;
}

export async function runPlot(
  kind: PlotKind,
  options: PlotCommandOptions,
  ctx: CliContext,
): Promise<PlotReport> {
  const file = await checkPlotOptions(kind, options);
  const format = extname(file).toLowerCase().slice(1) as 'svg' | 'png';
  const history = kind === 'history' ? await readHistory(options.model as string) : undefined;
  const out = new Output(ctx.io, options);
  const data = await loadData(options);
  const split = kind === 'image' ? data.train : data.test;
  if (options.index >= split.count) {
    throw new UsageError(
      `--index ${options.index} is out of range: ${split.count} images (0–${split.count - 1})`,
    );
  }
  const inputs: { -readonly [K in keyof PlotInputs]: PlotInputs[K] } = { data, index: options.index };
  let drawn: { model: string | null; pretrained: boolean } = { model: null, pretrained: false };
  if (history) {
    inputs.history = history;
    drawn = { model: resolve(options.model as string), pretrained: false };
  }
  if (needsModel(kind)) {
    const { evaluate, initBackend, loadModel, loadPretrained, PRETRAINED_MODEL_URL } = await import(
      '@fmnist/model'
    );
    const { model, pretrained } = usedModel(options.model, PRETRAINED_MODEL_URL);
    drawn = { model, pretrained };
    await initBackend({ backend: options.backend ?? 'wasm' });
    inputs.model = options.model ? await loadModel(options.model) : await loadPretrained();
    if (needsEvaluation(kind)) inputs.evaluation = evaluate(inputs.model, data.test);
  }
  try {
    const svg = await drawPlot(kind, inputs);
    const bytes = format === 'png' ? (await import('@fmnist/viz/png')).svgToPng(svg) : svg;
    await writeFileAtomic(file, bytes);
    const report: PlotReport = { command: 'plot', kind, ...drawn, file, format, bytes: bytes.length };
    out.note(`Wrote ${kind} (${PLOT_DESCRIPTIONS[kind]}) to ${file}`);
    out.document(report);
    return report;
  } finally {
    inputs.model?.dispose();
  }
}

/** The flag checks before any work; returns the absolute path of the file to write. */
async function checkPlotOptions(kind: PlotKind, options: PlotCommandOptions): Promise<string> {
  if (options.out === undefined) {
    throw new UsageError("required option '--out <file>' not specified", { flag: '--out' });
  }
  const format = extname(options.out).toLowerCase().slice(1);
  if (format !== 'svg' && format !== 'png') {
    throw new UsageError(`--out ${options.out}: give a file name ending in .svg or .png`, { flag: '--out' });
  }
  if (kind === 'history' && !options.model) {
    throw new UsageError('history needs --model DIR, the directory fmnist train saved the model to', {
      flag: '--model',
    });
  }
  await checkWritableFile('--out', options.out);
  await checkDataOptions(options);
  return resolve(options.out);
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
  const command = program
    .command('plot')
    .description('draw one picture (SVG or PNG) from the data and a saved model')
    .addArgument(new Argument('<kind>', 'which picture (see below)').choices(PLOT_KINDS));
  return addOptions(command, [
    new Option('--out <file>', 'the .svg or .png file to write (required)'),
    modelOption(),
    new Option('--index <n>', 'the image the picture is about (a test image; a training image for `image`)')
      .argParser(nonNegativeInteger)
      .default(0),
    ...dataOptions(),
    backendOption(),
    quietOption('no notes on stderr'),
  ])
    .addHelpText('after', `\nKinds:\n${kinds}`)
    .action(async (kind: PlotKind, options: PlotCommandOptions) => {
      await runPlot(kind, options, ctx);
    });
}
