/**
 * A picture → the model's 28×28 input, the way Fashion-MNIST was made from Zalando's catalog photos (Xiao, Rasul &
 * Vollgraf 2017, §2): trim the edges close to the corner colour (5% of the largest RGB distance), resize the longest
 * edge to 28, sharpen (Gaussian, radius 1, σ 1), centre on the short edge, negate, 8-bit gray. Around that, what
 * catalog photos never had: transparency (composited over a matte that contrasts with the picture), big photos
 * (area-averaged to a working size first), backgrounds that are not white (light or dark decided from the
 * corners, their level subtracted, the garment's range stretched to 0–255 as in the dataset), and noise (the trim
 * threshold rises with the corners' spread). Drawings (light strokes on black) go the same way: cropped to their
 * box, longest edge scaled to fill, centred. Pure functions on RGBA bytes: no tfjs, no DOM.
 */
import { IMAGE_HEIGHT, IMAGE_PIXELS, IMAGE_WIDTH } from '@fmnist/data';
import { type Cutout, cutOut } from './cutout.js';
import { type Plane, planeRows, resizeArea } from './resize.js';
import { CONFIDENT, type NotSureReason, notSure, type Verdict } from './verdict.js';

/** A picture as 8-bit RGBA, row-major (a canvas's `ImageData` is one). */
export interface RgbaPicture {
  readonly data: Uint8Array | Uint8ClampedArray;
  readonly width: number;
  readonly height: number;
}

