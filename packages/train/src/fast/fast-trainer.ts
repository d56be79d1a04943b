/**
 * A hand-scheduled training step for a Sequential stack of Dense layers (relu hidden layers, softmax output,
 * sparse categorical cross-entropy, Adam) on the TensorFlow.js WASM backend's memory.
 *
 * It computes the same numbers as `model.fit` with `tf.train.adam` (checked against tfjs autodiff and
 * `trainOnBatch` in the tests), ~15× faster: a step is a handful of calls into the WebAssembly SIMD kernels of
 * `kernels.wat`, which skip the zeros of each layer's input (half of Fashion-MNIST's pixels, and the relu outputs
 * that are not positive), plus the softmax cross-entropy in JS: no engine, no tape, no allocation.
 * It needs `maxBatchSize` to be fixed up front and works on any batch size up to it.
 *
 * Per layer, with n the batch size:
 *   forward   lists of the input's positive entries (+ the bias input)  →  z = x · W  →  the next layer's lists
 *   backward  dW = xᵀ · dz (bias gradient included),  dz of the previous layer = dz · Wᵀ where its relu passed
 * and one Adam pass over all parameters. Weights are kept as the Keras kernel with the bias as one more row, each
 * row padded to a multiple of 4 floats (see `kernels.wat`).
 */

import { InvalidArgumentError } from '@fmnist/errors';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { TrainerDisposedError, UnsupportedModelError } from '../errors.js';
import { adamConstants, instantiateKernels, type Kernels, kernelsUnsupportedReason } from './kernels.js';
import { createThreadedFastTrainer } from './threaded-trainer.js';
import { backendMemory, WasmHeap } from './wasm-heap.js';

export interface FastTrainerOptions {
  learningRate: number;
  /** Defaults to 0.9, as tf.train.adam. */
  beta1?: number;
  /** Defaults to 0.999, as tf.train.adam. */
  beta2?: number;
  /** Defaults to 1e-7, as tf.train.adam (Keras' epsilon). */
  epsilon?: number;
  /** Largest batch `step` accepts; buffers are sized for it. Defaults to 32. */
  maxBatchSize?: number;
  /**
   * Threads a step runs on: 1 (default) on the WASM backend's memory, or 2 (Node only), the batch split between the
   * calling thread and a worker on the trainer's own shared memory (see `threaded-trainer.ts`).
   */
  threads?: 1 | 2;
  /** Wraps the kernels before use (the calling thread's, with 2 threads), to time or count them (the benchmark's per-kernel figures). Default: none. */
  wrapKernels?: (kernels: Kernels, memory: WebAssembly.Memory) => Kernels;
}

export interface FastTrainer {
  /**
   * One Adam update on the batch `indices` of a uint8 dataset (`images`: all samples back to back, each of the
   * model's input size, pixels scaled by 1/255 as they are copied in; `labels`: one class index per sample).
   * Returns the batch's mean loss and how many of its samples the model (before the update) classified right, as
   * `model.fit` reports loss and accuracy.
   */
  step(images: Uint8Array, labels: Uint8Array, indices: Uint32Array): FastStepResult;
  /** Writes the trained weights into the model's variables (call before evaluating or saving the model). */
  syncToModel(): void;
  /** Gradients of the last step, in the order and shapes of `model.trainableWeights` (for checks and debugging). */
  readGradients(): Float32Array[];
  /** Number of Adam updates done so far. */
  readonly iterations: number;
  /** Frees the heap buffers. The model is left as of the last `syncToModel`. */
  dispose(): void;
}

/**
 * Writes trained weights into the Dense layers' variables: `values` holds each layer's kernel ([inputs, units],
 * row-major) then its bias, as the trainers read them out of their buffers.
 */
export function setDenseWeights(
  denseLayers: readonly { setWeights(weights: tf.Tensor[]): void }[],
  values: readonly Float32Array[],
  shapes: readonly { readonly inputs: number; readonly units: number }[],
): void {
  for (const [l, layer] of denseLayers.entries()) {
    const { inputs, units } = shapes[l] as { inputs: number; units: number };
    const tensors = [
      tf.tensor2d(values[2 * l] as Float32Array, [inputs, units]),
      tf.tensor1d(values[2 * l + 1] as Float32Array),
    ];
    layer.setWeights(tensors);
    tf.dispose(tensors);
  }
}

