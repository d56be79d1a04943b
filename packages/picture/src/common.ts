// What both entry points of `@fmnist/picture` (Node and browser) export besides reading pictures.

export type { Cutout } from './cutout.js';
export { PictureError } from './errors.js';
export { MAX_PICTURE_PIXELS } from './limits.js';
export { type CropBox, type PreparedPicture, preparePixels, type RgbaPicture } from './pipeline.js';
export {
  CONFIDENCE_FLOOR,
  CONFIDENT,
  judgePrediction,
  type NotSure,
  type NotSureReason,
  notSure,
  PHOTO_CONFIDENCE_FLOOR,
  type Verdict,
} from './verdict.js';
