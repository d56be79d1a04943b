/**
 * Model saving and loading that needs no file system: the standard tfjs Layers layout (`model.json` +
 * `weights.bin`) encoded and decoded in memory, with checks that give one-line errors, and delegation of URL
 * schemes (`indexeddb://`, `downloads://`, `http(s)://`, …) to the tfjs IO handlers. Shared by the Node and the
 * browser entry points.
 */

import { IMAGE_HEIGHT, IMAGE_WIDTH, NUM_CLASSES } from '@fmnist/data';
import * as tf from '#tfjs-core';
import * as tfl from '#tfjs-layers';
import { ensureBackend } from './backend.js';
import { MODEL_JSON_FILE, WEIGHTS_FILE } from './constants.js';
import { ModelLoadError, ModelSaveError } from './errors.js';
import { formatShape } from './input.js';
import type { ClassifierModel, ModelMetadata, SaveModelOptions } from './model-type.js';

/** `model.json` and `weights.bin` as bytes, in the standard tfjs Layers layout. */
export interface EncodedModel {
  modelJson: string;
  weights: Uint8Array;
}

/** Matches a URL scheme such as `indexeddb://`, `http://`, `file://`. */
const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/** True if `location` names a tfjs URL scheme rather than a file-system path. */
export function hasScheme(location: string): boolean {
  return SCHEME.test(location);
}

/** Merge `metadata` into `artifacts.userDefinedMetadata`, checking it is JSON-serialisable. */
export function withMetadata(
  artifacts: tf.io.ModelArtifacts,
  metadata: ModelMetadata | undefined,
  where: string,
): tf.io.ModelArtifacts {
  if (metadata === undefined) return artifacts;
  try {
    JSON.stringify(metadata);
  } catch (cause) {
    throw new ModelSaveError(
      where,
      'metadata is not JSON-serialisable; pass plain objects, numbers and strings',
      {
        cause,
      },
    );
  }
  const merged = {
    ...artifacts.userDefinedMetadata,
    ...metadata,
  } as tf.io.ModelArtifacts['userDefinedMetadata'];
  return { ...artifacts, userDefinedMetadata: merged };
}

/** Encode model artifacts (as `model.save` hands them over) in the standard layout, weights in one `weights.bin`. */
export function encodeArtifacts(artifacts: tf.io.ModelArtifacts, weightsPath = WEIGHTS_FILE): EncodedModel {
  const weightData = artifacts.weightData ?? new ArrayBuffer(0);
  const weights = new Uint8Array(tf.io.CompositeArrayBuffer.join(weightData));
  // Same fields, in the same order, as tfjs' own handlers (getModelJSONForModelArtifacts).
  const modelJson: tf.io.ModelJSON = {
    modelTopology: artifacts.modelTopology ?? {},
    format: artifacts.format,
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy ?? null,
    weightsManifest: [{ paths: [weightsPath], weights: artifacts.weightSpecs ?? [] }],
  };
  if (artifacts.signature != null) modelJson.signature = artifacts.signature;
  if (artifacts.userDefinedMetadata != null) modelJson.userDefinedMetadata = artifacts.userDefinedMetadata;
  if (artifacts.modelInitializer != null) modelJson.modelInitializer = artifacts.modelInitializer;
  if (artifacts.initializerSignature != null) modelJson.initializerSignature = artifacts.initializerSignature;
  if (artifacts.trainingConfig != null) modelJson.trainingConfig = artifacts.trainingConfig;
  return { modelJson: JSON.stringify(modelJson), weights };
}

/** Bytes of one weight as stored (quantised weights take fewer), or undefined if not fixed (string tensors). */
function bytesPerElement(spec: tf.io.WeightsManifestEntry): number | undefined {
  const quantized = spec.quantization?.dtype;
  if (quantized !== undefined) return quantized === 'uint8' ? 1 : 2;
  switch (spec.dtype) {
    case 'float32':
    case 'int32':
      return 4;
    case 'bool':
      return 1;
    default:
      return undefined;
  }
}

/**
 * Parse and check `model.json`: JSON, a Layers topology, a weights manifest.
 *
 * @param where the file name to put in error messages.
 */
