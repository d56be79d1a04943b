/**
 * Area-average resizing of interleaved float planes, separable (rows, then columns), so a 50-megapixel photo is
 * reduced without a full-size copy: every output pixel is the mean of the input area it covers, with fractional
 * coverage at its edges. Shrinking by any factor neither aliases nor skips pixels; enlarging blends neighbours at
 * cell boundaries.
 */

/** The source pixels one output cell covers along one axis, and the share of the cell each one fills. */
interface Span {
  readonly first: number;
  readonly weights: Float32Array;
}

function spans(from: number, to: number): Span[] {
  const step = from / to;
  return Array.from({ length: to }, (_, i) => {
    const start = i * step;
    const end = (i + 1) * step;
    const first = Math.min(from - 1, Math.floor(start));
    const last = Math.max(first, Math.min(from - 1, Math.ceil(end) - 1));
    const weights = new Float32Array(last - first + 1);
    for (let k = first; k <= last; k++)
      weights[k - first] = (Math.min(end, k + 1) - Math.max(start, k)) / step;
    return { first, weights };
  });
}

/** A picture to resize, read one row at a time: `row(y, out)` writes row `y`'s `width × channels` values. */
export interface RowSource {
  readonly width: number;
  readonly height: number;
  readonly channels: number;
  row(y: number, out: Float32Array): void;
}

/** A resized picture: `width × height × channels` floats, row-major, channels interleaved. */
export interface Plane {
  readonly data: Float32Array;
  readonly width: number;
  readonly height: number;
  readonly channels: number;
}

/** Resizes `source` to `width × height` by area averaging. */
export function resizeArea(source: RowSource, width: number, height: number): Plane {
  const { channels } = source;
  const columns = spans(source.width, width);
  const rows = spans(source.height, height);
  const line = new Float32Array(source.width * channels);
  const across = new Float32Array(source.height * width * channels);
  for (let y = 0; y < source.height; y++) {
    source.row(y, line);
    for (let x = 0; x < width; x++) {
      const { first, weights } = columns[x] as Span;
      for (let c = 0; c < channels; c++) {
        let sum = 0;
        for (let k = 0; k < weights.length; k++)
          sum += (weights[k] as number) * (line[(first + k) * channels + c] as number);
        across[(y * width + x) * channels + c] = sum;
      }
    }
  }
  const data = new Float32Array(width * height * channels);
  const stride = width * channels;
  for (let y = 0; y < height; y++) {
    const { first, weights } = rows[y] as Span;
    for (let i = 0; i < stride; i++) {
      let sum = 0;
      for (let k = 0; k < weights.length; k++)
        sum += (weights[k] as number) * (across[(first + k) * stride + i] as number);
      data[y * stride + i] = sum;
    }
  }
  return { data, width, height, channels };
}

/** A plane (or a rectangle of it) as a {@link RowSource}. */
export function planeRows(
  plane: Plane,
  box: { x: number; y: number; width: number; height: number } = { x: 0, y: 0, ...plane },
): RowSource {
  const { channels } = plane;
  return {
    width: box.width,
    height: box.height,
    channels,
    row: (y, out) => {
      const start = ((box.y + y) * plane.width + box.x) * channels;
      out.set(plane.data.subarray(start, start + box.width * channels));
    },
  };
}
