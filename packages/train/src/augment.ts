/**
 * Photo-like variants of Fashion-MNIST images, for a model that will see people's photos through `@fmnist/picture`:
 * garments turned a little, sheared, stretched wide (tops laid flat), mirrored, with their shading flattened,
 * inverted or textured, blurred and noisy. Each variant is re-framed the way the picture pipeline frames a garment
 * (longest side 28, centred), so it looks like what that pipeline makes of a photo. Pure functions, seeded: the same
 * seed gives the same variants.
 */
import { IMAGE_HEIGHT, IMAGE_PIXELS, IMAGE_WIDTH, type Split, seededRandom } from '@fmnist/data';

/** How far each change may go. */
const MAX_ROTATION = (15 * Math.PI) / 180;
const MAX_SHEAR = 0.2;
const MIN_STRETCH = 0.8;
const MAX_STRETCH = 1.6;
const MAX_NOISE = 12;

/** A 2×2 linear map, row-major: x' = a·x + b·y, y' = c·x + d·y. */
export type Linear = readonly [number, number, number, number];

/**
 * Applies `map` to a 28×28 image about its garment's centre, then scales the result so its longest side fills the
 * frame and centres it, as the picture pipeline frames a cropped garment. Bilinear sampling.
 */
export function transform(image: Uint8Array, map: Linear): Uint8Array {
  const box = inkBox(image);
  const out = new Uint8Array(IMAGE_PIXELS);
  if (!box) return out;
  const [a, b, c, d] = map;
  const cx = (box.left + box.right) / 2;
  const cy = (box.top + box.bottom) / 2;
  // Where the garment's box corners land: the new box, which is scaled to fill the frame.
  let [minX, maxX, minY, maxY] = [Infinity, -Infinity, Infinity, -Infinity];
  for (const x of [box.left - 0.5, box.right + 0.5]) {
    for (const y of [box.top - 0.5, box.bottom + 0.5]) {
      const tx = a * (x - cx) + b * (y - cy);
      const ty = c * (x - cx) + d * (y - cy);
      [minX, maxX, minY, maxY] = [
        Math.min(minX, tx),
        Math.max(maxX, tx),
        Math.min(minY, ty),
        Math.max(maxY, ty),
      ];
    }
  }
  const fit = Math.min(IMAGE_WIDTH / (maxX - minX), IMAGE_HEIGHT / (maxY - minY));
  const det = a * d - b * c;
  const [ia, ib, ic, id] = [d / det, -b / det, -c / det, a / det];
  const midX = (minX + maxX) / 2;
  const midY = (minY + maxY) / 2;
  for (let y = 0; y < IMAGE_HEIGHT; y++) {
    for (let x = 0; x < IMAGE_WIDTH; x++) {
      // Output pixel centre → the mapped plane → the source.
      const tx = (x + 0.5 - IMAGE_WIDTH / 2) / fit + midX;
      const ty = (y + 0.5 - IMAGE_HEIGHT / 2) / fit + midY;
      out[y * IMAGE_WIDTH + x] = sample(image, ia * tx + ib * ty + cx, ic * tx + id * ty + cy);
    }
  }
  return out;
}

/** The image's value at (x, y) in pixel coordinates (centres at whole numbers), bilinear, 0 outside. */
function sample(image: Uint8Array, x: number, y: number): number {
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const fx = x - x0;
  const fy = y - y0;
  const at = (xx: number, yy: number) =>
    xx < 0 || yy < 0 || xx >= IMAGE_WIDTH || yy >= IMAGE_HEIGHT
      ? 0
      : (image[yy * IMAGE_WIDTH + xx] as number);
  const top = at(x0, y0) * (1 - fx) + at(x0 + 1, y0) * fx;
  const bottom = at(x0, y0 + 1) * (1 - fx) + at(x0 + 1, y0 + 1) * fx;
  return Math.round(top * (1 - fy) + bottom * fy);
}

/** The box of the image's nonzero pixels (inclusive), or undefined for a black image. */
function inkBox(image: Uint8Array): { left: number; right: number; top: number; bottom: number } | undefined {
  let [left, right, top, bottom] = [IMAGE_WIDTH, -1, IMAGE_HEIGHT, -1];
  for (let y = 0; y < IMAGE_HEIGHT; y++) {
    for (let x = 0; x < IMAGE_WIDTH; x++) {
      if (image[y * IMAGE_WIDTH + x] === 0) continue;
      [left, right, top, bottom] = [
        Math.min(left, x),
        Math.max(right, x),
        Math.min(top, y),
        Math.max(bottom, y),
      ];
    }
  }
  return right < 0 ? undefined : { left, right, top, bottom };
}

/** The image mirrored left to right. */
export function mirror(image: Uint8Array): Uint8Array {
  const out = new Uint8Array(IMAGE_PIXELS);
  for (let y = 0; y < IMAGE_HEIGHT; y++)
    for (let x = 0; x < IMAGE_WIDTH; x++)
      out[y * IMAGE_WIDTH + x] = image[y * IMAGE_WIDTH + IMAGE_WIDTH - 1 - x] as number;
  return out;
}

