/**
 * The fast trainer on two threads (Node): the same step as `createFastTrainer`'s, with the batch split in two halves.
 *
 * The TensorFlow.js WASM backend's memory is not shared in Node, so no other thread can work on it: this trainer
 * owns a shared `WebAssembly.Memory` (fixed size, laid out once by a bump allocator) holding the weights, the Adam
 * moments, the gradient and each half batch's buffers, and a `worker_threads` worker instantiates the same kernels on
 * it. A step:
 *   1. the main thread copies each half's pixels and labels into that half's buffers and starts the step (an
 *      Atomics flag, no message);
 *   2. the main thread runs forward and backward on the first half, the worker on the second (`halfStep`), down to
 *      dL/dz of every layer, scaled by the whole batch's size;
 *   3. once both halves are done, the two threads split the parameters in two ranges of rows, and for each range
 *      compute the weight gradient from both halves (`weightGradAdamHalves`: the reduction over the samples, in the
 *      one-thread order) and its Adam update, row by row;
 *   4. the main thread waits for the worker's range and adds the two halves' losses and correct counts.
 * Until the worker has started, and whenever the pacer (`pacer`) finds shared steps slower than steps alone (the
 * worker has to wait for a core: a busy machine), the main thread runs steps alone, as the one-thread trainer does.
 * Within a shared step, the worker claims its half and its range with a compare-exchange; the main thread takes
 * over whichever it has not claimed yet when it gets there, so a worker that is late to start costs a step little.
 * Whichever thread computes a piece, and whether a step is shared or not, every float is computed as the one-thread
 * trainer computes it, in the same order: the weights, gradients and losses are bit for bit the one-thread trainer's,
 * so the thread count never changes a result.
 */
import { InvalidArgumentError } from '@fmnist/errors';
import type * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { TrainerDisposedError, TrainerWorkerError } from '../errors.js';
import { nodeBuiltin } from '../threads.js';
import {
  type FastStepResult,
  type FastTrainer,
  type FastTrainerOptions,
  setDenseWeights,
} from './fast-trainer.js';
import {
  CONTROL,
  CONTROL_BYTES,
  halfStep,
  SLOT,
  type ThreadBuffers,
  type ThreadedLayer,
  type ThreadedLayout,
  threadedWorkerSource,
  updateRange,
  waitForChange,
} from './half-step.js';
import { type AdamConstants, adamConstants, instantiateKernels } from './kernels.js';
import { KERNELS_WASM_SHARED_MEMORY } from './kernels-wasm.js';

type WorkerThreads = typeof import('node:worker_threads');

/**
 * How long a thread spins on a flag before blocking on it: longer than the usual gap between the two threads'
 * arrivals and between two steps, shorter than a step.
 */
const SPIN_MS = 0.3;
/** How long the main thread waits for the worker (its start included) before giving up on it. */
const WORKER_TIMEOUT_MS = 60_000;
const FLOAT_BYTES = 4;
/** How far the halves may move off even (samples), and how many rows the ranges' boundary moves at a time. */
const MAX_SAMPLE_SHIFT = 8;
const SPLIT_ROWS = 4;
const PAIR_BYTES = 8;
const PAGE_BYTES = 65_536;

const roundUp = (value: number, multiple: number) => Math.ceil(value / multiple) * multiple;

/** `node:worker_threads`, without an import a browser bundle would choke on; undefined outside Node. */
export function workerThreads(): WorkerThreads | undefined {
  return nodeBuiltin<WorkerThreads>('node:worker_threads');
}

/**
 * How a step runs: `'auto'` times both ways now and then and takes the faster (the default), `'shared'` always with the
 * worker, `'alone'` always on the calling thread. Every way computes the same floats.
 */
export type StepMode = 'auto' | 'shared' | 'alone';

/** What the tests and the benchmark see of a two-thread trainer: its worker, how many steps it shared, the mode. */
export const threadedInternals = new WeakMap<
  FastTrainer,
  {
    worker: import('node:worker_threads').Worker;
    /** Steps shared with the worker, and those of them in which the worker did the second half. */
    sharedSteps(): number;
    workerSteps(): number;
    setMode(mode: StepMode): void;
  }
>();

