/**
 * Saving and loading in Node: a directory in the standard tfjs Layers layout, written atomically; URL schemes are
 * passed to the tfjs IO handlers. The browser entry point does not import this module.
 */
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IMAGE_PIXELS } from '@fmnist/data';
import { makeDirectory, temporaryPathFor, writeDurably } from '@fmnist/files';
import { preparePicture, sniffFormat } from '@fmnist/picture';
import * as tf from '#tfjs-core';
import {
  type LoadClassifierOptions,
  openClassifier,
  type PictureClassifier,
  type PictureReader,
  type PixelsInput,
} from './classifier.js';
import { MODEL_JSON_FILE, WEIGHTS_FILE } from './constants.js';
import { ModelLoadError, ModelSaveError } from './errors.js';
import {
  artifactsFromFiles,
  encodeArtifacts,
  hasScheme,
  loadFromFetchedFiles,
  loadFromUrl,
  modelFromArtifacts,
  parseModelJson,
  saveToUrl,
  weightPaths,
  withMetadata,
} from './io-common.js';
import type { ClassifierModel, SaveModelOptions } from './model-type.js';
import { type PretrainedKind, pretrainedUrls } from './pretrained.js';

/** Where a model lives: a directory path, a `file:` URL, or a tfjs URL such as `http://…/model.json`. */
export type ModelLocation = string | URL;

/** A file-system path for `location`, or undefined if it is a non-file URL to hand to tfjs. */
function toPath(location: ModelLocation): string | undefined {
  if (location instanceof URL) return location.protocol === 'file:' ? fileURLToPath(location) : undefined;
  if (location.toLowerCase().startsWith('file://')) return fileURLToPath(location);
  return hasScheme(location) ? undefined : location;
}

function reasonOf(cause: unknown): string {
  return cause instanceof Error ? (cause.message.split('\n')[0] ?? '') : String(cause);
}

/** Name of the lock directory that saves into one model directory take turns with. */
export const SAVE_LOCK = '.fmnist-save.lock';
/** How long a save waits for another one's lock before giving up. The lock is held for two renames only. */
const SAVE_LOCK_TIMEOUT_MS = 30_000;

/** True when the lock's owner is gone: its pid file names a dead process, or it is old and has no pid file. */
async function isStale(lock: string): Promise<boolean> {
  const pid = Number(await readFile(join(lock, 'pid'), 'utf8').catch(() => ''));
  if (Number.isInteger(pid) && pid > 0) {
    try {
      process.kill(pid, 0);
      return false;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'ESRCH';
    }
  }
  const info = await stat(lock).catch(() => undefined);
  return info !== undefined && Date.now() - info.mtimeMs > 5_000;
}

