import { describe, expect, it } from '@jest/globals';
import { decodePicture, jpegFrame } from './decode.js';
import { PictureError } from './errors.js';
import { MAX_PICTURE_PIXELS } from './limits.js';
import { preparePixels } from './pipeline.js';
import { sniffFormat } from './sniff.js';
import {
  encodeJpeg,
  encodeJpegWithOrientation,
  encodePng,
  rawPng,
  rgbaImage,
  trouser,
} from './test/index.js';

const at = (pixels: Uint8Array, x: number, y: number) => pixels[y * 28 + x] as number;

describe('decoding', () => {
  it('recognises PNG and JPEG and names what it refuses', () => {
    expect(sniffFormat(encodePng(2, 2, new Uint8Array(16)))).toBe('png');
    expect(sniffFormat(encodeJpeg(8, 8, new Uint8Array(256)))).toBe('jpeg');
    expect(() => decodePicture(new TextEncoder().encode('GIF89a......'), 'cat.gif')).toThrow(
      /cat\.gif: a GIF image; only PNG and JPEG images are supported/,
    );
    expect(() => decodePicture(new TextEncoder().encode('hello world'), 'notes.txt')).toThrow(PictureError);
  });

  it('refuses huge images before allocating them', () => {
    const png = encodePng(1, 1, new Uint8Array([0, 0, 0, 255]));
    const header = Buffer.from(png);
    header.writeUInt32BE(100_000, 16);
    header.writeUInt32BE(100_000, 20);
    expect(() => decodePicture(header, 'huge.png')).toThrow(/huge\.png: 100000×100000 pixels is too large/);
  });

  it('reports a damaged PNG as such', () => {
    const png = encodePng(4, 4, new Uint8Array(64));
    expect(() => decodePicture(png.subarray(0, 40), 'cut.png')).toThrow(/cut\.png: not a readable PNG/);
  });
});

describe('JPEG', () => {
  it('reads a JPEG photo of a trouser', () => {
    const prepared = preparePixels(decodePicture(encodeJpeg(60, 90, trouser()), 't.jpg'));
    expect(prepared.inverted).toBe(true);
    expect(at(prepared.pixels, 9, 20)).toBeGreaterThan(150); // left leg
    expect(at(prepared.pixels, 14, 20)).toBeLessThan(60); // between the legs
    expect(at(prepared.pixels, 0, 0)).toBeLessThan(5);
  });

  it('turns a phone photo upright by its EXIF orientation', () => {
    // Upright: 30×60, dark in its top half only. Stored as a phone does for orientation 6 (rotated 90° clockwise
    // to view): 60×30, the top of the picture in the stored left half, as columns.
    const stored = rgbaImage(60, 30, (x) => (x < 30 ? [20, 20, 20, 255] : [240, 240, 240, 255]));
    const upright = decodePicture(encodeJpegWithOrientation(60, 30, stored, 6), 'phone.jpg');
    expect([upright.width, upright.height]).toEqual([30, 60]);
    const gray = (x: number, y: number) => upright.data[(y * 30 + x) * 4] as number;
    expect(gray(15, 10)).toBeLessThan(60);
    expect(gray(15, 50)).toBeGreaterThan(200);
    // Orientation 8 (rotated 90° counter-clockwise to view) puts the stored left half at the bottom.
    const other = decodePicture(encodeJpegWithOrientation(60, 30, stored, 8), 'phone.jpg');
    expect((other.data[(50 * 30 + 15) * 4] as number) < 60).toBe(true);
  });
});

describe('unusual PNGs and sizes', () => {
  /** A 20×20 picture: a dark 10×10 square in the middle of a light background, as gray levels. */
  const square = (x: number, y: number) => (x >= 5 && x < 15 && y >= 5 && y < 15 ? 20 : 230);
  const gray = Array.from({ length: 400 }, (_, i) => square(i % 20, Math.floor(i / 20)));
  /** The square is found and fills the frame brightly, whatever the encoding. */
  const expectSquare = ({ pixels, crop }: { pixels: Uint8Array; crop: unknown }) => {
    expect(crop).toEqual({ x: 5, y: 5, width: 10, height: 10 });
    expect(at(pixels, 14, 14)).toBeGreaterThan(190);
    expect(at(pixels, 1, 1)).toBeGreaterThan(190);
  };

  it('reads 16-bit gray and 16-bit RGBA', () => {
    const gray16 = rawPng({
      width: 20,
      height: 20,
      colorType: 0,
      bitDepth: 16,
      samples: gray.map((v) => v * 257),
    });
    expectSquare(preparePixels(decodePicture(gray16, 'g16.png')));
    const rgba16 = rawPng({
      width: 20,
      height: 20,
      colorType: 6,
      bitDepth: 16,
      samples: gray.flatMap((v) => [v * 257, v * 257, v * 257, 65535]),
    });
    const decoded = decodePicture(rgba16, 'rgba16.png');
    expect(decoded.data).toHaveLength(20 * 20 * 4); // brought down to 8 bits per channel
    expectSquare(preparePixels(decoded));
  });

  it('reads a palette PNG, with a transparent entry composited over white', () => {
    const palette = [
      [20, 20, 20],
      [230, 230, 230],
      [0, 0, 0],
    ];
    const indices = gray.map((v) => (v === 20 ? 0 : 1));
    expectSquare(
      preparePixels(
        decodePicture(
          rawPng({ width: 20, height: 20, colorType: 3, bitDepth: 8, samples: indices, palette }),
          'p.png',
        ),
      ),
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
    const prepared = preparePixels(decodePicture(png, 't.png'));
    expect(prepared.inverted).toBe(true);
    expectSquare(prepared);
  });

  it('reads gray + alpha', () => {
    const png = rawPng({
      width: 20,
      height: 20,
      colorType: 4,
      bitDepth: 8,
      samples: gray.flatMap((v) => (v === 20 ? [20, 255] : [0, 0])),
    });
    expectSquare(preparePixels(decodePicture(png, 'ga.png')));
  });

  it('resizes a 1×1 image and a 3000×1 line without failing', () => {
    const dot = preparePixels(decodePicture(encodePng(1, 1, new Uint8Array([0, 0, 0, 255])), 'dot.png'));
    expect(dot.pixels).toHaveLength(784);
    expect(dot.pixels.every((v) => v === 0)).toBe(true); // one black pixel is its own (dark) background
    const line = preparePixels(
      decodePicture(
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
    const prepared = preparePixels(decodePicture(file, 'photo.jpg'));
    expect(prepared).toMatchObject({ width, height, inverted: true });
    expect(prepared.crop).toEqual({ x: 1500, y: 1000, width: 1000, height: 1000 });
    expect(at(prepared.pixels, 14, 14)).toBeGreaterThan(150);
  }, 300_000);

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

  it("refuses one beyond the decoder's memory cap from its header, with a clear message", () => {
    // The message is the header check's: jpeg-js never started (its own refusal reads differently).
    expect(() => decodePicture(claiming(8000, 6000), 'huge.jpg')).toThrow(
      /^huge\.jpg: 8000×6000 JPEG is too large to decode \(needs about 870 MB, limit 512 MB\); scale it down first$/,
    );
    expect(8000 * 6000).toBeLessThan(MAX_PICTURE_PIXELS); // the pixel limit alone would have let it through
    expect(() => decodePicture(claiming(10_000, 10_000), 'bigger.jpg')).toThrow(
      /10000×10000 pixels is too large/,
    );
  });
});
