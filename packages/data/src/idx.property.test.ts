import { gzipSync } from 'node:zlib';
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { FashionMnistDataError, IdxFormatError } from './errors.js';
import { parseIdx } from './idx.js';
import { nodeCodec } from './node-codec.js';
import { decodeFile } from './remote.js';
import { splitFromIdx } from './split.js';
import { encodeIdx } from './test/index.js';

/** Runs `f`; returns 'ok' or the error, failing the property if it is not one of our data errors. */
function outcome(f: () => unknown): 'ok' | FashionMnistDataError {
  try {
    f();
    return 'ok';
  } catch (error) {
    if (!(error instanceof FashionMnistDataError)) throw error;
    expect(error.message).not.toContain('\n');
    return error;
  }
}

/** Bytes that look like an IDX file often: a plausible header, random dimensions, data of about the right length. */
const idxLike = fc
  .record({
    magic: fc.constantFrom([0, 0], [0, 1], [8, 0]),
    type: fc.constantFrom(8, 9, 0x0d),
    rank: fc.integer({ min: 0, max: 4 }),
    dims: fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 4 }),
    slack: fc.integer({ min: -3, max: 3 }),
  })
  .map(({ magic, type, rank, dims, slack }) => {
    const header = [...magic, type, rank];
    const size = Math.max(0, dims.reduce((a, b) => a * b, 1) + slack);
    const bytes = new Uint8Array(4 + 4 * dims.length + size);
    bytes.set(header);
    const view = new DataView(bytes.buffer);
    dims.forEach((dim, axis) => {
      view.setUint32(4 + 4 * axis, dim);
    });
    return bytes;
  });
const anyBytes = fc.oneof(fc.uint8Array({ maxLength: 200 }), idxLike);

describe('parseIdx on arbitrary bytes', () => {
  it('returns consistent data or throws IdxFormatError, nothing else', () => {
    fc.assert(
      fc.property(anyBytes, fc.integer({ min: 0, max: 4 }), (bytes, rank) => {
        const result = outcome(() => parseIdx(bytes, { file: 'f.idx', rank }));
        if (result === 'ok') {
          const { dims, data } = parseIdx(bytes, { file: 'f.idx', rank });
          expect(dims).toHaveLength(rank);
          expect(data.length).toBe(dims.reduce((a, b) => a * b, 1));
          expect(data.length + 4 + 4 * rank).toBe(bytes.length);
        } else {
          expect(result).toBeInstanceOf(IdxFormatError);
          expect(result.message).toMatch(/^f\.idx: not a valid IDX file \(.+\); re-download it/);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('reads back whatever encodeIdx wrote', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 1, maxLength: 3 }), (dims) => {
        const data = Uint8Array.from({ length: dims.reduce((a, b) => a * b, 1) }, (_, i) => i % 251);
        const parsed = parseIdx(encodeIdx(dims, data), { file: 'x', rank: dims.length });
        expect(parsed.dims).toEqual(dims);
        expect(Array.from(parsed.data)).toEqual(Array.from(data));
      }),
    );
  });
});

describe('splitFromIdx and decoding on arbitrary bytes', () => {
  it('splitFromIdx gives a consistent split or one of our errors', () => {
    const images = fc.oneof(
      anyBytes,
      fc.integer({ min: 0, max: 3 }).map((n) => encodeIdx([n, 28, 28], new Uint8Array(n * 784))),
    );
    const labels = fc.oneof(
      anyBytes,
      fc.integer({ min: 0, max: 3 }).map((n) => encodeIdx([n], new Uint8Array(n))),
    );
    fc.assert(
      fc.property(images, labels, (imageBytes, labelBytes) => {
        const names = { images: 'i', labels: 'l' };
        if (outcome(() => splitFromIdx(imageBytes, labelBytes, names)) === 'ok') {
          const split = splitFromIdx(imageBytes, labelBytes, names);
          expect(split.images.length).toBe(split.count * 784);
          expect(split.labels.length).toBe(split.count);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('decoding arbitrary (possibly gzipped, possibly damaged) bytes throws only our errors', async () => {
    const gz = fc.oneof(
      fc.uint8Array({ maxLength: 100 }),
      fc.uint8Array({ maxLength: 100 }).map((b) => new Uint8Array(gzipSync(b))),
      fc
        .tuple(fc.uint8Array({ minLength: 1, maxLength: 100 }), fc.nat(), fc.integer({ min: 0, max: 255 }))
        .map(([b, at, value]) => {
          const zipped = new Uint8Array(gzipSync(b));
          zipped[at % zipped.length] = value; // damaged
          return zipped.subarray(0, zipped.length - (at % 3)); // and maybe cut
        }),
    );
    await fc.assert(
      fc.asyncProperty(gz, fc.boolean(), async (raw, verify) => {
        try {
          const content = await decodeFile('trainLabels', raw, 'l.gz', verify, nodeCodec);
          outcome(() => parseIdx(content, { file: 'l', rank: 1 }));
        } catch (error) {
          expect(error).toBeInstanceOf(FashionMnistDataError);
        }
      }),
      { numRuns: 500 },
    );
  });
});
