import { COLORS, FONT_FAMILY, FONT_SIZE } from './style.js';

export type AttributeValue = string | number | undefined;
export type Attributes = Readonly<Record<string, AttributeValue>>;

// Characters XML 1.0 forbids even when escaped, and unpaired UTF-16 surrogates, which have no UTF-8 encoding.
const FORBIDDEN_IN_XML =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching the control characters is the point.
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

// Tab and line breaks as references too: XML parsers turn them into spaces inside attribute values.
const REFERENCES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

/**
 * Makes any string safe as XML text or as a double-quoted attribute value: escapes `& < > "` (and tabs and line
 * breaks) and drops the few characters XML cannot carry at all.
 */
export function escapeXml(text: string): string {
  return text.replace(FORBIDDEN_IN_XML, '').replace(/[&<>"\t\n\r]/g, (char) => REFERENCES[char] ?? char);
}

/** Coordinates with at most two decimals: plenty at screen resolution, and short, stable output. */
export function formatNumber(value: number): string {
  const rounded = Math.round(value * 100) / 100;
  return Object.is(rounded, -0) ? '0' : String(rounded);
}

function formatAttributes(attributes: Attributes): string {
  let result = '';
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined) continue;
    result += ` ${name}="${typeof value === 'number' ? formatNumber(value) : escapeXml(value)}"`;
  }
  return result;
}

/** One element; `children` is already-built markup (use {@link escapeXml} or {@link text} for strings). */
export function element(name: string, attributes: Attributes = {}, children: readonly string[] = []): string {
  const open = `<${name}${formatAttributes(attributes)}`;
  return children.length === 0 ? `${open}/>` : `${open}>${children.join('')}</${name}>`;
}

/** A `<text>` element whose content is escaped. */
export function text(content: string, attributes: Attributes): string {
  return element('text', attributes, [escapeXml(content)]);
}

/** A group, or nothing when it would be empty. */
export function group(children: readonly string[], attributes: Attributes = {}): string {
  const nonEmpty = children.filter((child) => child !== '');
  return nonEmpty.length === 0 ? '' : element('g', attributes, nonEmpty);
}

/**
 * A whole SVG document with a white background, like a matplotlib figure, and the figure's description as its
 * accessible `<title>`.
 */
export function svgDocument(width: number, height: number, title: string, body: readonly string[]): string {
  const root = {
    xmlns: 'http://www.w3.org/2000/svg',
    width,
    height,
    viewBox: `0 0 ${formatNumber(width)} ${formatNumber(height)}`,
    role: 'img',
    'font-family': FONT_FAMILY,
    'font-size': FONT_SIZE,
  };
  const background = element('rect', { width, height, fill: COLORS.background });
  const content = [
    element('title', {}, [escapeXml(title)]),
    background,
    ...body.filter((part) => part !== ''),
  ];
  return `<svg${formatAttributes(root)}>\n${content.join('\n')}\n</svg>\n`;
}
