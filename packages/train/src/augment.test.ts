import { IMAGE_PIXELS, seededRandom as random } from '@fmnist/data';
import { describe, expect, it } from '@jest/globals';
import {
  blur,
  concatSplits,
  mirror,
  photoVariant,
  reshade,
  transform,
  withPhotoVariants,
} from './augment.js';

/** A 28×28 image whose ink reaches all four edges (so re-framing keeps its scale), with no symmetry. */
function fullFrame(): Uint8Array {
  const image = new Uint8Array(IMAGE_PIXELS);
  for (let i = 0; i < IMAGE_PIXELS; i++) image[i] = 1 + ((i * 37) % 200);
  return image;
}

/** The image turned half a turn, computed directly: pixel (x, y) ← (27 − x, 27 − y). */
function halfTurn(image: Uint8Array): Uint8Array {
  return Uint8Array.from({ length: IMAGE_PIXELS }, (_, i) => image[IMAGE_PIXELS - 1 - i] as number);
}

describe('transform', () => {
  it('leaves a full-frame image as it is under the identity', () => {
    const image = fullFrame();
    expect(transform(image, [1, 0, 0, 1])).toEqual(image);
  });

  it('turns a full-frame image half a turn as indexing it backwards does', () => {
    const image = fullFrame();
    expect(transform(image, [-1, 0, 0, -1])).toEqual(halfTurn(image));
  });

  it('re-frames a shrunken garment to fill the frame, as the picture pipeline does', () => {
    const small = new Uint8Array(IMAGE_PIXELS);
    for (let y = 10; y < 18; y++) for (let x = 12; x < 16; x++) small[y * 28 + x] = 200;
    const framed = transform(small, [1, 0, 0, 1]);
    const rows = Array.from({ length: 28 }, (_, y) =>
      framed.subarray(y * 28, y * 28 + 28).some((v) => v > 0),
    );
    expect(rows.every(Boolean)).toBe(true); // 8 tall → 28 tall
  });
});

describe('the simple changes', () => {
  it('mirror twice is the identity, and mirror reverses each row', () => {
    const image = fullFrame();
    expect(mirror(mirror(image))).toEqual(image);
    expect(mirror(image)[0]).toBe(image[27]);
  });

  it('reshade keeps the garment where it was and stretches it to a top of 255', () => {
    const image = new Uint8Array(IMAGE_PIXELS);
    image[100] = 50;
    image[101] = 100;
    const flat = reshade(image, 'flat', random(1));
    expect([flat[100], flat[101], flat[0]]).toEqual([255, 255, 0]);
    const inverted = reshade(image, 'inverted', random(1));
    expect([inverted[100], inverted[101]]).toEqual([255, Math.round((156 / 206) * 255)]);
  });

  it('blur spreads a point by the 3×3 Gaussian (σ 1)', () => {
    const image = new Uint8Array(IMAGE_PIXELS);
    image[14 * 28 + 14] = 255;
    const blurred = blur(image);
    const total = (1 + 2 * Math.exp(-0.5)) ** 2;
    expect(blurred[14 * 28 + 14]).toBe(Math.round(255 / total));
    expect(blurred[14 * 28 + 15]).toBe(Math.round((255 * Math.exp(-0.5)) / total));
  });
});

describe('withPhotoVariants', () => {
  const split = concatSplits(
    { images: fullFrame(), labels: Uint8Array.of(3), count: 1 },
    { images: halfTurn(fullFrame()), labels: Uint8Array.of(7), count: 1 },
  );

  it('appends variants with their labels, the same for the same seed', () => {
    const a = withPhotoVariants(split, { copies: 2, seed: 5 });
    expect(a.count).toBe(6);
    expect(Array.from(a.labels)).toEqual([3, 7, 3, 7, 3, 7]);
    expect(a.images.subarray(0, 2 * IMAGE_PIXELS)).toEqual(split.images);
    expect(withPhotoVariants(split, { copies: 2, seed: 5 }).images).toEqual(a.images);
    expect(withPhotoVariants(split, { copies: 2, seed: 6 }).images).not.toEqual(a.images);
  });

  it('makes variants that differ from the image and keep a garment in frame', () => {
    const variant = photoVariant(fullFrame(), random(3));
    expect(variant).not.toEqual(fullFrame());
    expect(variant.some((v) => v > 0)).toBe(true);
  });
});
