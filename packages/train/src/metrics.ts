/**
 * Classification metrics from labels and predictions: plain numbers, computed apart from any drawing so that the
 * CLI, the web app and the pictures share them.
 */

/**
 * Counts of (true label, predicted label) pairs: `matrix[t][p]` is how many examples of class `t` were predicted
 * as `p`, so each row sums to that class's count.
 *
 * @example
 * ```ts
 * confusionMatrix([0, 1, 1], [0, 1, 0], 2); // [[1, 0], [1, 1]]
 * ```
 */
export function confusionMatrix(
  labels: ArrayLike<number>,
  predictions: ArrayLike<number>,
  numClasses: number,
): number[][] {
  if (labels.length !== predictions.length) {
    throw new RangeError(`${labels.length} labels but ${predictions.length} predictions`);
  }
  const matrix = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  for (let i = 0; i < labels.length; i++) {
    const row = matrix[labels[i] as number];
    const predicted = predictions[i] as number;
    if (row && predicted < numClasses) row[predicted] = (row[predicted] as number) + 1;
  }
  return matrix;
}

/**
 * The share of each class's examples predicted correctly (the diagonal over the row sums); 0 for an absent class.
 *
 * @example
 * ```ts
 * perClassAccuracy([[1, 0], [1, 1]]); // [1, 0.5]
 * ```
 */
export function perClassAccuracy(matrix: readonly (readonly number[])[]): number[] {
  return matrix.map((row, label) => {
    const total = row.reduce((sum, count) => sum + count, 0);
    return total === 0 ? 0 : (row[label] ?? 0) / total;
  });
}