/** A rectangle of the picture, in its pixels. */
export interface CropBox {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** The model's input made from a picture, and what was done to make it. */
export interface PreparedPicture {
  /** 784 pixels 0–255, row-major: a light garment on black, as in the dataset. */
  readonly pixels: Uint8Array;
  /** The picture's size. */
  readonly width: number;
  readonly height: number;
  /** The part of the picture kept (the garment's box), or null if nothing stood out from the background. */
  readonly crop: CropBox | null;
  /** Whether the background was light, so the picture was negated. */
  readonly inverted: boolean;
  /** Gray level (Rec. 601 luma, 0–255) of the background, subtracted from the picture. */
  readonly background: number;
  /** "Not sure" when the picture holds no garment-sized shape; see {@link Verdict}. */
  readonly verdict: Verdict;
  /** For a photo, the garment mask it was cut out with ({@link Cutout}); absent for drawings and plain backdrops. */
  readonly cutout?: Cutout;
}

/** Longest side the picture is area-averaged down to before anything else: 8× the output, plenty to trim at. */
const WORKING_SIDE = 8 * IMAGE_WIDTH;
const MAX_RGB_DISTANCE = 255 * Math.sqrt(3);
/** The paper's trim threshold: 5% of the largest RGB distance. */
const TRIM_DISTANCE = 0.05 * MAX_RGB_DISTANCE;
/**
 * Corners whose pixels stray further than this from their median colour (the median distance: a garment reaching
 * into one corner does not move it) are noise or texture, not a backdrop.
 */
const NOISE_LIMIT = 0.1 * MAX_RGB_DISTANCE;
/** How many times the backdrop's typical deviation a pixel must stray to stand out, when that beats the paper's 5%. */
const NOISE_MARGIN = 3;
/** A shape whose box's longest side is under this share of the picture's is a dot. */
const DOT_SHARE = 0.1;
/** A shape covering less than this share of the picture leaves it nearly empty. */
const EMPTY_SHARE = 0.005;
/** A row or column belongs to the garment when at least this share of its pixels stands out (one, at least). */
const LINE_SHARE = 0.01;
/** Pictures smaller than this on their longest side are drawings or dataset images, never photos to cut out. */
const PHOTO_SIDE = 128;
/** Corners that stray less than this (RGB distance, median) from their colour are a flat backdrop: no mask needed. */
const FLAT_SPREAD = 4;
/** A mask touching this many sides of the frame is a garment cut off by it, or a backdrop taken for one. */
const RUNS_OFF_EDGES = 3;
/** Every Fashion-MNIST top is 28 tall and at most about 21 wide: wider garments (tops laid flat) are narrowed to this. */
const TOP_WIDTH_CAP = 0.8;
/** Sharpen only what was shrunk by more than this: sharpening restores the edges that averaging blurs. */
const SHARPEN_ABOVE = 1.5;

const luma = (r: number, g: number, b: number) => 0.299 * r + 0.587 * g + 0.114 * b;
// Math.hypot is several times slower in V8, and this runs for every pixel.
const distance = (dr: number, dg: number, db: number) => Math.sqrt(dr * dr + dg * dg + db * db);

/**
 * The colour transparent pixels are shown on: black if the visible pixels are mostly light (a drawing in white
 * strokes), white otherwise (a cut-out product photo), so the garment always stands out from it.
 */
function matteFor({ data }: RgbaPicture): number {
  let weight = 0;
  let sum = 0;
  for (let i = 0; i < data.length; i += 4) {
    const alpha = data[i + 3] as number;
    weight += alpha;
    sum += alpha * luma(data[i] as number, data[i + 1] as number, data[i + 2] as number);
  }
  return weight > 0 && sum / weight > 127.5 ? 0 : 255;
}

/** The picture, alpha composited over its matte, as RGB floats at most {@link WORKING_SIDE} on its longest side. */
function workingPlane(picture: RgbaPicture): Plane {
  const { data, width, height } = picture;
  const matte = matteFor(picture);
  const scale = Math.min(1, WORKING_SIDE / Math.max(width, height));
  return resizeArea(
    {
      width,
      height,
      channels: 3,
      row: (y, out) => {
        for (let x = 0; x < width; x++) {
          const o = (y * width + x) * 4;
          const alpha = (data[o + 3] as number) / 255;
          for (let c = 0; c < 3; c++) out[x * 3 + c] = alpha * (data[o + c] as number) + (1 - alpha) * matte;
        }
      },
    },
    Math.max(1, Math.round(width * scale)),
    Math.max(1, Math.round(height * scale)),
  );
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}

/** Indices of the pixels in the four corner squares (each 1/14 of the short side). */
function cornerIndices(width: number, height: number): number[] {
  const side = Math.max(1, Math.round(Math.min(width, height) / 14));
  const indices = new Set<number>();
  for (let dy = 0; dy < side; dy++) {
    for (let dx = 0; dx < side; dx++) {
      for (const y of [dy, height - 1 - dy]) for (const x of [dx, width - 1 - dx]) indices.add(y * width + x);
    }
  }
  return [...indices];
}

/** The backdrop: the corners' median colour, and how far corner pixels typically (median) stray from it. */
function backdrop(plane: Plane): { rgb: [number, number, number]; spread: number } {
  const corners = cornerIndices(plane.width, plane.height);
  const { data } = plane;
  const rgb = [0, 1, 2].map((c) =>
    quantile(
      corners.map((i) => data[i * 3 + c] as number),
      0.5,
    ),
  ) as [number, number, number];
  const spread = quantile(
    corners.map((i) =>
      distance(
        (data[i * 3] as number) - rgb[0],
        (data[i * 3 + 1] as number) - rgb[1],
        (data[i * 3 + 2] as number) - rgb[2],
      ),
    ),
    0.5,
  );
  return { rgb, spread };
}

/**
 * How much each pixel differs from the backdrop (the larger of the gray-level difference and half the colour
 * distance, so a garment as bright as a coloured backdrop still shows), and the box of the rows and columns that
 * stand out by more than `threshold`.
 */
function separate(plane: Plane, rgb: readonly number[], threshold: number) {
  const { data, width, height } = plane;
  const level = luma(rgb[0] as number, rgb[1] as number, rgb[2] as number);
  const ink = new Float32Array(width * height);
  const rows = new Uint32Array(height);
  const columns = new Uint32Array(width);
  let count = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const r = data[i * 3] as number;
      const g = data[i * 3 + 1] as number;
      const b = data[i * 3 + 2] as number;
      const apart = distance(r - (rgb[0] as number), g - (rgb[1] as number), b - (rgb[2] as number));
      ink[i] = Math.max(Math.abs(luma(r, g, b) - level), apart / 2);
      if (apart > threshold) {
        rows[y] = (rows[y] as number) + 1;
        columns[x] = (columns[x] as number) + 1;
        count++;
      }
    }
  }
  const span = (counts: Uint32Array, across: number) => {
    const needed = Math.max(1, Math.ceil(LINE_SHARE * across));
    const first = counts.findIndex((n) => n >= needed);
    if (first < 0) return undefined;
    let last = counts.length - 1;
    while ((counts[last] as number) < needed) last--;
    return { first, size: last - first + 1 };
  };
  const ys = span(rows, width);
  const xs = span(columns, height);
  const box = ys && xs ? { x: xs.first, y: ys.first, width: xs.size, height: ys.size } : undefined;
  return { ink, count, box };
}

