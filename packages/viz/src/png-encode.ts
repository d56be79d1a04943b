// A minimal PNG writer that runs in browsers as well as Node (no zlib): palette images, stored (uncompressed)
// deflate blocks. A 28×28 image is about 1.6 kB, small enough to embed in an SVG as a data URI.

const PNG_SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
const COLOR_TYPE_PALETTE = 3;
const MAX_STORED_BLOCK = 0xffff;

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (CRC_TABLE[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (const byte of bytes) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

function uint32(value: number): Uint8Array {
  return Uint8Array.of(value >>> 24, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff);
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const result = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    result.set(part, offset);
    offset += part.length;
  }
  return result;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const typeAndData = concat([Uint8Array.from(type, (char) => char.charCodeAt(0)), data]);
  return concat([uint32(data.length), typeAndData, uint32(crc32(typeAndData))]);
}

function zlibStored(raw: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [Uint8Array.of(0x78, 0x01)];
  let start = 0;
  do {
    const block = raw.subarray(start, start + MAX_STORED_BLOCK);
    start += block.length;
    const isLast = start >= raw.length ? 1 : 0;
    const length = block.length;
    parts.push(
      Uint8Array.of(isLast, length & 0xff, length >>> 8, ~length & 0xff, (~length >>> 8) & 0xff),
      block,
    );
  } while (start < raw.length);
  parts.push(uint32(adler32(raw)));
  return concat(parts);
}

/**
 * Encodes a palette PNG: pixel `i` (row-major) shows colour `palette[indices[i]]`, with `palette` given as r, g, b
 * bytes per entry.
 */
export function encodePalettePng(
  width: number,
  height: number,
  indices: Uint8Array,
  palette: Uint8Array,
): Uint8Array {
  const raw = new Uint8Array(height * (width + 1));
  for (let row = 0; row < height; row++) {
    // Each scanline starts with its filter type; 0 means the bytes follow unfiltered.
    raw.set(indices.subarray(row * width, (row + 1) * width), row * (width + 1) + 1);
  }
  const bitDepthColorTypeAndDefaults = Uint8Array.of(8, COLOR_TYPE_PALETTE, 0, 0, 0);
  return concat([
    PNG_SIGNATURE,
    chunk('IHDR', concat([uint32(width), uint32(height), bitDepthColorTypeAndDefaults])),
    chunk('PLTE', palette),
    chunk('IDAT', zlibStored(raw)),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Standard base64 with padding; written out because `btoa` and `Buffer` are each missing somewhere. */
export function toBase64(bytes: Uint8Array): string {
  let result = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const [a = 0, b = 0, c = 0] = [bytes[i], bytes[i + 1], bytes[i + 2]];
    const triple = (a << 16) | (b << 8) | c;
    const available = Math.min(3, bytes.length - i);
    for (let k = 0; k < 4; k++) {
      result += k <= available ? BASE64_ALPHABET[(triple >>> (18 - 6 * k)) & 63] : '=';
    }
  }
  return result;
}
