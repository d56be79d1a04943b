/**
 * Turning pictures into Fashion-MNIST inputs: 28×28 grayscale, 0–255, light object on a dark background.
 * Pure functions on pixel arrays (no DOM), so that they run under jest in Node.
 */

export const MNIST_SIZE = 28;

/** A grayscale picture: one value 0–255 per pixel, row-major. */
export interface GrayImage {
  readonly data: Float32Array;
  readonly width: number;
  readonly height: number;
}

/** RGBA bytes (canvas `ImageData`) to grayscale with Rec. 601 luma; transparent pixels count as `background`. */
export function toGray(rgba: ArrayLike<number>, width: number, height: number, background = 255): GrayImage {
  if (rgba.length !== width * height * 4) {
    throw new RangeError(
      `expected ${width}×${height}×4 = ${width * height * 4} RGBA bytes, got ${rgba.length}`,
    );
  }
  const data = new Float32Array(width * height);
  for (let i = 0; i < data.length; i++) {
    const r = rgba[4 * i] as number;
    const g = rgba[4 * i + 1] as number;
    const b = rgba[4 * i + 2] as number;
    const alpha = (rgba[4 * i + 3] as number) / 255;
    const luma = 0.299 * r + 0.587 * g + 0.114 * b;
    data[i] = alpha * luma + (1 - alpha) * background;
  }
  return { data, width, height };
}

/**
 * Brightness of the background: the median of the pixels on the picture's outer frame (a band `band` pixels
 * wide). The median ignores an object that touches the edge, where a mean would be pulled towards it.
 */
export function borderLevel(image: GrayImage, band = 1): number {
  const { data, width, height } = image;
  const b = Math.max(1, Math.min(band, Math.floor(width / 2) || 1, Math.floor(height / 2) || 1));
  const values: number[] = [];
  for (let y = 0; y < height; y++) {
    const edgeRow = y < b || y >= height - b;
    for (let x = 0; x < width; x++) {
      if (edgeRow || x < b || x >= width - b) values.push(data[y * width + x] as number);
    }
  }
  if (values.length === 0) return 0;
  values.sort((p, q) => p - q);
  const middle = values.length >> 1;
  return values.length % 2
    ? (values[middle] as number)
    : ((values[middle - 1] as number) + (values[middle] as number)) / 2;
}

/** Pads the picture to a square (centred), filling with `fill`, so that resizing keeps its proportions. */
export function padToSquare(image: GrayImage, fill: number): GrayImage {
  const { width, height } = image;
  if (width === height) return image;
  const size = Math.max(width, height);
  const data = new Float32Array(size * size).fill(fill);
  const left = Math.floor((size - width) / 2);
  const top = Math.floor((size - height) / 2);
  for (let y = 0; y < height; y++) {
    data.set(image.data.subarray(y * width, (y + 1) * width), (top + y) * size + left);
  }
  return { data, width: size, height: size };
}

/**
 * Resizes by area averaging: every output pixel is the mean of the input area it covers, with fractional
 * coverage at the edges, so that shrinking any size (280 → 28, 1000 → 28, 37 → 28) neither aliases nor drops pixels.
 */
export function resizeArea(image: GrayImage, outWidth: number, outHeight: number): GrayImage {
  const { data, width, height } = image;
  const out = new Float32Array(outWidth * outHeight);
  const sx = width / outWidth;
  const sy = height / outHeight;
  for (let oy = 0; oy < outHeight; oy++) {
    const y0 = oy * sy;
    const y1 = y0 + sy;
    for (let ox = 0; ox < outWidth; ox++) {
      const x0 = ox * sx;
      const x1 = x0 + sx;
      let sum = 0;
      for (let y = Math.floor(y0); y < Math.min(Math.ceil(y1), height); y++) {
        const wy = Math.min(y + 1, y1) - Math.max(y, y0);
        if (wy <= 0) continue;
        for (let x = Math.floor(x0); x < Math.min(Math.ceil(x1), width); x++) {
          const wx = Math.min(x + 1, x1) - Math.max(x, x0);
          if (wx > 0) sum += wx * wy * (data[y * width + x] as number);
        }
      }
      out[oy * outWidth + ox] = sum / (sx * sy);
    }
  }
  return { data: out, width: outWidth, height: outHeight };
}

export interface ToMnistOptions {
  /**
   * `'auto'` (default) inverts when the background (the picture's border) is light, as in a photo of a garment
   * on a white table; Fashion-MNIST has light garments on black.
   */
  readonly invert?: 'auto' | boolean;
}

/** What {@link toMnist} made of a picture. */
export interface MnistImage {
  /** 784 pixels 0–255, row-major, light object on dark background. */
  readonly pixels: Uint8Array;
  /** Whether the picture was inverted. */
  readonly inverted: boolean;
}

/**
 * A picture (RGBA bytes, as from a canvas) as a Fashion-MNIST input: grayscale, inverted if its background is
 * light, padded to a square with its background, and area-averaged down to 28×28.
 */
export function toMnist(
  rgba: ArrayLike<number>,
  width: number,
  height: number,
  options: ToMnistOptions = {},
): MnistImage {
  if (!(width >= 1 && height >= 1)) throw new RangeError(`image is ${width}×${height}; it must not be empty`);
  const gray = toGray(rgba, width, height);
  const background = borderLevel(gray, Math.max(1, Math.round(Math.min(width, height) / 28)));
  const inverted =
    options.invert === 'auto' || options.invert === undefined ? background > 127.5 : options.invert;
  if (inverted) for (let i = 0; i < gray.data.length; i++) gray.data[i] = 255 - (gray.data[i] as number);
  const square = padToSquare(gray, inverted ? 255 - background : background);
  const small = resizeArea(square, MNIST_SIZE, MNIST_SIZE);
  const pixels = new Uint8Array(MNIST_SIZE * MNIST_SIZE);
  for (let i = 0; i < pixels.length; i++)
    pixels[i] = Math.min(255, Math.max(0, Math.round(small.data[i] as number)));
  return { pixels, inverted };
}
