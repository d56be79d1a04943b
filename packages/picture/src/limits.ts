import { PictureError } from './errors.js';

/** Largest picture read, in pixels (~ 8000 × 6000): bigger ones are refused before any big allocation. */
export const MAX_PICTURE_PIXELS = 50_000_000;

/** Throws a {@link PictureError} naming `name` if a `width × height` picture is empty or too large to read. */
export function checkPictureSize(name: string, width: number, height: number): void {
  if (!(width >= 1 && height >= 1)) throw new PictureError(name, 'has no pixels; choose another picture');
  if (width * height > MAX_PICTURE_PIXELS) {
    throw new PictureError(
      name,
      `${width}×${height} pixels is too large (limit ${MAX_PICTURE_PIXELS / 1e6} megapixels); scale it down first`,
    );
  }
}
