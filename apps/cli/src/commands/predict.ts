/** `fmnist predict`: classify a test image by index, or your own pictures (PNG/JPEG files and directories of them). */
import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { CLASS_NAMES, imageAt, NUM_CLASSES } from '@fmnist/data';
import type { Prediction } from '@fmnist/model';
import type { CropBox, PreparedFile, Verdict } from '@fmnist/picture';
import { type Command, Option } from 'commander';
import type { CliContext } from '../context.js';
import { checkDataOptions, loadTestSplit } from '../data.js';
import { type ErrorReport, EXIT, errorReport, formatError, UsageError } from '../errors.js';
import {
  addOptions,
  backendOption,
  dataOptions,
  modelOption,
  quietOption,
  type SharedOptions,
} from '../options.js';
import { Output, round } from '../output.js';
import { integerIn, nonNegativeInteger } from '../parse.js';
import { usedModel } from '../paths.js';
import { TRAIN_DEFAULTS } from './train.js';

export interface PredictCommandOptions extends SharedOptions {
  /** A saved model directory; default: the pretrained weights. */
  model?: string;
  /** Classify test image N. */
  index?: number;
  /** PNG or JPEG files, or directories of them, to classify (the positional arguments). */
  pictures?: string[];
  /** How many classes to list; default {@link TOP_DEFAULT}, and one a row in the table of several pictures. */
  top?: number;
}

/** Classes listed for one picture (and in every `--json` answer) unless `--top` says otherwise. */
const TOP_DEFAULT = 3;

export interface Ranked {
  label: number;
  className: string;
  /** The model's probability of this class, 0–1. */
  confidence: number;
}

/** One of your pictures, classified. */
export interface PictureAnswer {
  /** Absolute. */
  path: string;
  format: string;
  width: number;
  height: number;
  /** The part of the picture the model was shown (the garment's box), or null if nothing stood out. */
  crop: CropBox | null;
  /** Whether the background was light, so the picture was negated. */
  inverted: boolean;
  /** The background's gray level, 0–255. */
  background: number;
  /** `{ confident: false, reason, hint }` when the answer is "not sure". */
  verdict: Verdict;
  /** The top classes, most probable first. */
  predictions: Ranked[];
  /** What the model was shown: the 28×28 input's 784 bytes (0–255, row-major), base64. */
  pixels: string;
}

/** One of your pictures that could not be read. */
export interface PictureFailure {
  /** Absolute. */
  path: string;
  error: ErrorReport;
}

export type PredictReport =
  | {
      command: 'predict';
      /** The model directory, absolute (the shipped one's too). */
      model: string;
      /** Whether it is the pretrained model. */
      pretrained: boolean;
      input: { kind: 'test'; index: number; label: number; className: string };
      predictions: Ranked[];
      /** Whether the top class is the true label. */
      correct: boolean;
    }
  | {
      command: 'predict';
      model: string;
      pretrained: boolean;
      /** One entry per picture, in the order given (a directory's pictures by name). */
      pictures: (PictureAnswer | PictureFailure)[];
    };

const PICTURE_FILE = /\.(png|jpe?g)$/i;

/** The files to read: each argument, or a directory's PNG and JPEG files by name. */
async function picturePaths(pictures: readonly string[]): Promise<string[]> {
  const paths: string[] = [];
  for (const path of pictures) {
    const isDirectory = await stat(path).then(
      (s) => s.isDirectory(),
      () => false, // let the reader say what is wrong with it
    );
    if (!isDirectory) paths.push(path);
    else {
      const names = (await readdir(path)).filter((name) => PICTURE_FILE.test(name)).sort();
      if (names.length === 0) paths.push(path); // reported as "is a directory" by the reader
      paths.push(...names.map((name) => join(path, name)));
    }
  }
  return paths;
}

function ranked(prediction: Prediction, top: number): Ranked[] {
  return prediction.probabilities
    .map((confidence, label) => ({ label, className: CLASS_NAMES[label] as string, confidence }))
    .sort((a, b) => b.confidence - a.confidence)
    .slice(0, Math.min(top, NUM_CLASSES));
}

const percent = (p: number) => `${(p * 100).toFixed(2).padStart(6)}%`;

