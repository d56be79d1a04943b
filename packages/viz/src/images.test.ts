import { describe, expect, it } from '@jest/globals';
import { CLASS_NAMES } from './classes.js';
import { binary, viridis } from './colormaps.js';
import { ImageSizeError, LabelError, LengthMismatchError, VizInputError } from './errors.js';
import { imageGrid, imageWithColorbar, misclassifiedGallery } from './images.js';
import { decodeImageHref, parseSvg, rgbAt, syntheticImage } from './test/fixtures.js';
import { findAll, nth, textContent } from './test/xml.js';

const paletteColor = (palette: Uint8Array, value: number) =>
  Array.from(palette.subarray(3 * value, 3 * value + 3));

describe('imageWithColorbar', () => {
  const image = syntheticImage(3);
  const root = parseSvg(imageWithColorbar(image));

  it('draws the image in viridis, pixel for pixel, and crisp', () => {
    const picture = nth(findAll(root, 'image'));
    expect(picture?.attributes.style).toContain('image-rendering:pixelated');
    expect(picture?.attributes.style).toContain('image-rendering:optimizeSpeed');
    const png = decodeImageHref(picture);
    expect([png.width, png.height]).toEqual([28, 28]);
    for (const pixel of [0, 1, 100, 783]) {
      expect(rgbAt(png, pixel)).toEqual(paletteColor(viridis.palette, image[pixel] as number));
    }
  });

  it('has a colour bar over 0–255 ticked every 50, and pixel ticks every 5', () => {
    const colorbar = nth(findAll(root, 'g', 'colorbar'));
    expect(findAll(colorbar, 'text').map(textContent)).toEqual(['0', '50', '100', '150', '200', '250']);
    const gradient = decodeImageHref(nth(findAll(colorbar, 'image')));
    expect(rgbAt(gradient, 0)).toEqual(paletteColor(viridis.palette, 255));
    expect(rgbAt(gradient, 255)).toEqual(paletteColor(viridis.palette, 0));
    const imageTicks = findAll(root, 'text').map(textContent).slice(0, 12);
    expect(imageTicks).toEqual(['0', '5', '10', '15', '20', '25', '0', '5', '10', '15', '20', '25']);
  });

  it('accepts a subarray of a batch and plain arrays', () => {
    const batch = new Uint8Array(784 * 3).fill(7);
    expect(imageWithColorbar(batch.subarray(784, 1568))).toBe(imageWithColorbar(new Array(784).fill(7)));
  });

  it('rejects an image that is not 28×28', () => {
    expect(() => imageWithColorbar(new Uint8Array(783))).toThrow(ImageSizeError);
  });
});

describe('imageGrid', () => {
  const images = Array.from({ length: 25 }, (_, i) => syntheticImage(i));
  const labels = Array.from({ length: 25 }, (_, i) => (i * 3) % 10);

  it('shows 25 images in binary colours, each with its class name under it', () => {
    const root = parseSvg(imageGrid(images, labels));
    const pictures = findAll(root, 'image');
    expect(pictures).toHaveLength(25);
    const png = decodeImageHref(nth(pictures, 7));
    expect(rgbAt(png, 5)).toEqual(paletteColor(binary.palette, images[7]?.[5] as number));
    expect(paletteColor(binary.palette, 0)).toEqual([255, 255, 255]);
    expect(paletteColor(binary.palette, 255)).toEqual([0, 0, 0]);
    expect(findAll(root, 'text', 'caption').map(textContent)).toEqual(
      labels.map((label) => CLASS_NAMES[label]),
    );
  });

  it('has no ticks', () => {
    expect(findAll(parseSvg(imageGrid(images, labels)), 'path')).toHaveLength(0);
  });

  it('lays out rows of `columns` images, widening columns for long names', () => {
    const narrow = parseSvg(imageGrid(images.slice(0, 6), labels.slice(0, 6), { columns: 3 }));
    const xs = new Set(findAll(narrow, 'image').map((image) => image.attributes.x));
    const ys = new Set(findAll(narrow, 'image').map((image) => image.attributes.y));
    expect([xs.size, ys.size]).toEqual([3, 2]);
    const longNames = CLASS_NAMES.map((name) => `${name} with a much longer name`);
    const wide = parseSvg(
      imageGrid(images.slice(0, 6), labels.slice(0, 6), { columns: 3, classNames: longNames }),
    );
    expect(Number(wide.attributes.width)).toBeGreaterThan(Number(narrow.attributes.width));
  });

  it('escapes class names', () => {
    const classNames = ['<T-shirt & "top">', 'B'];
    const root = parseSvg(imageGrid(images.slice(0, 2), [0, 1], { classNames }));
    expect(findAll(root, 'text', 'caption').map(textContent)).toEqual(classNames);
  });

  it('rejects mismatched or invalid input', () => {
    expect(() => imageGrid(images, labels.slice(1))).toThrow(LengthMismatchError);
    expect(() => imageGrid(images.slice(0, 1), [10])).toThrow(LabelError);
    expect(() => imageGrid([new Uint8Array(10)], [0])).toThrow(ImageSizeError);
    expect(() => imageGrid([], [])).toThrow(VizInputError);
    expect(() => imageGrid(images, labels, { columns: 0 })).toThrow(VizInputError);
  });
});

describe('misclassifiedGallery', () => {
  it('captions each image with its true class in blue and the prediction in red', () => {
    const samples = [
      { image: syntheticImage(1), trueLabel: 6, predictedLabel: 0, confidence: 0.62 },
      { image: syntheticImage(2), trueLabel: 9, predictedLabel: 7 },
    ];
    const root = parseSvg(misclassifiedGallery(samples));
    expect(findAll(root, 'image')).toHaveLength(2);
    const captions = findAll(root, 'text', 'caption').map((text) => [
      textContent(text),
      text.attributes.fill,
    ]);
    expect(captions).toEqual([
      ['True: Shirt', '#0000ff'],
      ['Pred: T-shirt/top 62%', '#ff0000'],
      ['True: Ankle boot', '#0000ff'],
      ['Pred: Sneaker', '#ff0000'],
    ]);
  });

  it('rejects labels out of range', () => {
    expect(() =>
      misclassifiedGallery([{ image: syntheticImage(), trueLabel: 0, predictedLabel: 12 }]),
    ).toThrow(LabelError);
  });
});
