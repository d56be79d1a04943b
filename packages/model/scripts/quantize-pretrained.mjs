#!/usr/bin/env node
// Stores the pretrained weights as float16 in the standard tfjs weights manifest (`quantization: float16`), which
// stock `tf.loadLayersModel` decodes: half the bytes to download. Measures the test accuracy of the float32 and the
// float16 weights on the 10,000 test images, refuses to write if they differ by more than 0.001, and records both in
// model.json's metadata. Run after retraining (`fmnist train --out packages/model/pretrained`), from a built package;
// `node scripts/quantize-pretrained.mjs DIR` quantizes another model directory (pretrained-photos).
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadFashionMnist } from '@fmnist/data';
import { encodeFloat16 } from '../dist/float16.js';
import { evaluate } from '../dist/index.js';
import { loadModel } from '../dist/layers.js';

const MAX_ACCURACY_CHANGE = 0.001;
const dir = process.argv[2]
  ? `${resolve(process.argv[2])}/`
  : fileURLToPath(new URL('../pretrained/', import.meta.url));
const modelJson = JSON.parse(await readFile(`${dir}model.json`, 'utf8'));
const [group] = modelJson.weightsManifest;
if (
  modelJson.weightsManifest.length !== 1 ||
  group.weights.some((w) => w.dtype !== 'float32' || w.quantization)
) {
  console.error(`quantize-pretrained: ${dir}model.json does not hold one group of plain float32 weights`);
  process.exit(1);
}

const { test } = await loadFashionMnist({ download: false });
const float32 = await loadModel(dir);
const before = evaluate(float32, test);
const weights = float32.getWeights().map((w) => w.dataSync());
const bytes = encodeFloat16(weights.flatMap((w) => Array.from(w)));
float32.dispose();

const quantized = {
  ...modelJson,
  weightsManifest: [
    {
      ...group,
      weights: group.weights.map((w) => ({
        ...w,
        quantization: { dtype: 'float16', original_dtype: 'float32' },
      })),
    },
  ],
};
// Staged in a directory beside the real files, then renamed over them: never a half-written pretrained model.
const scratch = `${dir}.quantize/`;
await rm(scratch, { recursive: true, force: true });
await mkdir(scratch);
await writeFile(`${scratch}model.json`, JSON.stringify(quantized));
await writeFile(`${scratch}weights.bin`, bytes);
const float16 = await loadModel(scratch);
const after = evaluate(float16, test);
float16.dispose();
const change = Math.abs(after.accuracy - before.accuracy);
console.log(
  `test accuracy float32 ${before.accuracy.toFixed(4)}, float16 ${after.accuracy.toFixed(4)} (change ${change.toFixed(4)}); ` +
    `weights ${weights.reduce((n, w) => n + w.length * 4, 0)} → ${bytes.byteLength} bytes`,
);
if (change > MAX_ACCURACY_CHANGE) {
  console.error(`quantize-pretrained: accuracy changed by more than ${MAX_ACCURACY_CHANGE}; keeping float32`);
  await rm(scratch, { recursive: true, force: true });
  process.exit(1);
}
quantized.userDefinedMetadata = {
  ...quantized.userDefinedMetadata,
  testAccuracy: Number(after.accuracy.toFixed(4)),
  testLoss: after.loss,
  weights: { dtype: 'float16', float32TestAccuracy: before.accuracy, float32TestLoss: before.loss },
};
await writeFile(`${scratch}model.json`, JSON.stringify(quantized));
await rename(`${scratch}weights.bin`, `${dir}weights.bin`);
await rename(`${scratch}model.json`, `${dir}model.json`);
await rm(scratch, { recursive: true });
