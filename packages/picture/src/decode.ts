/**
 * Decoding picture files in Node: PNG (pngjs: 8/16-bit, palette, gray, alpha) and JPEG (jpeg-js, turned upright by
 * its EXIF orientation), with size limits checked from the headers before anything big is allocated.
 */
import { createRequire } from 'node:module';
import type * as JpegJs from 'jpeg-js';
import type * as PngJs from 'pngjs';
import { PictureError } from './errors.js';
import { jpegOrientation, orient } from './exif.js';
import { checkPictureSize, MAX_PICTURE_PIXELS } from './limits.js';
import type { RgbaPicture } from './pipeline.js';
import { type PictureFormat, sniffFormat } from './sniff.js';

// Required, not imported: importing these CommonJS packages would make Node's ES-module loader detect their format
// and scan them for exports on every start.
// Loaded on the first picture, so that importing this package to classify pixels never pays for them.
const require = createRequire(import.meta.url);
let decoders: { jpeg: typeof JpegJs; PNG: typeof PngJs.PNG } | undefined;
function loadDecoders(): { jpeg: typeof JpegJs; PNG: typeof PngJs.PNG } {
  decoders ??= { jpeg: require('jpeg-js'), PNG: (require('pngjs') as typeof PngJs).PNG };
  return decoders;
}

/** Memory jpeg-js may allocate while decoding, in MB. */
const JPEG_MAX_MEMORY_MB = 512;

/** A decoded picture: 8-bit RGBA, upright, and the format it came in. */
export interface DecodedPicture extends RgbaPicture {
  readonly data: Uint8Array;
  readonly format: PictureFormat;
}

function reason(cause: unknown): string {
  const text = cause instanceof Error ? cause.message : String(cause);
  return text.split('\n')[0] ?? text;
}

/**
 * Decodes PNG or JPEG bytes into upright RGBA. `name` (a file name) is used in error messages.
 *
 * @throws PictureError if the bytes are another format, damaged, or larger than 50 megapixels.
 * @example
 * ```ts
 * const picture = decodePicture(await readFile('shirt.jpg'), 'shirt.jpg'); // { format: 'jpeg', width, height, data }
 * ```
 */
export function decodePicture(bytes: Uint8Array, name: string): DecodedPicture {
  const format = sniffFormat(bytes);
  if (typeof format !== 'string') {
    throw new PictureError(
      name,
      `${format.unsupported}; only PNG and JPEG images are supported, convert it first`,
    );
  }
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return format === 'png' ? decodePng(buffer, name) : decodeJpeg(buffer, name);
}

function decodePng(buffer: Buffer, name: string): DecodedPicture {
  // The IHDR chunk comes first: check the size before pngjs allocates anything.
  if (buffer.length >= 24) {
    const width = buffer.readUInt32BE(16);
    const height = buffer.readUInt32BE(20);
    checkPictureSize(name, width, height);
  }
  try {
    const png = loadDecoders().PNG.sync.read(buffer);
    return { format: 'png', width: png.width, height: png.height, data: png.data };
  } catch (cause) {
    // pngjs says a cut file leaves "read requests waiting on finished stream" (sic): say what it means.
    const why = /read requests waitng|unexpected end/i.test(reason(cause))
      ? 'the file ends early, it is truncated'
      : reason(cause);
    throw new PictureError(name, `not a readable PNG (${why}); re-save it as PNG or JPEG`, { cause });
  }
}

function decodeJpeg(buffer: Buffer, name: string): DecodedPicture {
  // jpeg-js allocates per 8×8 block before decoding: check the frame header first, so a huge image is refused at
  // once instead of after seconds of allocation.
  const frame = jpegFrame(buffer);
  if (frame) {
    checkPictureSize(name, frame.width, frame.height);
    const neededMB = Math.ceil((frame.width * frame.height * (5 * frame.components + 4)) / 2 ** 20);
    if (neededMB > JPEG_MAX_MEMORY_MB) {
      throw new PictureError(
        name,
        `${frame.width}×${frame.height} JPEG is too large to decode (needs about ${neededMB} MB, limit ${JPEG_MAX_MEMORY_MB} MB); scale it down first`,
      );
    }
  }
  let image: { width: number; height: number; data: Uint8Array };
  try {
    image = loadDecoders().jpeg.decode(buffer, {
      useTArray: true,
      formatAsRGBA: true,
      maxResolutionInMP: MAX_PICTURE_PIXELS / 1e6,
      maxMemoryUsageInMB: JPEG_MAX_MEMORY_MB,
    });
  } catch (cause) {
    const why = reason(cause);
    if (/maxResolutionInMP|maxMemoryUsageInMB/.test(why)) {
      throw new PictureError(name, `too large to decode (${why}); scale it down first`, { cause });
    }
    throw new PictureError(name, `not a readable JPEG (${why}); re-save it as PNG or JPEG`, { cause });
  }
  const upright = orient(
    { width: image.width, height: image.height, data: image.data },
    jpegOrientation(buffer),
  );
  return { format: 'jpeg', ...upright };
}

/**
 * Width, height and component count from a JPEG's start-of-frame header, or undefined if none is found. jpeg-js
 * needs about 5 bytes per pixel and component (coefficient blocks and lines) plus 4 for the RGBA output.
 */
export function jpegFrame(
  bytes: Uint8Array,
): { width: number; height: number; components: number } | undefined {
  let offset = 2;
  while (offset + 9 < bytes.length) {
    if (bytes[offset] !== 0xff) return undefined;
    const marker = bytes[offset + 1] as number;
    if (marker === 0xff) {
      offset++;
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      offset += 2;
      continue;
    }
    const length = ((bytes[offset + 2] as number) << 8) | (bytes[offset + 3] as number);
    // SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      const height = ((bytes[offset + 5] as number) << 8) | (bytes[offset + 6] as number);
      const width = ((bytes[offset + 7] as number) << 8) | (bytes[offset + 8] as number);
      return { width, height, components: bytes[offset + 9] as number };
    }
    if (marker === 0xda || marker === 0xd9) return undefined;
    offset += 2 + length;
  }
  return undefined;
}
