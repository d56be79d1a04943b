/**
 * The pictures `fmnist plot` and `fmnist train --plots` draw: which data each needs, drawn by @fmnist/viz.
 * Everything here returns SVG; PNG is a matter of the output file's extension.
 */
import { join } from 'node:path';
import { type FashionMnist, imageAt } from '@fmnist/data';
import type { Evaluation, loadModel } from '@fmnist/model';
import type { TrainingHistory } from '@fmnist/viz';
import { CliError, NothingToDrawError } from './errors.js';
import { makeDirectory, writeFileAtomic } from './files.js';

/** Each picture, in the order of the Keras tutorial, then the ones a practitioner wants next. */
export const PLOT_KINDS = [
  'image',
  'samples',
  'prediction',
  'predictions',
  'bars',
  'history',
  'confusion',
  'per-class',
  'misclassified',
] as const;

export type PlotKind = (typeof PLOT_KINDS)[number];

/** What each picture shows, for `--help` and the plots page. */
export const PLOT_DESCRIPTIONS: Record<PlotKind, string> = {
  image: 'a training image with a colour bar of its 0–255 pixel values',
  samples: 'the first 25 training images with their class names',
  prediction: 'a test image titled with its prediction, and its 10 class probabilities',
  predictions: '15 test images with their predictions and probability bars',
  bars: "a test image's class probabilities, with the class names",
  history: 'loss and accuracy per epoch, training and validation',
  confusion: 'the confusion matrix on the test set',
  'per-class': 'accuracy on the test set, class by class',
  misclassified: 'test images the model gets wrong, with true and predicted labels',
};

/** Pictures that need no model. */
const DATA_ONLY: ReadonlySet<PlotKind> = new Set(['image', 'samples']);

export function needsModel(kind: PlotKind): boolean {
  return !DATA_ONLY.has(kind) && kind !== 'history';
}

export function needsEvaluation(kind: PlotKind): boolean {
  return kind === 'confusion' || kind === 'per-class' || kind === 'misclassified';
}

/** What a picture is drawn from; only the parts its kind needs must be present. */
export interface PlotInputs {
  readonly data: FashionMnist;
  readonly model?: Awaited<ReturnType<typeof loadModel>>;
  readonly history?: TrainingHistory;
  readonly evaluation?: Evaluation;
  /** The image a picture is about: a training image for `image`, a test image otherwise (the first of 15). */
  readonly index: number;
}

const PREDICTION_GRID_SIZE = 15;
const GALLERY_SIZE = 25;

/** Draws one picture as SVG. */
export async function drawPlot(kind: PlotKind, inputs: PlotInputs): Promise<string> {
  const viz = await import('@fmnist/viz');
  const { data, index } = inputs;
  switch (kind) {
    case 'image':
      return viz.imageWithColorbar(imageAt(data.train, index));
    case 'samples':
      return viz.imageGrid(
        Array.from({ length: 25 }, (_, i) => imageAt(data.train, i)),
        data.train.labels.subarray(0, 25),
      );
    case 'prediction':
      return viz.predictionGrid(await testSamples(inputs, index, 1), { columns: 1 });
    case 'predictions':
      return viz.predictionGrid(await testSamples(inputs, index, PREDICTION_GRID_SIZE));
    case 'bars': {
      const [sample] = await testSamples(inputs, index, 1);
      return viz.plotValueArray(sample?.probabilities ?? [], sample?.trueLabel ?? 0, { tickLabels: 'names' });
    }
    case 'history':
      return viz.trainingHistory(required(inputs.history, 'history'));
    case 'confusion':
      return viz.confusionMatrixHeatmap(required(inputs.evaluation, 'evaluation').confusionMatrix);
    case 'per-class':
      return viz.perClassAccuracyChart(required(inputs.evaluation, 'evaluation').perClassAccuracy);
    case 'misclassified': {
      const { misclassified, confidences } = required(inputs.evaluation, 'evaluation');
      const wrong = misclassified.slice(0, GALLERY_SIZE);
      if (wrong.length === 0)
        throw new NothingToDrawError(
          'the model classifies every test image right: no misclassified images to draw',
        );
      return viz.misclassifiedGallery(
        wrong.map((sample) => ({
          ...sample,
          image: imageAt(data.test, sample.index),
          confidence: confidences[sample.index] as number,
        })),
      );
    }
  }
}

/** Test images `start … start+count-1` (clipped to the test set) with the model's probabilities. */
async function testSamples(inputs: PlotInputs, start: number, count: number) {
  const { classifyBatch } = await import('@fmnist/model');
  const { test } = inputs.data;
  const indices = Array.from({ length: Math.min(count, test.count - start) }, (_, i) => start + i);
  const images = indices.map((i) => imageAt(test, i));
  const predictions = classifyBatch(required(inputs.model, 'model'), images);
  return indices.map((testIndex, n) => ({
    image: images[n] as Uint8Array,
    probabilities: predictions[n]?.probabilities ?? [],
    trueLabel: test.labels[testIndex] as number,
  }));
}

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new CliError(`internal: this picture needs the ${what}`);
  return value;
}

/**
 * Writes every picture as `KIND.svg` into `dir` (created if missing), plus an `index.html` showing them together;
 * a picture with nothing to show is left out.
 * Returns the path of the page.
 */
export async function writePlotSet(dir: string, inputs: PlotInputs, title: string): Promise<string> {
  await makeDirectory(dir);
  const files: { kind: PlotKind; file: string }[] = [];
  for (const kind of PLOT_KINDS) {
    const file = `${kind}.svg`;
    try {
      await writeFileAtomic(join(dir, file), await drawPlot(kind, inputs));
      files.push({ kind, file });
    } catch (error) {
      if (!(error instanceof NothingToDrawError)) throw error;
    }
  }
  const page = join(dir, 'index.html');
  await writeFileAtomic(page, plotsIndexHtml(files, title));
  return page;
}

/** A page showing the pictures written by `train --plots`, each with its description. */
function plotsIndexHtml(files: readonly { kind: PlotKind; file: string }[], title: string): string {
  const figures = files
    .map(
      ({ kind, file }) =>
        `<figure><img src="${file}" alt="${PLOT_DESCRIPTIONS[kind]}"><figcaption>${kind}: ${PLOT_DESCRIPTIONS[kind]}</figcaption></figure>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${title}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem; background: #fafafa; color: #222; }
main { display: grid; grid-template-columns: repeat(auto-fill, minmax(420px, 1fr)); gap: 1.5rem; }
figure { margin: 0; background: #fff; padding: 1rem; border-radius: 8px; box-shadow: 0 1px 3px #0002; }
img { width: 100%; height: auto; }
figcaption { margin-top: .5rem; font-size: .9rem; color: #555; }
</style>
</head>
<body>
<h1>${title}</h1>
<main>
${figures}
</main>
</body>
</html>
`;
}
