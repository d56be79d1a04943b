/**
 * What a model must look like to take Fashion-MNIST images: one input holding the 784 pixels of an image in any
 * shape (`[784]`, `[28, 28]`, `[28, 28, 1]`), and one output of the 10 class probabilities. Training, evaluation and
 * classification reshape their batches to the model's own input shape.
 */

import { IMAGE_PIXELS, NUM_CLASSES } from '@fmnist/data';
import type { ClassifierModel } from './model-type.js';

/** `[null, 28, 28]`: a tensor shape as messages show it. */
export function formatShape(shape: readonly (number | null)[]): string {
  return `[${shape.map((d) => (d === null ? 'null' : d)).join(', ')}]`;
}

/**
 * Why `model` cannot take Fashion-MNIST images and give class probabilities, or `undefined` when it can.
 *
 * @example
 * ```ts
 * imageModelProblem(createModel()); // undefined
 * imageModelProblem(modelWith32x32Input); // "its input [null, 32, 32] does not hold the 784 pixels of a 28×28 image"
 * ```
 */
export function imageModelProblem(model: ClassifierModel): string | undefined {
  if (model.inputs.length !== 1) return `it has ${model.inputs.length} inputs, expected one image input`;
  const input = (model.inputs[0] as ClassifierModel['inputs'][number]).shape;
  const values = input.slice(1).reduce<number>((product, dim) => product * (dim ?? Number.NaN), 1);
  if (values !== IMAGE_PIXELS) {
    return `its input ${formatShape(input)} does not hold the ${IMAGE_PIXELS} pixels of a 28×28 image`;
  }
  const output = model.outputs[0]?.shape ?? [];
  if (model.outputs.length !== 1 || output.length !== 2 || output[1] !== NUM_CLASSES) {
    return `it does not output ${NUM_CLASSES} class probabilities (its output is ${formatShape(output)})`;
  }
  return undefined;
}

/**
 * The shape of a batch of `count` images for `model`: `count` followed by the model's input shape, so the same
 * 784 values per image reach a Dense network (`[count, 28, 28]`) or a CNN (`[count, 28, 28, 1]`). Only for models
 * {@link imageModelProblem} accepts.
 */
export function imageBatchShape(model: ClassifierModel, count: number): number[] {
  return [count, ...((model.inputs[0] as ClassifierModel['inputs'][number]).shape.slice(1) as number[])];
}