/** `2·v − blur(v)` with a 3×3 Gaussian (σ = 1), edges replicated: ImageMagick's `-sharpen 1x1`. */
export function sharpen(plane: Plane): Plane {
  const { data, width, height } = plane;
  // exp(−d²/2σ²) with σ = 1, one axis at a time: 1 at the centre, e^−½ beside it.
  const weight = (d: number) => (d === 0 ? 1 : Math.exp(-0.5));
  const total = (1 + 2 * Math.exp(-0.5)) ** 2;
  const out = new Float32Array(data.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let blur = 0;
      for (let dy = -1; dy <= 1; dy++) {
        const yy = Math.min(height - 1, Math.max(0, y + dy));
        for (let dx = -1; dx <= 1; dx++) {
          const xx = Math.min(width - 1, Math.max(0, x + dx));
          blur += weight(dx) * weight(dy) * (data[yy * width + xx] as number);
        }
      }
      out[y * width + x] = 2 * (data[y * width + x] as number) - blur / total;
    }
  }
  return { data: out, width, height, channels: 1 };
}

/**
 * The garment's box of `ink` (a one-channel plane, garment light on 0) → the 28×28 input: scaled so its longest side
 * fills the frame, its width at most `widthCap` × its height, stretched to the full 0–255 range, sharpened if it was
 * shrunk (`long` is the box's longest side in the original picture's pixels), centred.
 */
function frame(ink: Plane, box: CropBox, long: number, widthCap: number): Uint8Array {
  const shownWidth = Math.min(box.width, widthCap * box.height);
  const side = Math.max(shownWidth, box.height);
  const across = Math.max(1, Math.round((IMAGE_WIDTH * shownWidth) / side));
  const down = Math.max(1, Math.round((IMAGE_HEIGHT * box.height) / side));
  let small = resizeArea(planeRows(ink, box), across, down);
  let top = 0;
  for (const v of small.data) top = Math.max(top, v);
  const stretch = top > 0 ? 255 / top : 0;
  for (let i = 0; i < small.data.length; i++) small.data[i] = (small.data[i] as number) * stretch;
  if (long / IMAGE_WIDTH > SHARPEN_ABOVE) small = sharpen(small);

  const pixels = new Uint8Array(IMAGE_PIXELS);
  const left = Math.floor((IMAGE_WIDTH - across) / 2);
  const above = Math.floor((IMAGE_HEIGHT - down) / 2);
  for (let y = 0; y < down; y++) {
    for (let x = 0; x < across; x++) {
      const v = Math.round(small.data[y * across + x] as number);
      pixels[(above + y) * IMAGE_WIDTH + left + x] = Math.min(255, Math.max(0, v));
    }
  }
  return pixels;
}

/** `box` scaled by `sx`, `sy` onto `plane`, whole pixels covering it. */
function scaleBox(box: CropBox, sx: number, sy: number, plane: Plane): CropBox {
  const x = Math.floor(box.x * sx);
  const y = Math.floor(box.y * sy);
  return {
    x,
    y,
    width: Math.min(plane.width, Math.ceil((box.x + box.width) * sx)) - x,
    height: Math.min(plane.height, Math.ceil((box.y + box.height) * sy)) - y,
  };
}

/** A box on the working plane, in the picture's own pixels. */
function cropOf(box: CropBox, picture: RgbaPicture, plane: Plane): CropBox {
  const scaleX = picture.width / plane.width;
  const scaleY = picture.height / plane.height;
  return {
    x: Math.round(box.x * scaleX),
    y: Math.round(box.y * scaleY),
    width: Math.round(box.width * scaleX),
    height: Math.round(box.height * scaleY),
  };
}

/** A photo rather than a drawing, a catalog shot or a dataset image: big enough, and its corners not one flat colour. */
function isPhoto(picture: RgbaPicture, spread: number): boolean {
  return Math.max(picture.width, picture.height) >= PHOTO_SIDE && spread > FLAT_SPREAD;
}

/**
 * A photo through the garment mask ({@link cutOut}): inside the mask the garment's darkness (255 − gray, as the
 * dataset negated its light catalog photos), outside 0; cropped to the mask, and tops laid flat narrowed to the
 * dataset's proportions.
 */
