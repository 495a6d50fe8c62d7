import { describe, expect, it } from 'vitest';
import { RefiError } from '../../../src/interchange/refi/errors.ts';
import { childNamed, childrenNamed, parseXml } from '../../../src/interchange/refi/parse.ts';

describe('parseXml', () => {
  it('drops namespace prefixes, a BOM, comments and the XML declaration', () => {
    const root = parseXml('\uFEFF<?xml version="1.0"?><!-- c --><q:Project xmlns:q="urn:QDA-XML:project:1.0"><q:Users><q:User guid="g"/></q:Users></q:Project>', 't');
    expect(root.name).toBe('Project');
    expect(childrenNamed(childNamed(root, 'Users')!, 'User').map((u) => u.attrs.guid)).toEqual(['g']);
  });

  it('keeps only direct text, entities and CDATA decoded', () => {
    const root = parseXml('<D>a &amp; <b>inner</b> &#x1F642;<![CDATA[ <raw> ]]></D>', 't');
    expect(root.text).toBe('a &  🙂 <raw> ');
    expect(root.children[0]!.text).toBe('inner');
  });

  it('refuses text without a root element', () => {
    expect(() => parseXml('just text', 'x.qde')).toThrow(RefiError);
    expect(() => parseXml('', 'x.qde')).toThrow('Unexpected x.qde without a root element, expected XML');
  });
});
