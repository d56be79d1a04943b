import '@tensorflow/tfjs-backend-wasm';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { browserImports } from '../../../scripts/browser-imports.mjs';
import { ModelLoadError, ModelSaveError } from './errors.js';
import * as browserIo from './io-browser.js';
import { saveModel } from './io-browser.js';
import { loadFromFetchedFiles } from './io-common.js';
import * as nodeIo from './io-node.js';
import { saveModel as saveModelToDirectory } from './io-node.js';
import * as layersEntry from './layers.js';
import { createModel } from './model.js';
import type { ClassifierModel } from './model-type.js';

const loadModel = browserIo.loadModel as (location: string) => Promise<tfl.LayersModel>;

/** Serves `files` (request path → bytes) on 127.0.0.1; anything else is a 404. */
async function serve(files: Map<string, Uint8Array>): Promise<{ base: string; close: () => Promise<void> }> {
  const server: Server = createServer((request, response) => {
    const body = files.get(request.url ?? '');
    response.writeHead(body ? 200 : 404, { 'content-type': 'application/octet-stream' });
    response.end(body ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

let scratch = '';
let model: tfl.Sequential;
let input: tf.Tensor;
let expected: Float32Array;
let server: Awaited<ReturnType<typeof serve>>;
let tensorsBefore = 0;

const predictions = (m: ClassifierModel) =>
  tf.tidy(() => (m.predict(input) as tf.Tensor).dataSync() as Float32Array);

beforeAll(async () => {
  await tf.setBackend('wasm');
  tensorsBefore = tf.memory().numTensors;
  scratch = await mkdtemp(join(tmpdir(), 'fmnist-model-browser-'));
  model = createModel({ seed: 8 });
  input = tf.randomUniform([4, 28, 28], 0, 1, 'float32', 3);
  expected = predictions(model);
  await saveModelToDirectory(model, scratch, { metadata: { served: true } });
  const json = await readFile(join(scratch, 'model.json'));
  const weights = await readFile(join(scratch, 'weights.bin'));
  server = await serve(
    new Map([
      ['/models/fmnist/model.json', json],
      ['/models/fmnist/weights.bin', weights],
      // As a bundler emits them: renamed with content hashes, in one assets directory.
      ['/assets/model-3f9a.json', json],
      ['/assets/weights-77c1.bin', weights],
      ['/assets/short.bin', weights.subarray(0, 1000)],
      ['/assets/not-json.json', new TextEncoder().encode('<!doctype html>')],
    ]),
  );
});

afterAll(async () => {
  await server.close();
  model.dispose();
  input.dispose();
  expect(tf.memory().numTensors).toBe(tensorsBefore);
  await rm(scratch, { recursive: true, force: true });
});

describe('browser entry point', () => {
  it('saves and loads under the same names as Node, which the one entry point re-exports from #io', () => {
    const nodeOnly = ['SAVE_LOCK'];
    expect(Object.keys(browserIo).sort()).toEqual(
      Object.keys(nodeIo)
        .filter((name) => !nodeOnly.includes(name))
        .sort(),
    );
  });

  it('imports no Node built-ins, directly or through its own modules', () => {
    const { modules, usesNode } = browserImports(__dirname, ['index.ts', 'layers.ts']);
    expect(usesNode).toEqual([]);
    expect(modules).toEqual([
      'backend.ts',
      'classifier.ts',
      'classify.ts',
      'common.ts',
      'constants.ts',
      'errors.ts',
      'evaluate.ts',
      'forward.ts',
      'index.ts',
      'input.ts',
      'io-browser.ts',
      'io-common.ts',
      'layers.ts',
      'metrics.ts',
      'model-type.ts',
      'model.ts',
      'pretrained.ts',
      'summary.ts',
    ]);
  });

  it('loads a model.json over HTTP, absolute or relative to the page, with its metadata', async () => {
    const loaded = await loadModel(`${server.base}/models/fmnist/model.json`);
    expect(predictions(loaded)).toEqual(expected);
    expect(loaded.getUserDefinedMetadata()).toEqual({ served: true });
    loaded.dispose();
    const inNode = await layersEntry.loadModel(new URL(`${server.base}/models/fmnist/model.json`));
    expect(predictions(inNode)).toEqual(expected);
    inNode.dispose();
    const page = globalThis as { location?: unknown };
    page.location = { href: `${server.base}/app/index.html` };
    try {
      const relative = await loadModel('../models/fmnist/model.json');
      expect(predictions(relative)).toEqual(expected);
      relative.dispose();
    } finally {
      delete page.location;
    }
  });

  it('says what is wrong when a URL does not load', async () => {
    await expect(loadModel(`${server.base}/nothing/model.json`)).rejects.toThrow(
      `${server.base}/nothing/model.json: HTTP 404; check the URL and that the file is served`,
    );
    await expect(loadModel(`${server.base}/assets/model-3f9a.json`)).rejects.toThrow(
      `${server.base}/assets/weights.bin: HTTP 404`,
    );
    await expect(loadModel('models/model.json')).rejects.toThrow(
      'models/model.json: not a URL; pass http(s)://…/model.json or indexeddb://name',
    );
    await expect(loadModel('nosuchscheme://x')).rejects.toThrow(ModelLoadError);
  });

  it('saves only to URL schemes, delegating to the tfjs handler', async () => {
    await expect(saveModel(model, 'out/model')).rejects.toThrow(
      'out/model: browsers cannot write directories; save to indexeddb://name or downloads://name',
    );
    await expect(saveModel(model, 'out/model')).rejects.toThrow(ModelSaveError);
    let saved: tf.io.ModelArtifacts | undefined;
    const handler: tf.io.IOHandler = {
      save: async (artifacts) => {
        saved = artifacts;
        return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
      },
    };
    // tfjs types routers as always returning a handler; at run time they return null for URLs they do not take.
    tf.io.registerSaveRouter((url) => (url === 'browsertest://m' ? handler : null) as tf.io.IOHandler);
    const result = await saveModel(model, 'browsertest://m', { metadata: { testAccuracy: 0.5 } });
    expect(result.modelArtifactsInfo.weightDataBytes).toBe(118_282 * 4);
    expect(saved?.userDefinedMetadata).toEqual({ testAccuracy: 0.5 });
  });
});

describe('loadFromFetchedFiles (how loadPretrained reads bundled files)', () => {
  it('loads model.json and weights from unrelated URLs, as a bundler names them', async () => {
    const loaded = await loadFromFetchedFiles(
      new URL(`${server.base}/assets/model-3f9a.json`),
      new URL(`${server.base}/assets/weights-77c1.bin`),
    );
    expect(predictions(loaded)).toEqual(expected);
    loaded.dispose();
  });

  it('reads a model.json inlined as a data: URL', async () => {
    const json = await readFile(join(scratch, 'model.json'));
    const dataUrl = new URL(`data:application/json;base64,${json.toString('base64')}`);
    const loaded = await loadFromFetchedFiles(dataUrl, new URL(`${server.base}/assets/weights-77c1.bin`));
    expect(predictions(loaded)).toEqual(expected);
    loaded.dispose();
  });

  it('names the file that is missing, not JSON, or too short', async () => {
    const json = new URL(`${server.base}/assets/model-3f9a.json`);
    await expect(loadFromFetchedFiles(json, new URL(`${server.base}/assets/gone.bin`))).rejects.toThrow(
      `${server.base}/assets/gone.bin: HTTP 404; check the URL and that the file is served`,
    );
    await expect(
      loadFromFetchedFiles(
        new URL(`${server.base}/assets/not-json.json`),
        new URL(`${server.base}/assets/weights-77c1.bin`),
      ),
    ).rejects.toThrow(/not-json\.json: not valid JSON/);
    await expect(loadFromFetchedFiles(json, new URL(`${server.base}/assets/short.bin`))).rejects.toThrow(
      `${server.base}/assets/short.bin: 472128 bytes too short`,
    );
    await expect(loadFromFetchedFiles(json, new URL('http://127.0.0.1:1/weights.bin'))).rejects.toThrow(
      'http://127.0.0.1:1/weights.bin: could not be fetched',
    );
  });
});
