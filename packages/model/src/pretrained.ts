/**
 * Where the pretrained model files are. Written as `new URL('…', import.meta.url)` literals so that Node resolves
 * them to `file:` URLs inside the package and bundlers such as Vite emit them as assets with served URLs. Each
 * file has its own literal: a bundler may rename `weights.bin`, so it cannot be found relative to `model.json`.
 */

/** URL of the pretrained `model.json`. */
export const PRETRAINED_MODEL_URL: URL = new URL('../pretrained/model.json', import.meta.url);

/** URL of the pretrained `weights.bin`. */
export const PRETRAINED_WEIGHTS_URL: URL = new URL('../pretrained/weights.bin', import.meta.url);
