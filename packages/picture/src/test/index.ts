/**
 * Fixtures for tests of picture handling, here and in other packages: pictures drawn in code, encoded as PNG (also
 * byte by byte, for the formats pngjs cannot write) or JPEG (with an EXIF orientation). Node only.
 *
 * @example
 * ```ts
 * import { encodePng, trouser } from '@fmnist/picture/test';
 * await writeFile('trouser.png', encodePng(60, 90, trouser()));
 * ```
 */
import { crc32, deflateSync } from 'node:zlib';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';

/** An RGBA image of `width`×`height` filled by `paint(x, y)` → [r, g, b, a]. */
export function rgbaImage(
  width: number,
  height: number,
  paint: (x: number, y: number) => number[],
): Uint8Array {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) data.set(paint(x, y), (y * width + x) * 4);
  }
  return data;
}

/** A dark trouser-like shape (waistband and two legs) on white, `width`×`height`. */
export function trouser(width = 60, height = 90): Uint8Array {
  return rgbaImage(width, height, (x, y) => {
    const u = x / width;
    const v = y / height;
    const waist = v > 0.05 && v < 0.2 && u > 0.25 && u < 0.75;
    const legs = v >= 0.2 && v < 0.95 && ((u > 0.25 && u < 0.45) || (u > 0.55 && u < 0.75));
    return waist || legs ? [40, 40, 60, 255] : [255, 255, 255, 255];
  });
}

export function encodePng(width: number, height: number, rgba: Uint8Array): Uint8Array {
  const png = new PNG({ width, height });
  png.data = Buffer.from(rgba);
  return PNG.sync.write(png);
}

export function encodeJpeg(width: number, height: number, rgba: Uint8Array): Uint8Array {
  return jpeg.encode({ data: Buffer.from(rgba), width, height }, 95).data;
}

/**
 * A PNG written byte by byte (pngjs cannot write palette images): `colorType` 0 gray, 2 RGB, 3 palette, 4 gray+alpha,
 * 6 RGBA; `samples` are the channel values row by row (palette indices for type 3), each stored in `bitDepth` bits
 * (8 or 16). `palette` is RGB triples, `transparency` the alpha of each palette entry (a tRNS chunk).
 */
export function rawPng(options: {
  width: number;
  height: number;
  colorType: 0 | 2 | 3 | 4 | 6;
  bitDepth: 8 | 16;
  samples: ArrayLike<number>;
  palette?: number[][];
  transparency?: number[];
}): Uint8Array {
  const { width, height, colorType, bitDepth, samples } = options;
  const channels = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }[colorType];
  const bytesPerSample = bitDepth / 8;
  const stride = width * channels * bytesPerSample;
  const raw = Buffer.alloc(height * (1 + stride));
  for (let y = 0; y < height; y++) {
    for (let i = 0; i < width * channels; i++) {
      const value = samples[y * width * channels + i] as number;
      const at = y * (1 + stride) + 1 + i * bytesPerSample;
      if (bitDepth === 16) raw.writeUInt16BE(value, at);
      else raw[at] = value;
    }
  }
  const chunk = (type: string, data: Uint8Array) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'ascii');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
    return Buffer.concat([head, data, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([bitDepth, colorType, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    ...(options.palette ? [chunk('PLTE', Buffer.from(options.palette.flat()))] : []),
    ...(options.transparency ? [chunk('tRNS', Buffer.from(options.transparency))] : []),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A JPEG of `rgba` stored as a phone does, with an EXIF APP1 segment giving its `orientation` (1–8). */
export function encodeJpegWithOrientation(
  width: number,
  height: number,
  rgba: Uint8Array,
  orientation: number,
): Uint8Array {
  const tiff = [
    0x4d,
    0x4d,
    0,
    42,
    0,
    0,
    0,
    8,
    0,
    1,
    0x01,
    0x12,
    0,
    3,
    0,
    0,
    0,
    1,
    0,
    orientation,
    0,
    0,
    0,
    0,
    0,
    0,
  ];
  const payload = [0x45, 0x78, 0x69, 0x66, 0, 0, ...tiff];
  const length = payload.length + 2;
  const plain = encodeJpeg(width, height, rgba);
  return new Uint8Array([
    0xff,
    0xd8,
    0xff,
    0xe1,
    length >> 8,
    length & 0xff,
    ...payload,
    ...plain.subarray(2),
  ]);
}
