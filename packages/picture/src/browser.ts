/**
 * `@fmnist/picture` (browser): your own picture → the model's 28×28 input, the way Fashion-MNIST was made, and
 * "not sure" as an answer. The same pipeline as in Node; the browser decodes (and turns phone photos upright).
 *
 * @example
 * ```ts
 * import { classify } from '@fmnist/model';
 * import { judgePrediction, preparePicture } from '@fmnist/picture';
 * const picture = await preparePicture(input.files[0]);
 * const prediction = classify(model, picture.pixels);
 * const verdict = judgePrediction(prediction.probabilities, picture); // { confident: false, reason: 'a dot', … }
 * ```
 */
import { PictureError } from './errors.js';
import { checkPictureSize } from './limits.js';
import { type PreparedPicture, preparePixels, type RgbaPicture } from './pipeline.js';

export * from './common.js';

/** The pictures a page has. */
export type BrowserPicture =
  | RgbaPicture
  | ImageData
  | HTMLImageElement
  | HTMLCanvasElement
  | OffscreenCanvas
  | ImageBitmap
  | Blob;

/**
 * Reads the RGBA pixels of a picture at its natural size. Files are decoded without colour-space conversion or
 * premultiplied alpha, and turned upright by their EXIF orientation, so a PNG gives the bytes Node's decoder gives.
 *
 * @throws PictureError if a file is not an image the browser can decode, or is larger than 50 megapixels.
 */
export async function readPixels(source: BrowserPicture, name = 'picture'): Promise<RgbaPicture> {
  if ('data' in source && 'width' in source) return source;
  if (source instanceof Blob) {
    const fileName = 'name' in source && typeof source.name === 'string' ? source.name : name;
    if (source.type && !source.type.startsWith('image/')) {
      throw new PictureError(
        fileName,
        `is not an image (${source.type}); choose a PNG, JPEG, GIF or WebP picture`,
      );
    }
    let bitmap: ImageBitmap;
    try {
      bitmap = await createImageBitmap(source, {
        colorSpaceConversion: 'none',
        premultiplyAlpha: 'none',
        imageOrientation: 'from-image',
      });
    } catch (cause) {
      throw new PictureError(
        fileName,
        'could not be read as an image; choose a PNG, JPEG, GIF or WebP picture',
        {
          cause,
        },
      );
    }
    try {
      return draw(bitmap, bitmap.width, bitmap.height, fileName);
    } finally {
      bitmap.close();
    }
  }
  const width = 'naturalWidth' in source ? source.naturalWidth : source.width;
  const height = 'naturalHeight' in source ? source.naturalHeight : source.height;
  return draw(source, width, height, name);
}

function draw(source: CanvasImageSource, width: number, height: number, name: string): RgbaPicture {
  checkPictureSize(name, width, height);
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
  context.drawImage(source, 0, 0);
  return context.getImageData(0, 0, width, height);
}

/**
 * Makes the model's 28×28 input from a picture on the page (see {@link preparePixels}): an `ImageData`, an image,
 * a canvas, an `ImageBitmap`, or a `Blob`/`File` the browser can decode.
 *
 * @throws PictureError if a file cannot be decoded or is too large.
 */
export async function preparePicture(source: BrowserPicture, name?: string): Promise<PreparedPicture> {
  return preparePixels(await readPixels(source, name));
}
