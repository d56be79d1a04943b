/**
 * `@fmnist/picture` (Node): your own picture → the model's 28×28 input, the way Fashion-MNIST was made, and
 * "not sure" as an answer. No tfjs here; pass the result's `pixels` to `classify`. Bundlers pick
 * `picture-browser.ts` through the `"browser"` export condition (same pipeline, browser picture types).
 *
 * @example
 * ```ts
 * import { classify, loadPretrained } from '@fmnist/model';
 * import { judgePrediction, preparePicture } from '@fmnist/picture';
 * const picture = await preparePicture('shirt.jpg');
 * const prediction = classify(await loadPretrained(), picture.pixels);
 * console.log(prediction.className, judgePrediction(prediction.probabilities, picture));
 * ```
 */
import { readFile } from 'node:fs/promises';
import { decodePicture } from './decode.js';
import { PictureError } from './errors.js';
import { type PreparedPicture, preparePixels } from './pipeline.js';
import type { PictureFormat } from './sniff.js';

export * from './common.js';
export { type DecodedPicture, decodePicture } from './decode.js';
export { type PictureFormat, sniffFormat } from './sniff.js';

/** A prepared picture read from a file or bytes, with the file's format. */
export interface PreparedFile extends PreparedPicture {
  readonly format: PictureFormat;
}

/**
 * Reads a picture (a file path, or the bytes of a PNG or JPEG; or already decoded RGBA) and makes the model's 28×28
 * input from it: see {@link preparePixels}. `name` names bytes in error messages.
 *
 * @throws PictureError if the file cannot be read or is not a readable PNG or JPEG.
 * @example
 * ```ts
 * const { pixels, inverted, crop, verdict } = await preparePicture('photos/shirt.jpg');
 * ```
 */
export async function preparePicture(
  source: string | Uint8Array,
  name = typeof source === 'string' ? source : 'picture',
): Promise<PreparedFile> {
  const decoded = decodePicture(typeof source === 'string' ? await readPicture(source) : source, name);
  return { ...preparePixels(decoded), format: decoded.format };
}

async function readPicture(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'is a directory'
          : ((cause as Error).message.split('\n')[0] ?? String(cause));
    throw new PictureError(path, `${why}; pass the path of a PNG or JPEG image`, { cause });
  }
}
