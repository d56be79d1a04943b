import { describe, expect, it } from '@jest/globals';
import { preparePixels, sharpen } from './pipeline.js';
import { rgbaImage } from './test/index.js';

const at = (pixels: Uint8Array, x: number, y: number) => pixels[y * 28 + x] as number;

/** The 28×28 output as rows of 0/1: which pixels are lit (over half bright). */
function lit(pixels: Uint8Array): string[] {
  return Array.from({ length: 28 }, (_, y) =>
    Array.from({ length: 28 }, (_, x) => (at(pixels, x, y) > 127 ? '1' : '0')).join(''),
  );
}

/** The rows of a 28×28 picture lit in columns [left, right) and rows [top, bottom). */
function block(left: number, top: number, right: number, bottom: number): string[] {
  return Array.from({ length: 28 }, (_, y) =>
    Array.from({ length: 28 }, (_, x) => (x >= left && x < right && y >= top && y < bottom ? '1' : '0')).join(
      '',
    ),
  );
}

/** A `width × height` picture of `background` with a `colour` rectangle [x0, x1) × [y0, y1). */
function rectangle(
  width: number,
  height: number,
  background: number[],
  colour: number[],
  [x0, y0, x1, y1]: number[],
) {
  const data = rgbaImage(width, height, (x, y) =>
    x >= (x0 as number) && x < (x1 as number) && y >= (y0 as number) && y < (y1 as number)
      ? colour
      : background,
  );
  return { data, width, height };
}

