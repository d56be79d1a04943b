// Telling picture files apart by their first bytes: no decoder loaded, so the classifier can ask cheaply.

/** The file formats read in Node. */
export type PictureFormat = 'png' | 'jpeg';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

/** The format of `bytes` by magic number: PNG, JPEG, or a description of what else it is. */
export function sniffFormat(bytes: Uint8Array): PictureFormat | { unsupported: string } {
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
