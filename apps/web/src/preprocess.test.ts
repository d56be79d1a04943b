import { borderLevel, padToSquare, resizeArea, toGray, toMnist } from './preprocess';

/** An RGBA picture filled with `background`, with a `value` rectangle [x0, x1) × [y0, y1). */
function picture(
  width: number,
  height: number,
  background: number,
  value: number,
  box: number[],
): Uint8ClampedArray {
  const [x0, y0, x1, y1] = box as [number, number, number, number];
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = x >= x0 && x < x1 && y >= y0 && y < y1 ? value : background;
      rgba.set([v, v, v, 255], 4 * (y * width + x));
    }
  }
  return rgba;
}

describe('toGray', () => {
  it('uses Rec. 601 luma and composites transparency over white', () => {
    const gray = toGray([255, 0, 0, 255, 0, 0, 0, 0], 2, 1);
    expect(gray.data[0]).toBeCloseTo(0.299 * 255, 3);
    expect(gray.data[1]).toBe(255);
  });
  it('rejects a buffer of the wrong size', () => {
    expect(() => toGray(new Uint8Array(10), 2, 2)).toThrow(RangeError);
  });
});

describe('resizeArea', () => {
  it('averages exact 10×10 blocks when shrinking 280 → 28', () => {
    const data = new Float32Array(280 * 280);
    for (let y = 0; y < 10; y++) for (let x = 0; x < 5; x++) data[y * 280 + x] = 255; // half of block (0, 0)
    const out = resizeArea({ data, width: 280, height: 280 }, 28, 28);
    expect(out.data[0]).toBeCloseTo(127.5, 4);
    expect(out.data[1]).toBe(0);
  });
  it('keeps the mean brightness for sizes that do not divide evenly', () => {
    const data = Float32Array.from({ length: 37 * 53 }, (_, i) => (i * 7919) % 256);
    const mean = data.reduce((a, b) => a + b, 0) / data.length;
    const out = resizeArea({ data, width: 37, height: 53 }, 28, 28);
    expect(out.data.reduce((a, b) => a + b, 0) / out.data.length).toBeCloseTo(mean, 2);
  });
  it('leaves a flat picture flat', () => {
    const out = resizeArea({ data: new Float32Array(100 * 60).fill(200), width: 100, height: 60 }, 28, 28);
    for (const v of out.data) expect(v).toBeCloseTo(200, 3);
  });
});

describe('padToSquare and borderLevel', () => {
  it('centres a wide picture in a square filled with the given value', () => {
    const square = padToSquare({ data: new Float32Array(4 * 2).fill(9), width: 4, height: 2 }, 1);
    expect(square.width).toBe(4);
    expect(Array.from(square.data)).toEqual([1, 1, 1, 1, 9, 9, 9, 9, 9, 9, 9, 9, 1, 1, 1, 1]);
  });
  it('measures the background on the frame only, ignoring an object touching it', () => {
    const gray = toGray(picture(10, 10, 250, 0, [2, 0, 5, 8]), 10, 10);
    expect(borderLevel(gray)).toBeCloseTo(250, 3);
  });
});

describe('toMnist', () => {
  it('inverts a dark object on a light background (a photo on a table)', () => {
    const { pixels, inverted } = toMnist(picture(280, 280, 255, 0, [70, 70, 210, 210]), 280, 280);
    expect(inverted).toBe(true);
    expect(pixels.length).toBe(784);
    expect(pixels[0]).toBe(0); // background becomes black
    expect(pixels[14 * 28 + 14]).toBe(255); // the object becomes white
  });
  it('keeps a light object on a dark background (the drawing canvas) as it is', () => {
    const { pixels, inverted } = toMnist(picture(280, 280, 0, 255, [0, 0, 140, 280]), 280, 280);
    expect(inverted).toBe(false);
    expect(pixels[5]).toBe(255);
    expect(pixels[27]).toBe(0);
  });
  it('follows an explicit invert option', () => {
    expect(toMnist(picture(28, 28, 0, 0, [0, 0, 0, 0]), 28, 28, { invert: true }).pixels[0]).toBe(255);
  });
  it('pads a portrait photo with its background, keeping proportions', () => {
    // 100 wide × 200 high, white, with a black bar over the full height in the middle.
    const { pixels } = toMnist(picture(100, 200, 255, 0, [40, 0, 60, 200]), 100, 200);
    expect(pixels[14 * 28 + 0]).toBe(0); // left padding: inverted background
    expect(pixels[14 * 28 + 14]).toBe(255); // the bar, inverted
  });
  it('refuses an empty picture', () => {
    expect(() => toMnist(new Uint8Array(0), 0, 0)).toThrow(RangeError);
  });
});