describe('preparePixels', () => {
  it('trims to the garment, keeps its aspect, pads the short edge centred and negates a light background', () => {
    // A black 40×80 rectangle off-centre on white: cropped, 80 → 28 tall, 40 → 14 wide, centred: columns 7–20.
    const prepared = preparePixels(
      rectangle(200, 160, [255, 255, 255, 255], [0, 0, 0, 255], [20, 50, 60, 130]),
    );
    expect(prepared.crop).toEqual({ x: 20, y: 50, width: 40, height: 80 });
    expect(prepared.inverted).toBe(true);
    expect(prepared.background).toBeCloseTo(255, 3);
    expect(lit(prepared.pixels)).toEqual(block(7, 0, 21, 28));
    expect(at(prepared.pixels, 14, 14)).toBe(255);
    expect(at(prepared.pixels, 3, 14)).toBe(0);
    expect(prepared.verdict).toEqual({ confident: true });
  });

  it('pads a wide garment top and bottom', () => {
    const prepared = preparePixels(
      rectangle(300, 300, [250, 250, 250, 255], [30, 30, 30, 255], [10, 100, 290, 170]),
    );
    // 280×70 → 28×7, rows 10–16.
    expect(lit(prepared.pixels)).toEqual(block(0, 10, 28, 17));
  });

  it('subtracts a grey background level and stretches the garment to the full range', () => {
    // Grey 200 backdrop; the garment's upper half is 150 (50 darker), its lower half 100 (100 darker).
    const data = rgbaImage(120, 120, (x, y) => {
      if (x < 40 || x >= 80 || y < 20 || y >= 100) return [200, 200, 200, 255];
      return y < 60 ? [150, 150, 150, 255] : [100, 100, 100, 255];
    });
    const { pixels, inverted, background } = preparePixels({ data, width: 120, height: 120 });
    expect(inverted).toBe(true);
    expect(background).toBeCloseTo(200, 3);
    expect(at(pixels, 14, 3)).toBe(128); // 50 / 100 of the range, away from the sharpened edges
    expect(at(pixels, 14, 24)).toBe(255);
    expect(at(pixels, 2, 14)).toBe(0);
  });

  it('keeps a light garment on a dark background as it is, and finds a coloured one on a coloured backdrop', () => {
    const dark = preparePixels(rectangle(90, 90, [20, 20, 20, 255], [220, 220, 220, 255], [30, 5, 60, 85]));
    expect(dark.inverted).toBe(false);
    const coloured = preparePixels(
      rectangle(90, 90, [200, 40, 40, 255], [40, 40, 200, 255], [30, 5, 60, 85]),
    );
    expect(lit(dark.pixels)).toEqual(lit(coloured.pixels));
    expect(lit(dark.pixels)).toEqual(block(8, 0, 19, 28)); // 30×80 → 10.5 → 11 wide, centred
  });

  it('composites transparency over white behind a dark garment and over black behind white strokes', () => {
    const box = [20, 10, 50, 70];
    const cutOut = preparePixels(rectangle(70, 80, [0, 0, 0, 0], [10, 10, 10, 255], box));
    expect(cutOut.inverted).toBe(true);
    const strokes = preparePixels(rectangle(70, 80, [255, 255, 255, 0], [255, 255, 255, 255], box));
    expect(strokes.inverted).toBe(false);
    expect(lit(cutOut.pixels)).toEqual(block(7, 0, 21, 28));
    expect(lit(strokes.pixels)).toEqual(lit(cutOut.pixels));
  });

  it('crops a small drawing on a black canvas to its box and scales its longest edge to fill', () => {
    const prepared = preparePixels(
      rectangle(280, 280, [0, 0, 0, 255], [255, 255, 255, 255], [200, 20, 260, 140]),
    );
    expect(prepared.crop).toEqual({ x: 200, y: 20, width: 60, height: 120 });
    expect(lit(prepared.pixels)).toEqual(block(7, 0, 21, 28));
    expect(prepared.verdict.confident).toBe(true);
  });

  it('area-averages a big photo: a fine checkerboard garment comes out an even grey', () => {
    const data = rgbaImage(2000, 2000, (x, y) => {
      if (x < 500 || x >= 1500 || y < 500 || y >= 1500) return [255, 255, 255, 255];
      return (x + y) % 2 ? [0, 0, 0, 255] : [100, 100, 100, 255];
    });
    const { pixels } = preparePixels({ data, width: 2000, height: 2000 });
    const inside = Array.from({ length: 20 }, (_, i) => at(pixels, 4 + i, 14));
    expect(Math.max(...inside) - Math.min(...inside)).toBeLessThanOrEqual(1);
  });

  it('leaves a dataset image as it is', () => {
    // A 28×28 picture as in the dataset: light on black, its longest edge filling the frame, shaded.
    const data = rgbaImage(28, 28, (x, y) =>
      x >= 4 && x < 24 ? [255 - 5 * y, 255 - 5 * y, 255 - 5 * y, 255] : [0, 0, 0, 255],
    );
    const gray = Uint8Array.from({ length: 784 }, (_, i) => data[4 * i] as number);
    expect(preparePixels({ data, width: 28, height: 28 }).pixels).toEqual(gray);
  });

  it('scales a garment that does not fill the frame up to fill it, as the dataset does', () => {
    const pixels = preparePixels(
      rectangle(28, 28, [0, 0, 0, 255], [255, 255, 255, 255], [5, 1, 18, 27]),
    ).pixels;
    expect(lit(pixels)).toEqual(block(7, 0, 21, 28)); // 13×26 → 14×28
  });
});

describe('not sure', () => {
  const black = [0, 0, 0, 255];
  const white = [255, 255, 255, 255];
  it('says an empty canvas is all background', () => {
    const prepared = preparePixels(rectangle(280, 280, black, black, [0, 0, 0, 0]));
    expect(prepared.verdict).toMatchObject({ confident: false, reason: 'all background' });
    expect(prepared.crop).toBeNull();
    expect(prepared.pixels.every((v) => v === 0)).toBe(true);
  });

  it('says a dot in a corner is a dot', () => {
    const prepared = preparePixels(rectangle(280, 280, black, white, [240, 240, 262, 262]));
    expect(prepared.verdict).toEqual({
      confident: false,
      reason: 'a dot',
      hint: 'the picture is only a dot; draw something bigger or crop the photo to the garment',
    });
  });

  it('says a thin outline is nearly empty', () => {
    const data = rgbaImage(280, 280, (x, y) =>
      (x >= 100 && x < 160 && (y === 100 || y === 159)) || (y >= 100 && y < 160 && (x === 100 || x === 159))
        ? white
        : black,
    );
    expect(preparePixels({ data, width: 280, height: 280 }).verdict).toMatchObject({
      reason: 'nearly empty',
    });
  });

  it('says random noise is all noise', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const data = rgbaImage(100, 100, () => [0, 0, 0].map(() => Math.floor(256 * random())).concat(255));
    expect(preparePixels({ data, width: 100, height: 100 }).verdict).toMatchObject({ reason: 'all noise' });
  });
});

