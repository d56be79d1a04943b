/**
 * Turns a user's PNG or JPEG into a Fashion-MNIST-like 28×28 image: decode (alpha composited over white), grayscale
 * (luma), pad to a square with the background colour, resize by area averaging, and invert when the background is
 * light (Fashion-MNIST shows light garments on a black background).
 */
import { readFile } from 'node:fs/promises';
import { IMAGE_HEIGHT, IMAGE_PIXELS, IMAGE_WIDTH } from '@fmnist/data';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { CliError } from './errors.js';

/** Largest image decoded, in pixels (~ 8000 × 6000): bigger files are refused before any big allocation. */
export const MAX_IMAGE_PIXELS = 50_000_000;
/** Memory jpeg-js may allocate while decoding, in MB. */
const JPEG_MAX_MEMORY_MB = 512;

export type ImageFormat = 'png' | 'jpeg';

/** A decoded image: 8-bit RGBA, row-major. */
export interface DecodedImage {
  readonly format: ImageFormat;
  readonly width: number;
  readonly height: number;
  readonly rgba: Uint8Array;
}

/** A user's image made ready for the classifier. */
export interface PreparedImage {
  readonly format: ImageFormat;
  readonly width: number;
  readonly height: number;
  /** 784 pixels, 0–255, light garment on dark background. */
  readonly pixels: Uint8Array;
  /** Mean gray level (0–255) of the border pixels of the original, the background colour. */
  readonly background: number;
  /** Whether the image was inverted (its background was light). */
  readonly inverted: boolean;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

/** The format of `bytes` by magic number: PNG, JPEG, or a description of what else it is. */
export function sniffFormat(bytes: Uint8Array): ImageFormat | { unsupported: string } {
  if (bytes.length === 0) return { unsupported: 'an empty file' };
  if (startsWith(bytes, PNG_SIGNATURE)) return 'png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  const ascii = String.fromCharCode(...bytes.subarray(0, 16));
  if (ascii.startsWith('GIF8')) return { unsupported: 'a GIF image' };
  if (ascii.startsWith('BM')) return { unsupported: 'a BMP image' };
  if (ascii.startsWith('RIFF') && ascii.slice(8, 12) === 'WEBP') return { unsupported: 'a WebP image' };
  if (ascii.startsWith('II*\0') || ascii.startsWith('MM\0*')) return { unsupported: 'a TIFF image' };
  if (ascii.slice(4, 12) === 'ftypavif' || ascii.slice(4, 12) === 'ftypheic')
    return { unsupported: 'an AVIF/HEIC image' };
  if (/^\s*</.test(ascii)) return { unsupported: 'text (SVG or HTML?)' };
  return { unsupported: 'not a PNG or JPEG file' };
}

function tooLarge(name: string, width: number, height: number): CliError {
  return new CliError(
    `${name}: ${width}×${height} pixels is too large (limit ${MAX_IMAGE_PIXELS / 1e6} megapixels); scale it down first`,
  );
}

/** Decodes PNG (8/16-bit, palette, gray, alpha) or JPEG bytes into RGBA. `name` is used in error messages. */
export function decodeImage(bytes: Uint8Array, name: string): DecodedImage {
  const format = sniffFormat(bytes);
  if (typeof format !== 'string') {
    throw new CliError(
      `${name}: ${format.unsupported}; only PNG and JPEG images are supported, convert it first`,
    );
  }
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (format === 'png') {
    // The IHDR chunk comes first: check the size before pngjs allocates anything.
    if (buffer.length >= 24) {
      const width = buffer.readUInt32BE(16);
      const height = buffer.readUInt32BE(20);
      if (width * height > MAX_IMAGE_PIXELS) throw tooLarge(name, width, height);
    }
    try {
      const png = PNG.sync.read(buffer);
      return { format, width: png.width, height: png.height, rgba: png.data };
    } catch (cause) {
      // pngjs says a cut file leaves "read requests waiting on finished stream" (sic): say what it means.
      const why = /read requests waitng|unexpected end/i.test(reason(cause))
        ? 'the file ends early, it is truncated'
        : reason(cause);
      throw new CliError(`${name}: not a readable PNG (${why}); re-save it as PNG or JPEG`, {
        cause,
      });
    }
  }
  // jpeg-js allocates per 8×8 block before decoding: check the frame header first, so a huge image is refused at
  // once instead of after seconds of allocation.
  const frame = jpegFrame(buffer);
  if (frame) {
    if (frame.width * frame.height > MAX_IMAGE_PIXELS) throw tooLarge(name, frame.width, frame.height);
    const neededMB = Math.ceil((frame.width * frame.height * (5 * frame.components + 4)) / 2 ** 20);
    if (neededMB > JPEG_MAX_MEMORY_MB) {
      throw new CliError(
        `${name}: ${frame.width}×${frame.height} JPEG is too large to decode (needs about ${neededMB} MB, limit ${JPEG_MAX_MEMORY_MB} MB); scale it down first`,
      );
    }
  }
  try {
    const image = jpeg.decode(buffer, {
      useTArray: true,
      formatAsRGBA: true,
      maxResolutionInMP: MAX_IMAGE_PIXELS / 1e6,
      maxMemoryUsageInMB: JPEG_MAX_MEMORY_MB,
    });
    return { format, width: image.width, height: image.height, rgba: image.data };
  } catch (cause) {
    const why = reason(cause);
    if (/maxResolutionInMP|maxMemoryUsageInMB/.test(why)) {
      throw new CliError(`${name}: too large to decode (${why}); scale it down first`, { cause });
    }
    throw new CliError(`${name}: not a readable JPEG (${why}); re-save it as PNG or JPEG`, { cause });
  }
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

function reason(cause: unknown): string {
  const text = cause instanceof Error ? cause.message : String(cause);
  return text.split('\n')[0] ?? text;
}

/** Gray level (Rec. 601 luma, as PIL's `L`) of RGBA pixel `i`, alpha composited over white. */
function grayAt(rgba: Uint8Array, i: number): number {
  const o = i * 4;
  const luma =
    0.299 * (rgba[o] as number) + 0.587 * (rgba[o + 1] as number) + 0.114 * (rgba[o + 2] as number);
  const alpha = (rgba[o + 3] as number) / 255;
  return luma * alpha + 255 * (1 - alpha);
}

/** Mean gray level of the outermost ring of pixels. */
export function borderMean(image: DecodedImage): number {
  const { width, height, rgba } = image;
  let sum = 0;
  let count = 0;
  const add = (x: number, y: number) => {
    sum += grayAt(rgba, y * width + x);
    count++;
  };
  for (let x = 0; x < width; x++) {
    add(x, 0);
    if (height > 1) add(x, height - 1);
  }
  for (let y = 1; y < height - 1; y++) {
    add(0, y);
    if (width > 1) add(width - 1, y);
  }
  return count === 0 ? 0 : sum / count;
}

/** One output cell's share of the source pixels along one axis: pixel indices, overlaps, and the padding's share. */
interface AxisCell {
  readonly first: number;
  readonly weights: Float64Array;
  readonly padding: number;
}

/**
 * Area weights for resizing `length` source pixels, centred in a padded span of `side`, to `cells` cells. Each cell
 * covers `side / cells` source units; padding outside the image counts as background.
 */
function axisCells(length: number, side: number, cells: number): AxisCell[] {
  const offset = (side - length) / 2;
  const step = side / cells;
  return Array.from({ length: cells }, (_, i) => {
    const start = i * step - offset;
    const end = (i + 1) * step - offset;
    const first = Math.max(0, Math.floor(start));
    const last = Math.min(length - 1, Math.ceil(end) - 1);
    const weights = new Float64Array(Math.max(0, last - first + 1));
    let covered = 0;
    for (let k = first; k <= last; k++) {
      const overlap = Math.min(end, k + 1) - Math.max(start, k);
      weights[k - first] = Math.max(0, overlap);
      covered += Math.max(0, overlap);
    }
    return { first, weights, padding: Math.max(0, step - covered) };
  });
}

/**
 * Grayscale, pad to square with `background`, and resize to 28×28 by area averaging. Returns gray levels 0–255
 * (not yet inverted). Works in two separable passes, so memory is O(height × 28) beyond the decoded image.
 */
export function toSquareGray(image: DecodedImage, background: number): Float64Array {
  const { width, height, rgba } = image;
  const side = Math.max(width, height);
  const columns = axisCells(width, side, IMAGE_WIDTH);
  const rows = axisCells(height, side, IMAGE_HEIGHT);
  const cellArea = side / IMAGE_WIDTH;
  // Horizontal pass: every source row → 28 column averages.
  const across = new Float64Array(height * IMAGE_WIDTH);
  for (let y = 0; y < height; y++) {
    for (let c = 0; c < IMAGE_WIDTH; c++) {
      const cell = columns[c] as AxisCell;
      let sum = cell.padding * background;
      for (let k = 0; k < cell.weights.length; k++) {
        sum += (cell.weights[k] as number) * grayAt(rgba, y * width + cell.first + k);
      }
      across[y * IMAGE_WIDTH + c] = sum / cellArea;
    }
  }
  // Vertical pass.
  const out = new Float64Array(IMAGE_PIXELS);
  for (let r = 0; r < IMAGE_HEIGHT; r++) {
    const cell = rows[r] as AxisCell;
    for (let c = 0; c < IMAGE_WIDTH; c++) {
      let sum = cell.padding * background;
      for (let k = 0; k < cell.weights.length; k++) {
        sum += (cell.weights[k] as number) * (across[(cell.first + k) * IMAGE_WIDTH + c] as number);
      }
      out[r * IMAGE_WIDTH + c] = sum / cellArea;
    }
  }
  return out;
}

/** Makes a decoded image look like a Fashion-MNIST one (see the module comment). */
export function prepareImage(image: DecodedImage): PreparedImage {
  if (image.width < 1 || image.height < 1) throw new CliError('image has no pixels');
  const background = borderMean(image);
  const inverted = background > 127.5;
  const gray = toSquareGray(image, background);
  const pixels = new Uint8Array(IMAGE_PIXELS);
  for (let i = 0; i < IMAGE_PIXELS; i++) {
    const v = gray[i] as number;
    pixels[i] = Math.round(Math.min(255, Math.max(0, inverted ? 255 - v : v)));
  }
  return { format: image.format, width: image.width, height: image.height, pixels, background, inverted };
}

/** Reads, decodes and prepares the image file at `path`. */
export async function loadImageFile(path: string): Promise<PreparedImage> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : reason(cause);
    throw new CliError(`${path}: ${why}; pass the path of a PNG or JPEG image`, { cause });
  }
  return prepareImage(decodeImage(bytes, path));
}
