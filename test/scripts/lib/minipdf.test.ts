import { PDFParse } from 'pdf-parse';
import { describe, expect, it } from 'vitest';
import { buildPdf, SOFT_HYPHEN, textWidth, winAnsiCode, wrapText, type PdfSpec } from '../../../scripts/lib/minipdf.ts';

const latin1 = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');

function onePage(texts: string[], info: PdfSpec['info'] = {}): PdfSpec {
  return {
    width: 300,
    height: 200,
    info,
    pages: [{ lines: texts.map((text, i) => ({ x: 20, y: 170 - 20 * i, size: 10, font: 'Helvetica' as const, text })) }],
  };
}

describe('buildPdf: file structure', () => {
  const bytes = buildPdf({ ...onePage(['one']), pages: [onePage(['one']).pages[0], onePage(['two']).pages[0]] });
  const text = latin1(bytes);

  it('starts with a PDF 1.4 header and a binary comment, and ends with %%EOF', () => {
    expect(text.startsWith('%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n')).toBe(true);
    expect(text.endsWith('%%EOF\n')).toBe(true);
  });

  it('has an xref table whose offsets point at each object, and a startxref that points at it', () => {
    const startxref = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(text)![1]);
    expect(text.slice(startxref, startxref + 5)).toBe('xref\n');
    const [, count] = /^xref\n0 (\d+)\n/.exec(text.slice(startxref))!.map(Number);
    const rows = text.slice(startxref).split('\n').slice(2, 2 + count);
    expect(rows[0]).toBe('0000000000 65535 f ');
    rows.slice(1).forEach((row, i) => {
      expect(row).toMatch(/^\d{10} 00000 n $/);
      const offset = Number(row.slice(0, 10));
      expect(text.slice(offset, offset + `${i + 1} 0 obj\n`.length)).toBe(`${i + 1} 0 obj\n`);
    });
    expect(text).toContain(`/Size ${count} `);
  });

  it('gives each content stream its exact /Length', () => {
    const streams = [...text.matchAll(/<< \/Length (\d+) >>\nstream\n([\s\S]*?)endstream/g)];
    expect(streams).toHaveLength(2);
    for (const [, length, body] of streams) expect(body.length).toBe(Number(length));
  });
});

describe('buildPdf: text', () => {
  it('escapes parentheses and backslashes, and writes WinAnsi bytes as octal escapes', () => {
    const text = latin1(buildPdf(onePage(['a (b) \\ c', 'Société – “x” €'])));
    expect(text).toContain('(a \\(b\\) \\\\ c) Tj');
    expect(text).toContain('(Soci\\351t\\351 \\226 \\223x\\224 \\200) Tj');
  });

  it('round-trips through pdf-parse, including WinAnsi punctuation and a UTF-16 title', async () => {
    const bytes = buildPdf({ ...onePage(['Société – “quoted” (x)', 'second line']), info: { Title: 'Société — Ü' }, lang: 'fr' });
    const parser = new PDFParse({ data: new Uint8Array(bytes) });
    try {
      const result = await parser.getText();
      expect(result.pages).toHaveLength(1);
      expect(result.pages[0].text.split('\n').map((l) => l.trim())).toEqual(
        expect.arrayContaining(['Société – “quoted” (x)', 'second line']),
      );
      const info = (await parser.getInfo()).info as Record<string, unknown>;
      expect(info.Title).toBe('Société — Ü');
      expect(info.Language).toBe('fr');
    } finally {
      await parser.destroy();
    }
  });

  it('refuses characters that WinAnsiEncoding cannot show', () => {
    expect(() => winAnsiCode('ї')).toThrow('Unexpected character `ї` (U+0457), expected one that WinAnsiEncoding can show');
    expect(() => buildPdf(onePage(['Україна']))).toThrow(/U\+0423/);
    expect(winAnsiCode('—')).toBe(0x97);
    expect(winAnsiCode('é')).toBe(0xe9);
  });
});

describe('textWidth', () => {
  const cases: Array<[string, 'Helvetica' | 'Helvetica-Bold', number, number]> = [
    ['a', 'Helvetica', 10, 5.56],
    ['i', 'Helvetica', 10, 2.22],
    ['i', 'Helvetica-Bold', 10, 2.78],
    ['W W', 'Helvetica', 1000, 944 + 278 + 944],
    ['é', 'Helvetica', 10, 5.56],
    [`ab${SOFT_HYPHEN}c`, 'Helvetica', 10, 5.56 + 5.56 + 5],
  ];
  it.each(cases)('%j in %s at %d pt is %d', (text, font, size, width) => {
    expect(textWidth(text, font, size)).toBeCloseTo(width, 6);
  });
});

describe('wrapText', () => {
  const width = (s: string) => textWidth(s, 'Helvetica', 10);

  it('breaks at spaces so that no line is wider than the limit', () => {
    const text = 'the quick brown fox jumps over the lazy dog '.repeat(5);
    const { lines, hyphenated } = wrapText(text, 'Helvetica', 10, 100);
    expect(lines.join(' ')).toBe(text.trim());
    expect(hyphenated).toBe(0);
    for (const line of lines) expect(width(line)).toBeLessThanOrEqual(100);
  });

  it('breaks a word at a soft hyphen, showing "-" at the line end', () => {
    const word = `inter${SOFT_HYPHEN}oper${SOFT_HYPHEN}ability`;
    const limit = width('standards and interoper-') + 0.01;
    const { lines, hyphenated } = wrapText(`standards and ${word} matter`, 'Helvetica', 10, limit);
    expect(lines).toEqual(['standards and interoper-', 'ability matter']);
    expect(hyphenated).toBe(1);
  });

  it('moves the whole word, without its soft hyphens, when no break point fits', () => {
    const word = `trans${SOFT_HYPHEN}par${SOFT_HYPHEN}ency`;
    const { lines, hyphenated } = wrapText(`abcdefgh ${word}`, 'Helvetica', 10, width('transparency'));
    expect(lines).toEqual(['abcdefgh', 'transparency']);
    expect(hyphenated).toBe(0);
    expect(wrapText(`abc ${word}`, 'Helvetica', 10, 1000)).toEqual({ lines: ['abc transparency'], hyphenated: 0 });
  });

  it('breaks a word that is alone on its line and still too long', () => {
    const word = `trans${SOFT_HYPHEN}par${SOFT_HYPHEN}ency`;
    expect(wrapText(word, 'Helvetica', 10, width('transpar-'))).toEqual({ lines: ['transpar-', 'ency'], hyphenated: 1 });
  });

  it('lets a word longer than the line overflow on a line of its own', () => {
    const url = 'https://example.org/a/very/long/path/without/spaces';
    expect(wrapText(`see ${url} now`, 'Helvetica', 10, 60).lines).toEqual(['see', url, 'now']);
  });
});
