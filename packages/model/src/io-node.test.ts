import '@tensorflow/tfjs-backend-wasm';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { syntheticFashionMnist } from '@fmnist/data/test';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { ModelLoadError, ModelSaveError } from './errors.js';
import { SAVE_LOCK, saveModel } from './io-node.js';
import { loadModel } from './layers.js';
import { createModel } from './model.js';
import type { ClassifierModel, LayersModel } from './model-type.js';

let scratch = '';
let dirCount = 0;
let tensorsBefore = 0;
let model: tfl.Sequential;
let input: tf.Tensor;
let expected: Float32Array;
/** A fresh directory path (not yet created). */
const freshDir = () => join(scratch, `model-${++dirCount}`);

beforeAll(async () => {
  await tf.setBackend('wasm');
  scratch = await mkdtemp(join(tmpdir(), 'fmnist-model-io-'));
  tensorsBefore = tf.memory().numTensors;
  model = createModel({ seed: 21 });
  const { test } = syntheticFashionMnist({ testCount: 16, seed: 4 });
  input = tf.tensor3d(
    Float32Array.from(test.images, (v) => v / 255),
    [16, 28, 28],
  );
  expected = predictions(model);
});

afterAll(async () => {
  model.dispose();
  input.dispose();
  expect(tf.memory().numTensors).toBe(tensorsBefore);
  await rm(scratch, { recursive: true, force: true });
});

function predictions(m: ClassifierModel): Float32Array {
  return tf.tidy(() => (m.predict(input) as tf.Tensor).dataSync() as Float32Array);
}

/** Load with `load`, compare predictions with the original model's, dispose. */
async function expectSamePredictions(load: Promise<ClassifierModel>) {
  const loaded = await load;
  expect(predictions(loaded)).toEqual(expected);
  loaded.dispose();
}

/** Save the shared model to a fresh directory. */
async function saved(): Promise<string> {
  const dir = freshDir();
  await saveModel(model, dir);
  return dir;
}

