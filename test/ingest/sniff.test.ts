import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sniffFormat } from '../../src/ingest/sniff.ts';
import { needShared, shared } from '../helpers/shared.ts';

const enc = (s: string) => new TextEncoder().encode(s);
const bytes = (...parts: Array<string | number[]>) =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? Array.from(enc(p)) : p)));
const utf16le = (s: string) => {
  const out = [0xff, 0xfe];
  for (let i = 0; i < s.length; i++) out.push(s.charCodeAt(i) & 0xff, s.charCodeAt(i) >> 8);
  return Uint8Array.from(out);
};

const HTML_PAGE = '<!DOCTYPE html>\n<html lang="en"><head><title>x</title></head><body><p>Hi</p></body></html>';

describe('sniffFormat: content decides, the extension chooses among text readings', () => {
  it.each([
    ['PDF named .pdf', bytes('%PDF-1.7\n%âãÏÓ\n1 0 obj'), 'report.pdf', 'pdf'],
    ['PDF with junk before the header (as PDF readers allow)', bytes('x'.repeat(500), '%PDF-1.4\n'), 'a.pdf', 'pdf'],
    ['PDF named .PDF in capitals', bytes('%PDF-1.4\n'), 'A.PDF', 'pdf'],
    ['HTML page named .html', enc(HTML_PAGE), 'page.html', 'html'],
    ['HTML page named .htm after BOM and blank lines', bytes([0xef, 0xbb, 0xbf], '\n\n  <html><body>x</body></html>'), 'p.htm', 'html'],
    ['XHTML with an XML prolog', enc('<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><body/></html>'), 'p.xhtml', 'html'],
    ['HTML fragment named .html', enc('<p>Only a paragraph</p>'), 'frag.html', 'html'],
    ['text named .txt', enc('The Council adopted the resolution.\n'), 'a.txt', 'text'],
    ['text named .text', enc('Plain.\n'), 'a.text', 'text'],
    ['markdown named .md', enc('# Title\n\nBody text.\n'), 'a.md', 'markdown'],
    ['markdown named .markdown', enc('# Title\n'), 'a.markdown', 'markdown'],
    ['markdown content named .txt stays text', enc('# Title\n\nBody.\n'), 'a.txt', 'text'],
    ['UTF-16LE text with BOM', utf16le('Прозорість і підзвітність\n'), 'uk.txt', 'text'],
    ['Windows-1252 text (not UTF-8, no NULs)', Uint8Array.from([0x43, 0x61, 0x66, 0xe9, 0x20, 0x0a]), 'a.txt', 'text'],
    ['unknown extension with text content', enc('id,title\n1,x\n'), 'manifest.csv', 'text'],
    ['no extension with text content', enc('README text\n'), 'README', 'text'],
  ])('%s → %s', (_name, input, fileName, format) => {
    const result = sniffFormat(input, fileName);
    expect(result).toMatchObject({ format });
  });

  it.each([
    ['zero bytes', new Uint8Array(0), 'a.pdf', 'empty', 'the file is empty (0 bytes)'],
    ['HTML named .pdf', enc(HTML_PAGE), 'report.pdf', 'misnamed', 'named .pdf but its content is an HTML page (starts with <!DOCTYPE html>)'],
    ['HTML named .txt', enc('<html><body>x</body></html>'), 'a.txt', 'misnamed', 'named .txt but its content is an HTML page (starts with <html>)'],
    ['PDF named .md', bytes('%PDF-1.5\n'), 'a.md', 'misnamed', 'named .md but its content is a PDF document (starts with %PDF-1.5)'],
    ['PDF named .html', bytes('%PDF-1.5\n'), 'a.html', 'misnamed', 'named .html but its content is a PDF document (starts with %PDF-1.5)'],
    ['HTML page mentioning %PDF- near its top, named .pdf', enc('<!DOCTYPE html><html><body>Files start with %PDF-1.7</body></html>'), 'a.pdf', 'misnamed', 'named .pdf but its content is an HTML page (starts with <!DOCTYPE html>)'],
    ['text named .pdf', enc('Not a PDF at all\nsecond line'), 'a.pdf', 'misnamed', 'named .pdf but its content is plain text (starts with "Not a PDF at all")'],
    ['PNG named .pdf', bytes([0x89], 'PNG\r\n\x1a\n', [0, 0, 0, 13]), 'scan.pdf', 'misnamed', 'named .pdf but its content is a PNG image'],
    ['DOCX named .docx', bytes('PK\x03\x04', [20, 0, 6, 0], '[Content_Types].xml word/document.xml'), 'a.docx', 'unsupported', 'its content is a Word document (DOCX, a ZIP archive), which codeframe does not read'],
    ['JPEG', bytes([0xff, 0xd8, 0xff, 0xe0, 0, 16], 'JFIF'), 'photo.jpg', 'unsupported', 'its content is a JPEG image, which codeframe does not read'],
    ['binary with NULs named .txt', Uint8Array.from([1, 2, 0, 4, 5, 0, 7]), 'a.txt', 'unsupported', 'its content is binary data (first bytes 01 02 00 04), which codeframe does not read'],
    ['PDF header past the first KiB', bytes('\x00'.repeat(2000), '%PDF-1.4'), 'late.pdf', 'corrupt', 'named .pdf but has no %PDF- header in its first 1024 bytes (binary data (first bytes 00 00 00 00))'],
  ])('%s → %s', (_name, input, fileName, code, reason) => {
    expect(sniffFormat(input, fileName)).toEqual({ code, reason });
  });

  it('warns about bytes skipped before the PDF header', () => {
    expect(sniffFormat(bytes('junk\n%PDF-1.4\n'), 'a.pdf')).toEqual({
      format: 'pdf',
      warnings: ['5 byte(s) before the %PDF- header were ignored'],
    });
  });

  it('says when an unknown extension was read as text', () => {
    expect(sniffFormat(enc('a,b\n'), 'data.csv')).toEqual({
      format: 'text',
      warnings: ['unknown extension .csv: read as plain text'],
    });
  });
});

describe.runIf(needShared('sniff on real files'))('sniffFormat on ../shared', () => {
  it('reports the HTML 404 page saved as .pdf as misnamed, naming both formats', () => {
    const name = 'FAKE-PDF_html-404-page_ASEAN_Guide_AI_Governance_Ethics_2024.pdf';
    expect(sniffFormat(readFileSync(shared('pdfs', name)), name)).toEqual({
      code: 'misnamed',
      reason: 'named .pdf but its content is an HTML page (starts with <!DOCTYPE html>)',
    });
  });

  it('recognises every corpus document by its content', () => {
    const expected: Record<string, string> = { pdf: 'pdf', html: 'html', md: 'markdown', csv: 'text' };
    const files = readdirSync(shared('corpus')).filter((f) => !f.endsWith('SOURCES.md'));
    expect(files.length).toBeGreaterThan(15);
    for (const f of files) {
      const ext = f.split('.').pop()!;
      expect([f, sniffFormat(readFileSync(shared('corpus', f)), f)]).toMatchObject([f, { format: expected[ext] }]);
    }
  });
});
