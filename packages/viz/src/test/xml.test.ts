import { describe, expect, it } from '@jest/globals';
import { XmlSyntaxError } from './errors.js';
import { findAll, parseXml, textContent } from './xml.js';

describe('parseXml', () => {
  it('returns the tree of a well-formed document, with entities decoded', () => {
    const root = parseXml(
      '<?xml version="1.0"?>\n<!-- c --><svg a="1" b=\'x &amp; &#60;y&#x3e;\'><g class="k m"><text>T&lt;/t &quot;</text></g><rect/></svg>\n',
    );
    expect(root.name).toBe('svg');
    expect(root.attributes).toEqual({ a: '1', b: 'x & <y>' });
    expect(findAll(root, 'g', 'm')).toHaveLength(1);
    expect(findAll(root, 'rect')).toHaveLength(1);
    expect(textContent(root)).toBe('T</t "');
  });

  it.each([
    ['an unclosed element', '<svg><g></svg>'],
    ['a mismatched closing tag', '<svg><g></h></svg>'],
    ['a missing closing tag', '<svg>'],
    ['two roots', '<a/><b/>'],
    ['text after the root', '<a/>x'],
    ['an unquoted attribute', '<a b=1/>'],
    ['a duplicate attribute', '<a b="1" b="2"/>'],
    ['attributes without whitespace between', '<a b="1"c="2"/>'],
    ["a '<' in an attribute", '<a b="<"/>'],
    ["a bare '&' in text", '<a>fish & chips</a>'],
    ['an unknown entity', '<a>&nbsp;</a>'],
    ["a bare '&' in an attribute", '<a b="T&C"/>'],
    ['a raw control character', '<a>\u0001</a>'],
    ["'--' in a comment", '<a><!-- a -- b --></a>'],
    ['an empty document', ''],
  ])('rejects %s', (_, source) => {
    expect(() => parseXml(source)).toThrow(XmlSyntaxError);
  });
});
