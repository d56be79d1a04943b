/**
 * Classification metrics from labels and predictions: plain numbers, computed apart from any drawing so that
 * training, the CLI, the web app and the pictures share them.
 */
import { labelProblem, pairingProblem } from './checks.js';
import { MetricsInputError } from './errors.js';

/** `matrix[t][p]` counts the samples of true class `t` predicted as class `p`. */
export type ConfusionMatrix = number[][];

/** A test sample the model got wrong, by its position in the test set. */
export interface Misclassification {
  readonly index: number;
  readonly trueLabel: number;
  readonly predictedLabel: number;
}

function checkLabels(
  trueLabels: ArrayLike<number>,
  predictedLabels: ArrayLike<number>,
  numClasses: number,
): void {
  const unpaired = pairingProblem(trueLabels, predictedLabels, 'trueLabels', 'predictedLabels');
  if (unpaired !== undefined) throw new MetricsInputError(unpaired);
  const checkLabel = (label: number, what: string) => {
    const problem = labelProblem(label, numClasses, what);
    if (problem !== undefined) throw new MetricsInputError(problem);
  };
  for (let i = 0; i < trueLabels.length; i++) {
    checkLabel(trueLabels[i] as number, `trueLabels[${i}]`);
    checkLabel(predictedLabels[i] as number, `predictedLabels[${i}]`);
  }
}

/**
 * Counts predictions per (true class, predicted class): rows are true classes, columns predicted ones, so the
 * diagonal holds the right answers and every row sums to that class's number of samples.
 *
 * @throws {MetricsInputError} when the label arrays differ in length or a label is not an integer in `[0, numClasses)`.
 * @example
 * ```ts
 * confusionMatrix([0, 0, 1, 2], [0, 1, 1, 2], 3);
 * // [[1, 1, 0],
 * //  [0, 1, 0],
 * //  [0, 0, 1]]
 * ```
 */
export function confusionMatrix(
  trueLabels: ArrayLike<number>,
  predictedLabels: ArrayLike<number>,
  numClasses = 10,
): ConfusionMatrix {
  checkLabels(trueLabels, predictedLabels, numClasses);
  const matrix = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  for (let i = 0; i < trueLabels.length; i++) {
    const row = matrix[trueLabels[i] as number] as number[];
    row[predictedLabels[i] as number] = (row[predictedLabels[i] as number] as number) + 1;
  }
  return matrix;
}

/**
 * The share of each true class predicted right (the diagonal over the row sum, i.e. per-class recall), from 0 to
 * 1; `NaN` for a class with no samples.
 *
 * @throws {MetricsInputError} when the matrix is not square.
 * @example
 * ```ts
 * perClassAccuracy([[1, 1, 0], [0, 1, 0], [0, 0, 1]]); // [0.5, 1, 1]
 * ```
 */
export function perClassAccuracy(matrix: readonly (readonly number[])[]): number[] {
  return matrix.map((row, trueClass) => {
    if (row.length !== matrix.length) {
      throw new MetricsInputError(
        `confusion matrix row ${trueClass} has ${row.length} cells, expected ${matrix.length} (a square matrix)`,
      );
    }
    const samples = row.reduce((sum, count) => sum + count, 0);
    return samples === 0 ? Number.NaN : (row[trueClass] as number) / samples;
  });
}

/**
 * The samples whose predicted label differs from the true one, in test-set order.
 *
 * @throws {MetricsInputError} when the label arrays differ in length or a label is not an integer in `[0, numClasses)`.
 * @example
 * ```ts
 * misclassified([0, 0, 1, 2], [0, 1, 1, 2]); // [{ index: 1, trueLabel: 0, predictedLabel: 1 }]
 * ```
 */
export function misclassified(
  trueLabels: ArrayLike<number>,
  predictedLabels: ArrayLike<number>,
  numClasses = 10,
): Misclassification[] {
  checkLabels(trueLabels, predictedLabels, numClasses);
  const result: Misclassification[] = [];
  for (let index = 0; index < trueLabels.length; index++) {
    const trueLabel = trueLabels[index] as number;
    const predictedLabel = predictedLabels[index] as number;
    if (trueLabel !== predictedLabel) result.push({ index, trueLabel, predictedLabel });
  }
  return result;
}

/** Index of the largest value, the first one on ties, as `np.argmax` picks it. */
export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) {
    if ((values[i] as number) > (values[best] as number)) best = i;
  }
  return best;
}

/**
 * The most probable class of each sample, from the model's outputs laid end to end (`numClasses` per sample, as
 * `model.predict(x).dataSync()` gives them).
 *
 * @throws {MetricsInputError} when the outputs are not a whole number of samples.
 * @example
 * ```ts
 * predictedLabels([0.1, 0.9, 0.7, 0.3], 2); // [1, 0]
 * ```
 */
export function predictedLabels(probabilities: ArrayLike<number>, numClasses = 10): number[] {
  if (probabilities.length % numClasses !== 0) {
    throw new MetricsInputError(
      `probabilities has ${probabilities.length} values, not a multiple of ${numClasses} (one per class per sample)`,
    );
  }
  const values = Array.from(probabilities);
  return Array.from({ length: values.length / numClasses }, (_, sample) =>
    argmax(values.slice(sample * numClasses, (sample + 1) * numClasses)),
  );
}
