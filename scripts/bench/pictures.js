// Your own pictures: top-1 accuracy of the photo model (what the classifier uses for pictures) on a seeded corpus
// of photo-like pictures made from test images, per kind, next to its accuracy on the same images at 28×28, and how often it answers "not sure"; the
// "not sure" false-alarm rate on all 10,000 test images; drawings centred by box (as the dataset) vs by mass; and
// the time `fmnist predict` takes for 100 pictures in one run.
//   node scripts/bench/pictures.js [--per-kind N] [--seed S] [--out DIR]   (after npm run build)
// Prints a table on stderr and one JSON document on stdout. --out keeps the pictures, to look at or to give to
// `fmnist predict`.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { loadFashionMnist } from '@fmnist/data';
import { seededRandom as seeded } from '@fmnist/data/test';
import { classifyBatch, loadPretrained } from '@fmnist/model';
import { judgePrediction, preparePicture, preparePixels } from '@fmnist/picture';
import { corpusKinds, makePicture } from './picture-corpus.js';

const args = process.argv.slice(2);
const option = (flag, fallback) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : fallback);
const perKind = Number(option('--per-kind', 200));
const seed = Number(option('--seed', 12));
const scratch = mkdtempSync(join(tmpdir(), 'fmnist-pictures-'));
const out = option('--out', scratch);
mkdirSync(out, { recursive: true });
const cli = fileURLToPath(new URL('../../apps/cli/bin/fmnist.js', import.meta.url));

await tf.setBackend('wasm');
const model = await loadPretrained('photos'); // the model the classifier uses for pictures
const { test } = await loadFashionMnist({ download: false });
const imageOf = (index) => test.images.subarray(index * 784, (index + 1) * 784);
const top1 = (predictions, labels) =>
  predictions.filter((p, n) => p.label === labels[n]).length / labels.length;
const notSureShare = (predictions, pictures) =>
  predictions.filter((p, n) => !judgePrediction(p.probabilities, pictures[n]).confident).length /
  predictions.length;

// "Not sure" on the dataset itself: every test image, as a 28×28 picture, through the pipeline.
const all = Array.from({ length: test.count }, (_, n) => {
  const data = new Uint8Array(784 * 4);
  for (const [i, v] of imageOf(n).entries()) data.set([v, v, v, 255], i * 4);
  return preparePixels({ data, width: 28, height: 28 });
});
const allLabels = Array.from(test.labels);
const allPredictions = classifyBatch(
  model,
  all.map((p) => p.pixels),
);
const testSet = {
  images: test.count,
  accuracy28: top1(classifyBatch(model, test.images), allLabels),
  accuracyThroughPipeline: top1(allPredictions, allLabels),
  notSure: notSureShare(allPredictions, all),
  notSureFromPixels: all.filter((p) => !p.verdict.confident).length / test.count,
};

// The corpus: the same seeded test images in every kind.
const random = seeded(seed);
const indices = Array.from({ length: perKind }, () => Math.floor(random() * test.count));
const labels = indices.map((i) => test.labels[i]);
const accuracy28 = top1(
  classifyBatch(
    model,
    indices.map((i) => imageOf(i)),
  ),
  labels,
);
const rows = [];
let drawings;
for (const kind of corpusKinds) {
  const pictures = [];
  let ms = 0;
  for (const index of indices) {
    const { name, bytes } = makePicture(kind, imageOf(index), index, random);
    writeFileSync(join(out, name), bytes);
    const started = performance.now();
    pictures.push(await preparePicture(bytes, name));
    ms += performance.now() - started;
  }
  const predictions = classifyBatch(
    model,
    pictures.map((p) => p.pixels),
  );
  const accuracy = top1(predictions, labels);
  rows.push({
    kind,
    accuracy,
    accuracy28,
    gap: accuracy28 - accuracy,
    notSure: notSureShare(predictions, pictures),
    msPerPicture: ms / perKind,
  });
  if (kind === 'small drawing on black') drawings = pictures;
  process.stderr.write(`pictures: ${kind}\n`);
}