export async function runPredict(options: PredictCommandOptions, ctx: CliContext): Promise<PredictReport> {
  const pictures = options.pictures ?? [];
  if (options.index !== undefined && pictures.length > 0) {
    throw new UsageError('give either --index N or picture files, not both');
  }
  if (options.index === undefined && pictures.length === 0) {
    throw new UsageError('give --index N (a test image) or the paths of PNG or JPEG pictures');
  }
  await checkDataOptions(options);
  const out = new Output(ctx.io, options);
  const testSplit = options.index !== undefined ? loadTestSplit(options) : undefined;
  testSplit?.catch(() => {}); // awaited below; a failing import must not leave it unhandled
  const {
    classify,
    classifyBatch,
    initBackend,
    loadModel,
    loadPretrained,
    PHOTO_MODEL_URL,
    PRETRAINED_MODEL_URL,
  } = await import('@fmnist/model');
  await initBackend({ backend: options.backend ?? 'wasm' });
  // A test image goes to the tutorial's model; people's pictures to the one trained for photos too.
  const used =
    options.index !== undefined
      ? usedModel(options.model, PRETRAINED_MODEL_URL)
      : usedModel(options.model, PHOTO_MODEL_URL, 'pretrained (photos)');
  const modelLine = `model: ${used.label}${used.pretrained ? await trainedModelHint() : ''}`;
  const s = out.stdoutStyles;

  if (testSplit !== undefined && options.index !== undefined) {
    const test = await testSplit;
    if (options.index >= test.count) {
      throw new UsageError(
        `--index ${options.index} is out of range: the test set has ${test.count} images (0–${test.count - 1})`,
      );
    }
    const label = test.labels[options.index] as number;
    const model = options.model ? await loadModel(options.model) : await loadPretrained();
    let prediction: Prediction;
    try {
      prediction = classify(model, imageAt(test, options.index));
    } finally {
      model.dispose();
    }
    const predictions = ranked(prediction, options.top ?? TOP_DEFAULT);
    const correct = prediction.label === label;
    const width = Math.max(...predictions.map((p) => p.className.length));
    const lines = [modelLine, `test image ${options.index}: true label ${label} (${CLASS_NAMES[label]})`];
    predictions.forEach((p, rank) => {
      const row = `${rank + 1}. ${p.className.padEnd(width)}  ${percent(p.confidence)}`;
      const mark = rank === 0 ? (correct ? s.green(' ✓') : s.red(' ✗')) : '';
      lines.push(`  ${rank === 0 ? s.bold(row) : row}${mark}`);
    });
    out.result(lines.join('\n'));
    const report: PredictReport = {
      command: 'predict',
      model: used.model,
      pretrained: used.pretrained,
      input: { kind: 'test', index: options.index, label, className: CLASS_NAMES[label] as string },
      predictions,
      correct,
    };
    out.document({
      ...report,
      predictions: predictions.map((p) => ({ ...p, confidence: round(p.confidence) })),
    });
    return report;
  }

  // Every picture is read and prepared first (a bad one is reported, not fatal), then classified in one batch.
  const paths = await picturePaths(pictures);
  const { judgePrediction, PictureError, preparePicture } = await import('@fmnist/picture');
  const prepared: (PreparedFile | Error)[] = [];
  for (const path of paths) {
    try {
      prepared.push(await preparePicture(path));
    } catch (error) {
      if (!(error instanceof PictureError)) throw error;
      prepared.push(error);
    }
  }
  const readable = prepared.filter((p): p is PreparedFile => !(p instanceof Error));
  const model = options.model ? await loadModel(options.model) : await loadPretrained('photos');
  let predictions: Prediction[];
  try {
    predictions = classifyBatch(
      model,
      readable.map((p) => p.pixels),
    );
  } finally {
    model.dispose();
  }
  let next = 0;
  const entries = prepared.map((p, n): PictureAnswer | PictureFailure => {
    const path = resolve(paths[n] as string);
    if (p instanceof Error) return { path, error: errorReport(p) };
    const prediction = predictions[next++] as Prediction;
    return {
      path,
      format: p.format,
      width: p.width,
      height: p.height,
      crop: p.crop,
      inverted: p.inverted,
      background: round(p.background, 2),
      verdict: judgePrediction(prediction.probabilities, p),
      predictions: ranked(prediction, options.top ?? TOP_DEFAULT),
      pixels: Buffer.from(p.pixels).toString('base64'),
    };
  });
  const answers = entries.filter((e): e is PictureAnswer => !('error' in e));
  if (answers.length > 0) {
    const shown = answers.map((a) => ({ ...a, path: paths[entries.indexOf(a)] as string })); // as typed
    out.result(
      `${modelLine}\n${entries.length === 1 ? describeOne(shown[0] as PictureAnswer, s) : table(shown, options.top ?? 1, s)}`,
    );
  }
  const report: PredictReport = {
    command: 'predict',
    model: used.model,
    pretrained: used.pretrained,
    pictures: entries,
  };
  out.document({
    ...report,
    pictures: entries.map((e) =>
      'error' in e
        ? e
        : { ...e, predictions: e.predictions.map((p) => ({ ...p, confidence: round(p.confidence) })) },
    ),
  });
  // Errors last, each on its own line, so the final line of a failed run is what went wrong.
  for (const p of prepared) {
    if (!(p instanceof Error)) continue;
    ctx.io.stderr.write(formatError(p, ctx.verbose));
    ctx.exitCode = EXIT.error;
  }
  return report;
}

