import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { CLASS_NAMES, loadFashionMnist, type Split } from '@fmnist/data';
import { decodePicture, PictureError, preparePicture } from '@fmnist/picture';
import { encodeJpeg, encodePng, trouser } from '@fmnist/picture/test';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { classifyBatch } from './classify.js';
import { ImageInputError, ModelLoadError } from './errors.js';
import { type Classifier, loadClassifier } from './io-node.js';
import { createModel } from './model.js';

// No backend is set up in this file: the classifier must start one by itself.
let classifier: Classifier;
let test: Split;
const image = (n: number) => test.images.subarray(n * 784, (n + 1) * 784);
const picturePath = (name: string) =>
  fileURLToPath(new URL(`../../../docs/pictures/${name}`, import.meta.url));

beforeAll(async () => {
  expect(tf.engine().backendName).toBeFalsy();
  [classifier, { test }] = await Promise.all([loadClassifier(), loadFashionMnist({ download: false })]);
});
afterAll(() => {
  classifier.dispose();
  expect(tf.memory().numTensors).toBe(0);
});

describe('loadClassifier', () => {
  it('starts the WASM backend itself and classifies with the pretrained model', async () => {
    expect(classifier.backend).toEqual({ backend: 'wasm', simd: true, threads: 1 });
    expect(tf.getBackend()).toBe('wasm');
    const { className, confidence, label } = await classifier.classify(image(0));
    expect(CLASS_NAMES[test.labels[0] as number]).toBe('Ankle boot');
    expect({ label, className }).toEqual({ label: 9, className: 'Ankle boot' });
    expect(confidence).toBeGreaterThan(0.5);
  });

  it('uses the photo model, which gets real photos of clothes right and is not sure of a garment it has no class for', async () => {
    const photo = (name: string) => fileURLToPath(new URL(`../../../docs/photos/${name}`, import.meta.url));
    const answers = await classifier.classifyBatch(
      ['pants.jpg', 't-shirt.jpg', 'dress.jpg', 'shoes.jpg', 'hat.jpg'].map(photo),
    );
    expect(answers.map((a) => (a.verdict?.confident ? a.className : 'not sure'))).toEqual([
      'Trouser',
      'T-shirt/top',
      'Dress',
      'Sneaker',
      'not sure',
    ]);
    expect(answers.every((a) => a.picture?.cutout !== undefined)).toBe(true);
    // The tutorial's model, on the same cut-out pictures, calls the pair of shoes a Pullover.
    const tutorial = await loadClassifier({ pretrained: 'tutorial' });
    expect((await tutorial.classify(answers[3]?.picture?.pixels as Uint8Array)).className).toBe('Pullover');
    tutorial.dispose();
  });

  it('keeps the active backend for later loads', async () => {
    const [a, b] = await Promise.all([loadClassifier(), loadClassifier()]);
    expect(a.backend).toEqual(classifier.backend);
    expect(b.backend).toEqual(classifier.backend);
    a.dispose();
    b.dispose();
  });

  it('takes raw pixels, objects with a pixels field, and batches of either', async () => {
    const raw = await classifier.classify(image(1));
    expect(await classifier.classify({ pixels: image(1) })).toEqual(raw);
    const floats = Float32Array.from(image(1), (v) => v / 255);
    expect((await classifier.classify({ pixels: floats })).label).toBe(raw.label);

    const batch = await classifier.classifyBatch([image(0), { pixels: image(1) }, image(2)]);
    expect(batch.map((p) => p.label)).toEqual([9, raw.label, (await classifier.classify(image(2))).label]);
    const flat = await classifier.classifyBatch(test.images.subarray(0, 3 * 784));
    expect(flat).toEqual(batch);
  });

  it('gives the same predictions as classifyBatch on its model, over the whole test set', async () => {
    const all = await classifier.classifyBatch(test.images);
    expect(all).toEqual(
      classifyBatch(classifier.model, test.images).map((p, n) => ({ ...p, verdict: all[n]?.verdict })),
    );
    const accuracy = all.filter((p, n) => p.label === test.labels[n]).length / test.count;
    expect(accuracy).toBeGreaterThan(0.85);
  });

  it('rejects a picture that is not 28×28 with ImageInputError', async () => {
    await expect(classifier.classify({ pixels: new Uint8Array(100) })).rejects.toThrow(ImageInputError);
    await expect(classifier.classify(new Uint8Array(784 * 2))).rejects.toThrow(/use classifyBatch/);
  });

  it('classifies picture files by path and by bytes through the picture pipeline, judging each', async () => {
    const before = tf.memory().numTensors;
    const sneaker = await classifier.classify(picturePath('sneaker.jpg'));
    expect(sneaker).toMatchObject({ className: 'Sneaker', verdict: { confident: true } });
    expect(sneaker.picture?.pixels).toEqual((await preparePicture(picturePath('sneaker.jpg'))).pixels);
    const bag = await classifier.classify(await readFile(picturePath('bag.png')));
    expect(bag).toMatchObject({ className: 'Bag', verdict: { confident: true } });
    const dot = await classifier.classify(picturePath('dot.png'));
    expect(dot.verdict).toMatchObject({ confident: false, reason: 'a dot' });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('classifies a drawn PNG, a JPEG of it and its decoded RGBA alike, and a prepared picture with its verdict', async () => {
    const rgba = trouser(60, 90);
    const png = await classifier.classify(encodePng(60, 90, rgba));
    expect(png).toMatchObject({ className: 'Trouser', verdict: { confident: true } });
    expect((await classifier.classify({ data: rgba, width: 60, height: 90 })).probabilities).toEqual(
      png.probabilities,
    );
    expect((await classifier.classify(encodeJpeg(60, 90, rgba))).className).toBe('Trouser');
    const prepared = await preparePicture(picturePath('dot.png'));
    const judged = await classifier.classify(prepared);
    expect(judged.verdict).toEqual(prepared.verdict);
    expect(judged.picture).toBeUndefined(); // the caller has it
  });

  it('classifies a batch of files, bytes, decoded pictures and raw pixels in order, judging each', async () => {
    const trouserPng = encodePng(60, 90, trouser(60, 90));
    const decoded = decodePicture(await readFile(picturePath('bag.png')), 'bag.png');
    const batch = await classifier.classifyBatch([picturePath('sneaker.jpg'), image(0), trouserPng, decoded]);
    expect(batch.map((p) => p.className)).toEqual(['Sneaker', 'Ankle boot', 'Trouser', 'Bag']);
    expect(batch.map((p) => p.verdict.confident)).toEqual([true, true, true, true]);
    // Raw pixels are judged on the model's answer, and a blank input is no garment.
    expect((await classifier.classify(new Uint8Array(784))).verdict).toMatchObject({
      reason: 'all background',
    });
    expect(batch[1]).toEqual(await classifier.classify(image(0)));
  });

  it('names the picture at fault when it cannot be read, and reads 784 bytes as pixels', async () => {
    await expect(classifier.classify(picturePath('missing.png'))).rejects.toThrow(
      /missing\.png: no such file; pass the path of a PNG or JPEG image$/,
    );
    const gif = new TextEncoder().encode('GIF89a, not a PNG');
    await expect(classifier.classifyBatch([image(0), gif])).rejects.toThrow(PictureError);
    await expect(classifier.classifyBatch([image(0), gif])).rejects.toThrow(/^picture 1: a GIF image/);
    expect((await classifier.classify(Buffer.from(image(0)))).className).toBe('Ankle boot');
  });

  it('loads a saved model given as options.model', async () => {
    const other = await loadClassifier({ model: new URL('../pretrained/', import.meta.url) });
    expect((await other.classify(image(0))).className).toBe('Ankle boot');
    other.dispose();
  });

  it('builds one from artifacts in memory (as a worker posts them), and refuses artifacts of another net', async () => {
    const trained = createModel({ seed: 3 });
    const artifacts = await artifactsOf(trained);
    const other = await loadClassifier({ model: artifacts });
    const pictures = test.images.subarray(0, 20 * 784);
    expect((await other.classifyBatch(pictures)).map((p) => p.probabilities)).toEqual(
      classifyBatch(trained, pictures).map((p) => p.probabilities),
    );
    other.dispose();

    // Seven classes: not a Fashion-MNIST classifier.
    const seven = tfl.sequential({
      layers: [tfl.layers.flatten({ inputShape: [28, 28] }), tfl.layers.dense({ units: 7 })],
    });
    const wrong = await artifactsOf(seven);
    seven.dispose();
    await expect(loadClassifier({ model: wrong })).rejects.toThrow(ModelLoadError);
    await expect(loadClassifier({ model: wrong })).rejects.toThrow(
      /^the model artifacts given to loadClassifier: wrong topology: .*→ output \[null, 7\]/,
    );
    trained.dispose();
  });
});

/** What a tfjs save handler receives for `model`. */
async function artifactsOf(model: tfl.LayersModel): Promise<tf.io.ModelArtifacts> {
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (saved) => {
      artifacts = saved;
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(saved) };
    }),
  );
  if (!artifacts) throw new Error('no artifacts');
  return artifacts;
}