describe('saveModel to a directory', () => {
  it('writes model.json (topology, weightsManifest → weights.bin) and weights.bin, creating the directory', async () => {
    const dir = join(freshDir(), 'nested', 'deeper');
    const result = await saveModel(model, dir);
    expect((await readdir(dir)).sort()).toEqual(['model.json', 'weights.bin']);
    const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
    expect(json.format).toBe('layers-model');
    expect(json.modelTopology.class_name).toBe('Sequential');
    expect(json.weightsManifest).toHaveLength(1);
    expect(json.weightsManifest[0].paths).toEqual(['weights.bin']);
    expect(json.weightsManifest[0].weights.map((w: { name: string }) => w.name)).toEqual([
      'hidden_1/kernel',
      'hidden_1/bias',
      'hidden_2/kernel',
      'hidden_2/bias',
      'output/kernel',
      'output/bias',
    ]);
    const weights = await readFile(join(dir, 'weights.bin'));
    expect(weights.byteLength).toBe(118_282 * 4);
    expect(result.modelArtifactsInfo.weightDataBytes).toBe(118_282 * 4);
    // The first weight is hidden_1/kernel, little-endian float32, row-major: compare with the variable itself.
    const kernel = model.getLayer('hidden_1').getWeights()[0]?.dataSync() as Float32Array;
    expect(new Float32Array(weights.buffer, weights.byteOffset, 784 * 128)).toEqual(kernel);
  });

  it('round-trips: loadModel gives identical predictions, and keeps metadata', async () => {
    const dir = freshDir();
    const metadata = { training: { seed: 21, epochs: 0 }, testAccuracy: 0.1 };
    await saveModel(model, pathToFileURL(dir), { metadata });
    const loaded = await loadModel(dir);
    expect(predictions(loaded)).toEqual(expected);
    expect(loaded.getUserDefinedMetadata()).toEqual(metadata);
    expect(loaded.layers.map((l) => l.name)).toEqual(['flatten', 'hidden_1', 'hidden_2', 'output']);
    loaded.dispose();
    await expectSamePredictions(loadModel(join(dir, 'model.json')));
    await expectSamePredictions(loadModel(pathToFileURL(dir)));
    await expectSamePredictions(loadModel(pathToFileURL(dir).href));
  });

  it('writes what stock tf.loadLayersModel reads, from memory or through a file-reading IOHandler', async () => {
    const dir = await saved();
    // Read the files here, independently of loadModel.
    const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')) as tf.io.ModelJSON;
    const weights = await readFile(join(dir, 'weights.bin'));
    const weightData = weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength);
    await expectSamePredictions(
      tfl.loadLayersModel(
        tf.io.fromMemory({
          modelTopology: json.modelTopology,
          weightSpecs: json.weightsManifest[0]?.weights,
          weightData,
        }),
      ),
    );
    const fileHandler: tf.io.IOHandler = {
      load: () =>
        tf.io.getModelArtifactsForJSON(json, async (manifest) => {
          const buffers = await Promise.all(
            manifest
              .flatMap((group) => group.paths)
              .map(async (p) => new Uint8Array(await readFile(join(dir, p)))),
          );
          return [
            manifest.flatMap((group) => group.weights),
            tf.io.concatenateArrayBuffers(buffers.map((b) => b.slice().buffer)),
          ];
        }),
    };
    await expectSamePredictions(tfl.loadLayersModel(fileHandler));
  });

  it('keeps the compiled model loadable and trainable, without saving the optimizer', async () => {
    const compileModel = <M extends LayersModel>(model: M): M => {
      model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy' });
      return model;
    };
    const compiled = compileModel(createModel({ seed: 3 }));
    const dir = freshDir();
    await saveModel(compiled, dir);
    const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
    expect(json.trainingConfig).toBeUndefined();
    const loaded = compileModel(await loadModel(dir));
    const { train } = syntheticFashionMnist({ trainCount: 32, seed: 1 });
    const xs = tf.tensor3d(
      Float32Array.from(train.images, (v) => v / 255),
      [32, 28, 28],
    );
    const ys = tf.tensor1d(Float32Array.from(train.labels));
    await loaded.fit(xs, ys, { epochs: 1, verbose: 0 });
    tf.dispose([xs, ys]);
    loaded.dispose();
    compiled.dispose();
  });

  it('replaces an existing model and leaves no temporary files', async () => {
    const dir = freshDir();
    const other = createModel({ seed: 99 });
    await saveModel(other, dir);
    other.dispose();
    await saveModel(model, dir);
    expect((await readdir(dir)).sort()).toEqual(['model.json', 'weights.bin']);
    await expectSamePredictions(loadModel(dir));
  });

  it('never leaves a half-written model: on failure the old files stay and the temporary ones go', async () => {
    const dir = freshDir();
    await saveModel(model, dir);
    const before = await readFile(join(dir, 'model.json'), 'utf8');
    // A directory where model.json should go makes the final rename fail after weights.bin was replaced.
    const blocked = freshDir();
    await mkdir(join(blocked, 'model.json'), { recursive: true });
    await expect(saveModel(model, blocked)).rejects.toThrow(ModelSaveError);
    expect((await readdir(blocked)).sort()).toEqual(['model.json', 'weights.bin']);
    // And a weights.bin that is a directory stops the save before model.json is touched.
    await rm(join(dir, 'weights.bin'));
    await mkdir(join(dir, 'weights.bin'));
    const other = createModel({ seed: 5 });
    await expect(saveModel(other, dir)).rejects.toThrow(
      /writing the model failed .*; check space and permissions/,
    );
    other.dispose();
    expect(await readFile(join(dir, 'model.json'), 'utf8')).toBe(before);
    expect((await readdir(dir)).sort()).toEqual(['model.json', 'weights.bin']);
  });

  it('concurrent saves into one directory leave one whole model, never model.json of one and weights of another', async () => {
    const models = [createModel({ seed: 31 }), createModel({ seed: 32 })];
    const fingerprint = (m: ClassifierModel) => Array.from(predictions(m).subarray(0, 10));
    const expectedBySeed = new Map(models.map((m, i) => [String(31 + i), fingerprint(m)]));
    for (let round = 0; round < 15; round++) {
      const dir = freshDir();
      await Promise.all(models.map((m, i) => saveModel(m, dir, { metadata: { seed: 31 + i } })));
      expect((await readdir(dir)).sort()).toEqual(['model.json', 'weights.bin']);
      const loaded = await loadModel(dir);
      const seed = String((loaded.getUserDefinedMetadata() as { seed: number }).seed);
      expect({ round, seed, predictions: fingerprint(loaded) }).toEqual({
        round,
        seed,
        predictions: expectedBySeed.get(seed),
      });
      loaded.dispose();
    }
    for (const m of models) m.dispose();
  });

  it('waits while another save holds the directory lock, and takes over a lock whose owner is gone', async () => {
    const dir = await saved();
    const lock = join(dir, SAVE_LOCK);
    await mkdir(lock);
    await writeFile(join(lock, 'pid'), String(process.pid)); // held by a live process: this one
    const other = createModel({ seed: 77 });
    let done = false;
    const saving = saveModel(other, dir, { metadata: { which: 'other' } }).then(() => {
      done = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(done).toBe(false);
    await expectSamePredictions(loadModel(dir)); // still the first model, whole
    await rm(lock, { recursive: true });
    await saving;
    expect(
      (
        (await loadModel(dir).then((m) => {
          const meta = m.getUserDefinedMetadata();
          m.dispose();
          return meta;
        })) as { which: string }
      ).which,
    ).toBe('other');
    // A lock left by a process that no longer exists does not block.
    await mkdir(lock);
    await writeFile(join(lock, 'pid'), '2147483646');
    await saveModel(model, dir);
    expect((await readdir(dir)).sort()).toEqual(['model.json', 'weights.bin']);
    await expectSamePredictions(loadModel(dir));
    other.dispose();
  });

  it('refuses a model.json path, an unwritable place, unserialisable metadata and unknown URL schemes', async () => {
    await expect(saveModel(model, join(scratch, 'x', 'model.json'))).rejects.toThrow(
      'pass the directory to save into, not a file name',
    );
    const file = join(scratch, 'a-file');
    await writeFile(file, 'x');
    await expect(saveModel(model, join(file, 'below'))).rejects.toThrow(/cannot create the directory/);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    await expect(saveModel(model, freshDir(), { metadata: cyclic })).rejects.toThrow(
      'metadata is not JSON-serialisable',
    );
    await expect(saveModel(model, 'nosuchscheme://x')).rejects.toThrow(
      'nosuchscheme://x: no tfjs save handler for this URL scheme here',
    );
  });
});

describe('URL schemes in Node', () => {
  it('delegates to the tfjs IO handler registered for the scheme, with metadata', async () => {
    const store = new Map<string, tf.io.ModelArtifacts>();
    const handler = (url: string): tf.io.IOHandler => ({
      save: async (artifacts) => {
        store.set(url, artifacts);
        return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
      },
      load: async () => store.get(url) as tf.io.ModelArtifacts,
    });
    // tfjs types routers as always returning a handler; at run time they return null for URLs they do not take.
    const router = (url: string | string[]) =>
      (typeof url === 'string' && url.startsWith('memtest://') ? handler(url) : null) as tf.io.IOHandler;
    tf.io.registerSaveRouter(router);
    tf.io.registerLoadRouter(router);
    await saveModel(model, 'memtest://a', { metadata: { note: 'hi' } });
    expect(store.get('memtest://a')?.userDefinedMetadata).toEqual({ note: 'hi' });
    const loaded = await loadModel('memtest://a');
    expect(predictions(loaded)).toEqual(expected);
    expect(loaded.getUserDefinedMetadata()).toEqual({ note: 'hi' });
    loaded.dispose();
    await expect(loadModel('memtest://missing')).rejects.toThrow(/^memtest:\/\/missing: loading failed/);
  });
});

describe('loadModel errors', () => {
  /** A saved model directory with `edit` applied to its files. */
  async function damaged(edit: (dir: string) => Promise<void>): Promise<string> {
    const dir = await saved();
    await edit(dir);
    return dir;
  }
  const rewriteJson = (change: (json: Record<string, unknown>) => unknown) => async (dir: string) => {
    const file = join(dir, 'model.json');
    const json = JSON.parse(await readFile(file, 'utf8'));
    await writeFile(file, JSON.stringify(change(json) ?? json));
  };
  async function expectLoadError(location: string, message: string | RegExp) {
    const error = await loadModel(location).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ModelLoadError);
    const { name, message: problem, hint } = error as ModelLoadError;
    expect(name).toBe('ModelLoadError');
    expect(hint === undefined ? problem : `${problem}; ${hint}`).toMatch(message);
    expect(problem).not.toContain('\n');
  }

  it('names a missing directory, a plain file, and a directory without model.json', async () => {
    const missing = join(scratch, 'no-such-dir');
    await expectLoadError(
      missing,
      `${missing}: not found; pass the directory a model was saved to with saveModel()`,
    );
    await expect(loadModel(missing)).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND', path: missing });
    const file = join(scratch, 'plain.txt');
    await writeFile(file, 'x');
    await expectLoadError(file, `${file}: is a file, not a directory; pass the directory holding model.json`);
    const empty = freshDir();
    await mkdir(empty);
    await expectLoadError(
      empty,
      `${join(empty, 'model.json')}: not found; this directory holds no saved model`,
    );
  });

  it('names a model.json that is not JSON, not an object, or not a Layers model', async () => {
    const notJson = await damaged((dir) => writeFile(join(dir, 'model.json'), '{"modelTopology": '));
    await expectLoadError(
      notJson,
      /model\.json: not valid JSON \(.+\); the file is damaged, save the model again$/,
    );
    const array = await damaged(rewriteJson(() => [1, 2]));
    await expectLoadError(array, 'model.json: is JSON but not an object');
    const graph = await damaged(rewriteJson((json) => ({ ...json, format: 'graph-model' })));
    await expectLoadError(graph, 'model.json: is a tfjs graph model; loadModel reads Layers models');
    const noTopology = await damaged(rewriteJson((json) => ({ ...json, modelTopology: undefined })));
    await expectLoadError(noTopology, 'model.json: has no Layers modelTopology');
    const noManifest = await damaged(
      rewriteJson((json) => ({ ...json, weightsManifest: [{ paths: 'weights.bin' }] })),
    );
    await expectLoadError(noManifest, 'model.json: has no valid weightsManifest');
  });

  it('names a wrong topology: unknown layers, or not 28×28 → 10', async () => {
    const unknown = await damaged(
      rewriteJson((json) => {
        (json.modelTopology as { class_name: string }).class_name = 'NoSuchModel';
      }),
    );
    await expectLoadError(
      unknown,
      /model\.json: wrong topology, tfjs cannot build it \(.*NoSuchModel.*\); save the model again$/,
    );

    const other = tfl.sequential({
      layers: [
        tfl.layers.flatten({ inputShape: [32, 32] }),
        tfl.layers.dense({ units: 5, activation: 'softmax' }),
      ],
    });
    const dir = freshDir();
    await saveModel(other, dir);
    other.dispose();
    const before = tf.memory().numTensors;
    await expectLoadError(
      dir,
      'model.json: wrong topology: input [null, 32, 32] → output [null, 5], a Fashion-MNIST classifier maps [null, 28, 28] → [null, 10]',
    );
    expect(tf.memory().numTensors).toBe(before);
  });

  it('names weights.bin when it is missing, too short or too long', async () => {
    const missing = await damaged((dir) => rm(join(dir, 'weights.bin')));
    await expectLoadError(
      missing,
      /weights\.bin: not found; model\.json lists it in weightsManifest, keep it next to model\.json$/,
    );
    const short = await damaged(async (dir) => {
      const bytes = await readFile(join(dir, 'weights.bin'));
      await writeFile(join(dir, 'weights.bin'), bytes.subarray(0, bytes.length - 40));
    });
    await expectLoadError(
      short,
      `${join(short, 'weights.bin')}: 40 bytes too short: model.json lists weights of 473128 bytes, found 473088; the files do not belong together, save the model again`,
    );
    const long = await damaged(async (dir) => {
      const bytes = await readFile(join(dir, 'weights.bin'));
      await writeFile(join(dir, 'weights.bin'), Buffer.concat([bytes, Buffer.alloc(4)]));
    });
    await expectLoadError(long, `${join(long, 'weights.bin')}: 4 bytes too long`);
    const escaping = await damaged(
      rewriteJson((json) => {
        (json.weightsManifest as { paths: string[] }[])[0] = {
          ...(json.weightsManifest as { paths: string[] }[])[0],
          paths: ['../weights.bin'],
        };
      }),
    );
    await expectLoadError(escaping, "model.json: lists weight file '../weights.bin' outside its directory");
  });

  it('reads weights split over several files, as tfjs shards them', async () => {
    const dir = await damaged(async (d) => {
      const bytes = await readFile(join(d, 'weights.bin'));
      await writeFile(join(d, 'group1-shard1of2.bin'), bytes.subarray(0, 300_000));
      await writeFile(join(d, 'group1-shard2of2.bin'), bytes.subarray(300_000));
      await rm(join(d, 'weights.bin'));
      await rewriteJson((json) => {
        (json.weightsManifest as { paths: string[] }[])[0] = {
          ...(json.weightsManifest as { paths: string[] }[])[0],
          paths: ['group1-shard1of2.bin', 'group1-shard2of2.bin'],
        };
      })(d);
    });
    await expectSamePredictions(loadModel(dir));
  });
});
