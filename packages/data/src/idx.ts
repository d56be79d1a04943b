import { IdxFormatError } from './errors.js';

const UNSIGNED_BYTE = 0x08;

/** The content of an IDX file of unsigned bytes: its dimensions and a view of its data (no copy). */
export interface IdxArray {
  readonly dims: readonly number[];
  readonly data: Uint8Array;
}

/**
 * Parses an IDX file of unsigned bytes (the format of MNIST and Fashion-MNIST).
 *
 * Checks the magic number, the data type (0x08), the rank and the exact length; `data` is a view into `bytes`.
 * `file` names the file in error messages.
 *
 * @example
 * ```ts
 * const { dims, data } = parseIdx(bytes, { file: 'train-images-idx3-ubyte', rank: 3 });
 * // dims: [60000, 28, 28], data.length: 47040000
 * ```
 */
export function parseIdx(bytes: Uint8Array, { file, rank }: { file: string; rank: number }): IdxArray {
  const fail = (found: string): never => {
    throw new IdxFormatError(
      `${file}: not a valid IDX file (${found}); re-download it or point to a good copy`,
    );
  };
  if (bytes.length < 4) fail(`${bytes.length} bytes, shorter than the 4-byte header`);
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    fail(`magic starts 0x${hex(bytes[0])}${hex(bytes[1])}, expected 0x0000`);
  }
  if (bytes[2] !== UNSIGNED_BYTE) fail(`data type 0x${hex(bytes[2])}, expected 0x08 (unsigned byte)`);
  if (bytes[3] !== rank) fail(`rank ${bytes[3]}, expected ${rank}`);
  const headerLength = 4 + 4 * rank;
  if (bytes.length < headerLength)
    fail(`${bytes.length} bytes, shorter than the ${headerLength}-byte header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  for (let axis = 0; axis < rank; axis++) dims.push(view.getUint32(4 + 4 * axis));
  const expectedLength = headerLength + dims.reduce((size, dim) => size * dim, 1);
  if (bytes.length !== expectedLength) {
    fail(`${bytes.length} bytes, expected ${expectedLength} for dimensions ${dims.join('×')}`);
  }
  return { dims, data: bytes.subarray(headerLength) };
}

function hex(byte: number | undefined): string {
  return (byte ?? 0).toString(16).padStart(2, '0');
}