/** Timing: blocks of steps, shared and alone by turns (the first steps of a block settle the caches, untimed). */
const BLOCK_STEPS = 16;
const SETTLE_STEPS = 4;
const TIMED_BLOCKS = 8;
/**
 * Steps run the chosen way before timing again, first and at most: twice as many each time the same way wins again,
 * so a machine that stays idle or busy pays for timing less and less often. A busy spell may pass, so steps alone
 * start shorter.
 */
const RUN_SHARED_STEPS = [2048, 4096] as const;
const RUN_ALONE_STEPS = [512, 4096] as const;
/** Steps alone are chosen only when clearly faster (their mean under this fraction of the shared ones'). */
const ALONE_MARGIN = 0.9;

/**
 * Chooses between sharing steps with the worker and running them alone: times both, by turns in short blocks (so
 * that both see the same background load; means, as the rare step that waits for a preempted worker is the cost),
 * runs the faster for a while, then times both again. A worker that must wait for a core (another busy process) makes shared
 * steps slower than steps alone; this notices within ~130 steps (a tenth of a second), and timing the slower way
 * costs about 1% of the steps' time. The choice changes only how fast a step is, never what it computes.
 */
export function pacer(): { readonly shared: boolean; record(ms: number): void } {
  let timing = true;
  let index = 0;
  let left = 0;
  let chosenShared = true;
  let runSteps = 0;
  const totals: [shared: number, alone: number] = [0, 0];
  const timingShared = () => Math.floor(index / BLOCK_STEPS) % 2 === 0;
  return {
    get shared() {
      return timing ? timingShared() : chosenShared;
    },
    record(ms) {
      if (!timing) {
        if (--left <= 0) [timing, index] = [true, 0];
        return;
      }
      if (index % BLOCK_STEPS >= SETTLE_STEPS) totals[timingShared() ? 0 : 1] += ms;
      if (++index < BLOCK_STEPS * TIMED_BLOCKS) return;
      // As many steps of each way were timed: compare the sums.
      const wasShared = chosenShared;
      chosenShared = !(totals[1] < ALONE_MARGIN * totals[0]);
      const [first, most] = chosenShared ? RUN_SHARED_STEPS : RUN_ALONE_STEPS;
      runSteps = chosenShared === wasShared && runSteps > 0 ? Math.min(2 * runSteps, most) : first;
      [timing, left] = [false, runSteps];
      totals[0] = 0;
      totals[1] = 0;
    },
  };
}

/** Lays out the shared memory: byte offsets from a bump allocator, 16-byte aligned (a v128). */
function layOut(
  shapes: readonly { inputs: number; units: number; stride: number }[],
  maxBatchSize: number,
): { layout: ThreadedLayout; bytes: number } {
  let top = 0;
  const alloc = (bytes: number) => {
    const offset = top;
    top = roundUp(top + bytes, 16);
    return offset;
  };
  const control = alloc(CONTROL_BYTES);
  let offset = 0;
  const layers: ThreadedLayer[] = shapes.map(({ inputs, units, stride }) => {
    const layer = { inputs, units, stride, offset };
    offset += (inputs + 1) * stride * FLOAT_BYTES;
    return layer;
  });
  const parameterCount = offset / FLOAT_BYTES;
  const params = alloc(offset);
  const grads = alloc(offset);
  const firstMoment = alloc(offset);
  const secondMoment = alloc(offset);
  const inputSize = shapes[0]?.inputs ?? 0;
  const buffers = (capacity: number): ThreadBuffers => {
    // `normalize` works 16 pixels at a time and `columns` reads up to 3 floats past a row: room for both.
    const batchBytes = roundUp(capacity * inputSize, 16);
    return {
      capacity,
      pixels: alloc(batchBytes),
      labels: alloc(capacity),
      x: alloc((batchBytes + 4) * FLOAT_BYTES),
      layers: shapes.map(({ inputs, stride }) => ({
        lists: alloc((inputs + 1) * capacity * PAIR_BYTES),
        counts: alloc((inputs + 1) * Int32Array.BYTES_PER_ELEMENT),
        z: alloc(capacity * stride * FLOAT_BYTES),
        dz: alloc(capacity * stride * FLOAT_BYTES),
      })),
    };
  };
  // Each half can hold the whole batch: the halves are moved off even when one thread is faster.
  const halves: [ThreadBuffers, ThreadBuffers] = [buffers(maxBatchSize), buffers(maxBatchSize)];
  const whole = buffers(maxBatchSize);
  const logProbabilities = alloc(maxBatchSize * Float64Array.BYTES_PER_ELEMENT);
  return {
    layout: {
      control,
      params,
      grads,
      firstMoment,
      secondMoment,
      parameterCount,
      logProbabilities,
      inputSize,
      layers,
      halves,
      whole,
    },
    bytes: top,
  };
}

