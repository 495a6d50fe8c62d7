import { readFileSync } from 'node:fs';
import { PDFParse } from 'pdf-parse';
import { describe, expect, it } from 'vitest';
import { buildDemoPdf, DEMO_BLOCKS, DEMO_PDF_PATH, layoutDemo } from '../../scripts/make-demo-pdf.ts';

async function pdfText(bytes: Uint8Array): Promise<{ pages: string[]; info: Record<string, unknown> }> {
  // pdf-parse detaches the buffer it is given: hand it a copy.
  const parser = new PDFParse({ data: new Uint8Array(bytes) });
  try {
    const text = await parser.getText();
    const info = await parser.getInfo();
    return { pages: text.pages.map((p) => p.text), info: info.info as Record<string, unknown> };
  } finally {
    await parser.destroy();
  }
}

describe('scripts/make-demo-pdf.ts', () => {
  it('reproduces the committed corpus PDF byte for byte', () => {
    const committed = readFileSync(DEMO_PDF_PATH);
    const generated = buildDemoPdf();
    // On failure: run `npx tsx scripts/make-demo-pdf.ts` and commit the result.
    expect(generated.length).toBe(committed.length);
    expect(Buffer.compare(Buffer.from(generated), committed)).toBe(0);
  });

  it('is deterministic: two builds give the same bytes', () => {
    expect(Buffer.from(buildDemoPdf()).equals(Buffer.from(buildDemoPdf()))).toBe(true);
  });

  it('holds a summary of 150 to 400 words, marked as such', () => {
    const body = DEMO_BLOCKS.filter((b) => b.kind === 'paragraph' || b.kind === 'heading').map((b) => b.text);
    const words = body.join(' ').split(/\s+/).length;
    expect(words).toBeGreaterThanOrEqual(150);
    expect(words).toBeLessThanOrEqual(400);
    expect(DEMO_BLOCKS[0]).toEqual({ kind: 'title', text: 'African Union Continental Artificial Intelligence Strategy (summary)' });
  });

  it('lays out at least 3 pages with hyphenated line ends', () => {
    const layout = layoutDemo();
    expect(layout.pages.length).toBeGreaterThanOrEqual(3);
    expect(layout.hyphenated).toBeGreaterThanOrEqual(1);
  });

  it('reads back page by page with pdf-parse: running head first, page number last', async () => {
    const { pages, info } = await pdfText(readFileSync(DEMO_PDF_PATH));
    expect(pages).toHaveLength(3);
    pages.forEach((text, i) => {
      const lines = text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
      expect(lines[0]).toBe('AU Continental AI Strategy (2024) - codeframe demo summary');
      expect(lines.at(-1)).toBe(String(i + 1));
    });
    expect(pages[0]).toContain('Summary written for the codeframe demo corpus; not the original text. Source:');
    expect(pages[0]).toContain('https://au.int/en/documents/20240809/continental-artificial-intelligence-strategy');
    expect(pages[1]).toContain('1. Purpose and scope');
    expect(pages[2]).toContain('4. Implementation and the global level');
    const all = pages.join('\n');
    for (const word of ['Agenda 2063', 'accountability', 'Global South', 'United Nations', 'security']) expect(all).toContain(word);
    // A word broken at a line end, as ingest's dehyphenation must join it.
    expect(all).toMatch(/[a-z]-\n[a-z]/);
    expect(info.Title).toBe('African Union Continental Artificial Intelligence Strategy (summary)');
    expect(info.Language).toBe('en');
  });

  it('carries no creation or modification date', () => {
    const text = readFileSync(DEMO_PDF_PATH).toString('latin1');
    expect(text).not.toMatch(/CreationDate|ModDate/);
  });
});
