/**
 * The pieces of a two-thread fast-trainer step: forward and backward (to dL/dz of every layer) on one half of the
 * batch, and the weight gradient and Adam update of one range of the parameters from both halves. The main thread calls these functions
 * directly, and the worker runs the same functions from their source text (`threadedWorkerSource`), so they must stay
 * self-contained: no imports, no module-level names, nothing but their parameters and JavaScript's globals.
 */
import type { Kernels } from './kernels.js';

/** One Dense layer of the threaded trainer's shared memory (byte offsets). */
export interface ThreadedLayer {
  readonly inputs: number;
  readonly units: number;
  /** Units rounded up to a multiple of 4 (see `kernels.wat`). */
  readonly stride: number;
  /** Byte offset of the layer's rows in a parameter-shaped block (weights, moments, gradients). */
  readonly offset: number;
}

/** A half batch's buffers (or the whole batch's): what its samples are copied into and worked on in. */
export interface ThreadBuffers {
  /** Samples they hold; the column lists are this many pairs apart. */
  readonly capacity: number;
  /** The half batch's uint8 pixels, and its labels (one byte a sample). */
  readonly pixels: number;
  readonly labels: number;
  /** The pixels scaled to [0, 1]. */
  readonly x: number;
  /** Per layer: its input's column lists and their lengths, z and dL/dz. */
  readonly layers: readonly { lists: number; counts: number; z: number; dz: number }[];
}

/** Where everything of a two-thread trainer lives in its shared memory. */
export interface ThreadedLayout {
  /** The Int32 control block (`CONTROL` indices) and, 64 bytes in, its Float64 slots (`SLOT`). */
  readonly control: number;
  readonly params: number;
  /** The whole batch's gradient. */
  readonly grads: number;
  readonly firstMoment: number;
  readonly secondMoment: number;
  /** Floats in a parameter-shaped block (a multiple of 4). */
  readonly parameterCount: number;
  /** Float64 per sample of the batch: log(clipped probability of its label), summed in order for the loss. */
  readonly logProbabilities: number;
  readonly inputSize: number;
  readonly layers: readonly ThreadedLayer[];
  readonly halves: readonly [ThreadBuffers, ThreadBuffers];
  /** Buffers for a whole batch, for the steps the main thread does alone (see `threaded-trainer.ts`). */
  readonly whole: ThreadBuffers;
}

/**
 * Indices into the control block's Int32Array. The flags hold the number of the step they last reached, so they
 * never need resetting. The second half of the batch and the second parameter range are the worker's when it claims
 * them first (an `Atomics.compareExchange` from the previous step's number); the main thread claims what the worker
 * has not when it gets there, so a worker that the OS does not run for a while (a busy machine) delays nothing.
 */
export const CONTROL = {
  /** Step number the main thread last started; -1 tells the worker to stop. */
  step: 0,
  /** Step whose first half's dL/dz (the main thread's) are complete. */
  firstHalfDone: 1,
  /** Step whose second half was claimed, and whose second half's dL/dz are complete. */
  secondHalfClaimed: 2,
  secondHalfDone: 3,
  /** Step whose second parameter range was claimed, and whose gradient and Adam update of it are done. */
  secondRangeClaimed: 4,
  secondRangeDone: 5,
  /** 1 once the worker failed; its error went through the message port. */
  failed: 6,
  /**
   * Samples of the second half (the batch's last ones), and of the whole batch (the loss is the whole batch's mean).
   * The halves need not be even: the main thread moves samples to whichever thread finishes its half first.
   */
  secondSamples: 7,
  batchSamples: 8,
  /** Samples of the second half that the model classified right. */
  secondCorrect: 9,
  /** 1 once the worker has its kernels and waits for steps. */
  ready: 10,
  /**
   * Range 0 of the update is floats [0, split), range 1 [split, parameter count); a row boundary, moved by the main
   * thread towards whichever thread finishes its range first.
   */
  split: 11,
} as const;

/** Indices into the Float64Array 64 bytes into the control block. */
export const SLOT = {
  /** The step's Adam constants (`adamConstants`). */
  beta1: 0,
  beta2: 1,
  epsilon: 2,
  stepSize: 3,
} as const;

/** Bytes of the control block: 64 of Int32 flags (16 of them), then 8 Float64 slots. */
export const CONTROL_BYTES = 128;

/**
 * Forward and backward on the `n` samples already copied into `own` (a half's buffers, or the whole batch's), down
 * to dL/dz of every layer, scaled by 1/`batchSamples` (the loss is the whole batch's mean). Every sample's numbers
 * are the ones the one-thread trainer computes for it. Writes each sample's log-probability of its label to
 * `logProbabilities` from index `firstSample` (its place in the batch), and returns how many the model classified right.
 */
