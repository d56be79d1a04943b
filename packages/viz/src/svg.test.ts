import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { element, escapeXml, formatNumber, group, svgDocument, text } from './svg.js';
import { parseSvg } from './test/fixtures.js';
import { isXmlChar, parseXml, textContent } from './test/xml.js';

describe('escapeXml', () => {
  it('escapes markup characters and keeps everything else', () => {
    expect(escapeXml(`T-shirt/top <b>"&'`)).toBe(`T-shirt/top &lt;b&gt;&quot;&amp;'`);
    // Line breaks and tabs as references, so that attribute values keep them through XML normalisation.
    expect(escapeXml('a\tb\r\nc')).toBe('a&#9;b&#13;&#10;c');
  });

  it('makes any string safe as element text and as an attribute value', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (value) => {
        const root = parseXml(text(value, { 'data-value': value }));
        // What XML cannot carry (control characters, unpaired surrogates) is dropped; everything else survives.
        const expected = Array.from(value)
          .filter((char) => isXmlChar(char.codePointAt(0) as number))
          .join('');
        expect(textContent(root)).toBe(expected);
        expect(root.attributes['data-value']).toBe(expected);
      }),
    );
  });
});

describe('formatNumber', () => {
  it.each([
    [0, '0'],
    [-0.001, '0'],
    [2, '2'],
    [13.888888, '13.89'],
    [-4.861, '-4.86'],
  ])('%p → %s', (value, expected) => {
    expect(formatNumber(value)).toBe(expected);
  });
});

describe('element and group', () => {
  it('self-closes empty elements, formats numbers, skips undefined attributes', () => {
    expect(element('rect', { x: 1.234, y: undefined, fill: 'red' })).toBe('<rect x="1.23" fill="red"/>');
    expect(element('g', {}, ['<a/>', '<b/>'])).toBe('<g><a/><b/></g>');
  });

  it('drops empty groups', () => {
    expect(group(['', ''])).toBe('');
    expect(group(['<a/>', ''], { class: 'x' })).toBe('<g class="x"><a/></g>');
  });
});

describe('svgDocument', () => {
  it('is a sized SVG with a white background and an escaped title', () => {
    const root = parseSvg(svgDocument(640, 480, 'A & B', ['<circle r="1"/>', '']));
    expect(root.attributes).toMatchObject({ width: '640', height: '480', viewBox: '0 0 640 480' });
    expect(root.attributes['font-family']).toBe("'DejaVu Sans', sans-serif");
    const [title, background, circle] = root.children.filter((child) => typeof child !== 'string');
    expect(title && textContent(title)).toBe('A & B');
    expect(background?.attributes).toMatchObject({ width: '640', height: '480', fill: '#ffffff' });
    expect(circle?.name).toBe('circle');
  });
});
