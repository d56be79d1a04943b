/**
 * Saving and loading in the browser: everything goes through the tfjs IO handlers (`indexeddb://`,
 * `downloads://`, `localstorage://`, `http(s)://`). No Node built-ins are imported here.
 */

import { type BrowserPicture, preparePicture } from '@fmnist/picture/browser';
import * as tf from '#tfjs-core';
import {
  type LoadClassifierOptions,
  openClassifier,
  type PictureClassifier,
  type PictureReader,
  type PixelsInput,
} from './classifier.js';
import { ModelLoadError, ModelSaveError } from './errors.js';
import { encodeArtifacts, hasScheme, loadFromFetchedFiles, loadFromUrl, saveToUrl } from './io-common.js';
import type { ClassifierModel, SaveModelOptions } from './model-type.js';
import { type PretrainedKind, pretrainedUrls } from './pretrained.js';

/** Where a model lives: a tfjs URL such as `indexeddb://name`, `https://…/model.json`, or a page-relative path. */
export type ModelLocation = string | URL;

/**
 * Save `model` through tfjs' IO handler for the URL: `indexeddb://name` (browser storage) or `downloads://name`
 * (the browser downloads `name.json` and `name.weights.bin`).
 *
 * @throws ModelSaveError if the location has no URL scheme or no tfjs handler.
 * @example
 * ```ts
 * import { saveModel } from '@fmnist/model';
 * await saveModel(model, 'indexeddb://fmnist', { metadata: { testAccuracy: 0.88 } });
 * ```
 */
export async function saveModel(
  model: ClassifierModel,
  location: ModelLocation,
  options: SaveModelOptions = {},
): Promise<tf.io.SaveResult> {
  const url = String(location);
  if (!hasScheme(url)) {
    throw new ModelSaveError(
      url,
      'browsers cannot write directories; save to indexeddb://name or downloads://name',
    );
  }
  // tfjs-core registers its own `downloads://` handler as a side effect of a module that nothing else imports, so
  // bundlers drop it: this one does not depend on that.
  const handler = url.startsWith(DOWNLOADS_SCHEME)
    ? downloadsHandler(url.slice(DOWNLOADS_SCHEME.length) || 'model')
    : undefined;
  return saveToUrl(model, url, { ...options, handler });
}

const DOWNLOADS_SCHEME = 'downloads://';

/**
 * Saves by having the browser download `name.json` and `name.weights.bin`, the names tfjs' own handler uses; the
 * JSON refers to the weights by that name, so `tf.loadLayersModel(tf.io.browserFiles([json, weights]))` reads them.
 */
function downloadsHandler(name: string): tf.io.IOHandler {
  return {
    save: async (artifacts) => {
      const weightsName = `${name}.weights.bin`;
      const { modelJson, weights } = encodeArtifacts(artifacts, weightsName);
      download(new Blob([modelJson], { type: 'application/json' }), `${name}.json`);
      download(new Blob([weights as BlobPart], { type: 'application/octet-stream' }), weightsName);
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },
  };
}

function download(blob: Blob, fileName: string): void {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = fileName;
  link.click();
  // The browser reads the blob asynchronously after the click; a minute is ample, and then the memory is freed.
  setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
}

/**
 * Load a Fashion-MNIST classifier from the URL of a `model.json` served over HTTP (absolute, or relative to the
 * page) with its weight files beside it, fetched and checked like files in Node; or from `indexeddb://name` (or
 * another tfjs URL scheme) through tfjs' IO handler for it.
 *
 * @throws ModelLoadError if the model cannot be fetched or is not a 28×28 → 10 Layers model.
 * @example
 * ```ts
 * import { loadModel } from '@fmnist/model';
 * const model = await loadModel('/models/fmnist/model.json');
 * ```
 */
export async function loadModel(location: ModelLocation): Promise<ClassifierModel> {
  let url = String(location);
  if (!hasScheme(url)) {
    const base = (globalThis as { location?: { href?: string } }).location?.href;
    if (base === undefined) {
      throw new ModelLoadError(url, 'not a URL; pass http(s)://…/model.json or indexeddb://name');
    }
    url = new URL(url, base).href;
  }
  return loadFromUrl(url);
}

/**
 * Load the classifier shipped with this package, fetching `pretrained/model.json` and `weights.bin` from where the
 * bundler put them; see MODEL_CARD.md for how it was trained and how well it does.
 *
 * @example
 * ```ts
 * import { classify, loadPretrained } from '@fmnist/model';
 * const model = await loadPretrained();
 * classify(model, canvasPixels).className; // 'Sneaker'
 * ```
 */
export async function loadPretrained(kind: PretrainedKind = 'tutorial'): Promise<ClassifierModel> {
  const urls = pretrainedUrls(kind);
  return loadFromFetchedFiles(urls.model, urls.weights);
}

/**
 * A picture the browser classifier takes: an image, a canvas, an `ImageBitmap`, a `Blob`/`File`, or an `ImageData`
 * (read through the picture pipeline of `@fmnist/picture`), or any {@link PixelsInput}.
 */
export type PictureInput = PixelsInput | BrowserPicture;

/** A loaded model ready to classify pictures in the browser; see {@link PictureClassifier}. */
export type Classifier<M extends ClassifierModel = ClassifierModel> = PictureClassifier<M, PictureInput>;

/** The page's picture classes that exist here (a worker has no `HTMLImageElement`, for one). */
const PAGE_PICTURES = ['Blob', 'ImageBitmap', 'HTMLImageElement', 'HTMLCanvasElement', 'OffscreenCanvas']
  .map((name) => (globalThis as Record<string, unknown>)[name])
  .filter((type): type is abstract new (...args: never[]) => unknown => typeof type === 'function');

const readPagePicture: PictureReader = (picture, name) =>
  PAGE_PICTURES.some((type) => picture instanceof type)
    ? preparePicture(picture as BrowserPicture, name)
    : undefined;

/**
 * Load a classifier ready to use: starts the WASM backend if none is active, loads the pretrained model (or
 * `options.model`) and returns a {@link Classifier}. It classifies the page's pictures (images, canvases, files)
 * through the picture pipeline, with a "not sure" verdict, as well as raw 28×28 pixels.
 *
 * @throws BackendUnavailableError if no backend can start; ModelLoadError if the model cannot be read.
 * @example
 * ```ts
 * import { loadClassifier } from '@fmnist/model';
 * const classifier = await loadClassifier();
 * const { className, confidence, verdict } = await classifier.classify(input.files[0]); // 'Shirt', 0.91, { confident: true }
 * ```
 */
export async function loadClassifier(options: LoadClassifierOptions = {}): Promise<Classifier> {
  return openClassifier(options, { pretrained: loadPretrained, saved: loadModel }, readPagePicture);
}
