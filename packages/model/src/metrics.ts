/**
 * The metrics `evaluate` reports, from true and predicted labels: plain numbers, computed apart from any drawing
 * (`@fmnist/viz` draws them). The labels come from a loaded split and the model's own outputs, so they are class
 * indices by construction.
 */

/** A test sample the model got wrong, by its position in the test set. */
export interface Misclassification {
  readonly index: number;
  readonly trueLabel: number;
  readonly predictedLabel: number;
}

/**
 * Counts predictions per (true class, predicted class): rows are true classes, columns predicted ones, so the
 * diagonal holds the right answers and every row sums to that class's number of samples.
 */
export function confusionMatrix(
  trueLabels: ArrayLike<number>,
  predictedLabels: ArrayLike<number>,
  numClasses: number,
): number[][] {
  const matrix = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  for (let i = 0; i < trueLabels.length; i++) {
    const row = matrix[trueLabels[i] as number] as number[];
    row[predictedLabels[i] as number] = (row[predictedLabels[i] as number] as number) + 1;
  }
  return matrix;
}

/** The share of each true class predicted right (the diagonal over the row sum); `NaN` for a class with no samples. */
export function perClassAccuracy(matrix: readonly (readonly number[])[]): number[] {
  return matrix.map((row, trueClass) => {
    const samples = row.reduce((sum, count) => sum + count, 0);
    return samples === 0 ? Number.NaN : (row[trueClass] as number) / samples;
  });
}

/** The samples whose predicted label differs from the true one, in order. */
export function misclassified(
  trueLabels: ArrayLike<number>,
  predictedLabels: ArrayLike<number>,
): Misclassification[] {
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