function preparePhoto(picture: RgbaPicture, plane: Plane, background: number): PreparedPicture {
  const { width, height } = picture;
  const cut = cutOut(plane);
  if (!cut.box) {
    return {
      pixels: new Uint8Array(IMAGE_PIXELS),
      width,
      height,
      crop: null,
      inverted: true,
      background,
      verdict: notSure('all background'),
    };
  }
  const ink = new Float32Array(plane.width * plane.height);
  const toCutX = cut.width / plane.width;
  const toCutY = cut.height / plane.height;
  for (let y = 0; y < plane.height; y++) {
    const cy = Math.min(cut.height - 1, Math.floor((y + 0.5) * toCutY));
    for (let x = 0; x < plane.width; x++) {
      const cx = Math.min(cut.width - 1, Math.floor((x + 0.5) * toCutX));
      if (cut.mask[cy * cut.width + cx] !== 1) continue;
      const i = y * plane.width + x;
      ink[i] =
        255 -
        luma(plane.data[i * 3] as number, plane.data[i * 3 + 1] as number, plane.data[i * 3 + 2] as number);
    }
  }
  const box = scaleBox(cut.box, plane.width / cut.width, plane.height / cut.height, plane);
  const inkPlane = { data: ink, width: plane.width, height: plane.height, channels: 1 };
  const long = (Math.max(box.width, box.height) * width) / plane.width;
  const pixels = frame(inkPlane, box, long, TOP_WIDTH_CAP);
  const verdict =
    Math.max(cut.box.width, cut.box.height) < DOT_SHARE * Math.max(cut.width, cut.height)
      ? notSure('a dot')
      : cut.edges >= RUNS_OFF_EDGES
        ? notSure('touches the edges')
        : CONFIDENT;
  return {
    pixels,
    width,
    height,
    crop: cropOf(box, picture, plane),
    inverted: true,
    background,
    verdict,
    cutout: cut,
  };
}

function verdictFor(spread: number, box: CropBox | undefined, count: number, plane: Plane): Verdict {
  const reason: NotSureReason | undefined =
    spread > NOISE_LIMIT
      ? 'all noise'
      : !box
        ? 'all background'
        : Math.max(box.width, box.height) < DOT_SHARE * Math.max(plane.width, plane.height)
          ? 'a dot'
          : count < EMPTY_SHARE * plane.width * plane.height
            ? 'nearly empty'
            : undefined;
  return reason ? notSure(reason) : CONFIDENT;
}

/**
 * Makes the model's 28×28 input from an RGBA picture of any size (see the module comment for the steps), and says
 * what it did: the crop box, whether it negated, the background level, and a "not sure" verdict when there is no
 * garment to see.
 *
 * @example
 * ```ts
 * import { preparePixels } from '@fmnist/picture';
 * const { pixels, crop, inverted, verdict } = preparePixels({ data: rgba, width: 600, height: 800 });
 * // pixels: 784 bytes; crop: { x: 102, y: 40, width: 396, height: 720 }; inverted: true; verdict: { confident: true }
 * ```
 */
export function preparePixels(picture: RgbaPicture): PreparedPicture {
  const { width, height } = picture;
  const plane = workingPlane(picture);
  const { rgb, spread } = backdrop(plane);
  const background = luma(...rgb);
  // A photo's backdrop (a sheet, a floor) is texture, not noise: the mask finds the garment in it.
  if (isPhoto(picture, spread)) return preparePhoto(picture, plane, background);
  const { ink, count, box } = separate(plane, rgb, Math.max(TRIM_DISTANCE, NOISE_MARGIN * spread));
  const verdict = verdictFor(spread, box, count, plane);
  const inverted = background > 127.5;
  if (!box)
    return { pixels: new Uint8Array(IMAGE_PIXELS), width, height, crop: null, inverted, background, verdict };

  // The backdrop's own spread in ink is its noise floor: what is left above it is the garment.
  const floor =
    2 *
    quantile(
      cornerIndices(plane.width, plane.height).map((i) => ink[i] as number),
      0.5,
    );
  for (let i = 0; i < ink.length; i++) ink[i] = Math.max(0, (ink[i] as number) - floor);
  const inkPlane = { data: ink, width: plane.width, height: plane.height, channels: 1 };
  const pixels = frame(inkPlane, box, (Math.max(box.width, box.height) * width) / plane.width, Infinity);
  const crop = cropOf(box, picture, plane);
  return { pixels, width, height, crop, inverted, background, verdict };
}
