import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { argmax, confusionMatrix, misclassified, perClassAccuracy } from './metrics.js';

// Twelve samples of three classes, counted by hand:
//   true 0: predicted 0, 0, 0, 1, 2  → row [3, 1, 1], accuracy 3/5
//   true 1: predicted 1, 1, 1, 1     → row [0, 4, 0], accuracy 1
//   true 2: predicted 0, 2, 2        → row [1, 0, 2], accuracy 2/3
const TRUE_LABELS = [0, 1, 2, 0, 0, 1, 2, 0, 1, 2, 0, 1];
const PREDICTED_LABELS = [0, 1, 0, 1, 0, 1, 2, 2, 1, 2, 0, 1];
const HAND_COUNTED = [
  [3, 1, 1],
  [0, 4, 0],
  [1, 0, 2],
];

const labelPairs = (classes: number) =>
  fc
    .array(fc.tuple(fc.nat(classes - 1), fc.nat(classes - 1)), { maxLength: 200 })
    .map((pairs) => ({ truth: pairs.map(([t]) => t), predicted: pairs.map(([, p]) => p) }));

describe('confusionMatrix', () => {
  it('matches a hand count, rows true and columns predicted', () => {
    expect(confusionMatrix(TRUE_LABELS, PREDICTED_LABELS, 3)).toEqual(HAND_COUNTED);
  });

  it('accepts typed arrays', () => {
    const matrix = confusionMatrix(Uint8Array.of(9, 9, 0), Int32Array.of(9, 0, 0), 10);
    expect(matrix).toHaveLength(10);
    expect(matrix[9]?.[9]).toBe(1);
    expect(matrix[9]?.[0]).toBe(1);
    expect(matrix[0]?.[0]).toBe(1);
  });

  it('counts every sample once, each row summing to its class size', () => {
    fc.assert(
      fc.property(labelPairs(10), ({ truth, predicted }) => {
        const matrix = confusionMatrix(truth, predicted, 10);
        expect(matrix.flat().reduce((a, b) => a + b, 0)).toBe(truth.length);
        matrix.forEach((row, t) => {
          expect(row.reduce((a, b) => a + b, 0)).toBe(truth.filter((label) => label === t).length);
        });
      }),
    );
  });
});

describe('perClassAccuracy', () => {
  it('is the diagonal over the row sum', () => {
    expect(perClassAccuracy(HAND_COUNTED)).toEqual([3 / 5, 1, 2 / 3]);
  });

  it('is NaN for a class without samples', () => {
    expect(
      perClassAccuracy([
        [2, 0],
        [0, 0],
      ]),
    ).toEqual([1, Number.NaN]);
  });
});

describe('misclassified', () => {
  it('lists the wrong predictions in order', () => {
    expect(misclassified(TRUE_LABELS, PREDICTED_LABELS)).toEqual([
      { index: 2, trueLabel: 2, predictedLabel: 0 },
      { index: 3, trueLabel: 0, predictedLabel: 1 },
      { index: 7, trueLabel: 0, predictedLabel: 2 },
    ]);
  });

  it('leaves out exactly the diagonal of the confusion matrix', () => {
    fc.assert(
      fc.property(labelPairs(4), ({ truth, predicted }) => {
        const matrix = confusionMatrix(truth, predicted, 4);
        const diagonal = matrix.reduce((sum, row, i) => sum + (row[i] as number), 0);
        expect(misclassified(truth, predicted)).toHaveLength(truth.length - diagonal);
      }),
    );
  });
});

describe('argmax', () => {
  it('takes the first of equal maxima, like np.argmax', () => {
    expect(argmax([0.1, 0.4, 0.4, 0.1])).toBe(1);
    expect(argmax(Float32Array.of(0.1, 0.9))).toBe(1);
  });
});
