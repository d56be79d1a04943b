import type * as tf from '@tensorflow/tfjs-core';
import { type BackendInfo, type BackendOptions, ensureBackend, initBackend } from './backend.js';
import { type BatchInput, classify, classifyBatch, type ImageInput, type Prediction } from './classify.js';
import { modelFromArtifacts } from './io-common.js';
import type { ClassifierModel } from './model-type.js';

/**
 * A picture the classifier takes: 28×28 pixels in any {@link ImageInput} form, or an object carrying them in a
 * `pixels` field (as a picture pipeline's result does).
 */
export type PictureInput = ImageInput | { readonly pixels: ImageInput };

/** Several pictures: an array of {@link PictureInput}s, or one flat typed array of `n × 784` pixels. */
export type PicturesInput = BatchInput | readonly PictureInput[];

/**
 * A loaded model ready to classify pictures; made by `loadClassifier`. `M` is the type of its `model`:
 * {@link ClassifierModel} from the main entry point, tfjs-layers' `LayersModel` from `@fmnist/model/layers`.
 */
export interface Classifier<M extends ClassifierModel = ClassifierModel> {
  /** Classify one picture. */
  classify(picture: PictureInput): Promise<Prediction>;
  /** Classify many pictures in as few model calls as possible; one prediction per picture, in order. */
  classifyBatch(pictures: PicturesInput): Promise<Prediction[]>;
  /** The backend the classifier runs on. */
  readonly backend: BackendInfo;
  /** The underlying tfjs Layers model, for advanced use (it stays owned by the classifier). */
  readonly model: M;
  /** Free the model's weights; the classifier cannot be used afterwards. */
  dispose(): void;
}

/** Options for `loadClassifier`: which model, and how to start the backend if none is active. */
export interface LoadClassifierOptions extends BackendOptions {
  /**
   * Another model instead of the pretrained one: where it was saved (directory, `model.json` path or URL), or its
   * artifacts in memory (what a tfjs save handler receives, e.g. a model trained in a worker and posted back).
   */
  model?: string | URL | tf.io.ModelArtifacts;
}

/** How `loadClassifier` reads the pretrained model and saved ones, in Node or in a browser. */
export interface ModelLoaders {
  pretrained: () => Promise<ClassifierModel>;
  saved: (location: string | URL) => Promise<ClassifierModel>;
}

function hasPixels(picture: unknown): picture is { readonly pixels: ImageInput } {
  return typeof picture === 'object' && picture !== null && !Array.isArray(picture) && 'pixels' in picture;
}

const imageOf = (picture: PictureInput): ImageInput => (hasPixels(picture) ? picture.pixels : picture);

/** The model `options` ask for: the pretrained one, a saved one, or one from artifacts in memory. */
function loadChosen({ model }: LoadClassifierOptions, loaders: ModelLoaders): Promise<ClassifierModel> {
  if (model === undefined) return loaders.pretrained();
  if (typeof model === 'string' || model instanceof URL) return loaders.saved(model);
  return modelFromArtifacts(model, 'the model artifacts given to loadClassifier');
}

/**
 * Starts the backend if needed, loads the model `options` ask for and wraps it as a {@link Classifier}. Backend
 * options given explicitly always (re)start the backend; otherwise an active backend is kept and WASM starts if
 * none is.
 */
export async function openClassifier(
  options: LoadClassifierOptions,
  loaders: ModelLoaders,
): Promise<Classifier> {
  const explicit =
    options.backend !== undefined || options.wasmPaths !== undefined || options.threads !== undefined;
  const backend = explicit ? await initBackend(options) : await ensureBackend();
  const model = await loadChosen(options, loaders);
  return {
    backend,
    model,
    classify: async (picture) => classify(model, imageOf(picture)),
    classifyBatch: async (pictures) =>
      classifyBatch(model, Array.isArray(pictures) ? pictures.map(imageOf) : (pictures as BatchInput)),
    dispose: () => model.dispose(),
  };
}
