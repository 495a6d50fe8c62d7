import { describe, expect, it } from 'vitest';
import { parseXml } from '../../../src/interchange/refi/parse.ts';
import { escapeAttr, escapeText, XmlWriter } from '../../../src/interchange/refi/xml.ts';

describe('escaping', () => {
  it.each([
    ['markup', 'a & b < c > d "e"', 'a &amp; b &lt; c &gt; d "e"', 'a &amp; b &lt; c &gt; d &quot;e&quot;'],
    ['tabs and newlines survive attribute-value normalization', 'x\ty\nz\r', 'x\ty\nz&#13;', 'x&#9;y&#10;z&#13;'],
    ['characters XML cannot carry become U+FFFD', 'a\u0001b\uFFFEc\uD800d', 'a\uFFFDb\uFFFDc\uFFFDd', 'a\uFFFDb\uFFFDc\uFFFDd'],
    ['non-BMP characters pass through', '🙂𝔘', '🙂𝔘', '🙂𝔘'],
  ])('%s', (_name, input, text, attr) => {
    expect(escapeText(input)).toBe(text);
    expect(escapeAttr(input)).toBe(attr);
  });

  it('round-trips text and attributes through the parser', () => {
    const value = 'Emoji & <math> "letters"\nline\tand\r\n🙂';
    const xml = new XmlWriter().open('R', [['a', value]]).text('T', value).close('R').toString();
    const root = parseXml(xml, 'test');
    expect(root.attrs.a).toBe(value);
    expect(root.children[0]!.text).toBe(value);
  });
});

describe('XmlWriter', () => {
  it('writes attributes in order and skips null/undefined ones', () => {
    const xml = new XmlWriter().open('A', [['z', 1], ['a', null], ['m', true], ['b', undefined]]).empty('B').close('A').toString();
    expect(xml).toBe('<?xml version="1.0" encoding="UTF-8"?>\n<A z="1" m="true">\n  <B/>\n</A>\n');
  });

  it('refuses elements that do not nest', () => {
    expect(() => new XmlWriter().open('A').close('B')).toThrow('Unexpected </B>, expected </A>');
    expect(() => new XmlWriter().open('A').toString()).toThrow('expected </A>');
  });
});