export function parseModelJson(text: string, where: string): tf.io.ModelJSON {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new ModelLoadError(where, `not valid JSON (${reason}); the file is damaged, save the model again`, {
      cause,
    });
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new ModelLoadError(
      where,
      'is JSON but not an object; expected a tfjs model.json written by saveModel()',
    );
  }
  const model = json as Partial<tf.io.ModelJSON>;
  if (model.format === 'graph-model') {
    throw new ModelLoadError(
      where,
      'is a tfjs graph model; loadModel reads Layers models written by saveModel()',
    );
  }
  const topology = model.modelTopology as { class_name?: unknown; config?: unknown } | undefined;
  if (typeof topology !== 'object' || topology === null || typeof topology.class_name !== 'string') {
    throw new ModelLoadError(
      where,
      'has no Layers modelTopology (class_name, config); expected a tfjs model.json written by saveModel()',
    );
  }
  const manifest = model.weightsManifest;
  const validManifest =
    Array.isArray(manifest) &&
    manifest.every(
      (group) =>
        Array.isArray(group?.paths) &&
        group.paths.every((p) => typeof p === 'string') &&
        Array.isArray(group.weights) &&
        group.weights.every(
          (w) => typeof w?.name === 'string' && Array.isArray(w.shape) && w.shape.every(Number.isInteger),
        ),
    );
  if (!validManifest) {
    throw new ModelLoadError(
      where,
      'has no valid weightsManifest ([{ paths, weights }]); expected a tfjs model.json written by saveModel()',
    );
  }
  return model as tf.io.ModelJSON;
}

/** The weight files `model.json` refers to, in order (usually just `weights.bin`). */
export function weightPaths(modelJson: tf.io.ModelJSON): string[] {
  return modelJson.weightsManifest.flatMap((group) => group.paths);
}

/**
 * Combine a parsed `model.json` with the contents of its weight files (one per entry of {@link weightPaths}, same
 * order) into model artifacts, checking that each manifest group's files hold exactly the bytes its weights need.
 *
 * @param names how to name each weight file in error messages, same order as `files`.
 */
export function artifactsFromFiles(
  modelJson: tf.io.ModelJSON,
  files: readonly Uint8Array[],
  names: readonly string[],
): tf.io.ModelArtifacts {
  let fileIndex = 0;
  for (const group of modelJson.weightsManifest) {
    const groupFiles = files.slice(fileIndex, fileIndex + group.paths.length);
    const groupNames = names.slice(fileIndex, fileIndex + group.paths.length);
    fileIndex += group.paths.length;
    let expected: number | undefined = 0;
    for (const spec of group.weights) {
      const perElement = bytesPerElement(spec);
      expected =
        expected === undefined || perElement === undefined
          ? undefined
          : expected + perElement * spec.shape.reduce((a, b) => a * b, 1);
    }
    if (expected === undefined) continue; // string weights: size is not known in advance
    const actual = groupFiles.reduce((sum, f) => sum + f.byteLength, 0);
    if (actual !== expected) {
      const label = groupNames.join(' + ') || '(no weight files)';
      const [amount, direction] =
        actual < expected ? [expected - actual, 'short'] : [actual - expected, 'long'];
      throw new ModelLoadError(
        label,
        `${amount} bytes too ${direction}: model.json lists weights of ${expected} bytes, found ${actual}; ` +
          'the files do not belong together, save the model again',
      );
    }
  }
  const total = files.reduce((sum, f) => sum + f.byteLength, 0);
  const weightData = new Uint8Array(total);
  let offset = 0;
  for (const f of files) {
    weightData.set(f, offset);
    offset += f.byteLength;
  }
  return tf.io.getModelArtifactsForJSONSync(
    modelJson,
    tf.io.getWeightSpecs(modelJson.weightsManifest),
    weightData.buffer,
  );
}

/**
 * Check that `model` is a Fashion-MNIST classifier: one input of 28×28, one output of 10. Disposes the model and
 * throws {@link ModelLoadError} if not.
 */
export function checkClassifier<M extends tfl.LayersModel>(model: M, where: string): M {
  const inputs = model.inputs.map((t) => t.shape);
  const outputs = model.outputs.map((t) => t.shape);
  const expectedInput = [null, IMAGE_HEIGHT, IMAGE_WIDTH];
  const expectedOutput = [null, NUM_CLASSES];
  const same = (a: readonly (number | null)[] | undefined, b: readonly (number | null)[]) =>
    a !== undefined && a.length === b.length && a.every((d, i) => d === b[i]);
  if (
    inputs.length !== 1 ||
    outputs.length !== 1 ||
    !same(inputs[0], expectedInput) ||
    !same(outputs[0], expectedOutput)
  ) {
    model.dispose();
    const got = `input ${inputs.map(formatShape).join(', ')} → output ${outputs.map(formatShape).join(', ')}`;
    throw new ModelLoadError(
      where,
      `wrong topology: ${got}, a Fashion-MNIST classifier maps ${formatShape(expectedInput)} → ` +
        `${formatShape(expectedOutput)}; save one made by createModel()`,
    );
  }
  return model;
}

/** Build the model from checked artifacts, turning tfjs' errors into {@link ModelLoadError}. */
export async function modelFromArtifacts(
  artifacts: tf.io.ModelArtifacts,
  where: string,
): Promise<tfl.LayersModel> {
  let model: tfl.LayersModel;
  await ensureBackend();
  try {
    model = await tfl.loadLayersModel(tf.io.fromMemory(artifacts));
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message.split('\n')[0] : String(cause);
    throw new ModelLoadError(
      where,
      `wrong topology, tfjs cannot build it (${reason}); save the model again`,
      {
        cause,
      },
    );
  }
  return checkClassifier(model, where);
}

