/**
 * Where the pretrained model files are. Written as `new URL('…', import.meta.url)` literals so that Node resolves
 * them to `file:` URLs inside the package and bundlers such as Vite emit them as assets with served URLs. Each
 * file has its own literal: a bundler may rename `weights.bin`, so it cannot be found relative to `model.json`.
 */

/** URL of the pretrained `model.json`. */
export const PRETRAINED_MODEL_URL: URL = new URL('../pretrained/model.json', import.meta.url);

/** URL of the pretrained `weights.bin`. */
export const PRETRAINED_WEIGHTS_URL: URL = new URL('../pretrained/weights.bin', import.meta.url);

/** URL of the photo model's `model.json`: the same network, trained for people's photos too (see MODEL_CARD.md). */
export const PHOTO_MODEL_URL: URL = new URL('../pretrained-photos/model.json', import.meta.url);

/** URL of the photo model's `weights.bin`. */
export const PHOTO_WEIGHTS_URL: URL = new URL('../pretrained-photos/weights.bin', import.meta.url);

/**
 * Which shipped model: `'tutorial'`, the Keras tutorial's recipe on Fashion-MNIST alone (test accuracy 0.8848), or
 * `'photos'`, trained also on photo-like variants and real photos of clothes, for people's own pictures.
 */
export type PretrainedKind = 'tutorial' | 'photos';

/** The `model.json` and `weights.bin` URLs of a shipped model. */
export function pretrainedUrls(kind: PretrainedKind): { model: URL; weights: URL } {
  return kind === 'photos'
    ? { model: PHOTO_MODEL_URL, weights: PHOTO_WEIGHTS_URL }
    : { model: PRETRAINED_MODEL_URL, weights: PRETRAINED_WEIGHTS_URL };
}
