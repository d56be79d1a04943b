import { describe, expect, it } from '@jest/globals';
import { CliError } from './errors.js';
import { encodeJpeg, encodePng, rgbaImage, trouser } from './harness.test.helpers.js';
import { decodeImage, prepareImage, sniffFormat } from './image.js';

const at = (pixels: Uint8Array, x: number, y: number) => pixels[y * 28 + x] as number;

describe('decoding', () => {
  it('recognises PNG and JPEG and names what it refuses', () => {
    expect(sniffFormat(encodePng(2, 2, new Uint8Array(16)))).toBe('png');
    expect(sniffFormat(encodeJpeg(8, 8, new Uint8Array(256)))).toBe('jpeg');
    expect(() => decodeImage(new TextEncoder().encode('GIF89a......'), 'cat.gif')).toThrow(
      /cat\.gif: a GIF image; only PNG and JPEG images are supported/,
    );
    expect(() => decodeImage(new TextEncoder().encode('hello world'), 'notes.txt')).toThrow(CliError);
  });

  it('refuses huge images before allocating them', () => {
    const png = encodePng(1, 1, new Uint8Array([0, 0, 0, 255]));
    const header = Buffer.from(png);
    header.writeUInt32BE(100_000, 16);
    header.writeUInt32BE(100_000, 20);
    expect(() => decodeImage(header, 'huge.png')).toThrow(/huge\.png: 100000×100000 pixels is too large/);
  });

  it('reports a damaged PNG as such', () => {
    const png = encodePng(4, 4, new Uint8Array(64));
    expect(() => decodeImage(png.subarray(0, 40), 'cut.png')).toThrow(/cut\.png: not a readable PNG/);
  });
});

describe('prepareImage', () => {
  it('inverts a dark shape on a white background, padding to square', () => {
    const prepared = prepareImage(decodeImage(encodePng(60, 90, trouser()), 't.png'));
    expect(prepared.inverted).toBe(true);
    expect(prepared.background).toBeCloseTo(255, 0);
    const { pixels } = prepared;
    expect(pixels).toHaveLength(784);
    expect(at(pixels, 0, 0)).toBe(0); // background → black
    expect(at(pixels, 0, 14)).toBe(0); // side padding → black
    expect(at(pixels, 11, 20)).toBeGreaterThan(150); // left leg → bright
    expect(at(pixels, 16, 20)).toBeGreaterThan(150); // right leg
    expect(at(pixels, 14, 22)).toBeLessThan(80); // gap between the legs
  });

  it('composites transparency over white', () => {
    const rgba = rgbaImage(40, 40, (x, y) =>
      x > 10 && x < 30 && y > 10 && y < 30 ? [0, 0, 0, 255] : [0, 0, 0, 0],
    );
    const prepared = prepareImage(decodeImage(encodePng(40, 40, rgba), 'a.png'));
    expect(prepared.inverted).toBe(true);
    expect(at(prepared.pixels, 1, 1)).toBe(0);
    expect(at(prepared.pixels, 14, 14)).toBe(255);
  });

  it('keeps a light shape on a dark background as it is', () => {
    const rgba = rgbaImage(28, 28, (x) => (x > 10 && x < 18 ? [230, 230, 230, 255] : [10, 10, 10, 255]));
    const prepared = prepareImage(decodeImage(encodePng(28, 28, rgba), 'd.png'));
    expect(prepared.inverted).toBe(false);
    expect(at(prepared.pixels, 14, 14)).toBe(230);
    expect(at(prepared.pixels, 2, 14)).toBe(10);
  });

  it('averages areas when shrinking and pads a wide image top and bottom', () => {
    // 280×140 black-and-white checkerboard of 1-pixel squares on a dark frame: averages to mid grey.
    const rgba = rgbaImage(280, 140, (x, y) => {
      if (x < 10 || y < 10 || x >= 270 || y >= 130) return [0, 0, 0, 255];
      const v = (x + y) % 2 ? 255 : 0;
      return [v, v, v, 255];
    });
    const { pixels, inverted } = prepareImage(decodeImage(encodePng(280, 140, rgba), 'c.png'));
    expect(inverted).toBe(false);
    expect(Math.abs(at(pixels, 14, 14) - 127.5)).toBeLessThan(2);
    expect(at(pixels, 14, 2)).toBe(0); // padding above
    expect(at(pixels, 14, 25)).toBe(0); // padding below
  });

  it('reads JPEG', () => {
    const prepared = prepareImage(decodeImage(encodeJpeg(60, 90, trouser()), 't.jpg'));
    expect(prepared.format).toBe('jpeg');
    expect(prepared.inverted).toBe(true);
    expect(at(prepared.pixels, 11, 20)).toBeGreaterThan(140);
    expect(at(prepared.pixels, 0, 0)).toBeLessThan(5);
  });
});
