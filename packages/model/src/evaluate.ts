import { NUM_CLASSES, normalizeImages, type Split } from '@fmnist/data';
import { forward } from './forward.js';
import {
  argmax,
  confusionMatrix,
  type Misclassification,
  misclassified,
  perClassAccuracy,
} from './metrics.js';
import type { ClassifierModel } from './model-type.js';

/** Keras clips probabilities to [ε, 1-ε] before the logarithm of the cross-entropy. */
const PROBABILITY_EPSILON = 1e-7;

/** How well a model does on a split. */
export interface Evaluation {
  /** Mean sparse categorical cross-entropy. */
  readonly loss: number;
  /** Share of examples whose most probable class is the label. */
  readonly accuracy: number;
  readonly count: number;
  /** Accuracy within each class, by label (NaN for a class absent from the split). */
  readonly perClassAccuracy: number[];
  /** `confusionMatrix[true][predicted]` counts. */
  readonly confusionMatrix: number[][];
  /** The predicted label of each example. */
  readonly predictions: Uint8Array;
  /** The probability the model gave each example's predicted label. */
  readonly confidences: Float32Array;
  /** The examples the model got wrong, in the split's order. */
  readonly misclassified: Misclassification[];
}

export interface EvaluateOptions {
  /** Images per forward pass. Default 1000. */
  batchSize?: number;
}

/**
 * Runs `model` over every example of `split` and scores it, in batches (no tensor outlives it).
 *
 * @example
 * ```ts
 * const result = evaluate(model, data.test);
 * console.log(`test_acc: ${result.accuracy.toFixed(4)}`);
 * ```
 */
export function evaluate(model: ClassifierModel, split: Split, options: EvaluateOptions = {}): Evaluation {
  const batchSize = options.batchSize ?? 1000;
  const predictions = new Uint8Array(split.count);
  const confidences = new Float32Array(split.count);
  let lossSum = 0;
  let correct = 0;
  for (let start = 0; start < split.count; start += batchSize) {
    const size = Math.min(batchSize, split.count - start);
    const indices = Uint32Array.from({ length: size }, (_, n) => start + n);
    const probabilities = forward(model, normalizeImages(split, indices), size);
    for (let n = 0; n < size; n++) {
      const row = probabilities.subarray(n * NUM_CLASSES, (n + 1) * NUM_CLASSES);
      const label = split.labels[start + n] as number;
      const predicted = argmax(row);
      predictions[start + n] = predicted;
      confidences[start + n] = row[predicted] as number;
      if (predicted === label) correct++;
      const p = Math.min(Math.max(row[label] as number, PROBABILITY_EPSILON), 1 - PROBABILITY_EPSILON);
      lossSum -= Math.log(p);
    }
  }
  const matrix = confusionMatrix(split.labels, predictions, NUM_CLASSES);
  return {
    loss: lossSum / split.count,
    accuracy: correct / split.count,
    count: split.count,
    perClassAccuracy: perClassAccuracy(matrix),
    confusionMatrix: matrix,
    predictions,
    confidences,
    misclassified: misclassified(split.labels, predictions),
  };
}
