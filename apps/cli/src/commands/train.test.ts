import { access, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { initBackend, loadModel } from '@fmnist/model';
import { loadModel as loadLayersModel } from '@fmnist/model/layers';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { fakeIo, run, syntheticData, tempDir } from '../harness.test.helpers.js';
import { main } from '../main.js';

let dir: string;
let dataDir: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  dataDir = await syntheticData(dir);
});
afterAll(() => cleanup());

const base = () => ['train', '--data-dir', dataDir, '--no-verify', '--epochs', '1', '--seed', '7'];

describe('fmnist train', () => {
  it('--json: exactly one JSON document on stdout, progress on stderr, model and history saved', async () => {
    const out = join(dir, 'json-model');
    const result = await run([...base(), '--out', out, '--validation-split', '0.25', '--json']);
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout); // throws unless stdout is exactly one document
    expect(doc).toMatchObject({
      command: 'train',
      model: out,
      historyFile: join(out, 'history.json'),
      interrupted: false,
      epochs: 1,
      options: {
        epochs: 1,
        batchSize: 32,
        learningRate: 0.001,
        validationSplit: 0.25,
        seed: 7,
        limit: null,
        trainer: 'auto',
        backend: 'wasm',
      },
      backend: { backend: 'wasm' },
      data: {
        kind: 'directory',
        location: dataDir,
        verified: false,
        trainCount: 240,
        validationCount: 80,
        testCount: 80,
      },
      test: { count: 80 },
    });
    expect(Object.keys(doc.history).sort()).toEqual(['acc', 'loss', 'seconds', 'val_acc', 'val_loss']);
    expect(doc.history.loss).toHaveLength(1);
    expect(doc).not.toHaveProperty('test_acc'); // the human-readable test_acc is test.accuracy
    // One epoch of 8 batches already learns: well above chance (0.1), and a test loss below a uniform guess's ln 10.
    expect(doc.test.accuracy).toBeGreaterThan(0.4);
    expect(doc.test.loss).toBeLessThan(Math.log(10));
    expect(['fast', 'layers']).toContain(doc.trainer);
    // Keras-style progress on stderr, one line per epoch when not a terminal.
    expect(result.stderr).toContain('Epoch 1/1\n');
    expect(result.stderr).toMatch(
      /^8\/8 ━{20} \d+s \d+(ms|us)\/step - accuracy: \d\.\d{4} - loss: \d\.\d{4} - val_accuracy: \d\.\d{4} - val_loss: \d\.\d{4}$/m,
    );
    expect(result.stderr).toMatch(/^3\/3 ━{20} .* - accuracy: \d\.\d{4} - loss: \d\.\d{4}$/m);
    expect(result.stderr).not.toContain('\r');
    expect(result.stderr).not.toContain('\x1b[');

    const history = JSON.parse(await readFile(join(out, 'history.json'), 'utf8'));
    expect(Object.keys(history).sort()).toEqual(['acc', 'loss', 'seconds', 'val_acc', 'val_loss']);
    expect(history.loss[0]).toBeCloseTo(doc.history.loss[0], 5);
    expect((await readdir(out)).sort()).toEqual(['history.json', 'model.json', 'weights.bin']); // no temp files left

    const model = await loadModel(out);
    const metadata = model.getUserDefinedMetadata() as Record<string, unknown>;
    expect(metadata.testAccuracy).toBeCloseTo(doc.test.accuracy, 5);
    expect(metadata.trainingOptions).toMatchObject({ epochs: 1, batchSize: 32, seed: 7 });
    expect(metadata.history).toMatchObject({ loss: [expect.any(Number)] });
    model.dispose();
  });

  it('prints the model it saved and test_acc on stdout, nothing else', async () => {
    const result = await run([
      ...base(),
      '--out',
      join(dir, 'plain-model'),
      '--limit',
      '64',
      '--batch-size',
      '16',
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      `model: ${join(dir, 'plain-model')}\ntest_acc: ${/test_acc: (\d\.\d{4})/.exec(result.stdout)?.[1]}\n`,
    );
    expect(result.stderr).toContain('Training on 64 images');
    expect(result.stderr).toMatch(/^4\/4 /m);
  });

  it('--quiet: nothing on stderr', async () => {
    const result = await run([...base(), '--out', join(dir, 'quiet-model'), '--quiet']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^model: .*quiet-model\ntest_acc: /);
  });

  it('draws a live bar on a terminal, coloured unless NO_COLOR', async () => {
    for (const env of [{}, { NO_COLOR: '1' }] as Record<string, string>[]) {
      const fake = fakeIo({ tty: true, columns: 120, env });
      const code = await main([...base(), '--out', join(dir, 'tty-model')], { io: fake.io });
      expect(code).toBe(0);
      expect(fake.stderr()).toContain('\r');
      if ('NO_COLOR' in env) expect(fake.stderr()).not.toContain('\x1b[3');
      else expect(fake.stderr()).toContain('\x1b[32m');
    }
  });

  it('the saved model loads with stock tf.loadLayersModel and predicts the same', async () => {
    const out = join(dir, 'json-model');
    const handler: tf.io.IOHandler = {
      load: async () => {
        const json = JSON.parse(await readFile(join(out, 'model.json'), 'utf8')) as tf.io.ModelJSON;
        const weights = await readFile(join(out, 'weights.bin'));
        return tf.io.getModelArtifactsForJSON(json, async (manifest) => [
          tf.io.getWeightSpecs(manifest),
          weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
        ]);
      },
    };
    const stock = await tfl.loadLayersModel(handler);
    const ours = await loadModel(out);
    const x = tf.randomUniform([5, 28, 28], 0, 1, 'float32', 3);
    const [a, b] = [stock.predict(x) as tf.Tensor, ours.predict(x) as tf.Tensor];
    expect(Array.from(await a.data())).toEqual(Array.from(await b.data()));
    tf.dispose([x, a, b]);
    stock.dispose();
    ours.dispose();
  });

  it('leaks no tensors across train + evaluate in-process', async () => {
    await initBackend();
    const out = join(dir, 'leak-model');
    const before = tf.memory().numTensors;
    expect((await run([...base(), '--out', out, '--quiet', '--validation-split', '0.1'])).code).toBe(0);
    expect(
      (await run(['evaluate', '--model', out, '--data-dir', dataDir, '--no-verify', '--quiet'])).code,
    ).toBe(0);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('interrupted: stops at the next batch, saves the last completed epoch, exits 130', async () => {
    const out = join(dir, 'interrupted-model');
    const controller = new AbortController();
    const fake = fakeIo();
    const write = fake.io.stderr.write;
    fake.io.stderr.write = (s: string) => {
      if (s.startsWith('Epoch 3/')) controller.abort();
      return write(s);
    };
    const code = await main(
      ['train', '--data-dir', dataDir, '--no-verify', '--epochs', '100', '--out', out, '--json'],
      { io: fake.io, signal: controller.signal },
    );
    expect(code).toBe(130);
    const doc = JSON.parse(fake.stdout());
    expect(doc).toMatchObject({ interrupted: true, epochs: 2, test: null, model: out });
    expect(fake.stderr()).toContain(`fmnist: interrupted; saved the model of epoch 2/100 to ${out}`);
    const history = JSON.parse(await readFile(join(out, 'history.json'), 'utf8'));
    expect(history.loss).toHaveLength(2);
    const model = await loadModel(out);
    expect((model.getUserDefinedMetadata() as Record<string, unknown>).epochsCompleted).toBe(2);
    model.dispose();
  });

  it('interrupted before the first epoch ends: nothing saved, exit 130', async () => {
    const out = join(dir, 'never-model');
    const controller = new AbortController();
    controller.abort();
    const result = await run([...base(), '--out', out], { signal: controller.signal });
    expect(result.code).toBe(130);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('interrupted before the first epoch finished; nothing saved');
    await expect(access(out)).rejects.toThrow();
  });

  it('--hidden trains another size on the fast path and saves it as such', async () => {
    const out = join(dir, 'hidden-model');
    const result = await run([...base(), '--hidden', '16,8', '--out', out, '--json']);
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc).toMatchObject({ trainer: 'fast', options: { hidden: [16, 8] } });
    const model = await loadLayersModel(out);
    expect(model.getWeights().map((weight) => weight.shape)).toEqual([
      [784, 16],
      [16],
      [16, 8],
      [8],
      [8, 10],
      [10],
    ]);
    model.dispose();
    const bad = await run([...base(), '--hidden', '16,0']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("'0': expected a positive integer.");
  });

  it('--threads 2 trains the weights of --threads 1 and records the thread count; other counts are usage errors', async () => {
    const runs = [];
    for (const threads of ['1', '2']) {
      const out = join(dir, `threads-${threads}`);
      const result = await run([...base(), '--threads', threads, '--out', out, '--json']);
      expect(result.code).toBe(0);
      const doc = JSON.parse(result.stdout);
      expect(doc).toMatchObject({
        trainer: 'fast',
        threads: Number(threads),
        options: { threads: Number(threads) },
      });
      const model = await loadLayersModel(out);
      expect(model.getUserDefinedMetadata()).toMatchObject({ threads: Number(threads) });
      runs.push(model.getWeights().map((weight) => Array.from(weight.dataSync())));
      model.dispose();
    }
    expect(runs[1]).toEqual(runs[0]);
    const byDefault = JSON.parse(
      (await run([...base(), '--out', join(dir, 'threads-default'), '--json'])).stdout,
    );
    expect(byDefault.options.threads).toBeNull();
    expect([1, 2]).toContain(byDefault.threads);
    for (const threads of ['0', '3', 'two']) {
      const bad = await run([...base(), '--threads', threads]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain(
        `option '--threads <n>' argument '${threads}' is invalid. expected an integer from 1 to 2.`,
      );
    }
  });
});
