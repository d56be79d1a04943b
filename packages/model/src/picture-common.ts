// What both entry points of `@fmnist/model/picture` (Node and browser) export besides reading pictures.
export { PictureError } from './errors.js';
export {
  CONFIDENCE_FLOOR,
  judgePrediction,
  type NotSure,
  type NotSureReason,
  type Verdict,
} from './not-sure.js';
export { MAX_PICTURE_PIXELS } from './picture-limits.js';
export { type CropBox, type PreparedPicture, preparePixels, type RgbaPicture } from './picture-pipeline.js';
