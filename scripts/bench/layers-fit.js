// The obvious way, as the benchmark's baseline row: tfjs-layers `model.fit` on the WASM backend, with the whole
// training set as one float tensor. Usage: node layers-fit.js EPOCHS. Prints one JSON document.

import { loadFashionMnist, normalizeImages } from '@fmnist/data';
import { evaluate, initBackend } from '@fmnist/model';
import { createModel } from '@fmnist/model/layers';
import { compileModel } from '@fmnist/train';
import * as tf from '@tensorflow/tfjs-core';

const epochs = Number(process.argv[2] ?? 1);
await initBackend();
const data = await loadFashionMnist();
const model = compileModel(createModel({ seed: 42 }));
const everyIndex = Uint32Array.from({ length: data.train.count }, (_, i) => i);
const xs = tf.tensor3d(normalizeImages(data.train, everyIndex), [data.train.count, 28, 28]);
const ys = tf.tensor1d(Float32Array.from(data.train.labels));
const epochSeconds = [];
let started = performance.now();
await model.fit(xs, ys, {
  epochs,
  batchSize: 32,
  shuffle: true,
  verbose: 0,
  callbacks: {
    onEpochEnd: () => {
      epochSeconds.push((performance.now() - started) / 1000);
      started = performance.now();
    },
  },
});
const testAcc = evaluate(model, data.test).accuracy;
console.log(JSON.stringify({ epochSeconds, testAcc, peakRssMB: process.resourceUsage().maxRSS / 1024 }));
