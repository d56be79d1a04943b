import { describe, expect, it } from '@jest/globals';
import { CliError } from './errors.js';
import { encodeJpeg, encodePng, rawPng, rgbaImage, trouser } from './harness.test.helpers.js';
import { decodeImage, jpegFrame, MAX_IMAGE_PIXELS, prepareImage, sniffFormat } from './image.js';

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

describe('unusual PNGs and sizes', () => {
  /** A 20×20 picture: a dark 10×10 square in the middle of a light background, as gray levels. */
  const square = (x: number, y: number) => (x >= 5 && x < 15 && y >= 5 && y < 15 ? 20 : 230);
  const gray = Array.from({ length: 400 }, (_, i) => square(i % 20, Math.floor(i / 20)));
  /** The square comes out bright in the middle, black at the corners, whatever the encoding. */
  const expectSquare = (pixels: Uint8Array) => {
    expect(at(pixels, 14, 14)).toBeGreaterThan(190);
    expect(at(pixels, 1, 1)).toBeLessThan(40);
  };

  it('reads 16-bit gray and 16-bit RGBA', () => {
    const gray16 = rawPng({
      width: 20,
      height: 20,
      colorType: 0,
      bitDepth: 16,
      samples: gray.map((v) => v * 257),
    });
    expectSquare(prepareImage(decodeImage(gray16, 'g16.png')).pixels);
    const rgba16 = rawPng({
      width: 20,
      height: 20,
      colorType: 6,
      bitDepth: 16,
      samples: gray.flatMap((v) => [v * 257, v * 257, v * 257, 65535]),
    });
    const decoded = decodeImage(rgba16, 'rgba16.png');
    expect(decoded.rgba).toHaveLength(20 * 20 * 4); // brought down to 8 bits per channel
    expectSquare(prepareImage(decoded).pixels);
  });

  it('reads a palette PNG, with a transparent entry composited over white', () => {
    const palette = [
      [20, 20, 20],
      [230, 230, 230],
      [0, 0, 0],
    ];
    const indices = gray.map((v) => (v === 20 ? 0 : 1));
    expectSquare(
      prepareImage(
        decodeImage(
          rawPng({ width: 20, height: 20, colorType: 3, bitDepth: 8, samples: indices, palette }),
          'p.png',
        ),
      ).pixels,
    );
    // Entry 2 is black but fully transparent: over white it is background.
    const transparent = gray.map((v) => (v === 20 ? 0 : 2));
    const png = rawPng({
      width: 20,
      height: 20,
      colorType: 3,
      bitDepth: 8,
      samples: transparent,
      palette,
      transparency: [255, 255, 0],
    });
    const prepared = prepareImage(decodeImage(png, 't.png'));
    expect(prepared.inverted).toBe(true);
    expectSquare(prepared.pixels);
  });

  it('reads gray + alpha', () => {
    const png = rawPng({
      width: 20,
      height: 20,
      colorType: 4,
      bitDepth: 8,
      samples: gray.flatMap((v) => (v === 20 ? [20, 255] : [0, 0])),
    });
    expectSquare(prepareImage(decodeImage(png, 'ga.png')).pixels);
  });

  it('resizes a 1×1 image and a 3000×1 line without failing', () => {
    const dot = prepareImage(decodeImage(encodePng(1, 1, new Uint8Array([0, 0, 0, 255])), 'dot.png'));
    expect(dot.pixels).toHaveLength(784);
    expect(dot.pixels.every((v) => v === 0)).toBe(true); // one black pixel is its own (dark) background
    const line = prepareImage(
      decodeImage(
        encodePng(
          3000,
          1,
          rgbaImage(3000, 1, () => [255, 255, 255, 255]),
        ),
        'line.png',
      ),
    );
    expect(line.width).toBe(3000);
    expect(line.pixels).toHaveLength(784);
    expect(Array.from(line.pixels).every((v) => v >= 0 && v <= 255)).toBe(true);
  });
});

describe('large JPEGs', () => {
  it('decodes a 4000×3000 photo-sized JPEG', () => {
    const [width, height] = [4000, 3000];
    const rgba = new Uint8Array(width * height * 4).fill(255);
    for (let y = 1000; y < 2000; y++) rgba.fill(30, (y * width + 1500) * 4, (y * width + 2500) * 4);
    const file = encodeJpeg(width, height, rgba);
    const started = performance.now();
    const prepared = prepareImage(decodeImage(file, 'photo.jpg'));
    const seconds = (performance.now() - started) / 1000;
    expect(prepared).toMatchObject({ width, height, inverted: true });
    expect(at(prepared.pixels, 14, 14)).toBeGreaterThan(150);
    expect(seconds).toBeLessThan(30); // ~7 s with jpeg-js on a laptop
  }, 90_000);

  /** A small real JPEG whose frame header claims `width`×`height`. */
  const claiming = (width: number, height: number) => {
    const bytes = Buffer.from(encodeJpeg(16, 16, new Uint8Array(16 * 16 * 4).fill(200)));
    const sof = bytes.indexOf(Buffer.from([0xff, 0xc0]));
    bytes.writeUInt16BE(height, sof + 5);
    bytes.writeUInt16BE(width, sof + 7);
    return bytes;
  };

  it('reads the frame size from the header', () => {
    expect(jpegFrame(claiming(640, 480))).toEqual({ width: 640, height: 480, components: 3 });
    expect(jpegFrame(new Uint8Array([0xff, 0xd8, 0xff]))).toBeUndefined();
  });

  it("refuses one beyond the decoder's memory cap at once, with a clear message", () => {
    const started = performance.now();
    expect(() => decodeImage(claiming(8000, 6000), 'huge.jpg')).toThrow(
      /^huge\.jpg: 8000×6000 JPEG is too large to decode \(needs about 870 MB, limit 512 MB\); scale it down first$/,
    );
    expect(performance.now() - started).toBeLessThan(1000);
    expect(8000 * 6000).toBeLessThan(MAX_IMAGE_PIXELS); // the pixel limit alone would have let it through
    expect(() => decodeImage(claiming(10_000, 10_000), 'bigger.jpg')).toThrow(
      /10000×10000 pixels is too large/,
    );
  });
});
