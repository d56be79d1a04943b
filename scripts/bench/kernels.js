// Where the fast trainer's step goes, kernel by kernel, against what WebAssembly SIMD can do on this CPU.
// Usage: node kernels.js STEPS. Trains the seed job's model for STEPS batches of 32 with every kernel call timed,
// counts the multiply-adds the matrix kernels really do (they skip zero inputs: flops = 2 × nonzeros × row length),
// and measures the engine's f32x4 multiply + add peak with a register-only loop. Prints one JSON document.
import { IMAGE_PIXELS, loadSplit, shuffledIndices } from '@fmnist/data';
import { initBackend } from '@fmnist/model';
import { createModel } from '@fmnist/model/layers';
import { TRAINING_DEFAULTS } from '@fmnist/train/defaults';
import initWabt from 'wabt';
import { createFastTrainer } from '../../packages/train/dist/fast/index.js';

const steps = Number(process.argv[2] ?? 1875);
const BATCH = 32;

/** f32x4 multiply + add on 12 independent register accumulators: 96 flops per iteration, no memory traffic. */
const PEAK_WAT = `(module (func (export "peak") (param $n i32) (result f32)
  ${Array.from({ length: 12 }, (_, i) => `(local $a${i} v128)`).join(' ')} (local $m v128) (local $k v128)
  (local.set $m (f32x4.splat (f32.const 0.999))) (local.set $k (f32x4.splat (f32.const 0.001)))
  (loop $loop
    ${Array.from({ length: 12 }, (_, i) => `(local.set $a${i} (f32x4.add (f32x4.mul (local.get $a${i}) (local.get $m)) (local.get $k)))`).join('\n    ')}
    (br_if $loop (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
  (f32x4.extract_lane 0 ${Array.from({ length: 11 }, () => '(f32x4.add').join(' ')} (local.get $a0) ${Array.from({ length: 11 }, (_, i) => `(local.get $a${i + 1}))`).join(' ')})))`;

async function simdPeakGflops() {
  const wabt = await initWabt();
  const module = wabt.parseWat('peak.wat', PEAK_WAT, { simd: true });
  const { instance } = await WebAssembly.instantiate(module.toBinary({}).buffer);
  module.destroy();
  const iterations = 2_000_000;
  instance.exports.peak(iterations); // compiled and warm
  let best = 0;
  for (let round = 0; round < 5; round++) {
    const started = performance.now();
    instance.exports.peak(iterations);
    best = Math.max(best, (96 * iterations) / ((performance.now() - started) / 1000) / 1e9);
  }
  return best;
}

/** Sums of `counts` (int32) over `rows`: the nonzero entries of a layer's input, the bias column included. */
function nonzeros(memory, counts, rows) {
  return new Int32Array(memory.buffer, counts, rows).reduce((a, b) => a + b, 0);
}

const timings = {};
function timed(name, kernel, flops) {
  const entry = { seconds: 0, flops: 0, calls: 0 };
  timings[name] = entry;
  return (...args) => {
    const started = performance.now();
    kernel(...args);
    entry.seconds += (performance.now() - started) / 1000;
    entry.flops += flops?.(...args) ?? 0;
    entry.calls++;
  };
}

await initBackend();
const train = await loadSplit('train');
const model = createModel({ seed: 1 });
const { beta1, beta2, epsilon, learningRate } = TRAINING_DEFAULTS;
const trainer = createFastTrainer(model, {
  learningRate,
  beta1,
  beta2,
  epsilon,
  maxBatchSize: BATCH,
  wrapKernels: (kernels, memory) => ({
    ...kernels,
    normalize: timed('normalize (pixels / 255)', kernels.normalize),
    columns: timed('columns (nonzero lists)', kernels.columns),
    forward: timed(
      'forward x·W',
      kernels.forward,
      (_l, counts, columns, _b, _w, stride) => 2 * nonzeros(memory, counts, columns) * stride,
    ),
    weightGrad: timed(
      'weight gradient xᵀ·dz',
      kernels.weightGrad,
      (_l, counts, columns, _b, _dz, stride) => 2 * nonzeros(memory, counts, columns) * stride,
    ),
    inputGrad: timed(
      'input gradient dz·Wᵀ',
      kernels.inputGrad,
      (_l, counts, inputs, _b, _dz, stride) => 2 * nonzeros(memory, counts, inputs) * stride,
    ),
    adam: timed('adam', kernels.adam),
  }),
});
const order = shuffledIndices(train.count, 1);
// One epoch's worth of warm-up is not needed: the kernels are compiled on instantiation; a few steps settle the JIT.
for (let i = 0; i < 20; i++)
  trainer.step(train.images, train.labels, order.subarray(i * BATCH, (i + 1) * BATCH));
for (const entry of Object.values(timings)) Object.assign(entry, { seconds: 0, flops: 0, calls: 0 });
const started = performance.now();
for (let s = 0; s < steps; s++) {
  const at = (s * BATCH) % (train.count - BATCH);
  trainer.step(train.images, train.labels, order.subarray(at, at + BATCH));
}
const totalSeconds = (performance.now() - started) / 1000;
trainer.dispose();
model.dispose();
const peak = await simdPeakGflops();
const kernelSeconds = Object.values(timings).reduce((a, b) => a + b.seconds, 0);
const denseFlops = 2 * BATCH * (IMAGE_PIXELS * 128 + 128 * 128 + 128 * 10);
console.log(
  JSON.stringify({
    steps,
    stepMs: (totalSeconds / steps) * 1000,
    simdPeakGflops: peak,
    kernels: Object.entries(timings).map(([name, { seconds, flops }]) => ({
      name,
      msPerStep: (seconds / steps) * 1000,
      share: seconds / totalSeconds,
      gflops: flops ? flops / seconds / 1e9 : null,
      ofPeak: flops ? flops / seconds / 1e9 / peak : null,
    })),
    otherMsPerStep: ((totalSeconds - kernelSeconds) / steps) * 1000,
    // What a dense forward pass would multiply, next to what the sparse kernels did.
    denseForwardFlopsPerStep: denseFlops,
    forwardFlopsPerStep: (timings['forward x·W'].flops / steps) | 0,
  }),
);
