// A seeded corpus of photo-like pictures made from Fashion-MNIST test images, one kind per way people show the model
// their own garments. Each picture is encoded as the file a user would have (PNG or JPEG bytes); nothing is stored.
// Callers pass a seeded `random` (@fmnist/data/test's seededRandom), so the corpus is the same everywhere.
//   import { corpusKinds, makePicture } from './picture-corpus.js';
//   makePicture('catalog', test, 17, random) → { name, bytes }
import { encodeJpegWithOrientation } from '@fmnist/picture/test';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';

const between = (random, lo, hi) => lo + (hi - lo) * random();
const luma = ([r, g, b]) => 0.299 * r + 0.587 * g + 0.114 * b;

/** Test image `index`'s ink (0–1) at a point of its 28×28 square, by bilinear interpolation; 0 outside. */
function inkAt(pixels, u, v) {
  const x = u - 0.5;
  const y = v - 0.5;
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const at = (xx, yy) => (xx < 0 || yy < 0 || xx > 27 || yy > 27 ? 0 : pixels[yy * 28 + xx] / 255);
  const fx = x - x0;
  const fy = y - y0;
  return (
    (1 - fy) * ((1 - fx) * at(x0, y0) + fx * at(x0 + 1, y0)) +
    fy * ((1 - fx) * at(x0, y0 + 1) + fx * at(x0 + 1, y0 + 1))
  );
}

/**
 * Paints the garment: a `width × height` RGBA frame of `background`, the 28×28 image scaled to `side` pixels with its
 * top-left corner at (`left`, `top`), coloured `garment` in proportion to its ink (or, with `alpha`, as opacity).
 */
function paint({ pixels, width, height, side, left, top, background, garment, alpha = false }) {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const u = ((x + 0.5 - left) * 28) / side;
      const v = ((y + 0.5 - top) * 28) / side;
      const ink = u < 0 || v < 0 || u > 28 || v > 28 ? 0 : inkAt(pixels, u, v);
      const o = (y * width + x) * 4;
      for (let c = 0; c < 3; c++)
        data[o + c] = alpha ? garment[c] : background[c] + ink * (garment[c] - background[c]);
      data[o + 3] = alpha ? Math.round(255 * ink) : 255;
    }
  }
  return { data, width, height };
}

function addNoise(image, sigma, random) {
  for (let i = 0; i < image.data.length; i++) {
    if (i % 4 === 3) continue;
    // Box–Muller.
    const n = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    image.data[i] = Math.max(0, Math.min(255, image.data[i] + sigma * n));
  }
  return image;
}

const png = (image) =>
  new Uint8Array(
    PNG.sync.write(
      Object.assign(new PNG({ width: image.width, height: image.height }), { data: Buffer.from(image.data) }),
    ),
  );
const phoneJpeg = (image) => encodeJpegWithOrientation(image.width, image.height, image.data, 6);
const jpg = (image, quality) => new Uint8Array(jpeg.encode(image, quality).data);
const nearWhite = (random) => [0, 1, 2].map(() => Math.round(between(random, 238, 255)));

/** A random colour at least `apart` gray levels lighter or darker than `other`. */
function contrasting(random, other, apart) {
  for (;;) {
    const colour = [0, 1, 2].map(() => Math.round(between(random, 0, 255)));
    if (Math.abs(luma(colour) - luma(other)) >= apart) return colour;
  }
}

/** A catalog photo: the garment, dark on near-white, filling a portrait frame (the dataset's 51×73 thumbnails). */
function catalog(pixels, random) {
  const side = Math.round(between(random, 150, 300));
  const width = Math.round(side * between(random, 1.0, 1.15));
  const height = Math.round(side * between(random, 1.3, 1.5));
  const background = nearWhite(random);
  const garment = [0, 1, 2].map(() => Math.round(between(random, 0, 40)));
  return paint({
    pixels,
    width,
    height,
    side,
    left: (width - side) / 2,
    top: (height - side) / 2,
    background,
    garment,
  });
}