/** Save through the tfjs IO handler registered for `url`'s scheme (`indexeddb://`, `downloads://`, `http://`, …). */
export async function saveToUrl(
  model: ClassifierModel,
  url: string,
  options: SaveModelOptions & { handler?: tf.io.IOHandler },
): Promise<tf.io.SaveResult> {
  const handler = options.handler ?? tf.io.getSaveHandlers(url)[0];
  if (handler === undefined || handler.save === undefined) {
    throw new ModelSaveError(
      url,
      'no tfjs save handler for this URL scheme here; use a directory in Node, or indexeddb:// or downloads:// in a browser',
    );
  }
  const save = handler.save.bind(handler);
  try {
    return await model.save(
      tf.io.withSaveHandler((artifacts) => save(withMetadata(artifacts, options.metadata, url))),
    );
  } catch (cause) {
    if (cause instanceof ModelSaveError) throw cause;
    const reason = cause instanceof Error ? cause.message.split('\n')[0] : String(cause);
    throw new ModelSaveError(
      url,
      `saving failed (${reason}); check the URL and that the destination is reachable`,
      {
        cause,
      },
    );
  }
}

/**
 * Load from a URL: `http(s)://` through {@link loadFromFetch} (so the weights get the same checks as files), any
 * other scheme (`indexeddb://`, `localstorage://`, …) through the tfjs IO handler registered for it.
 */
export async function loadFromUrl(url: string): Promise<tfl.LayersModel> {
  if (isHttpUrl(url)) return loadFromFetch(new URL(url));
  const handler = tf.io.getLoadHandlers(url)[0];
  if (handler === undefined) {
    throw new ModelLoadError(
      url,
      'no tfjs load handler for this URL scheme here; use a directory in Node, http(s)://, or indexeddb:// in a browser',
    );
  }
  let model: tfl.LayersModel;
  await ensureBackend();
  try {
    model = await tfl.loadLayersModel(handler);
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message.split('\n')[0] : String(cause);
    throw new ModelLoadError(
      url,
      `loading failed (${reason}); check the URL points at a model.json saved by saveModel()`,
      {
        cause,
      },
    );
  }
  return checkClassifier(model, url);
}

/** True for `http:` / `https:` URLs, which {@link loadFromFetch} reads. */
export function isHttpUrl(url: string): boolean {
  return /^https?:\/\//i.test(url);
}

async function fetchBytes(url: URL, name: string): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (cause) {
    throw new ModelLoadError(name, 'could not be fetched; check the URL and that the file is served', {
      cause,
    });
  }
  if (!response.ok) {
    throw new ModelLoadError(name, `HTTP ${response.status}; check the URL and that the file is served`);
  }
  return new Uint8Array(await response.arrayBuffer());
}

/**
 * Load a model with `fetch`: `model.json` from `modelJsonUrl`, then each weight file it lists (by default from
 * beside it), with the same checks and errors as loading from a directory.
 *
 * @param weightsUrl where to fetch the weight file that `model.json` lists as `path`. The pretrained model passes
 *   a fixed URL here: a bundler may rename `weights.bin`, so it cannot be found relative to `model.json`.
 */
export async function loadFromFetch(
  modelJsonUrl: URL,
  weightsUrl: (path: string) => URL = (path) => new URL(path, modelJsonUrl),
): Promise<tfl.LayersModel> {
  const where = modelJsonUrl.protocol === 'data:' ? MODEL_JSON_FILE : modelJsonUrl.href;
  const modelJson = parseModelJson(new TextDecoder().decode(await fetchBytes(modelJsonUrl, where)), where);
  const urls = weightPaths(modelJson).map((path) => weightsUrl(path));
  const names = urls.map((url) => url.href);
  const weights = await Promise.all(urls.map((url, i) => fetchBytes(url, names[i] as string)));
  return modelFromArtifacts(artifactsFromFiles(modelJson, weights, names), where);
}

/** Load the model whose `model.json` and single weights file are at the given URLs (see {@link loadFromFetch}). */
export async function loadFromFetchedFiles(modelJsonUrl: URL, weightsFileUrl: URL): Promise<tfl.LayersModel> {
  return loadFromFetch(modelJsonUrl, (path) => {
    if (path !== WEIGHTS_FILE) {
      throw new ModelLoadError(
        modelJsonUrl.protocol === 'data:' ? MODEL_JSON_FILE : modelJsonUrl.href,
        `lists weight file '${path}', expected only ${WEIGHTS_FILE}; save the model with saveModel()`,
      );
    }
    return weightsFileUrl;
  });
}
