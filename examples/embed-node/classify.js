// Classifies one Fashion-MNIST test image (index from argv, default 0) with the pretrained model, then the whole
// test set, on TensorFlow.js's WASM backend.
import { CLASS_NAMES, imageAt, loadFashionMnist } from '@fmnist/data';
import { classify, classifyBatch, loadPretrained } from '@fmnist/model';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';

await tf.setBackend('wasm');
const model = await loadPretrained();
const { test, source } = await loadFashionMnist(); // @fmnist/dataset is installed, so this works offline

const index = Number(process.argv[2] ?? 0);
const { className, confidence } = classify(model, imageAt(test, index));
console.log(`data: ${source.kind}, backend: ${tf.getBackend()}`);
console.log(
  `test image ${index}: ${className} (${(confidence * 100).toFixed(1)}%), true label ${CLASS_NAMES[test.labels[index]]}`,
);

const correct = classifyBatch(model, test.images).filter((p, i) => p.label === test.labels[i]).length;
console.log(`accuracy on the ${test.count} test images: ${(correct / test.count).toFixed(4)}`);
