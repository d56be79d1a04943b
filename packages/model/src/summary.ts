import type * as tfl from '@tensorflow/tfjs-layers';

const COLUMNS = [32, 24, 12] as const;
const WIDTH = COLUMNS[0] + COLUMNS[1] + COLUMNS[2];

function shapeText(shape: unknown): string {
  if (!Array.isArray(shape)) return String(shape);
  if (Array.isArray(shape[0])) return shape.map(shapeText).join(', ');
  return `(${shape.map((d) => (d === null ? 'None' : String(d))).join(', ')})`;
}

function count(weights: readonly tfl.LayerVariable[]): number {
  return weights.reduce((sum, w) => sum + w.shape.reduce((a: number, b) => a * (b ?? 0), 1), 0);
}

const number = (n: number) => n.toLocaleString('en-US');

/**
 * A Keras-style text summary of `model`: each layer with its type, output shape and parameter count, then the
 * totals. Unlike `model.summary()` it returns the text instead of printing it.
 *
 * @example
 * ```ts
 * import { createModel, summary } from '@fmnist/model/layers';
 * console.log(summary(createModel()));
 * // Model: "fmnist_mlp"
 * // ____________________________________________________________________
 * //  Layer (type)                    Output Shape            Param #
 * // ====================================================================
 * //  flatten (Flatten)               (None, 784)             0
 * //  hidden_1 (Dense)                (None, 128)             100,480
 * //  hidden_2 (Dense)                (None, 128)             16,512
 * //  output (Dense)                  (None, 10)              1,290
 * // ====================================================================
 * // Total params: 118,282
 * // Trainable params: 118,282
 * // Non-trainable params: 0
 * // ____________________________________________________________________
 * ```
 */
export function summary(model: tfl.LayersModel): string {
  const row = (cells: readonly string[]) =>
    ` ${cells.map((cell, i) => (i < cells.length - 1 ? cell.padEnd((COLUMNS[i] ?? 0) - 1) : cell)).join(' ')}`.trimEnd();
  const lines = [
    `Model: "${model.name}"`,
    '_'.repeat(WIDTH),
    row(['Layer (type)', 'Output Shape', 'Param #']),
    '='.repeat(WIDTH),
  ];
  for (const layer of model.layers) {
    lines.push(
      row([
        `${layer.name} (${layer.getClassName()})`,
        shapeText(layer.outputShape),
        number(layer.countParams()),
      ]),
    );
  }
  const trainable = count(model.trainableWeights);
  const nonTrainable = count(model.nonTrainableWeights);
  lines.push(
    '='.repeat(WIDTH),
    `Total params: ${number(trainable + nonTrainable)}`,
    `Trainable params: ${number(trainable)}`,
    `Non-trainable params: ${number(nonTrainable)}`,
    '_'.repeat(WIDTH),
  );
  return lines.join('\n');
}
