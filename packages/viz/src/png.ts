/**
 * SVG to PNG in Node, through resvg (`@resvg/resvg-js`, an optional peer dependency) and the DejaVu Sans font that
 * ships in this package: no system fonts are consulted, so the same SVG gives the same bytes on any machine.
 *
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * import { imageGrid } from '@fmnist/viz';
 * import { svgToPng } from '@fmnist/viz/png';
 * writeFileSync('grid.png', svgToPng(imageGrid(images, labels), { scale: 2 }));
 * ```
 */

import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { InvalidArgumentError } from '@fmnist/errors';
import type { Resvg as ResvgClass, ResvgRenderOptions } from '@resvg/resvg-js';
import { ResvgMissingError } from './errors.js';

const FONT_FILE = fileURLToPath(new URL('../fonts/DejaVuSans.ttf', import.meta.url));
const FONT_FAMILY = 'DejaVu Sans';

export { ResvgMissingError } from './errors.js';

/** Options of {@link svgToPng}. */
export interface SvgToPngOptions {
  /** Pixels per SVG unit: 1 (the default) gives the figure's size at 100 dpi, 2 at 200 dpi. */
  readonly scale?: number;
}

let resvg: typeof ResvgClass | undefined;

// Loaded on first use rather than imported, so that importing this module works without the optional peer and
// the error says what to install.
function loadResvg(): typeof ResvgClass {
  if (resvg === undefined) {
    try {
      resvg = (createRequire(import.meta.url)('@resvg/resvg-js') as { Resvg: typeof ResvgClass }).Resvg;
    } catch (cause) {
      throw new ResvgMissingError('svgToPng needs @resvg/resvg-js', {
        hint: 'npm install @resvg/resvg-js',
        cause,
      });
    }
  }
  return resvg;
}

/**
 * Renders an SVG (from this package's plots, or any other) to PNG bytes.
 *
 * @throws {ResvgMissingError} when `@resvg/resvg-js` is not installed.
 * @throws {RangeError} when `scale` is not a positive number.
 * @example
 * ```ts
 * const png = svgToPng(plotImage(image, probabilities, 9), { scale: 2 }); // 600 × 600 pixels
 * ```
 */
export function svgToPng(svg: string, options: SvgToPngOptions = {}): Uint8Array {
  const scale = options.scale ?? 1;
  if (!(scale > 0 && Number.isFinite(scale)))
    throw new InvalidArgumentError(`scale is ${scale}, expected a positive number`);
  const Resvg = loadResvg();
  const renderOptions: ResvgRenderOptions = {
    fitTo: { mode: 'zoom', value: scale },
    font: {
      fontFiles: [FONT_FILE],
      loadSystemFonts: false,
      defaultFontFamily: FONT_FAMILY,
      sansSerifFamily: FONT_FAMILY,
    },
  };
  return new Resvg(svg, renderOptions).render().asPng();
}
