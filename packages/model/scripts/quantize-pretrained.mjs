#!/usr/bin/env node
// Stores a saved model's weights as 8 bits each in the standard tfjs weights manifest (`quantization: { dtype:
// 'uint8', min, scale }`, one min and scale per tensor), which stock `tf.loadLayersModel` decodes: a quarter of the
// float32 bytes. Works on any model directory saved by `fmnist train` / saveModel() with float32 or float16 weights:
//
//   node packages/model/scripts/quantize-pretrained.mjs [<model dir>]   (default: the package's pretrained/)
//
// Measures the test accuracy on the 10,000 test images before and after, and refuses to write if the 8-bit weights
// lose more than 0.002 against the float32 weights (those in the directory, or, for float16 weights, the float32
// figure their metadata records). Each tensor's codes span its whole range; if that loses too much, the range is
// narrowed to leave out a few outliers (which then saturate), least first. Records both accuracies in model.json's
// metadata. Exit code 0 when written, 1 when refused or the directory does not hold a model it can read; the
// directory is left as it was unless the new files are complete (staged beside it, then renamed over). Run from a
// built package, after retraining (`fmnist train --out packages/model/pretrained`).
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadFashionMnist } from '@fmnist/data';
import { evaluate } from '../dist/index.js';
import { loadModel } from '../dist/layers.js';
import { quantizeUint8, weightRange } from '../dist/quantize.js';

const MAX_ACCURACY_LOSS = 0.002;
/** Share of each tensor's values left out at either end of its range, tried in turn until the accuracy holds. */
const CLIPS = [0, 0.0001, 0.0005, 0.001];
const WEIGHTS_FILE = 'weights.bin';

function refuse(message) {
  console.error(`quantize-pretrained: ${message}`);
  process.exit(1);
}

const dir = `${resolve(process.argv[2] ?? fileURLToPath(new URL('../pretrained/', import.meta.url)))}/`;
let modelJson;
try {
  modelJson = JSON.parse(await readFile(`${dir}model.json`, 'utf8'));
} catch (cause) {
  refuse(`${dir}model.json: cannot read it (${cause.message}); pass a directory saved by fmnist train`);
}
const [group] = modelJson.weightsManifest ?? [];
if (modelJson.weightsManifest?.length !== 1 || group.paths.length !== 1 || group.paths[0] !== WEIGHTS_FILE) {
  refuse(`${dir}model.json: expected one weights group in ${WEIGHTS_FILE}, as saveModel() writes`);
}
const sourceDtype = group.weights[0]?.quantization?.dtype ?? 'float32';
if (
  group.weights.some((w) => w.dtype !== 'float32' || (w.quantization?.dtype ?? 'float32') !== sourceDtype)
) {
  refuse(`${dir}model.json: the weights are not all float32 (or all float16) tensors of one dtype`);
}
if (sourceDtype !== 'float32' && sourceDtype !== 'float16') {
  refuse(`${dir}model.json: the weights are already ${sourceDtype}; quantize the float32 or float16 weights`);
}

const { test } = await loadFashionMnist({ download: false });
const source = await loadModel(dir);
const sourceResult = evaluate(source, test);
const recorded = modelJson.userDefinedMetadata?.weights;
const float32 =
  sourceDtype === 'float32'
    ? sourceResult
    : { accuracy: recorded?.float32TestAccuracy ?? sourceResult.accuracy, loss: recorded?.float32TestLoss };
const byName = new Map(source.weights.map((v) => [v.originalName, v.read().dataSync()]));
source.dispose();

// Staged in a directory beside the real files, then renamed over them: never a half-written model.
const scratch = `${dir.replace(/\/$/, '')}.quantize/`;
let chosen;
for (const clip of CLIPS) {
  const tensors = group.weights.map((spec) => {
    const values = byName.get(spec.name);
    if (values === undefined)
      refuse(`${dir}model.json: lists weight ${spec.name}, which the model does not have`);
    return { spec, ...quantizeUint8(values, weightRange(values, clip)) };
  });
  const quantized = {
    ...modelJson,
    weightsManifest: [
      {
        ...group,
        weights: tensors.map(({ spec, min, scale }) => ({
          ...spec,
          quantization: { dtype: 'uint8', min, scale, original_dtype: 'float32' },
        })),
      },
    ],
  };
  const bytes = new Uint8Array(tensors.reduce((n, t) => n + t.codes.length, 0));
  let offset = 0;
  for (const { codes } of tensors) {
    bytes.set(codes, offset);
    offset += codes.length;
  }
  await rm(scratch, { recursive: true, force: true });
  await mkdir(scratch);
  await writeFile(`${scratch}model.json`, JSON.stringify(quantized));
  await writeFile(`${scratch}${WEIGHTS_FILE}`, bytes);
  const uint8 = await loadModel(scratch);
  const result = evaluate(uint8, test);
  uint8.dispose();
  const loss = float32.accuracy - result.accuracy;
  console.log(
    `test accuracy float32 ${float32.accuracy.toFixed(4)}, ${sourceDtype === 'float32' ? '' : `${sourceDtype} ${sourceResult.accuracy.toFixed(4)}, `}` +
      `uint8 ${result.accuracy.toFixed(4)} with ${clip * 100}% clipped at each end (loss ${loss.toFixed(4)}); ` +
      `weights → ${bytes.byteLength} bytes`,
  );
  if (loss <= MAX_ACCURACY_LOSS) {
    chosen = { quantized, result, clip };
    break;
  }
}
if (chosen === undefined) {
  await rm(scratch, { recursive: true, force: true });
  refuse(
    `8-bit weights lose more than ${MAX_ACCURACY_LOSS} test accuracy at every clip tried; ${dir} left as it was`,
  );
}
const { quantized, result, clip } = chosen;
quantized.userDefinedMetadata = {
  ...quantized.userDefinedMetadata,
  testAccuracy: Number(result.accuracy.toFixed(4)),
  testLoss: result.loss,
  weights: { dtype: 'uint8', clip, float32TestAccuracy: float32.accuracy, float32TestLoss: float32.loss },
};
await writeFile(`${scratch}model.json`, JSON.stringify(quantized));
await rename(`${scratch}${WEIGHTS_FILE}`, `${dir}${WEIGHTS_FILE}`);
await rename(`${scratch}model.json`, `${dir}model.json`);
await rm(scratch, { recursive: true });
