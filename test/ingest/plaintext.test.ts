import { describe, expect, it } from 'vitest';
import { decodeText, extractPlainText, splitFormFeeds } from '../../src/ingest/plaintext.ts';
import { IngestError } from '../../src/types.ts';
import { expectWellFormed, pageAt } from './well-formed.ts';

const utf8 = (s: string) => [...new TextEncoder().encode(s)];
function utf16(s: string, le: boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out.push(...(le ? [c & 0xff, c >> 8] : [c >> 8, c & 0xff]));
  }
  return out;
}

describe('decodeText', () => {
  it.each([
    ['UTF-8 without BOM', utf8('Grüße, 人工智能'), 'Grüße, 人工智能', []],
    ['UTF-8 with BOM', [0xef, 0xbb, 0xbf, ...utf8('é')], 'é', []],
    ['UTF-16 LE with BOM', [0xff, 0xfe, ...utf16('Grüße 人', true)], 'Grüße 人', []],
    ['UTF-16 BE with BOM', [0xfe, 0xff, ...utf16('Grüße 人', false)], 'Grüße 人', []],
    ['UTF-16 LE without BOM', utf16('Plain ASCII text', true), 'Plain ASCII text', ['no byte order mark; decoded as UTF-16LE (zero bytes in every other position)']],
    ['invalid UTF-8 among valid UTF-8', [...utf8('café '), 0xff, ...utf8(' naïve text here')], 'café \uFFFD naïve text here', ['invalid UTF-8: 1 byte sequence(s) replaced by U+FFFD']],
    ['Windows-1252 (every high byte alone)', [...utf8('The caf'), 0xe9, 0x20, 0x93, 0x71, 0x94, ...utf8(' costs 5 '), 0x80], 'The café “q” costs 5 €', ['not valid UTF-8; decoded as Windows-1252 (every non-ASCII byte stands alone)']],
  ])('%s', (_, bytes, text, warnings) => {
    expect(decodeText(new Uint8Array(bytes))).toEqual({ text, warnings });
  });

  it.each([
    ['NUL bytes', [...utf8('PK'), 3, 4, 0, 0, 0, ...utf8('word/document.xml')], /binary content \(zero bytes\)/],
    ['many control characters', Array.from({ length: 200 }, (_, i) => (i % 3 === 0 ? 0x01 : 0x41)), /binary content \(control characters\)/],
    ['mostly invalid UTF-8', Array.from({ length: 200 }, (_, i) => (i % 2 ? 0xc3 : 0xff)), /binary content \(\d+ invalid UTF-8 sequences\)/],
  ])('throws IngestError(unsupported) on %s', (_, bytes, message) => {
    let err: unknown;
    try {
      decodeText(new Uint8Array(bytes));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(IngestError);
    expect((err as IngestError).code).toBe('unsupported');
    expect((err as IngestError).message).toMatch(message);
  });
});

describe('extractPlainText', () => {
  it('splits pages at form feeds (pdftotext output); the trailing one is no page', () => {
    expect(splitFormFeeds('one\ftwo\f')).toEqual([
      { page: 1, text: 'one' },
      { page: 2, text: 'two' },
    ]);
    const r = extractPlainText(new Uint8Array(utf8('First page text.\fSecond page text.\fThird.\f')));
    expectWellFormed(r);
    expect(r).toMatchObject({ format: 'text', text: 'First page text.\n\nSecond page text.\n\nThird.', meta: {}, warnings: [] });
    expect(r.pages.map((p) => p.page)).toEqual([1, 2, 3]);
    expect(pageAt(r.pages, r.text.indexOf('Third'))).toBe(3);
  });

  it('removes page numbers and running heads of pdftotext pages', () => {
    const pages = ['alpha', 'bravo', 'charlie', 'delta'].map((w, i) => `Annual Report 2024\n\nThe ${w} section says something.\n\n${i + 1}`);
    const r = extractPlainText(new Uint8Array(utf8(pages.join('\f'))));
    expect(r.text).toBe('The alpha section says something.\n\nThe bravo section says something.\n\nThe charlie section says something.\n\nThe delta section says something.');
    expect(r.warnings).toEqual(['4 running head/footer lines removed', '4 page numbers removed']);
  });

  it('normalizes a one-paragraph-per-line file and passes decoding warnings on', () => {
    const long = (w: string) => `${w} `.repeat(40) + 'end.';
    const r = extractPlainText(new Uint8Array([...utf8(`${long('one')}\r\n${long('two')}\r\nnaïve `), 0xff]));
    expect(r.text.split('\n\n')).toEqual([long('one'), long('two'), 'naïve \uFFFD']);
    expect(r.warnings).toEqual(['invalid UTF-8: 1 byte sequence(s) replaced by U+FFFD']);
  });
});
