// Matplotlib's default look (rcParams of matplotlib 3.x at its default 100 dpi), so that the pictures match the
// Keras tutorial's. Lengths are in SVG user units, one per pixel at 100 dpi.

export const DPI = 100;

/** Converts typographic points (matplotlib's unit for fonts and line widths) to pixels at {@link DPI}. */
export function points(value: number): number {
  return (value * DPI) / 72;
}

/** The bundled font first, so resvg (which is given only that font) and browsers draw the same glyphs. */
export const FONT_FAMILY = "'DejaVu Sans', sans-serif";
export const FONT_SIZE = points(10);
export const TITLE_FONT_SIZE = points(12);
export const LINE_HEIGHT = 1.2 * FONT_SIZE;

/** DejaVu Sans ascender, cap height and descender as fractions of the font size, to place text by its extent. */
export const ASCENT = 0.76;
export const CAP_HEIGHT = 0.73;
export const DESCENT = 0.24;

export const SPINE_WIDTH = points(0.8);
export const TICK_LENGTH = points(3.5);
export const TICK_PAD = points(3.5);
export const LABEL_PAD = points(4);
export const TITLE_PAD = points(6);
export const PLOT_LINE_WIDTH = points(1.5);
export const MARKER_RADIUS = points(3);
/** Matplotlib's `tight_layout` pad: 1.08 × font size around the figure. */
export const FIGURE_PAD = 1.08 * FONT_SIZE;

export const COLORS = {
  background: '#ffffff',
  text: '#000000',
  spine: '#000000',
  /** Matplotlib's named colours used by the tutorial: a right prediction is 'blue', a wrong one 'red'. */
  right: '#0000ff',
  wrong: '#ff0000',
  bar: '#777777',
  /** The first two colours of matplotlib's tab10 cycle. */
  training: '#1f77b4',
  validation: '#ff7f0e',
  legendEdge: '#cccccc',
  lightText: '#ffffff',
} as const;
