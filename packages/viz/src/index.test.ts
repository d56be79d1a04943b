import { FmnistError } from '@fmnist/errors';
import { describe, expect, it } from '@jest/globals';
import * as viz from './index.js';
import {
  countConfusion,
  decodeImageHref,
  parseSvg,
  probabilitiesFor,
  rowAccuracies,
  syntheticImage,
} from './test/fixtures.js';
import { findAll } from './test/xml.js';

const images = Array.from({ length: 25 }, (_, i) => syntheticImage(i));
const labels = images.map((_, i) => i % 10);
const predicted = labels.map((label, i) => (i % 4 === 0 ? (label + 1) % 10 : label));
const predictions = predicted.map((label) => probabilitiesFor(label, 0.75));
const matrix = countConfusion(labels, predicted);

const plots: Record<string, () => string> = {
  imageWithColorbar: () => viz.imageWithColorbar(images[0] as Uint8Array),
  imageGrid: () => viz.imageGrid(images, labels),
  plotImage: () => viz.plotImage(images[1] as Uint8Array, predictions[1] as number[], labels[1] as number),
  plotValueArray: () => viz.plotValueArray(predictions[0] as number[], labels[0] as number),
  plotValueArrayWithNames: () =>
    viz.plotValueArray(predictions[0] as number[], labels[0] as number, { tickLabels: 'names' }),
  predictionGrid: () =>
    viz.predictionGrid(
      images.slice(0, 15).map((image, i) => ({
        image,
        probabilities: predictions[i] as number[],
        trueLabel: labels[i] as number,
      })),
    ),
  trainingHistory: () =>
    viz.trainingHistory({ loss: [0.6, 0.4, 0.35], val_loss: [0.5, 0.45, 0.44], acc: [0.8, 0.85, 0.87] }),
  confusionMatrixHeatmap: () => viz.confusionMatrixHeatmap(matrix),
  perClassAccuracyChart: () => viz.perClassAccuracyChart(rowAccuracies(matrix)),
  misclassifiedGallery: () =>
    viz.misclassifiedGallery(
      labels.flatMap((trueLabel, index) =>
        predicted[index] === trueLabel
          ? []
          : [{ trueLabel, predictedLabel: predicted[index] as number, image: images[index] as Uint8Array }],
      ),
    ),
};

describe.each(Object.entries(plots))('%s', (_, draw) => {
  it('is a well-formed SVG whose embedded images decode', () => {
    const root = parseSvg(draw());
    expect(Number(root.attributes.width)).toBeGreaterThan(0);
    for (const image of findAll(root, 'image')) expect(decodeImageHref(image).width).toBeGreaterThan(0);
  });

  it('is the same string every time', () => {
    expect(draw()).toBe(draw());
  });
});

describe('public API', () => {
  it('exports the plots and the error classes', () => {
    expect(Object.keys(viz).sort()).toEqual(
      [
        'ImageSizeError',
        'LabelError',
        'LengthMismatchError',
        'ResvgMissingError',
        'VizInputError',
        'confusionMatrixHeatmap',
        'imageGrid',
        'imageWithColorbar',
        'misclassifiedGallery',
        'perClassAccuracyChart',
        'plotImage',
        'plotValueArray',
        'predictionGrid',
        'sweepChart',
        'trainingHistory',
      ].sort(),
    );
  });

  it('names its errors', () => {
    const error = new viz.LabelError('x');
    expect(error).toBeInstanceOf(viz.VizInputError);
    expect(error).toBeInstanceOf(FmnistError);
    expect(error.name).toBe('LabelError');
    expect(error.code).toBe('LABEL_RANGE');
  });
});
