import { InvalidArgumentError } from '@fmnist/errors';
import { describe, expect, it } from '@jest/globals';
import { PNG } from 'pngjs';
import { binary } from './colormaps.js';
import { imageElement } from './figure.js';
import { svgToPng } from './png.js';
import { predictionGrid } from './predictions.js';
import { svgDocument, text } from './svg.js';
import { probabilitiesFor, syntheticImage } from './test/fixtures.js';

const decode = (png: Uint8Array) => PNG.sync.read(Buffer.from(png));

const grid = predictionGrid(
  Array.from({ length: 6 }, (_, i) => ({
    image: syntheticImage(i),
    probabilities: probabilitiesFor(i),
    trueLabel: i,
  })),
);

describe('svgToPng', () => {
  it("renders at the SVG's size, or scaled", () => {
    expect([decode(svgToPng(grid)).width, decode(svgToPng(grid)).height]).toEqual([1200, 400]);
    const doubled = decode(svgToPng(grid, { scale: 2 }));
    expect([doubled.width, doubled.height]).toEqual([2400, 800]);
  });

  it('gives the same bytes for the same SVG', () => {
    expect(Buffer.from(svgToPng(grid)).equals(Buffer.from(svgToPng(grid)))).toBe(true);
  });

  it('draws text with the bundled font, without system fonts', () => {
    const png = decode(svgToPng(svgDocument(200, 40, 'text', [text('Ankle boot 98%', { x: 10, y: 30 })])));
    let dark = 0;
    for (let i = 0; i < png.data.length; i += 4) if ((png.data[i] as number) < 128) dark++;
    expect(dark).toBeGreaterThan(100);
  });

  it('keeps image pixels crisp when scaling them up', () => {
    const box = { x: 0, y: 0, width: 20, height: 10 };
    const svg = svgDocument(20, 10, 'two pixels', [imageElement(box, [255, 0], 2, 1, binary)]);
    const png = decode(svgToPng(svg, { scale: 3 }));
    const row = Array.from({ length: 60 }, (_, x) => png.data[4 * (15 * 60 + x)]);
    expect(new Set(row)).toEqual(new Set([0, 255]));
    expect(row.indexOf(255)).toBe(30);
  });

  it('rejects a scale that is not a positive number', () => {
    expect(() => svgToPng(grid, { scale: 0 })).toThrow(InvalidArgumentError);
  });
});