type Styles = Output['stdoutStyles'];

/** One picture in detail: what it is, what was done, the top classes. */
function describeOne(answer: PictureAnswer, s: Styles): string {
  const lines = [
    `${answer.path}: ${answer.format.toUpperCase()} ${answer.width}×${answer.height}` +
      (answer.inverted ? ', light background (inverted)' : ', dark background'),
  ];
  if (!answer.verdict.confident) lines.push(`  ${s.bold(`not sure: ${answer.verdict.hint}`)}`);
  const width = Math.max(...answer.predictions.map((p) => p.className.length));
  answer.predictions.forEach((p, rank) => {
    const row = `${rank + 1}. ${p.className.padEnd(width)}  ${percent(p.confidence)}`;
    lines.push(`  ${rank === 0 && answer.verdict.confident ? s.bold(row) : row}`);
  });
  return lines.join('\n');
}

/**
 * Many pictures: one row each, the top class and its probability (then the next `top - 1` classes), or "not sure"
 * and what to do.
 */
function table(answers: PictureAnswer[], top: number, s: Styles): string {
  const pathWidth = Math.max('picture'.length, ...answers.map((a) => a.path.length));
  const classWidth = Math.max(...CLASS_NAMES.map((name) => name.length));
  return [
    s.bold(`${'picture'.padEnd(pathWidth)}  ${'class'.padEnd(classWidth)}  ${'prob.'.padStart(7)}`),
    ...answers.map((a) => {
      const [first, ...next] = a.predictions.slice(0, top) as [Ranked, ...Ranked[]];
      const others = next.map((p) => `${p.className} ${percent(p.confidence).trim()}`).join(', ');
      const answer = a.verdict.confident
        ? `${first.className.padEnd(classWidth)}  ${percent(first.confidence)}${others ? `  then ${others}` : ''}`
        : `${'not sure'.padEnd(classWidth)}  ${'–'.padStart(7)}  ${a.verdict.hint}`;
      return `${a.path.padEnd(pathWidth)}  ${answer}`;
    }),
  ].join('\n');
}

export function registerPredict(program: Command, ctx: CliContext): Command {
  const command = program
    .command('predict')
    .description(
      'classify your own pictures (PNG/JPEG files or directories of them), or test image N (--index)',
    )
    .argument(
      '[pictures...]',
      'PNG or JPEG pictures of one garment each, or directories of them (cropped to the garment, centred, ' +
        'made 28×28 as the dataset was)',
    );
  return addOptions(command, [
    modelOption(),
    new Option('--index <n>', 'classify test image N (0–9999) and show its true label').argParser(
      nonNegativeInteger,
    ),
    new Option(
      '--top <k>',
      `how many classes to list (default: ${TOP_DEFAULT}, and 1 a row for several pictures)`,
    ).argParser(integerIn(1, NUM_CLASSES)),
    ...dataOptions(),
    backendOption(),
    quietOption('no notes on stderr'),
  ]).action(async (pictures: string[], options: PredictCommandOptions) => {
    await runPredict({ ...options, pictures }, ctx);
  });
}

/**
 * After `fmnist train` saved its model where it saves by default, the pretrained one is still what predict uses:
 * say so, and how to use the trained one, so nobody mistakes the one for the other.
 */
async function trainedModelHint(): Promise<string> {
  const saved = await stat(join(TRAIN_DEFAULTS.out, 'model.json')).catch(() => undefined);
  return saved?.isFile()
    ? ` (not ${TRAIN_DEFAULTS.out}: add --model ${TRAIN_DEFAULTS.out.slice(2)} to use it)`
    : '';
}
