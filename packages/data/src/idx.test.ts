import { describe, expect, it } from '@jest/globals';
import { IdxFormatError } from './errors.js';
import { parseIdx } from './idx.js';

const header = (bytes: number[]) => Uint8Array.from(bytes);

describe('parseIdx', () => {
  it('reads dimensions big-endian and returns the data as a view without copying', () => {
    const file = header([0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 3, 10, 20, 30, 40, 50, 60]);
    const { dims, data } = parseIdx(file, { file: 'x', rank: 3 });
    expect(dims).toEqual([2, 1, 3]);
    expect(Array.from(data)).toEqual([10, 20, 30, 40, 50, 60]);
    expect(data.buffer).toBe(file.buffer);
    expect(data.byteOffset).toBe(16);
  });

  it('reads a large dimension as unsigned', () => {
    const file = header([0, 0, 8, 1, 0, 0, 1, 0, ...new Array(256).fill(7)]);
    expect(parseIdx(file, { file: 'x', rank: 1 }).dims).toEqual([256]);
  });

  it.each([
    ['an empty file', [], /0 bytes, shorter than the 4-byte header/],
    ['a wrong magic', [8, 3, 0, 0], /magic starts 0x0803, expected 0x0000/],
    ['a float data type', [0, 0, 0x0d, 1, 0, 0, 0, 1, 0, 0, 0, 0], /data type 0x0d, expected 0x08/],
    ['a wrong rank', [0, 0, 8, 3, 0, 0, 0, 1], /rank 3, expected 1/],
    ['a truncated header', [0, 0, 8, 1, 0, 0], /6 bytes, shorter than the 8-byte header/],
    ['missing data', [0, 0, 8, 1, 0, 0, 0, 3, 1, 2], /10 bytes, expected 11 for dimensions 3/],
    ['trailing data', [0, 0, 8, 1, 0, 0, 0, 1, 1, 2], /10 bytes, expected 9 for dimensions 1/],
  ])('rejects %s with a message naming the file', (_, bytes, message) => {
    const parse = () => parseIdx(header(bytes), { file: 'labels.idx', rank: 1 });
    expect(parse).toThrow(IdxFormatError);
    expect(parse).toThrow(message);
    expect(parse).toThrow(/^labels\.idx: /);
  });
});
