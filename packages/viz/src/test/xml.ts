// Parsing the SVG that tests draw, strictly: saxes (a conforming XML 1.0 parser) rejects anything not
// well-formed (unbalanced or mis-nested tags, unquoted or repeated attributes, bad entity references, text after
// the root); the tree it builds lets tests query what was drawn.
import { SaxesParser } from 'saxes';
import { XmlSyntaxError } from './errors.js';

export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly XmlNode[];
}

export type XmlNode = XmlElement | string;

/** Whether XML 1.0 allows this code point at all (its `Char` production); lone surrogates do not qualify. */
export function isXmlChar(codePoint: number): boolean {
  return (
    codePoint === 0x9 ||
    codePoint === 0xa ||
    codePoint === 0xd ||
    (codePoint >= 0x20 && codePoint <= 0xd7ff) ||
    (codePoint >= 0xe000 && codePoint <= 0xfffd) ||
    (codePoint >= 0x10000 && codePoint <= 0x10ffff)
  );
}

/** Parses a whole XML document, throwing {@link XmlSyntaxError} unless it is well-formed. */
export function parseXml(source: string): XmlElement {
  const parser = new SaxesParser();
  const open: { name: string; attributes: Record<string, string>; children: XmlNode[] }[] = [];
  let root: XmlElement | undefined;
  const append = (text: string) => open.at(-1)?.children.push(text);
  parser.on('opentag', (tag) => {
    const element = {
      name: tag.name,
      attributes: { ...(tag.attributes as Record<string, string>) },
      children: [],
    };
    if (open.length === 0) root = element;
    else open.at(-1)?.children.push(element);
    open.push(element);
  });
  parser.on('closetag', () => void open.pop());
  parser.on('text', append);
  parser.on('cdata', append);
  parser.on('error', (error) => {
    throw new XmlSyntaxError(error.message);
  });
  parser.write(source).close();
  if (root === undefined) throw new XmlSyntaxError('no root element');
  return root;
}

/** The element and all elements under it, in document order. */
export function descendants(root: XmlElement): XmlElement[] {
  return [root, ...root.children.flatMap((child) => (typeof child === 'string' ? [] : descendants(child)))];
}

/** Elements named `name`, optionally only those whose class list includes `className`. */
export function findAll(root: XmlElement, name: string, className?: string): XmlElement[] {
  return descendants(root).filter(
    (element) =>
      element.name === name &&
      (className === undefined || (element.attributes.class ?? '').split(/\s+/).includes(className)),
  );
}

/** The concatenated text inside a node. */
export function textContent(node: XmlNode): string {
  return typeof node === 'string' ? node : node.children.map(textContent).join('');
}

/** `elements[index]`, failing the test clearly when there is no such element. */
export function nth(elements: readonly XmlElement[], index = 0): XmlElement {
  const found = elements[index];
  if (found === undefined) throw new Error(`expected an element at index ${index}, found ${elements.length}`);
  return found;
}