/** Runs `work` holding `dir/.fmnist-save.lock` (created with mkdir, which is atomic), waiting for other holders. */
async function withSaveLock(dir: string, work: () => Promise<void>): Promise<void> {
  const lock = join(dir, SAVE_LOCK);
  const deadline = Date.now() + SAVE_LOCK_TIMEOUT_MS;
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (await isStale(lock)) {
        await rm(lock, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) {
        throw new ModelSaveError(lock, 'held by another save', {
          hint: 'if no other save is running, delete it',
        });
      }
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20));
    }
  }
  try {
    await writeFile(join(lock, 'pid'), String(process.pid));
    await work();
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

/**
 * Save `model` to `location`.
 *
 * - A directory (path or `file:` URL): writes `model.json` (topology + `weightsManifest` with paths
 *   `['weights.bin']`) and `weights.bin`, the layout stock `tf.loadLayersModel` reads. The directory is created if
 *   missing. Both files are first written under temporary names in the same directory and flushed, then renamed
 *   over the old ones (weights first), so a crash never leaves a half-written file behind. Saves into the same
 *   directory (from several processes too) take turns for the two renames, holding a `.fmnist-save.lock` directory,
 *   so the directory always ends up with one save's model.json and weights.bin together.
 * - A tfjs URL (`indexeddb://name`, `downloads://name`, `http(s)://…`): delegated to tfjs' IO handler for it.
 *
 * @returns what tfjs reports about the saved artifacts (sizes, date).
 * @throws ModelSaveError if the directory cannot be written or the URL scheme has no handler.
 * @example
 * ```ts
 * import { saveModel } from '@fmnist/model';
 * import { createModel } from '@fmnist/model/layers';
 * await saveModel(createModel({ seed: 1 }), 'out/model', { metadata: { testAccuracy: 0.88 } });
 * // out/model/model.json, out/model/weights.bin (473,128 bytes of float32)
 * ```
 */
export async function saveModel(
  model: ClassifierModel,
  location: ModelLocation,
  options: SaveModelOptions = {},
): Promise<tf.io.SaveResult> {
  const dir = toPath(location);
  if (dir === undefined) return saveToUrl(model, String(location), options);
  if (dir.toLowerCase().endsWith('.json')) {
    throw new ModelSaveError(
      dir,
      `pass the directory to save into, not a file name; it will hold ${MODEL_JSON_FILE}`,
    );
  }
  try {
    await makeDirectory(dir);
  } catch (cause) {
    throw new ModelSaveError(
      dir,
      `cannot create the directory (${reasonOf(cause)}); choose a writable path`,
      {
        cause,
      },
    );
  }
  const temporary = {
    json: temporaryPathFor(join(dir, MODEL_JSON_FILE)),
    weights: temporaryPathFor(join(dir, WEIGHTS_FILE)),
  };
  return model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const complete = withMetadata(artifacts, options.metadata, dir);
      const { modelJson, weights } = encodeArtifacts(complete);
      try {
        await writeDurably(temporary.weights, weights);
        await writeDurably(temporary.json, modelJson);
        // Two renames are not one atomic step: saves into the same directory take turns (a lock directory), else
        // one save's model.json could land beside another's weights.bin.
        await withSaveLock(dir, async () => {
          await rename(temporary.weights, join(dir, WEIGHTS_FILE));
          await rename(temporary.json, join(dir, MODEL_JSON_FILE));
        });
      } catch (cause) {
        await Promise.all([rm(temporary.json, { force: true }), rm(temporary.weights, { force: true })]);
        throw new ModelSaveError(
          dir,
          `writing the model failed (${reasonOf(cause)}); check space and permissions`,
          {
            cause,
          },
        );
      }
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(complete) };
    }),
  );
}

/**
 * Load a Fashion-MNIST classifier saved by {@link saveModel} (or any tfjs Layers model with a 28×28 input and 10
 * outputs).
 *
 * - A directory (or the path of its `model.json`, or a `file:` URL): reads `model.json` and the weight files it
 *   lists, checks them, and builds the model through `tf.io.fromMemory`.
 * - `http(s)://…/model.json`: fetched, with its weight files from beside it, with the same checks.
 * - Another tfjs URL scheme (e.g. one registered with `tf.io.registerLoadRouter`): delegated to tfjs' IO handler.
 *
 * Metadata saved with the model is in `model.getUserDefinedMetadata()`.
 *
 * @throws ModelLoadError naming the file at fault: missing directory or file, `model.json` not JSON or not a Layers
 * model, wrong topology, weight files too short or too long.
 * @example
 * ```ts
 * import { loadModel } from '@fmnist/model';
 * const model = await loadModel('out/model');
 * model.getUserDefinedMetadata(); // { testAccuracy: 0.88 }
 * ```
 */