export interface FastStepResult {
  readonly loss: number;
  readonly correct: number;
}

export type FastPathSupport = { supported: true } | { supported: false; reason: string };

/** Dense layer configuration fields we rely on (from `layer.getConfig()`). */
interface DenseConfig {
  activation?: unknown;
  useBias?: unknown;
  kernelRegularizer?: unknown;
  biasRegularizer?: unknown;
  activityRegularizer?: unknown;
  kernelConstraint?: unknown;
  biasConstraint?: unknown;
}

/**
 * Whether `createFastTrainer` can train `model`: the WASM backend must be active (in an engine with WebAssembly
 * SIMD), and the model must be Flatten / InputLayer followed only by trainable Dense layers with biases, relu on
 * hidden layers, softmax on the last, and no regularizers or constraints (the fast step does not implement them).
 */
export function supportsFastPath(model: LayersModel): FastPathSupport {
  if (tf.getBackend() !== 'wasm')
    return { supported: false, reason: `backend is '${tf.getBackend()}', not 'wasm'` };
  const kernelsReason = kernelsUnsupportedReason(backendMemory(tf.backend() as BackendWasm));
  if (kernelsReason !== undefined) return { supported: false, reason: kernelsReason };
  const dense = [];
  for (const layer of model.layers) {
    const kind = layer.getClassName();
    if (kind === 'Flatten' || kind === 'InputLayer') {
      if (dense.length > 0)
        return { supported: false, reason: `${kind} layer '${layer.name}' after a Dense layer` };
      continue;
    }
    if (kind !== 'Dense')
      return { supported: false, reason: `unsupported layer '${layer.name}' of kind ${kind}` };
    dense.push(layer);
  }
  if (dense.length === 0) return { supported: false, reason: 'model has no Dense layers' };
  for (const [index, layer] of dense.entries()) {
    const config = layer.getConfig() as DenseConfig;
    const wanted = index === dense.length - 1 ? 'softmax' : 'relu';
    if (config.activation !== wanted) {
      return {
        supported: false,
        reason: `Dense '${layer.name}' has activation ${String(config.activation)}, need ${wanted}`,
      };
    }
    if (config.useBias !== true) return { supported: false, reason: `Dense '${layer.name}' has no bias` };
    for (const key of [
      'kernelRegularizer',
      'biasRegularizer',
      'activityRegularizer',
      'kernelConstraint',
      'biasConstraint',
    ] as const) {
      if (config[key] != null) return { supported: false, reason: `Dense '${layer.name}' has a ${key}` };
    }
    if (!layer.trainable) return { supported: false, reason: `Dense '${layer.name}' is not trainable` };
    const [kernel] = layer.getWeights();
    if (kernel === undefined || kernel.dtype !== 'float32' || kernel.rank !== 2) {
      return { supported: false, reason: `Dense '${layer.name}' kernel is not a float32 matrix` };
    }
  }
  return { supported: true };
}

/** One Dense layer's place in the heap (byte offsets), sized for batches of up to maxBatch. */
interface DenseBuffers {
  readonly inputs: number;
  readonly units: number;
  /** Row length of the layer's weights, outputs and their gradients: units rounded up to a multiple of 4. */
  readonly stride: number;
  /** W: `inputs + 1` rows of `stride` floats (kernel rows, then the bias), in the parameter block; dW likewise. */
  readonly weights: number;
  readonly gradients: number;
  /** The column lists of the layer's input, and their lengths. */
  readonly lists: number;
  readonly counts: number;
  /** z [maxBatch, stride], the output before the activation, and dL/dz. */
  readonly z: number;
  readonly dz: number;
}

/** Clip bounds of tfjs-layers' cross-entropy (its epsilon), which also zero the gradient of clipped samples. */
const PROB_MIN = 1e-7;
const PROB_MAX = 1 - 1e-7;
const FLOAT_BYTES = Float32Array.BYTES_PER_ELEMENT;
/** A column-list entry: sample index (i32) and input value (f32). */
const PAIR_BYTES = 8;

const roundUp = (value: number, multiple: number) => Math.ceil(value / multiple) * multiple;