export function halfStep(
  kernels: Kernels,
  memory: WebAssembly.Memory,
  layout: ThreadedLayout,
  own: ThreadBuffers,
  firstSample: number,
  n: number,
  batchSamples: number,
): number {
  const { inputSize, layers } = layout;
  const capacity = own.capacity;
  const count = Math.ceil((n * inputSize) / 16) * 16;
  kernels.normalize(own.pixels, count, own.x);
  const first = own.layers[0] as ThreadBuffers['layers'][number];
  kernels.columns(own.x, inputSize, n, inputSize, capacity, first.lists, first.counts);
  for (let l = 0; l < layers.length; l++) {
    const { inputs, units, stride, offset } = layers[l] as ThreadedLayer;
    const { lists, counts, z } = own.layers[l] as ThreadBuffers['layers'][number];
    kernels.forward(lists, counts, inputs + 1, capacity, layout.params + offset, stride, z, n);
    const next = own.layers[l + 1];
    if (next !== undefined) kernels.columns(z, stride, n, units, capacity, next.lists, next.counts);
  }

  // Softmax cross-entropy as the one-thread trainer computes it (`softmaxCrossEntropyGrad`): probabilities clipped
  // to [1e-7, 1 − 1e-7], and a clipped sample contributes no gradient.
  const last = layers[layers.length - 1] as ThreadedLayer;
  const lastBuffers = own.layers[layers.length - 1] as ThreadBuffers['layers'][number];
  const logits = new Float32Array(memory.buffer, lastBuffers.z, n * last.stride);
  const grad = new Float32Array(memory.buffer, lastBuffers.dz, n * last.stride);
  const labels = new Uint8Array(memory.buffer, own.labels, n);
  const logProbabilities = new Float64Array(memory.buffer, layout.logProbabilities + firstSample * 8, n);
  let correct = 0;
  for (let i = 0; i < n; i++) {
    const row = i * last.stride;
    let max = -Infinity;
    let predicted = 0;
    for (let c = 0; c < last.units; c++) {
      const z = logits[row + c] as number;
      if (z > max) {
        max = z;
        predicted = c;
      }
    }
    let sum = 0;
    for (let c = 0; c < last.units; c++) {
      const e = Math.exp((logits[row + c] as number) - max);
      grad[row + c] = e;
      sum += e;
    }
    const label = labels[i] as number;
    if (predicted === label) correct++;
    const p = (grad[row + label] as number) / sum;
    logProbabilities[i] = Math.log(Math.min(Math.max(p, 1e-7), 1 - 1e-7));
    const scale = p >= 1e-7 && p <= 1 - 1e-7 ? 1 / batchSamples : 0;
    for (let c = 0; c < last.units; c++)
      grad[row + c] = ((grad[row + c] as number) / sum - (c === label ? 1 : 0)) * scale;
  }

  // dL/dz of the layers below (the weight gradients need both halves: `updateRange`).
  for (let l = layers.length - 1; l > 0; l--) {
    const { inputs, stride, offset } = layers[l] as ThreadedLayer;
    const { lists, counts, dz } = own.layers[l] as ThreadBuffers['layers'][number];
    const previous = own.layers[l - 1] as ThreadBuffers['layers'][number];
    const previousStride = (layers[l - 1] as ThreadedLayer).stride;
    kernels.inputGrad(
      lists,
      counts,
      inputs,
      capacity,
      dz,
      stride,
      layout.params + offset,
      previous.dz,
      previousStride,
      n,
    );
  }
  return correct;
}

/**
 * Range `range` (0 or 1) of the update, once both halves' dL/dz are complete: the weight gradient of its rows from
 * both halves and their Adam update (`weightGradAdamHalves`: bit for bit the one-thread gradient and update).
 */
