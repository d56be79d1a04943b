import { IMAGE_PIXELS } from '@fmnist/data';
import {
  CONFIDENT,
  judgePrediction,
  notSure,
  type PreparedPicture,
  preparePixels,
  type RgbaPicture,
  type Verdict,
} from '@fmnist/picture';
import type * as tf from '@tensorflow/tfjs-core';
import { type BackendInfo, type BackendOptions, ensureBackend, initBackend } from './backend.js';
import { type BatchInput, classify, classifyBatch, type ImageInput, type Prediction } from './classify.js';
import { modelFromArtifacts } from './io-common.js';
import type { ClassifierModel } from './model-type.js';
import type { PretrainedKind } from './pretrained.js';

/**
 * What every classifier takes, in Node and in the browser: 28×28 pixels in any {@link ImageInput} form, an object
 * carrying them in a `pixels` field (a prepared picture from `@fmnist/picture`, whose `verdict` is then used),
 * or a picture's RGBA pixels at any size (`{ data, width, height }`, e.g. a canvas's `ImageData`), which goes through
 * the picture pipeline.
 */
export type PixelsInput =
  | ImageInput
  | { readonly pixels: ImageInput; readonly verdict?: Verdict }
  | RgbaPicture;

/** A prediction, and when the picture went through the picture pipeline, whether to trust it. */
export interface Classification extends Prediction {
  /**
   * "Not sure" and why (`judgePrediction` of `@fmnist/picture`): the picture's own doubt when it went through the
   * picture pipeline (here or before), else the model's (and a blank input's: all pixels 0).
   */
  readonly verdict: Verdict;
  /** The model's 28×28 input made from the picture, and how (crop, inversion): present when `classify` made it. */
  readonly picture?: PreparedPicture;
}

/**
 * A loaded model ready to classify pictures; made by `loadClassifier`. `M` is the type of its `model`:
 * {@link ClassifierModel} from the main entry point, tfjs-layers' `LayersModel` from `@fmnist/model/layers`. `P` is
 * what it takes: {@link PixelsInput} plus, per entry point, files (Node) or the page's pictures (browser).
 */
export interface PictureClassifier<M extends ClassifierModel = ClassifierModel, P = PixelsInput> {
  /** Classify one picture. */
  classify(picture: P): Promise<Classification>;
  /**
   * Classify many pictures in one model call; one classification per picture, in order. Takes an array of pictures,
   * or one flat typed array of `n × 784` pixels.
   */
  classifyBatch(
    pictures: readonly P[] | Exclude<BatchInput, readonly ImageInput[]>,
  ): Promise<Classification[]>;
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
  /** Which shipped model to use when `model` is not given: `'photos'` (default), made for people's pictures. */
  pretrained?: PretrainedKind;
}

/** How `loadClassifier` reads the pretrained model and saved ones, in Node or in a browser. */
export interface ModelLoaders {
  pretrained: (kind: PretrainedKind) => Promise<ClassifierModel>;
  saved: (location: string | URL) => Promise<ClassifierModel>;
}

/**
 * How an entry point reads the pictures only it knows (files in Node, images and blobs in the browser): a promise
 * of the prepared picture, or undefined when `picture` is not one of them. `name` names it in error messages.
 */
export type PictureReader = (picture: unknown, name: string) => Promise<PreparedPicture> | undefined;

function isRgba(picture: object): picture is RgbaPicture {
  return 'data' in picture && 'width' in picture && 'height' in picture && ArrayBuffer.isView(picture.data);
}

/** The 28×28 pixels to classify, and the prepared picture they came from, if any. */
interface Pixels {
  readonly pixels: ImageInput;
  readonly prepared?: { readonly verdict?: Verdict };
  readonly picture?: PreparedPicture;
}

async function pixelsOf(picture: unknown, read: PictureReader, name: string): Promise<Pixels> {
  const file = read(picture, name);
  if (file !== undefined) {
    const prepared = await file;
    return { pixels: prepared.pixels, prepared, picture: prepared };
  }
  if (
    typeof picture === 'object' &&
    picture !== null &&
    !ArrayBuffer.isView(picture) &&
    !Array.isArray(picture)
  ) {
    if ('pixels' in picture) {
      return { pixels: picture.pixels as ImageInput, prepared: picture as { readonly verdict?: Verdict } };
    }
    if (isRgba(picture)) {
      const prepared = preparePixels(picture);
      return { pixels: prepared.pixels, prepared, picture: prepared };
    }
  }
  return { pixels: picture as ImageInput };
}

function judged(prediction: Prediction, { pixels, prepared, picture }: Pixels): Classification {
  // Raw pixels are judged on the model's answer alone, but a blank input is no garment, whatever the model says.
  const own = prepared?.verdict ?? (isBlank(pixels) ? notSure('all background') : CONFIDENT);
  const verdict = judgePrediction(prediction.probabilities, { ...prepared, verdict: own });
  return picture === undefined ? { ...prediction, verdict } : { ...prediction, verdict, picture };
}

/** Whether every pixel of a 28×28 input is 0. */
function isBlank(pixels: ImageInput): boolean {
  const values = Array.isArray(pixels)
    ? (pixels as ArrayLike<number>[]).flat()
    : (pixels as ArrayLike<number>);
  for (let i = 0; i < values.length; i++) if (values[i] !== 0) return false;
  return true;
}

/** The model `options` ask for: the pretrained one, a saved one, or one from artifacts in memory. */
function loadChosen(
  { model, pretrained }: LoadClassifierOptions,
  loaders: ModelLoaders,
): Promise<ClassifierModel> {
  if (model === undefined) return loaders.pretrained(pretrained ?? 'photos');
  if (typeof model === 'string' || model instanceof URL) return loaders.saved(model);
  return modelFromArtifacts(model, 'the model artifacts given to loadClassifier');
}

/**
 * Starts the backend if needed, loads the model `options` ask for with `loaders` and wraps it as a
 * {@link PictureClassifier} that reads pictures with `read` before the pixels forms all entry points share. Backend
 * options given explicitly always (re)start the backend; otherwise an active backend is kept and WASM starts if
 * none is.
 */
export async function openClassifier<P>(
  options: LoadClassifierOptions,
  loaders: ModelLoaders,
  read: PictureReader,
): Promise<PictureClassifier<ClassifierModel, P>> {
  const explicit =
    options.backend !== undefined || options.wasmPaths !== undefined || options.threads !== undefined;
  const backend = explicit ? await initBackend(options) : await ensureBackend();
  const model = await loadChosen(options, loaders);
  return {
    backend,
    model,
    classify: async (picture) => {
      const input = await pixelsOf(picture, read, 'picture');
      return judged(classify(model, input.pixels), input);
    },
    classifyBatch: async (pictures) => {
      if (!Array.isArray(pictures)) {
        const flat = pictures as Exclude<BatchInput, readonly ImageInput[]>;
        return classifyBatch(model, flat).map((prediction, n) =>
          judged(prediction, { pixels: flat.subarray(n * IMAGE_PIXELS, (n + 1) * IMAGE_PIXELS) }),
        );
      }
      const inputs = await Promise.all(pictures.map((p, n) => pixelsOf(p, read, `picture ${n}`)));
      const predictions = classifyBatch(
        model,
        inputs.map((input) => input.pixels),
      );
      return predictions.map((prediction, n) => judged(prediction, inputs[n] as Pixels));
    },
    dispose: () => model.dispose(),
  };
}