export function createFastTrainer(model: LayersModel, options: FastTrainerOptions): FastTrainer {
  const support = supportsFastPath(model);
  if (!support.supported)
    throw new UnsupportedModelError(`fast training path unsupported: ${support.reason}`);
  if (options.threads !== undefined && options.threads !== 1 && options.threads !== 2)
    throw new InvalidArgumentError(`threads must be 1 or 2, not ${options.threads}`);
  if (options.threads === 2) return createThreadedFastTrainer(model, options);
  const { learningRate, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-7, maxBatchSize = 32 } = options;
  const denseLayers = model.layers.filter((layer) => layer.getClassName() === 'Dense');
  const heap = new WasmHeap(tf.backend() as BackendWasm);

  try {
    const instantiated = instantiateKernels(heap.memory);
    const kernels = options.wrapKernels?.(instantiated, heap.memory) ?? instantiated;
    const shapes = denseLayers.map((layer) => {
      const [kernel] = layer.getWeights() as [tf.Tensor];
      const [inputs, units] = kernel.shape as [number, number];
      return { inputs, units, stride: roundUp(units, 4) };
    });
    const parameterCount = shapes.reduce((sum, { inputs, stride }) => sum + (inputs + 1) * stride, 0);
    const params = heap.alloc(parameterCount * FLOAT_BYTES);
    const grads = heap.alloc(parameterCount * FLOAT_BYTES);
    const firstMoment = heap.alloc(parameterCount * FLOAT_BYTES);
    const secondMoment = heap.alloc(parameterCount * FLOAT_BYTES);
    const inputSize = shapes[0]?.inputs ?? 0;
    // `normalize` works 16 pixels at a time and `columns` reads up to 3 floats past a row: room for both.
    const batchBytes = roundUp(maxBatchSize * inputSize, 16);
    const pixels = heap.alloc(batchBytes);
    const x = heap.alloc((batchBytes + 4) * FLOAT_BYTES);
    let offset = 0;
    const layers: DenseBuffers[] = shapes.map(({ inputs, units, stride }) => {
      const rows = inputs + 1;
      const buffers = {
        inputs,
        units,
        stride,
        weights: params + offset,
        gradients: grads + offset,
        lists: heap.alloc(rows * maxBatchSize * PAIR_BYTES),
        counts: heap.alloc(rows * Int32Array.BYTES_PER_ELEMENT),
        z: heap.alloc(maxBatchSize * stride * FLOAT_BYTES),
        dz: heap.alloc(maxBatchSize * stride * FLOAT_BYTES),
      };
      offset += rows * stride * FLOAT_BYTES;
      return buffers;
    });
    for (const [l, layer] of denseLayers.entries()) {
      const [kernel, bias] = layer.getWeights() as [tf.Tensor, tf.Tensor];
      const { inputs, units, stride, weights } = layers[l] as DenseBuffers;
      const rows = heap.f32(weights, (inputs + 1) * stride);
      const values = kernel.dataSync() as Float32Array;
      for (let r = 0; r < inputs; r++) rows.set(values.subarray(r * units, (r + 1) * units), r * stride);
      rows.set(bias.dataSync() as Float32Array, inputs * stride);
    }

    let iterations = 0;
    let disposed = false;

    const step = (images: Uint8Array, labels: Uint8Array, indices: Uint32Array): FastStepResult => {
      if (disposed) throw new TrainerDisposedError('FastTrainer used after dispose()');
      const n = indices.length;
      if (n === 0 || n > maxBatchSize)
        throw new InvalidArgumentError(`batch size ${n} outside 1..${maxBatchSize}`);
      const batch = heap.u8(pixels, n * inputSize);
      for (let i = 0; i < n; i++) {
        const start = (indices[i] as number) * inputSize;
        if (start + inputSize > images.length)
          throw new InvalidArgumentError(`sample index ${indices[i]} outside the dataset`);
        batch.set(images.subarray(start, start + inputSize), i * inputSize);
      }
      kernels.normalize(pixels, roundUp(n * inputSize, 16), x);
      const first = layers[0] as DenseBuffers;
      kernels.columns(x, inputSize, n, inputSize, maxBatchSize, first.lists, first.counts);

      for (const [l, layer] of layers.entries()) {
        const { lists, counts, inputs, weights, stride, z } = layer;
        kernels.forward(lists, counts, inputs + 1, maxBatchSize, weights, stride, z, n);
        const next = layers[l + 1];
        if (next !== undefined)
          kernels.columns(z, stride, n, layer.units, maxBatchSize, next.lists, next.counts);
      }
      const last = layers[layers.length - 1] as DenseBuffers;
      const result = softmaxCrossEntropyGrad(
        heap.f32(last.z, n * last.stride),
        last.stride,
        last.units,
        labels,
        indices,
        heap.f32(last.dz, n * last.stride),
      );

      for (let l = layers.length - 1; l >= 0; l--) {
        const { lists, counts, inputs, dz, stride, gradients, weights } = layers[l] as DenseBuffers;
        kernels.weightGrad(lists, counts, inputs + 1, maxBatchSize, dz, stride, gradients);
        const previous = layers[l - 1];
        if (previous !== undefined) {
          kernels.inputGrad(
            lists,
            counts,
            inputs,
            maxBatchSize,
            dz,
            stride,
            weights,
            previous.dz,
            previous.stride,
            n,
          );
        }
      }

      iterations++;
      const constants = adamConstants(iterations, { learningRate, beta1, beta2, epsilon });
      kernels.adam(
        params,
        grads,
        firstMoment,
        secondMoment,
        parameterCount,
        constants.beta1,
        constants.beta2,
        constants.epsilon,
        constants.stepSize,
      );
      return result;
    };

    /** A parameter-shaped block (`params` or `grads`) in Keras layout: kernels [inputs, units], biases [units]. */
    const readKerasLayout = (block: number): Float32Array[] =>
      layers.flatMap(({ inputs, units, stride, weights }) => {
        const rows = heap.f32(block + (weights - params), (inputs + 1) * stride);
        const kernel = new Float32Array(inputs * units);
        for (let r = 0; r < inputs; r++) kernel.set(rows.subarray(r * stride, r * stride + units), r * units);
        return [kernel, rows.slice(inputs * stride, inputs * stride + units)];
      });

    return {
      step,
      syncToModel() {
        if (disposed) throw new TrainerDisposedError('FastTrainer used after dispose()');
        setDenseWeights(denseLayers, readKerasLayout(params), layers);
      },
      readGradients() {
        if (disposed) throw new TrainerDisposedError('FastTrainer used after dispose()');
        return readKerasLayout(grads);
      },
      get iterations() {
        return iterations;
      },
      dispose() {
        if (disposed) return;
        disposed = true;
        heap.dispose();
      },
    };
  } catch (error) {
    heap.dispose();
    throw error;
  }
}