/** `createFastTrainer` with `threads: 2` (its model checks already done). */
export function createThreadedFastTrainer(model: LayersModel, options: FastTrainerOptions): FastTrainer {
  const threadsModule = workerThreads();
  if (threadsModule === undefined)
    throw new InvalidArgumentError('threads: 2 needs Node worker_threads (use threads: 1)');
  const { learningRate, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-7, maxBatchSize = 32 } = options;
  const denseLayers = model.layers.filter((layer) => layer.getClassName() === 'Dense');
  const shapes = denseLayers.map((layer) => {
    const [kernel] = layer.getWeights() as [tf.Tensor];
    const [inputs, units] = kernel.shape as [number, number];
    return { inputs, units, stride: roundUp(units, 4) };
  });
  const { layout, bytes } = layOut(shapes, maxBatchSize);
  const pages = Math.ceil(bytes / PAGE_BYTES);
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
  const instantiated = instantiateKernels(memory);
  const kernels = options.wrapKernels?.(instantiated, memory) ?? instantiated;
  const f32 = (offset: number, length: number) => new Float32Array(memory.buffer, offset, length);
  // The memory never grows, so views made once stay valid.
  const heapBytes = new Uint8Array(memory.buffer);
  const control = new Int32Array(memory.buffer, layout.control, 16);
  const slots = new Float64Array(memory.buffer, layout.control + 64, 8);
  const logProbabilities = new Float64Array(memory.buffer, layout.logProbabilities, maxBatchSize);

  for (const [l, layer] of denseLayers.entries()) {
    const [kernel, bias] = layer.getWeights() as [tf.Tensor, tf.Tensor];
    const { inputs, units, stride, offset } = layout.layers[l] as ThreadedLayer;
    const rows = f32(layout.params + offset, (inputs + 1) * stride);
    const values = kernel.dataSync() as Float32Array;
    for (let r = 0; r < inputs; r++) rows.set(values.subarray(r * units, (r + 1) * units), r * stride);
    rows.set(bias.dataSync() as Float32Array, inputs * stride);
  }

  const { port1, port2 } = new threadsModule.MessageChannel();
  const worker = new threadsModule.Worker(threadedWorkerSource(SPIN_MS), {
    eval: true,
    workerData: { memory, wasm: KERNELS_WASM_SHARED_MEMORY, layout, port: port2 },
    transferList: [port2],
  });
  // The worker never keeps the process alive: it only works while the main thread waits for it.
  worker.unref();
  port1.unref();
  // An error is read from the port when a wait sees the failure; this listener only keeps it from being unhandled.
  worker.on('error', () => {});

  let step = 0;
  let iterations = 0;
  let disposed = false;
  let broken: Error | undefined;

  /** Blocks until flag `index` reaches the current step; throws if the worker failed or hangs. */
  const awaitWorker = (index: number) => {
    const started = performance.now();
    let value = waitForChange(control, index, step - 1, SPIN_MS, 100);
    while (value === step - 1 && performance.now() - started < WORKER_TIMEOUT_MS)
      value = waitForChange(control, index, step - 1, 0, 100);
    if (value !== step) failed();
  };
  /** Throws (now and at every later step) why the worker stopped: its error, or its silence. */
  const failed = (): never => {
    const message = threadsModule.receiveMessageOnPort(port1)?.message;
    broken = new TrainerWorkerError(
      `the fast trainer's worker thread ${message ? `failed: ${message}` : 'stopped answering'}`,
      { hint: 'train with one thread (threads: 1, or fmnist train --threads 1)' },
    );
    throw broken;
  };
  /**
   * Takes the second half or range (`claimed`) for the main thread unless the worker did first, and then marks it
   * done (`done`) at once, so that every flag holds the current step at the end of a step.
   */
  const claim = (claimed: number, done: number) => {
    if (Atomics.compareExchange(control, claimed, step - 1, step) !== step - 1) return false;
    Atomics.store(control, done, step);
    return true;
  };

  type Copy = (half: ThreadBuffers, from: number, to: number) => void;

  // Where the halves and the ranges divide, moved after every shared step towards whichever thread was done first,
  // so that neither waits long for the other (the threads can run at different speeds: another process on one core,
  // the copies the main thread makes). Neither changes a float: a sample is computed the same in either half, and a
  // row of the gradient the same in either range.
  /** Samples the first half has beyond half the batch (negative: fewer). */
  let sampleShift = 0;
  /** Every row boundary of the parameters (floats), and the index of the one the ranges divide at. */
  const rowStarts = layout.layers.flatMap(({ inputs, stride, offset }) =>
    Array.from({ length: inputs + 1 }, (_, row) => offset / FLOAT_BYTES + row * stride),
  );
  let splitRow = rowStarts.findIndex((start) => start >= layout.parameterCount / 2);

  /** Loss of a batch of `n`: the log-probabilities summed in the batch's order, as the one-thread trainer sums. */
  const batchLoss = (n: number) => {
    let loss = 0;
    for (const logProbability of logProbabilities.subarray(0, n)) loss -= logProbability;
    return loss / n;
  };

  /** A step split with the worker (see the top of this file). */
  const sharedStep = (n: number, constants: AdamConstants, copy: Copy): FastStepResult => {
    const firstHalf = Math.min(n, Math.max(1, Math.ceil(n / 2) + sampleShift));
    const split = rowStarts[splitRow] as number;
    slots[SLOT.beta1] = constants.beta1;
    slots[SLOT.beta2] = constants.beta2;
    slots[SLOT.epsilon] = constants.epsilon;
    slots[SLOT.stepSize] = constants.stepSize;
    control[CONTROL.secondSamples] = n - firstHalf;
    control[CONTROL.batchSamples] = n;
    control[CONTROL.split] = split;
    // The worker's half first, so that it starts while this thread copies its own.
    copy(layout.halves[1], firstHalf, n);
    step++;
    Atomics.store(control, CONTROL.step, step);
    Atomics.notify(control, CONTROL.step);
    copy(layout.halves[0], 0, firstHalf);

    let correct = halfStep(kernels, memory, layout, layout.halves[0], 0, firstHalf, n);
    Atomics.store(control, CONTROL.firstHalfDone, step);
    Atomics.notify(control, CONTROL.firstHalfDone);
    const workerFirst = Atomics.load(control, CONTROL.secondHalfDone) === step;
    if (claim(CONTROL.secondHalfClaimed, CONTROL.secondHalfDone)) {
      correct += halfStep(kernels, memory, layout, layout.halves[1], firstHalf, n - firstHalf, n);
    } else {
      // The worker has its half: the one that finished first takes a sample more next time.
      workerSteps++;
      sampleShift = Math.max(
        -MAX_SAMPLE_SHIFT,
        Math.min(MAX_SAMPLE_SHIFT, sampleShift + (workerFirst ? -1 : 1)),
      );
      awaitWorker(CONTROL.secondHalfDone);
      correct += control[CONTROL.secondCorrect] as number;
    }
    updateRange(kernels, layout, 0, split, constants);
    const workerRangeFirst = Atomics.load(control, CONTROL.secondRangeDone) === step;
    if (claim(CONTROL.secondRangeClaimed, CONTROL.secondRangeDone)) {
      updateRange(kernels, layout, 1, split, constants);
    } else {
      splitRow = Math.max(
        1,
        Math.min(rowStarts.length - 1, splitRow + (workerRangeFirst ? -SPLIT_ROWS : SPLIT_ROWS)),
      );
      awaitWorker(CONTROL.secondRangeDone);
    }
    return { loss: batchLoss(n), correct };
  };

  /** A step on this thread alone: the one-thread trainer's, on the whole batch's buffers. */
  const aloneStep = (n: number, constants: AdamConstants, copy: Copy): FastStepResult => {
    const { whole } = layout;
    copy(whole, 0, n);
    const correct = halfStep(kernels, memory, layout, whole, 0, n, n);
    for (const [l, { inputs, stride, offset }] of layout.layers.entries()) {
      const { lists, counts, dz } = whole.layers[l] as ThreadBuffers['layers'][number];
      kernels.weightGrad(lists, counts, inputs + 1, whole.capacity, dz, stride, layout.grads + offset);
    }
    kernels.adam(
      layout.params,
      layout.grads,
      layout.firstMoment,
      layout.secondMoment,
      layout.parameterCount,
      constants.beta1,
      constants.beta2,
      constants.epsilon,
      constants.stepSize,
    );
    return { loss: batchLoss(n), correct };
  };

  const pace = pacer();
  let mode: StepMode = 'auto';
  let sharedSteps = 0;
  let workerSteps = 0;

  const trainer: FastTrainer = {
    step(images: Uint8Array, labels: Uint8Array, indices: Uint32Array): FastStepResult {
      if (disposed) throw new TrainerDisposedError('FastTrainer used after dispose()');
      if (broken) throw broken;
      // A worker that failed outside a piece of a step (say, on start) would leave every step to this thread: say so.
      if (Atomics.load(control, CONTROL.failed) === 1) failed();
      const n = indices.length;
      if (n === 0 || n > maxBatchSize)
        throw new InvalidArgumentError(`batch size ${n} outside 1..${maxBatchSize}`);
      const { inputSize, layers } = layout;
      const classes = (layers[layers.length - 1] as ThreadedLayer).units;
      for (const sample of indices) {
        if ((sample + 1) * inputSize > images.length)
          throw new InvalidArgumentError(`sample index ${sample} outside the dataset`);
        const label = labels[sample];
        if (label === undefined || label >= classes)
          throw new InvalidArgumentError(`label of sample ${sample} is not a class index`);
      }
      /** Copies samples [from, to) of the batch into half `half`'s buffers. */
      const copy = (half: ThreadBuffers, from: number, to: number) => {
        for (let i = from; i < to; i++) {
          const start = (indices[i] as number) * inputSize;
          heapBytes.set(images.subarray(start, start + inputSize), half.pixels + (i - from) * inputSize);
          heapBytes[half.labels + i - from] = labels[indices[i] as number] as number;
        }
      };

      iterations++;
      const constants = adamConstants(iterations, { learningRate, beta1, beta2, epsilon });
      const started = performance.now();
      const shared =
        mode === 'auto' ? pace.shared && Atomics.load(control, CONTROL.ready) === 1 : mode === 'shared';
      const result = shared ? sharedStep(n, constants, copy) : aloneStep(n, constants, copy);
      if (mode === 'auto' && Atomics.load(control, CONTROL.ready) === 1)
        pace.record(performance.now() - started);
      if (shared) sharedSteps++;
      return result;
    },
    syncToModel() {
      if (disposed) throw new TrainerDisposedError('FastTrainer used after dispose()');
      setDenseWeights(denseLayers, readKerasLayout(layout.params), layout.layers);
    },
    readGradients() {
      if (disposed) throw new TrainerDisposedError('FastTrainer used after dispose()');
      return readKerasLayout(layout.grads);
    },
    get iterations() {
      return iterations;
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      Atomics.store(control, CONTROL.step, -1);
      Atomics.notify(control, CONTROL.step);
      void worker.terminate();
      port1.close();
    },
  };
  threadedInternals.set(trainer, {
    worker,
    sharedSteps: () => sharedSteps,
    workerSteps: () => workerSteps,
    setMode: (chosen) => {
      mode = chosen;
    },
  });
  return trainer;

  /** A parameter-shaped block in Keras layout: kernels [inputs, units], biases [units]. */
  function readKerasLayout(block: number): Float32Array[] {
    return layout.layers.flatMap(({ inputs, units, stride, offset }) => {
      const rows = f32(block + offset, (inputs + 1) * stride);
      const kernel = new Float32Array(inputs * units);
      for (let r = 0; r < inputs; r++) kernel.set(rows.subarray(r * stride, r * stride + units), r * units);
      return [kernel, rows.slice(inputs * stride, inputs * stride + units)];
    });
  }
}