export async function loadModel(location: ModelLocation): Promise<ClassifierModel> {
  const path = toPath(location);
  if (path === undefined) return loadFromUrl(String(location));

  let dir = path;
  let jsonPath = join(path, MODEL_JSON_FILE);
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch (cause) {
    throw new ModelLoadError(path, 'not found', {
      code: 'MODEL_NOT_FOUND',
      hint: 'pass the directory a model was saved to with saveModel()',
      cause,
    });
  }
  if (!info.isDirectory()) {
    if (!path.toLowerCase().endsWith('.json')) {
      throw new ModelLoadError(
        path,
        `is a file, not a directory; pass the directory holding ${MODEL_JSON_FILE}`,
      );
    }
    dir = dirname(path);
    jsonPath = path;
  }

  let text: string;
  try {
    text = await readFile(jsonPath, 'utf8');
  } catch (cause) {
    throw new ModelLoadError(
      jsonPath,
      'not found; this directory holds no saved model, save one with saveModel()',
      {
        cause,
      },
    );
  }
  const modelJson = parseModelJson(text, jsonPath);

  const root = resolve(dir);
  const files = weightPaths(modelJson).map((name) => {
    const file = resolve(root, name);
    const inside = relative(root, file);
    if (inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) {
      throw new ModelLoadError(
        jsonPath,
        `lists weight file '${name}' outside its directory; save the model again`,
      );
    }
    return file;
  });
  const weights = await Promise.all(
    files.map(async (file) => {
      try {
        return new Uint8Array(await readFile(file));
      } catch (cause) {
        throw new ModelLoadError(
          file,
          `not found; ${basename(jsonPath)} lists it in weightsManifest, keep it next to ${basename(jsonPath)}`,
          { cause },
        );
      }
    }),
  );
  return modelFromArtifacts(artifactsFromFiles(modelJson, weights, files), jsonPath);
}

/**
 * Load the classifier shipped with this package (`pretrained/model.json` + `weights.bin`), trained on the
 * Fashion-MNIST training set; see MODEL_CARD.md for how and how well.
 *
 * @example
 * ```ts
 * import { classify, loadPretrained } from '@fmnist/model';
 * const model = await loadPretrained();
 * classify(model, pixels).className; // 'Ankle boot'
 * ```
 */
export async function loadPretrained(kind: PretrainedKind = 'tutorial'): Promise<ClassifierModel> {
  const urls = pretrainedUrls(kind);
  if (urls.model.protocol === 'file:') return loadModel(urls.model);
  return loadFromFetchedFiles(urls.model, urls.weights);
}

/**
 * A picture the Node classifier takes: a file path or the bytes of a PNG or JPEG file (read through the picture
 * pipeline of `@fmnist/picture`), or any {@link PixelsInput}. A `Uint8Array` of exactly 784 values is read as
 * 28×28 pixels, any other as a file's bytes.
 */
export type PictureInput = PixelsInput | string;

/** A loaded model ready to classify pictures in Node; see {@link PictureClassifier}. */
export type Classifier<M extends ClassifierModel = ClassifierModel> = PictureClassifier<M, PictureInput>;

/** Whether `bytes` are a picture file rather than 28×28 pixels (or a flat batch of them, which classify rejects). */
function isPictureFile(bytes: Uint8Array): boolean {
  if (bytes.length === IMAGE_PIXELS) return false;
  return bytes.length % IMAGE_PIXELS !== 0 || typeof sniffFormat(bytes) === 'string';
}

const readPictureFile: PictureReader = (picture, name) =>
  typeof picture === 'string' || (picture instanceof Uint8Array && isPictureFile(picture))
    ? preparePicture(picture, typeof picture === 'string' ? picture : name)
    : undefined;

/**
 * Load a classifier ready to use: starts the WASM backend if none is active, loads the pretrained model (or
 * `options.model`) and returns a {@link Classifier}. It classifies picture files (path or bytes) through the picture
 * pipeline, with a "not sure" verdict, as well as raw 28×28 pixels.
 *
 * @throws BackendUnavailableError if no backend can start; ModelLoadError if the model cannot be read.
 * @example
 * ```ts
 * import { loadClassifier } from '@fmnist/model';
 * const classifier = await loadClassifier();
 * const { className, confidence, verdict } = await classifier.classify('shirt.jpg'); // 'Shirt', 0.91, { confident: true }
 * const [first] = await classifier.classifyBatch([pixels, 'trouser.png']); // 784 pixels (0–255) and a file
 * ```
 */
export async function loadClassifier(options: LoadClassifierOptions = {}): Promise<Classifier> {
  return openClassifier(options, { pretrained: loadPretrained, saved: loadModel }, readPictureFile);
}