// Drawings centred by their box (as the dataset's garments are) against centred by their mass (as MNIST's digits).
const byMass = drawings.map(({ pixels }) => {
  let mass = 0;
  let mx = 0;
  let my = 0;
  pixels.forEach((v, i) => {
    mass += v;
    mx += v * (i % 28);
    my += v * Math.floor(i / 28);
  });
  const dx = Math.round(13.5 - mx / mass);
  const dy = Math.round(13.5 - my / mass);
  const shifted = new Uint8Array(784);
  pixels.forEach((v, i) => {
    const x = (i % 28) + dx;
    const y = Math.floor(i / 28) + dy;
    if (x >= 0 && x < 28 && y >= 0 && y < 28) shifted[y * 28 + x] = v;
  });
  return shifted;
});
const centring = {
  byBox: rows.find((r) => r.kind === 'small drawing on black').accuracy,
  byMass: top1(classifyBatch(model, byMass), labels),
};

// `fmnist predict` on 100 of the pictures (all kinds) in one process, wall clock including start-up.
const hundred = join(scratch, 'hundred');
mkdirSync(hundred);
const replay = seeded(seed + 1);
for (let n = 0; n < 100; n++) {
  const kind = corpusKinds[n % corpusKinds.length];
  const { name, bytes } = makePicture(kind, imageOf(indices[n % perKind]), n, replay);
  writeFileSync(join(hundred, name), bytes);
}
/** Seconds `fmnist predict` takes for `paths`, start-up included, and how many pictures it answered. */
function timePredict(paths) {
  const started = performance.now();
  const run = spawnSync(process.execPath, [cli, 'predict', ...paths, '--json', '--quiet'], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  const seconds = (performance.now() - started) / 1000;
  return { seconds, pictures: run.status === 0 ? JSON.parse(run.stdout).pictures.length : run.stderr.trim() };
}
// The peer in the same run: one picture, i.e. start-up, loading the model and the WASM backend.
const one = timePredict([join(hundred, readdirSync(hundred)[0])]);
const many = timePredict([hundred]);
const cliRun = { pictures: many.pictures, seconds: many.seconds, onePictureSeconds: one.seconds };
if (out === scratch) rmSync(scratch, { recursive: true, force: true });
else rmSync(hundred, { recursive: true, force: true });

const photos = rows.filter((r) => r.kind !== 'dataset 28×28');
const overall = photos.reduce((s, r) => s + r.accuracy, 0) / photos.length;
const pad = Math.max(...rows.map((r) => r.kind.length));
const pct = (x) => `${(100 * x).toFixed(1)}%`;
process.stderr.write(
  [
    `${'kind'.padEnd(pad)}  top-1  at 28×28   gap  not sure  ms/picture`,
    ...rows.map(
      (r) =>
        `${r.kind.padEnd(pad)}  ${r.accuracy.toFixed(3)}  ${r.accuracy28.toFixed(3).padStart(8)}  ${(100 * r.gap).toFixed(1).padStart(4)}  ${pct(r.notSure).padStart(8)}  ${r.msPerPicture.toFixed(1).padStart(10)}`,
    ),
    `${'photo-like, overall'.padEnd(pad)}  ${overall.toFixed(3)}`,
    '',
    `all ${testSet.images} test images through the pipeline: top-1 ${testSet.accuracyThroughPipeline.toFixed(4)} (as given: ${testSet.accuracy28.toFixed(4)}), not sure ${pct(testSet.notSure)} (from the pixels alone ${pct(testSet.notSureFromPixels)})`,
    `drawings centred by box ${centring.byBox.toFixed(3)}, by mass ${centring.byMass.toFixed(3)}`,
    `fmnist predict, 100 pictures in one run: ${cliRun.seconds.toFixed(2)} s (${cliRun.pictures} answered); one picture: ${cliRun.onePictureSeconds.toFixed(2)} s; so ${((1000 * (cliRun.seconds - cliRun.onePictureSeconds)) / 99).toFixed(0)} ms per further picture`,
    '',
  ].join('\n'),
);
process.stdout.write(
  `${JSON.stringify({ benchmark: 'pictures', perKind, seed, rows, overall, testSet, centring, cli: cliRun })}\n`,
);