/**
 * From logits z [n, stride] (the first `classes` of each row): mean loss −log(clip(softmax)), the number of samples
 * whose largest logit is their label, and dL/dz = (softmax − onehot)/n, written to grad (its padding left alone).
 * Like tfjs-layers' sparseCategoricalCrossentropy, the probability is clipped to [1e-7, 1−1e-7] and a clipped
 * sample contributes no gradient.
 */
function softmaxCrossEntropyGrad(
  logits: Float32Array,
  stride: number,
  classes: number,
  labels: Uint8Array,
  indices: Uint32Array,
  grad: Float32Array,
): FastStepResult {
  const n = indices.length;
  let loss = 0;
  let correct = 0;
  for (let i = 0; i < n; i++) {
    const row = i * stride;
    let max = -Infinity;
    let predicted = 0;
    for (let c = 0; c < classes; c++) {
      const z = logits[row + c] as number;
      if (z > max) {
        max = z;
        predicted = c;
      }
    }
    let sum = 0;
    for (let c = 0; c < classes; c++) {
      const e = Math.exp((logits[row + c] as number) - max);
      grad[row + c] = e;
      sum += e;
    }
    const label = labels[indices[i] as number];
    if (label === undefined || label >= classes)
      throw new InvalidArgumentError(`label of sample ${indices[i]} is not a class index`);
    if (predicted === label) correct++;
    const p = (grad[row + label] as number) / sum;
    loss -= Math.log(Math.min(Math.max(p, PROB_MIN), PROB_MAX));
    const scale = p >= PROB_MIN && p <= PROB_MAX ? 1 / n : 0;
    for (let c = 0; c < classes; c++) {
      grad[row + c] = ((grad[row + c] as number) / sum - (c === label ? 1 : 0)) * scale;
    }
  }
  return { loss: loss / n, correct };
}