export function updateRange(
  kernels: Kernels,
  layout: ThreadedLayout,
  range: number,
  split: number,
  constants: { beta1: number; beta2: number; epsilon: number; stepSize: number },
): void {
  const start = range === 0 ? 0 : split;
  const end = range === 0 ? split : layout.parameterCount;
  const [first, second] = layout.halves;
  for (let l = 0; l < layout.layers.length; l++) {
    const { inputs, stride, offset } = layout.layers[l] as ThreadedLayer;
    // This layer's rows within [start, end): the split falls on a row boundary.
    const layerStart = offset / 4;
    const fromRow = Math.max(0, Math.min(inputs + 1, (start - layerStart) / stride));
    const toRow = Math.max(0, Math.min(inputs + 1, (end - layerStart) / stride));
    if (toRow <= fromRow) continue;
    const a = first.layers[l] as ThreadBuffers['layers'][number];
    const b = second.layers[l] as ThreadBuffers['layers'][number];
    const pairs = fromRow * first.capacity * 8;
    kernels.weightGradAdamHalves(
      a.lists + pairs,
      a.counts + fromRow * 4,
      a.dz,
      b.lists + pairs,
      b.counts + fromRow * 4,
      b.dz,
      toRow - fromRow,
      first.capacity,
      stride,
      layout.grads + offset + fromRow * stride * 4,
      layout.params - layout.grads,
      layout.firstMoment - layout.grads,
      layout.secondMoment - layout.grads,
      constants.beta1,
      constants.beta2,
      constants.epsilon,
      constants.stepSize,
    );
  }
}

/**
 * Waits until `control[index]` differs from `old` and returns its value, or returns `old` after `timeout` ms.
 * Spins first, for up to `spinMs` ms: a step is a fraction of a millisecond, and waking a thread blocked in
 * `Atomics.wait` costs tens of microseconds; then blocks, so that a thread left waiting (between epochs, after the
 * last step) costs no CPU.
 */
export function waitForChange(
  control: Int32Array,
  index: number,
  old: number,
  spinMs: number,
  timeout: number,
): number {
  const until = performance.now() + spinMs;
  do {
    for (let i = 0; i < 64; i++) {
      const value = Atomics.load(control, index);
      if (value !== old) return value;
    }
  } while (performance.now() < until);
  Atomics.wait(control, index, old, timeout);
  return Atomics.load(control, index);
}

/**
 * The worker's program (CommonJS, run with `eval`): instantiates the kernels on the shared memory, then, for every
 * step the main thread starts, claims and does the second half, then the second parameter range. Never posts a
 * message per step; only a failure goes through the port, which the main thread reads synchronously.
 */
export function threadedWorkerSource(spinMs: number): string {
  return `'use strict';
const { workerData } = require('node:worker_threads');
const { memory, wasm, layout, port } = workerData;
const CONTROL = ${JSON.stringify(CONTROL)};
const SLOT = ${JSON.stringify(SLOT)};
// Bound to these names whatever a minifier renamed the functions to.
const halfStep = (${halfStep.toString()});
const updateRange = (${updateRange.toString()});
const waitForChange = (${waitForChange.toString()});
const control = new Int32Array(memory.buffer, layout.control, 16);
const slots = new Float64Array(memory.buffer, layout.control + 64, 8);
const claim = (index, step) => Atomics.compareExchange(control, index, step - 1, step) === step - 1;
const done = (index, step) => {
  Atomics.store(control, index, step);
  Atomics.notify(control, index);
};
try {
  const module = new WebAssembly.Module(Buffer.from(wasm, 'base64'));
  const kernels = new WebAssembly.Instance(module, { env: { memory } }).exports;
  let seen = 0;
  Atomics.store(control, CONTROL.ready, 1);
  for (;;) {
    const step = waitForChange(control, CONTROL.step, seen, ${spinMs}, Infinity);
    if (step === seen) continue;
    if (step < 0) break;
    seen = step;
    // Too late for the second half: the main thread is doing it, and will do the second range too.
    if (!claim(CONTROL.secondHalfClaimed, step)) continue;
    const n = control[CONTROL.secondSamples];
    const batch = control[CONTROL.batchSamples];
    control[CONTROL.secondCorrect] = halfStep(kernels, memory, layout, layout.halves[1], batch - n, n, batch);
    done(CONTROL.secondHalfDone, step);
    while (waitForChange(control, CONTROL.firstHalfDone, step - 1, ${spinMs}, Infinity) === step - 1);
    if (!claim(CONTROL.secondRangeClaimed, step)) continue;
    updateRange(kernels, layout, 1, control[CONTROL.split], {
      beta1: slots[SLOT.beta1],
      beta2: slots[SLOT.beta2],
      epsilon: slots[SLOT.epsilon],
      stepSize: slots[SLOT.stepSize],
    });
    done(CONTROL.secondRangeDone, step);
  }
} catch (error) {
  port.postMessage(String((error && error.stack) || error));
  Atomics.store(control, CONTROL.failed, 1);
  for (const index of [CONTROL.secondHalfDone, CONTROL.secondRangeDone]) {
    Atomics.store(control, index, -2);
    Atomics.notify(control, index);
  }
}
`;
}