/**
 * The garment's shading changed the way a photo changes it, where the garment is (nonzero): `'flat'` one level (a
 * plain-coloured garment), `'inverted'` light and dark swapped (a light garment on a dark floor), `'textured'`
 * multiplied by a random weave. Then stretched back to a top of 255, as the pipeline stretches.
 */
export function reshade(
  image: Uint8Array,
  kind: 'flat' | 'inverted' | 'textured',
  next: () => number,
): Uint8Array {
  const out = new Uint8Array(IMAGE_PIXELS);
  let sum = 0;
  let count = 0;
  for (const v of image) if (v > 0) [sum, count] = [sum + v, count + 1];
  const level = count > 0 ? sum / count : 0;
  let top = 0;
  const shaded = new Float32Array(IMAGE_PIXELS);
  for (let i = 0; i < IMAGE_PIXELS; i++) {
    const v = image[i] as number;
    if (v === 0) continue;
    shaded[i] = kind === 'flat' ? level : kind === 'inverted' ? 256 - v : v * (0.6 + 0.8 * next());
    top = Math.max(top, shaded[i] as number);
  }
  for (let i = 0; i < IMAGE_PIXELS; i++)
    out[i] = top > 0 ? Math.round(((shaded[i] as number) * 255) / top) : 0;
  return out;
}

/** A 3×3 Gaussian blur (σ 1), the frame's outside counted as 0 as in the pipeline's output. */
export function blur(image: Uint8Array): Uint8Array {
  const w = (d: number) => (d === 0 ? 1 : Math.exp(-0.5));
  const total = (1 + 2 * Math.exp(-0.5)) ** 2;
  const out = new Uint8Array(IMAGE_PIXELS);
  for (let y = 0; y < IMAGE_HEIGHT; y++) {
    for (let x = 0; x < IMAGE_WIDTH; x++) {
      let sum = 0;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const [xx, yy] = [x + dx, y + dy];
          if (xx < 0 || yy < 0 || xx >= IMAGE_WIDTH || yy >= IMAGE_HEIGHT) continue;
          sum += w(dx) * w(dy) * (image[yy * IMAGE_WIDTH + xx] as number);
        }
      }
      out[y * IMAGE_WIDTH + x] = Math.round(sum / total);
    }
  }
  return out;
}

/** One photo-like variant of `image`, drawn with `next`. */
export function photoVariant(image: Uint8Array, next: () => number): Uint8Array {
  const angle = (2 * next() - 1) * MAX_ROTATION;
  const shear = (2 * next() - 1) * MAX_SHEAR;
  const stretch = MIN_STRETCH + (MAX_STRETCH - MIN_STRETCH) * next() ** 2;
  const [cos, sin] = [Math.cos(angle), Math.sin(angle)];
  // Stretch the width, shear, then rotate: R · H · S.
  const h: Linear = [stretch, shear, 0, 1];
  const map: Linear = [
    cos * h[0] - sin * h[2],
    cos * h[1] - sin * h[3],
    sin * h[0] + cos * h[2],
    sin * h[1] + cos * h[3],
  ];
  let out = transform(next() < 0.5 ? mirror(image) : image, map);
  const shading = next();
  if (shading < 0.2) out = reshade(out, 'flat', next);
  else if (shading < 0.35) out = reshade(out, 'inverted', next);
  else if (shading < 0.5) out = reshade(out, 'textured', next);
  if (next() < 0.3) out = blur(out);
  const noise = MAX_NOISE * next();
  for (let i = 0; i < IMAGE_PIXELS; i++) {
    if (out[i] === 0) continue;
    // Box–Muller: a normal deviate from two uniforms.
    const gauss = Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
    out[i] = Math.min(255, Math.max(1, Math.round((out[i] as number) + noise * gauss)));
  }
  return out;
}

/**
 * `split` with `copies` photo-like variants of every image appended (labels kept), seeded by `seed`.
 *
 * @example
 * ```ts
 * const augmented = withPhotoVariants(data.train, { copies: 1, seed: 1 }); // 120,000 images
 * ```
 */
export function withPhotoVariants(split: Split, { copies, seed }: { copies: number; seed: number }): Split {
  const count = split.count * (1 + copies);
  const images = new Uint8Array(count * IMAGE_PIXELS);
  const labels = new Uint8Array(count);
  images.set(split.images);
  labels.set(split.labels);
  const next = seededRandom(seed);
  for (let copy = 1; copy <= copies; copy++) {
    for (let i = 0; i < split.count; i++) {
      const at = copy * split.count + i;
      images.set(
        photoVariant(split.images.subarray(i * IMAGE_PIXELS, (i + 1) * IMAGE_PIXELS), next),
        at * IMAGE_PIXELS,
      );
      labels[at] = split.labels[i] as number;
    }
  }
  return { images, labels, count };
}

/** The splits one after the other, as one. */
export function concatSplits(...splits: readonly Split[]): Split {
  const count = splits.reduce((sum, s) => sum + s.count, 0);
  const images = new Uint8Array(count * IMAGE_PIXELS);
  const labels = new Uint8Array(count);
  let at = 0;
  for (const s of splits) {
    images.set(s.images.subarray(0, s.count * IMAGE_PIXELS), at * IMAGE_PIXELS);
    labels.set(s.labels.subarray(0, s.count), at);
    at += s.count;
  }
  return { images, labels, count };
}
