// Times classify() on one image and classifyBatch() on the test set, on the WASM backend, as a table. Run after a
// build:   npm run bench -w @fmnist/model
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { loadFashionMnist } from '@fmnist/data';
import { classify, classifyBatch, loadPretrained } from '@fmnist/model';

await tf.setBackend('wasm');
const model = await loadPretrained();
const { test } = await loadFashionMnist({ download: false });

function time(runs, fn) {
  for (let i = 0; i < Math.min(runs, 200); i++) fn(i);
  const ms = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn(i);
    ms.push(performance.now() - start);
  }
  ms.sort((a, b) => a - b);
  const at = (q) => Number(ms[Math.min(runs - 1, Math.floor(q * runs))].toFixed(4));
  return { p50: at(0.5), p90: at(0.9), best: at(0) };
}

const single = time(5000, (i) =>
  classify(model, test.images.subarray((i % 1000) * 784, ((i % 1000) + 1) * 784)),
);
let correct = 0;
const batch = time(5, () => {
  const predictions = classifyBatch(model, test.images);
  correct = predictions.filter((p, n) => p.label === test.labels[n]).length;
});
console.log(
  `test accuracy of the pretrained model: ${(correct / test.count).toFixed(4)}; tensors: ${tf.memory().numTensors}`,
);
console.table({
  'classify, 1 image (ms)': { ...single, target: 0.2 },
  [`classifyBatch, ${test.count} images (ms)`]: { ...batch, target: '' },
});
