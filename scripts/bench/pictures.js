// Your own pictures: top-1 accuracy of the pretrained model on a seeded corpus of photo-like pictures made from test
// images, per kind, next to its accuracy on the same images at 28×28, and how many it answers "not sure".
//   node scripts/bench/pictures.js [--per-kind N] [--seed S] [--out DIR]   (after npm run build)
// Prints a table on stderr and one JSON document on stdout. --out also writes the pictures, to look at or to give to
// `fmnist predict`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { loadFashionMnist } from '@fmnist/data';
import { classifyBatch, loadPretrained } from '@fmnist/model';
import { judgePrediction, preparePicture } from '@fmnist/model/picture';
import { corpusKinds, makePicture, seeded } from './picture-corpus.js';

const args = process.argv.slice(2);
const option = (flag, fallback) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : fallback);
const perKind = Number(option('--per-kind', 300));
const seed = Number(option('--seed', 12));
const out = option('--out', undefined);

await tf.setBackend('wasm');
const model = await loadPretrained();
const { test } = await loadFashionMnist({ download: false });
const random = seeded(seed);
const indices = Array.from({ length: perKind }, () => Math.floor(random() * test.count));
const labels = indices.map((i) => test.labels[i]);
const raw = classifyBatch(
  model,
  new Uint8Array(indices.flatMap((i) => [...test.images.subarray(i * 784, (i + 1) * 784)])),
);
const rawAccuracy = raw.filter((p, n) => p.label === labels[n]).length / perKind;
if (out) mkdirSync(out, { recursive: true });

const rows = [];
for (const kind of corpusKinds) {
  const started = performance.now();
  const prepared = [];
  for (const [n, index] of indices.entries()) {
    const { name, bytes } = makePicture(
      kind,
      test.images.subarray(index * 784, (index + 1) * 784),
      index,
      random,
    );
    if (out) writeFileSync(join(out, name), bytes);
    const t = performance.now();
    prepared.push(await preparePicture(bytes, name));
    prepared.at(-1).ms = performance.now() - t;
    void n;
  }
  const predictions = classifyBatch(model, new Uint8Array(prepared.flatMap((p) => [...p.pixels])));
  const correct = predictions.filter((p, n) => p.label === labels[n]).length;
  const notSure = predictions.filter(
    (p, n) => !judgePrediction(p.probabilities, prepared[n]).confident,
  ).length;
  rows.push({
    kind,
    accuracy: correct / perKind,
    accuracy28: rawAccuracy,
    gap: rawAccuracy - correct / perKind,
    notSure: notSure / perKind,
    msPerPicture: prepared.reduce((s, p) => s + p.ms, 0) / perKind,
  });
  process.stderr.write(`pictures: ${kind} (${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
}
const photos = rows.filter((r) => r.kind !== 'dataset 28×28');
const overall = photos.reduce((s, r) => s + r.accuracy, 0) / photos.length;
const pad = Math.max(...rows.map((r) => r.kind.length));
process.stderr.write(
  [
    `${'kind'.padEnd(pad)}  top-1  at 28×28   gap  not sure  ms/picture`,
    ...rows.map(
      (r) =>
        `${r.kind.padEnd(pad)}  ${r.accuracy.toFixed(3)}  ${r.accuracy28.toFixed(3).padStart(8)}  ${(100 * r.gap).toFixed(1).padStart(4)}  ${(100 * r.notSure).toFixed(1).padStart(7)}%  ${r.msPerPicture.toFixed(1).padStart(10)}`,
    ),
    `${'photo-like, overall'.padEnd(pad)}  ${overall.toFixed(3)}`,
    '',
  ].join('\n'),
);
process.stdout.write(`${JSON.stringify({ benchmark: 'pictures', perKind, seed, rows, overall })}\n`);
