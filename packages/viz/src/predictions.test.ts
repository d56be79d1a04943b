import { describe, expect, it } from '@jest/globals';
import { CLASS_NAMES } from './classes.js';
import { ImageSizeError, LabelError, LengthMismatchError, VizInputError } from './errors.js';
import { plotImage, plotValueArray, predictionGrid } from './predictions.js';
import { parseSvg, probabilitiesFor, syntheticImage } from './test/fixtures.js';
import { findAll, nth, textContent, type XmlElement } from './test/xml.js';

const BLUE = '#0000ff';
const RED = '#ff0000';
const GREY = '#777777';

const barFills = (root: XmlElement) => findAll(root, 'rect', 'bar').map((bar) => bar.attributes.fill);

describe('plotImage', () => {
  it('captions a right prediction "predicted confidence% (true)" in blue', () => {
    const root = parseSvg(plotImage(syntheticImage(), probabilitiesFor(9, 0.98), 9));
    const caption = nth(findAll(root, 'text', 'caption'));
    expect(textContent(caption)).toBe('Ankle boot 98% (Ankle boot)');
    expect(caption.attributes.fill).toBe(BLUE);
    expect(findAll(root, 'image')).toHaveLength(1);
  });

  it('captions a wrong prediction in red', () => {
    const root = parseSvg(plotImage(syntheticImage(), probabilitiesFor(0, 0.615), 6));
    const caption = nth(findAll(root, 'text', 'caption'));
    expect(textContent(caption)).toBe('T-shirt/top 62% (Shirt)');
    expect(caption.attributes.fill).toBe(RED);
  });

  it('rejects malformed input', () => {
    expect(() => plotImage(new Uint8Array(10), probabilitiesFor(0), 0)).toThrow(ImageSizeError);
    expect(() => plotImage(syntheticImage(), [0.5, 0.5], 0)).toThrow(LengthMismatchError);
    expect(() => plotImage(syntheticImage(), probabilitiesFor(0), 10)).toThrow(LabelError);
    expect(() => plotImage(syntheticImage(), [Number.NaN, ...probabilitiesFor(0).slice(1)], 0)).toThrow(
      VizInputError,
    );
  });
});

describe('plotValueArray', () => {
  it('draws ten grey bars, the true class blue when the prediction is right', () => {
    const root = parseSvg(plotValueArray(probabilitiesFor(2, 0.7), 2));
    expect(barFills(root)).toEqual([GREY, GREY, BLUE, GREY, GREY, GREY, GREY, GREY, GREY, GREY]);
    expect(findAll(root, 'text').map(textContent)).toEqual([
      '0',
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
      '7',
      '8',
      '9',
    ]);
  });

  it('draws the predicted bar red and the true bar blue when the prediction is wrong', () => {
    const root = parseSvg(plotValueArray(probabilitiesFor(0, 0.92), 7));
    expect(barFills(root)).toEqual([RED, GREY, GREY, GREY, GREY, GREY, GREY, BLUE, GREY, GREY]);
  });

  it('scales bars to a 0–1 axis', () => {
    const root = parseSvg(plotValueArray([1, 0.5, 0, 0, 0, 0, 0, 0, 0, 0], 0));
    const [full, half, empty] = findAll(root, 'rect', 'bar').map((bar) => Number(bar.attributes.height));
    expect(half).toBeCloseTo((full as number) / 2, 1);
    expect(empty).toBe(0);
  });

  it('can label the bars with class names at 45°', () => {
    const root = parseSvg(plotValueArray(probabilitiesFor(1), 1, { tickLabels: 'names' }));
    const labels = findAll(root, 'text');
    expect(labels.map(textContent)).toEqual([
      'T-shirt/top',
      'Trouser',
      'Pullover',
      'Dress',
      'Coat',
      'Sandal',
      'Shirt',
      'Sneaker',
      'Bag',
      'Ankle boot',
    ]);
    for (const label of labels) expect(label.attributes.transform).toMatch(/^rotate\(-45 /);
  });
});

describe('predictionGrid', () => {
  const samples = Array.from({ length: 15 }, (_, i) => ({
    image: syntheticImage(i),
    probabilities: probabilitiesFor(i % 10, 0.8),
    trueLabel: i === 12 ? 3 : i % 10,
  }));

  it("is the tutorial's 5 × 3 grid of image and bars pairs on a 12 × 10 in figure", () => {
    const root = parseSvg(predictionGrid(samples));
    expect([root.attributes.width, root.attributes.height]).toEqual(['1200', '1000']);
    expect(findAll(root, 'image')).toHaveLength(15);
    expect(findAll(root, 'rect', 'bar')).toHaveLength(150);
    const captions = findAll(root, 'text', 'caption');
    expect(captions).toHaveLength(15);
    expect(captions.map((caption) => caption.attributes.fill)).toEqual(
      samples.map((_, i) => (i === 12 ? RED : BLUE)),
    );
  });

  it('puts each image left of its bars', () => {
    const root = parseSvg(predictionGrid(samples.slice(0, 2), { columns: 2 }));
    const [firstImage, secondImage] = findAll(root, 'image').map((image) => Number(image.attributes.x));
    const firstBars = Number(nth(findAll(root, 'rect', 'bar'), 0).attributes.x);
    expect(firstImage).toBeLessThan(firstBars);
    expect(firstBars).toBeLessThan(secondImage as number);
  });

  it("can label every panel's bars with class names, growing the figure so that the panels keep their size", () => {
    const indices = parseSvg(predictionGrid(samples));
    const names = parseSvg(predictionGrid(samples, { tickLabels: 'names' }));
    const ticks = findAll(names, 'text').filter((label) => label.attributes.class !== 'caption');
    expect(ticks.map(textContent)).toEqual(samples.flatMap(() => CLASS_NAMES));
    expect(ticks.every((label) => label.attributes.transform?.startsWith('rotate(-45'))).toBe(true);
    expect(names.attributes.width).toBe('1200');
    expect(Number(names.attributes.height)).toBeGreaterThan(1000);
    const sizes = (root: XmlElement) => findAll(root, 'image').map((image) => image.attributes.width);
    expect(sizes(names)).toEqual(sizes(indices));
  });

  it('rejects malformed samples', () => {
    expect(() => predictionGrid([])).toThrow(VizInputError);
    const tooSmall = { image: new Uint8Array(1), probabilities: probabilitiesFor(0), trueLabel: 0 };
    expect(() => predictionGrid([tooSmall])).toThrow(ImageSizeError);
  });
});
