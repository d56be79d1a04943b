import { InvalidArgumentError } from '@fmnist/errors';
import { describe, expect, it } from '@jest/globals';
import { CountMismatchError, IdxFormatError } from './errors.js';
import { imageAt, splitFromIdx, splitValidation } from './split.js';
import { encodeIdx } from './test/index.js';

const names = { images: 'imgs', labels: 'lbls' };

describe('splitFromIdx', () => {
  it('pairs images with labels', () => {
    const pixels = Uint8Array.from({ length: 2 * 784 }, (_, i) => i % 251);
    const split = splitFromIdx(encodeIdx([2, 28, 28], pixels), encodeIdx([2], Uint8Array.of(3, 9)), names);
    expect(split.count).toBe(2);
    expect(Array.from(split.labels)).toEqual([3, 9]);
    expect(imageAt(split, 1)).toEqual(pixels.subarray(784));
  });

  it('rejects images that are not 28×28', () => {
    const parse = () =>
      splitFromIdx(encodeIdx([1, 32, 32], new Uint8Array(1024)), encodeIdx([1], Uint8Array.of(0)), names);
    expect(parse).toThrow(IdxFormatError);
    expect(parse).toThrow('imgs: images are 32×32, expected 28×28');
  });

  it('rejects a label count that differs from the image count', () => {
    const parse = () =>
      splitFromIdx(
        encodeIdx([2, 28, 28], new Uint8Array(1568)),
        encodeIdx([3], Uint8Array.of(0, 1, 2)),
        names,
      );
    expect(parse).toThrow(CountMismatchError);
    expect(parse).toThrow('lbls: 3 labels for 2 images in imgs');
  });
});

describe('splitValidation', () => {
  it('holds out the last fraction, as Keras does', () => {
    const labels = Uint8Array.from({ length: 10 }, (_, i) => i);
    const { train, validation } = splitValidation({ images: new Uint8Array(7840), labels, count: 10 }, 0.2);
    expect(train.count).toBe(8);
    expect(Array.from(validation.labels)).toEqual([8, 9]);
    expect(validation.images.length).toBe(2 * 784);
  });

  it('rejects a fraction outside [0, 1)', () => {
    expect(() =>
      splitValidation({ images: new Uint8Array(0), labels: new Uint8Array(0), count: 0 }, 1),
    ).toThrow(InvalidArgumentError);
  });
});