describe('sharpen', () => {
  it("is 2·v minus a 3×3 Gaussian (σ = 1) blur, ImageMagick's -sharpen 1x1", () => {
    // One bright pixel in the middle of a 5×5 plane: the kernel itself, computed here from its definition.
    const data = new Float32Array(25);
    data[12] = 100;
    const out = sharpen({ data, width: 5, height: 5, channels: 1 }).data;
    const weight = (dx: number, dy: number) => Math.exp(-(dx * dx + dy * dy) / 2);
    let total = 0;
    for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) total += weight(dx, dy);
    expect(out[12]).toBeCloseTo(200 - (100 * weight(0, 0)) / total, 4);
    expect(out[11]).toBeCloseTo(-(100 * weight(1, 0)) / total, 4);
    expect(out[6]).toBeCloseTo(-(100 * weight(1, 1)) / total, 4);
    expect(out[0]).toBe(0);
  });

  it('leaves flat areas alone, at the edges too', () => {
    const out = sharpen({ data: new Float32Array(9).fill(42), width: 3, height: 3, channels: 1 }).data;
    for (const v of out) expect(v).toBeCloseTo(42, 4);
  });
});

describe('photos (a textured backdrop, at least 128 px)', () => {
  // A wrinkled-sheet-like backdrop: soft diagonal folds, far from one flat colour.
  const sheet = (x: number, y: number) => {
    const fold = 25 * Math.sin((x + y) / 9);
    return [200 + fold, 190 + fold, 180 + fold, 255];
  };

  it('cuts the garment out with a mask and narrows a top laid flat to the dataset proportions', () => {
    // A dark top with spread sleeves: 240 wide, 150 tall, in a 320×240 photo.
    const top = (x: number, y: number) =>
      (y >= 50 && y < 200 && x >= 110 && x < 210) || (y >= 50 && y < 100 && x >= 40 && x < 280);
    const data = rgbaImage(320, 240, (x, y) => (top(x, y) ? [40, 50, 90, 255] : sheet(x, y)));
    const picture = preparePixels({ data, width: 320, height: 240 });
    expect(picture.cutout).toBeDefined();
    expect(picture.verdict).toEqual({ confident: true });
    expect(picture.crop).toMatchObject({ x: expect.closeTo(40, -1), width: expect.closeTo(240, -1) });
    // Columns holding the garment: at most 0.8 × 28 wide, though the top is 1.6× wider than tall.
    const columns = Array.from({ length: 28 }, (_, x) =>
      Array.from({ length: 28 }, (_, y) => picture.pixels[y * 28 + x] as number).some((v) => v > 0),
    ).filter(Boolean).length;
    expect(columns).toBeLessThanOrEqual(23);
    // Outside the mask is 0: the sheet's folds leave nothing behind.
    expect(picture.pixels[0]).toBe(0);
  });

  it('is not sure of a garment that runs off three edges of the photo', () => {
    // A shirt hung from the top with its sleeves cut off by both sides.
    const shirt = (x: number, y: number) =>
      (x >= 105 && x < 135 && y < 40) || (x >= 80 && x < 160 && y >= 40 && y < 180) || (y >= 40 && y < 56);
    const data = rgbaImage(240, 240, (x, y) => (shirt(x, y) ? [40, 50, 90, 255] : sheet(x, y)));
    expect(preparePixels({ data, width: 240, height: 240 }).verdict).toMatchObject({
      confident: false,
      reason: 'touches the edges',
    });
  });
});
