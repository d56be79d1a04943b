/**
 * EXIF orientation of phone JPEGs: cameras store the sensor's pixels as they come and a tag (1–8) saying how to turn
 * them upright. Browsers apply it when they decode; jpeg-js does not, so Node applies it here.
 */

/** The EXIF orientation (1–8) in a JPEG's APP1 segment, or 1 (upright) if there is none. */
export function jpegOrientation(bytes: Uint8Array): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 2;
  while (offset + 4 <= bytes.length && bytes[offset] === 0xff) {
    const marker = bytes[offset + 1] as number;
    if (marker === 0xda || marker === 0xd9) return 1;
    const length = view.getUint16(offset + 2);
    const exif = offset + 4;
    if (marker === 0xe1 && exif + 14 <= bytes.length && view.getUint32(exif) === 0x45786966) {
      return tiffOrientation(view, exif + 6, Math.min(bytes.length, offset + 2 + length));
    }
    offset += 2 + length;
  }
  return 1;
}

/** The orientation tag (0x0112) of the first IFD of the TIFF structure at `tiff`, or 1. */
function tiffOrientation(view: DataView, tiff: number, end: number): number {
  const little = view.getUint16(tiff) === 0x4949;
  const ifd = tiff + view.getUint32(tiff + 4, little);
  if (ifd + 2 > end) return 1;
  const entries = view.getUint16(ifd, little);
  for (let n = 0; n < entries; n++) {
    const entry = ifd + 2 + n * 12;
    if (entry + 12 > end) return 1;
    if (view.getUint16(entry, little) === 0x0112) {
      const value = view.getUint16(entry + 8, little);
      return value >= 1 && value <= 8 ? value : 1;
    }
  }
  return 1;
}

/**
 * Turns RGBA pixels stored with EXIF `orientation` upright. Orientations 5–8 swap width and height.
 *
 * @example
 * ```ts
 * const upright = orient({ data, width: 4032, height: 3024 }, 6); // a phone held upright: 3024 × 4032
 * ```
 */
export function orient<T extends { data: Uint8Array; width: number; height: number }>(
  image: T,
  orientation: number,
): T {
  if (orientation <= 1 || orientation > 8) return image;
  const { data, width, height } = image;
  const swap = orientation >= 5;
  const outWidth = swap ? height : width;
  const outHeight = swap ? width : height;
  // Where upright pixel (x, y) is stored, per the EXIF specification's eight cases.
  const stored: (x: number, y: number) => number = {
    2: (x: number, y: number) => y * width + (width - 1 - x),
    3: (x: number, y: number) => (height - 1 - y) * width + (width - 1 - x),
    4: (x: number, y: number) => (height - 1 - y) * width + x,
    5: (x: number, y: number) => x * width + y,
    6: (x: number, y: number) => (height - 1 - x) * width + y,
    7: (x: number, y: number) => (height - 1 - x) * width + (width - 1 - y),
    8: (x: number, y: number) => x * width + (width - 1 - y),
  }[orientation] as (x: number, y: number) => number;
  const out = new Uint8Array(data.length);
  for (let y = 0; y < outHeight; y++) {
    for (let x = 0; x < outWidth; x++) {
      const from = stored(x, y) * 4;
      out.set(data.subarray(from, from + 4), (y * outWidth + x) * 4);
    }
  }
  return { ...image, data: out, width: outWidth, height: outHeight };
}