/** Rotates RGBA 90° counter-clockwise: what a phone stores for an upright photo with EXIF orientation 6. */
function rotateCounterClockwise({ data, width, height }) {
  const out = new Uint8Array(data.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++)
      out.set(
        data.subarray((y * width + x) * 4, (y * width + x) * 4 + 4),
        ((width - 1 - x) * height + y) * 4,
      );
  }
  return { data: out, width: height, height: width };
}

/** Each kind: how to make one picture of test image `pixels`, with a file extension. */
const KINDS = {
  /** The test image itself as a 28×28 PNG: the pipeline must leave the dataset alone. */
  'dataset 28×28': (pixels) => ({
    ext: 'png',
    bytes: png(
      paint({
        pixels,
        width: 28,
        height: 28,
        side: 28,
        left: 0,
        top: 0,
        background: [0, 0, 0],
        garment: [255, 255, 255],
      }),
    ),
  }),
  'catalog photo': (pixels, random) => ({ ext: 'png', bytes: png(catalog(pixels, random)) }),
  'coloured background': (pixels, random) => {
    const background = [0, 1, 2].map(() => Math.round(between(random, 0, 255)));
    const garment = contrasting(random, background, 90);
    const side = Math.round(between(random, 120, 260));
    const width = Math.round(side * between(random, 1.05, 1.6));
    const height = Math.round(side * between(random, 1.05, 1.6));
    const left = between(random, 0.1, 0.9) * (width - side);
    const top = between(random, 0.1, 0.9) * (height - side);
    return { ext: 'png', bytes: png(paint({ pixels, width, height, side, left, top, background, garment })) };
  },
  'small, off-centre': (pixels, random) => {
    const width = Math.round(between(random, 600, 900));
    const height = Math.round(width * between(random, 0.6, 1.4));
    const side = Math.round(Math.min(width, height) * between(random, 0.25, 0.45));
    const left = between(random, 0.02, 0.98) * (width - side);
    const top = between(random, 0.02, 0.98) * (height - side);
    const garment = [0, 1, 2].map(() => Math.round(between(random, 0, 60)));
    return {
      ext: 'png',
      bytes: png(paint({ pixels, width, height, side, left, top, background: nearWhite(random), garment })),
    };
  },
  'noisy JPEG': (pixels, random) => ({
    ext: 'jpg',
    bytes: jpg(
      addNoise(catalog(pixels, random), between(random, 3, 10), random),
      Math.round(between(random, 35, 75)),
    ),
  }),
  'phone JPEG, EXIF-rotated': (pixels, random) => ({
    ext: 'jpg',
    bytes: phoneJpeg(rotateCounterClockwise(catalog(pixels, random))),
  }),
  'small drawing on black': (pixels, random) => {
    const side = Math.round(between(random, 90, 170));
    const left = between(random, 0, 280 - side);
    const top = between(random, 0, 280 - side);
    return {
      ext: 'png',
      bytes: png(
        paint({
          pixels,
          width: 280,
          height: 280,
          side,
          left,
          top,
          background: [0, 0, 0],
          garment: [255, 255, 255],
        }),
      ),
    };
  },
  'transparent PNG': (pixels, random) => {
    const side = Math.round(between(random, 150, 300));
    const size = Math.round(side * between(random, 1.0, 1.3));
    const garment = [0, 1, 2].map(() => Math.round(between(random, 0, 80)));
    return {
      ext: 'png',
      bytes: png(
        paint({
          pixels,
          width: size,
          height: size,
          side,
          left: (size - side) / 2,
          top: (size - side) / 2,
          background: garment,
          garment,
          alpha: true,
        }),
      ),
    };
  },
};

/** The kinds of picture in the corpus, in report order. */
export const corpusKinds = Object.keys(KINDS);

/** One picture of test image `index` (28×28 pixels `pixels`) of `kind`: its file name and bytes. */
export function makePicture(kind, pixels, index, random) {
  const { ext, bytes } = KINDS[kind](pixels, random);
  return {
    name: `${kind.replace(/[^a-z0-9]+/gi, '-').replace(/-$/, '')}-${index}.${ext}`.toLowerCase(),
    bytes,
  };
}
