// Single-image classify latency with the pretrained weights on WASM: p50 and p90 over many calls, after warm-up.
// Usage: node classify-latency.js CALLS. Prints one JSON document.
import { imageAt, loadFashionMnist } from '@fmnist/data';
import { classify, initBackend, loadPretrained } from '@fmnist/model';

const calls = Number(process.argv[2] ?? 2000);
await initBackend();
const data = await loadFashionMnist();
const model = await loadPretrained();
for (let i = 0; i < 200; i++) classify(model, imageAt(data.test, i));
const millis = [];
for (let i = 0; i < calls; i++) {
  const image = imageAt(data.test, i % data.test.count);
  const started = performance.now();
  classify(model, image);
  millis.push(performance.now() - started);
}
millis.sort((a, b) => a - b);
const at = (q) => millis[Math.floor(q * (millis.length - 1))];
console.log(JSON.stringify({ p50: at(0.5), p90: at(0.9), calls }));
