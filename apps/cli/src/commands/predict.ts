/** `fmnist predict`: classify a test image by index, or the user's own PNG/JPEG. */
import { CLASS_NAMES, IMAGE_PIXELS, imageAt, NUM_CLASSES } from '@fmnist/data';
import type { BackendName } from '@fmnist/model';
import { type Command, Option } from 'commander';
import type { CliContext } from '../context.js';
import { checkDataOptions, loadTestSplit } from '../data.js';
import { CliError, UsageError } from '../errors.js';
import { loadImageFile } from '../image.js';
import {
  addOptions,
  backendOption,
  dataOptions,
  jsonOption,
  modelOption,
  quietOption,
  type SharedOptions,
} from '../options.js';
import { Output, round } from '../output.js';
import { integerIn, nonNegativeInteger } from '../parse.js';

export interface PredictCommandOptions extends SharedOptions {
  /** A saved model directory; default: the pretrained weights. */
  model?: string;
  /** Classify test image N. */
  index?: number;
  /** Path of a PNG or JPEG to classify (the positional argument). */
  image?: string;
  top: number;
}

export interface Ranked {
  label: number;
  className: string;
  probability: number;
}

export interface PredictReport {
  command: 'predict';
  /** The model directory, or `"pretrained"`. */
  model: string;
  input:
    | { kind: 'test'; index: number; label: number; className: string }
    | {
        kind: 'file';
        path: string;
        format: string;
        width: number;
        height: number;
        inverted: boolean;
        background: number;
      };
  /** The top classes, most probable first. */
  predictions: Ranked[];
  /** Whether the top class is the true label (test images only). */
  correct?: boolean;
}

export async function runPredict(options: PredictCommandOptions, ctx: CliContext): Promise<PredictReport> {
  if (options.index !== undefined && options.image !== undefined) {
    throw new UsageError('give either --index N or an IMAGE file, not both');
  }
  if (options.index === undefined && options.image === undefined) {
    throw new UsageError('give --index N (a test image) or the path of a PNG or JPEG image');
  }
  await checkDataOptions(options);
  const out = new Output(ctx.io, options);
  // The test images decompress off the main thread while TensorFlow.js loads on it.
  const testSplit = options.index !== undefined ? loadTestSplit(options) : undefined;
  testSplit?.catch(() => {}); // awaited below; a failing import must not leave it unhandled
  const { classify, initBackend, loadModel, loadPretrained } = await import('@fmnist/model');
  await initBackend({ backend: options.backend ?? 'wasm' });

  let pixels: Uint8Array;
  let input: PredictReport['input'];
  if (testSplit !== undefined && options.index !== undefined) {
    const test = await testSplit;
    if (options.index >= test.count) {
      throw new UsageError(
        `--index ${options.index} is out of range: the test set has ${test.count} images (0–${test.count - 1})`,
      );
    }
    pixels = imageAt(test, options.index);
    const label = test.labels[options.index] as number;
    input = { kind: 'test', index: options.index, label, className: CLASS_NAMES[label] as string };
  } else {
    const image = await loadImageFile(options.image as string);
    pixels = image.pixels;
    input = {
      kind: 'file',
      path: options.image as string,
      format: image.format,
      width: image.width,
      height: image.height,
      inverted: image.inverted,
      background: round(image.background, 2),
    };
  }
  if (pixels.length !== IMAGE_PIXELS) throw new CliError('internal: prepared image is not 28×28');

  const model = options.model ? await loadModel(options.model) : await loadPretrained();
  try {
    const prediction = classify(model, pixels);
    const predictions = prediction.probabilities
      .map((probability, label) => ({ label, className: CLASS_NAMES[label] as string, probability }))
      .sort((a, b) => b.probability - a.probability)
      .slice(0, Math.min(options.top, NUM_CLASSES));
    const report: PredictReport = {
      command: 'predict',
      model: options.model ?? 'pretrained',
      input,
      predictions,
    };
    if (input.kind === 'test') report.correct = prediction.label === input.label;

    const s = out.stdoutStyles;
    const lines: string[] = [];
    if (input.kind === 'test') {
      lines.push(`test image ${input.index}: true label ${input.label} (${input.className})`);
    } else {
      lines.push(
        `${input.path}: ${input.format.toUpperCase()} ${input.width}×${input.height}` +
          (input.inverted ? ', light background (inverted)' : ', dark background'),
      );
    }
    const width = Math.max(...predictions.map((p) => p.className.length));
    predictions.forEach((p, rank) => {
      const row = `${rank + 1}. ${p.className.padEnd(width)}  ${(p.probability * 100).toFixed(2).padStart(6)}%`;
      const mark = input.kind === 'test' && rank === 0 ? (report.correct ? s.green(' ✓') : s.red(' ✗')) : '';
      lines.push(`  ${rank === 0 ? s.bold(row) : row}${mark}`);
    });
    out.result(lines.join('\n'));
    out.document({
      ...report,
      predictions: predictions.map((p) => ({ ...p, probability: round(p.probability) })),
    });
    return report;
  } finally {
    model.dispose();
  }
}

export function registerPredict(program: Command, ctx: CliContext): Command {
  const command = program
    .command('predict')
    .description('classify test image N (--index) or your own PNG/JPEG image')
    .argument(
      '[image]',
      'a PNG or JPEG image of one garment (resized to 28×28, inverted if the background is light)',
    );
  return addOptions(command, [
    modelOption(),
    new Option('--index <n>', 'classify test image N (0–9999) and show its true label').argParser(
      nonNegativeInteger,
    ),
    new Option('--top <k>', 'how many classes to list').argParser(integerIn(1, NUM_CLASSES)).default(3),
    ...dataOptions(),
    backendOption(),
    jsonOption(),
    quietOption('no notes on stderr'),
  ]).action(async (image: string | undefined, options: PredictCommandOptions) => {
    await runPredict({ ...options, ...(image !== undefined ? { image } : {}) }, ctx);
  });
}
