// A strict little XML parser for tests: it accepts only well-formed documents (balanced, properly nested tags,
// quoted and unique attributes, valid entity references, nothing after the root) and returns the tree, so tests
// can both reject malformed SVG and query what was drawn.

export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly XmlNode[];
}

export type XmlNode = XmlElement | string;

export class XmlSyntaxError extends Error {
  override name = 'XmlSyntaxError';
}

const NAME = /[A-Za-z_:][A-Za-z0-9_:.-]*/y;
const WHITESPACE = /[ \t\r\n]*/y;
const ENTITY = /&(?:(amp|lt|gt|quot|apos)|#([0-9]+)|#x([0-9a-fA-F]+));/y;
const NAMED_ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

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

class Parser {
  private position = 0;

  constructor(private readonly source: string) {}

  document(): XmlElement {
    if (this.source.startsWith('<?xml')) this.skipPast('?>');
    this.skipMisc();
    const root = this.element();
    this.skipMisc();
    if (this.position !== this.source.length) this.fail('content after the root element');
    return root;
  }

  private fail(message: string): never {
    throw new XmlSyntaxError(`${message} at offset ${this.position}`);
  }

  private lookingAt(text: string): boolean {
    return this.source.startsWith(text, this.position);
  }

  private expect(text: string): void {
    if (!this.lookingAt(text)) this.fail(`expected '${text}'`);
    this.position += text.length;
  }

  private skipPast(terminator: string): string {
    const end = this.source.indexOf(terminator, this.position);
    if (end < 0) this.fail(`missing '${terminator}'`);
    const skipped = this.source.slice(this.position, end);
    this.position = end + terminator.length;
    return skipped;
  }

  private whitespace(): boolean {
    WHITESPACE.lastIndex = this.position;
    WHITESPACE.exec(this.source);
    const skipped = WHITESPACE.lastIndex > this.position;
    this.position = WHITESPACE.lastIndex;
    return skipped;
  }

  private comment(): void {
    this.expect('<!--');
    if (this.skipPast('-->').includes('--')) this.fail("'--' inside a comment");
  }

  private skipMisc(): void {
    this.whitespace();
    while (this.lookingAt('<!--')) {
      this.comment();
      this.whitespace();
    }
  }

  private name(): string {
    NAME.lastIndex = this.position;
    const match = NAME.exec(this.source);
    if (!match) this.fail('expected a name');
    this.position = NAME.lastIndex;
    return match[0];
  }

  /** Replaces entity references, failing on a bare '&' or an unknown entity. */
  private decode(raw: string, start: number): string {
    if (!Array.from(raw).every((char) => isXmlChar(char.codePointAt(0) as number))) {
      this.fail('a character XML does not allow');
    }
    let result = '';
    let index = 0;
    for (let amp = raw.indexOf('&'); amp >= 0; amp = raw.indexOf('&', index)) {
      ENTITY.lastIndex = amp;
      const match = ENTITY.exec(raw);
      if (!match) {
        this.position = start + amp;
        this.fail("'&' that does not start an entity reference");
      }
      const [, named, decimal, hex] = match;
      const decoded = named
        ? NAMED_ENTITIES[named]
        : String.fromCodePoint(Number.parseInt((decimal ?? hex) as string, decimal ? 10 : 16));
      result += raw.slice(index, amp) + decoded;
      index = ENTITY.lastIndex;
    }
    return result + raw.slice(index);
  }

  private attributeValue(): string {
    const quote = this.source[this.position];
    if (quote !== '"' && quote !== "'") this.fail('expected a quoted attribute value');
    this.position++;
    const start = this.position;
    const raw = this.skipPast(quote);
    if (raw.includes('<')) this.fail("'<' inside an attribute value");
    return this.decode(raw, start);
  }

  private element(): XmlElement {
    this.expect('<');
    const name = this.name();
    const attributes: Record<string, string> = {};
    for (;;) {
      const separated = this.whitespace();
      if (this.lookingAt('/>')) {
        this.position += 2;
        return { name, attributes, children: [] };
      }
      if (this.lookingAt('>')) break;
      if (!separated) this.fail('expected whitespace before an attribute');
      const attribute = this.name();
      if (Object.hasOwn(attributes, attribute)) this.fail(`duplicate attribute '${attribute}'`);
      this.whitespace();
      this.expect('=');
      this.whitespace();
      attributes[attribute] = this.attributeValue();
    }
    this.position++;
    return { name, attributes, children: this.content(name) };
  }

  private content(parentName: string): XmlNode[] {
    const children: XmlNode[] = [];
    for (;;) {
      if (this.position >= this.source.length) this.fail(`unclosed element <${parentName}>`);
      if (this.lookingAt('</')) {
        this.position += 2;
        const closing = this.name();
        if (closing !== parentName) this.fail(`</${closing}> closes <${parentName}>`);
        this.whitespace();
        this.expect('>');
        return children;
      }
      if (this.lookingAt('<!--')) this.comment();
      else if (this.lookingAt('<![CDATA[')) {
        this.position += '<![CDATA['.length;
        children.push(this.skipPast(']]>'));
      } else if (this.lookingAt('<?') || this.lookingAt('<!')) this.fail('unexpected markup declaration');
      else if (this.lookingAt('<')) children.push(this.element());
      else {
        const start = this.position;
        const end = this.source.indexOf('<', start);
        this.position = end < 0 ? this.source.length : end;
        const raw = this.source.slice(start, this.position);
        if (raw.includes(']]>')) this.fail("']]>' in text");
        children.push(this.decode(raw, start));
      }
    }
  }
}

/** Parses a whole XML document, throwing {@link XmlSyntaxError} unless it is well-formed. */
export function parseXml(source: string): XmlElement {
  return new Parser(source).document();
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
