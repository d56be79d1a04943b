import { PNG } from 'pngjs';
import { IMAGE_SIZE } from '../validate.js';
import { parseXml, type XmlElement } from './xml.js';

/** A deterministic 28×28 test image using the whole 0–255 range; `seed` varies the pattern. */
export function syntheticImage(seed = 0): Uint8Array {
  return Uint8Array.from({ length: IMAGE_SIZE * IMAGE_SIZE }, (_, i) => (i * 7 + seed * 31) % 256);
}

/** Probabilities with `confidence` on `predicted` and the rest shared equally by the other classes. */
export function probabilitiesFor(predicted: number, confidence = 0.9, classes = 10): number[] {
  return Array.from({ length: classes }, (_, label) =>
    label === predicted ? confidence : (1 - confidence) / (classes - 1),
  );
}

/** `matrix[t][p]`: how many of `trueLabels` are `t` with the predicted label at the same position `p`. */
export function countConfusion(
  trueLabels: readonly number[],
  predicted: readonly number[],
  classes = 10,
): number[][] {
  const matrix = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  trueLabels.forEach((label, i) => {
    const row = matrix[label] as number[];
    row[predicted[i] as number] = (row[predicted[i] as number] as number) + 1;
  });
  return matrix;
}

/** Each row's diagonal count over its sum: the share of each true class predicted right. */
export function rowAccuracies(matrix: readonly (readonly number[])[]): number[] {
  return matrix.map((row, label) => (row[label] as number) / row.reduce((sum, count) => sum + count, 0));
}

/** Parses an SVG document strictly (throws unless well-formed) and checks that it is an SVG. */
export function parseSvg(svg: string): XmlElement {
  const root = parseXml(svg);
  if (root.name !== 'svg' || root.attributes.xmlns !== 'http://www.w3.org/2000/svg') {
    throw new Error(`not an SVG document: <${root.name}>`);
  }
  return root;
}

/** Decodes the PNG of an `<image href="data:image/png;base64,…">`. */
export function decodeImageHref(image: XmlElement): PNG {
  const href = image.attributes.href ?? '';
  const prefix = 'data:image/png;base64,';
  if (!href.startsWith(prefix)) throw new Error(`not a PNG data URI: ${href.slice(0, 40)}`);
  return PNG.sync.read(Buffer.from(href.slice(prefix.length), 'base64'));
}

/** The r, g, b of pixel `index` of a decoded PNG. */
export function rgbAt(png: PNG, index: number): [number, number, number] {
  return [png.data[4 * index] ?? -1, png.data[4 * index + 1] ?? -1, png.data[4 * index + 2] ?? -1];
}
