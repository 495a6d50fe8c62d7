import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { extractPdf } from '../../src/ingest/pdf.ts';
import { IngestError, type ExtractedText } from '../../src/types.ts';
import { needShared, shared } from '../helpers/shared.ts';

const pdfs = (name: string) => new Uint8Array(readFileSync(shared('pdfs', name)));
const corpus = (name: string) => new Uint8Array(readFileSync(shared('corpus', name)));

async function failureOf(bytes: Uint8Array): Promise<{ code: string; reason: string }> {
  try {
    await extractPdf(bytes);
  } catch (err) {
    if (err instanceof IngestError) return { code: err.code, reason: err.message };
    throw err;
  }
  throw new Error('expected an IngestError, the PDF was extracted');
}

/** The page whose range holds `offset`. */
function pageAt(doc: ExtractedText, offset: number): number | undefined {
  return doc.pages.find((p) => offset >= p.start && offset < p.end)?.page;
}

describe.runIf(needShared('PDF extraction'))('extractPdf', () => {
  describe('failures carry a code and a reason', () => {
    it.each([
      ['pr6531_1.pdf', 'encrypted', 'needs a password to open (pdf.js: No password given)'],
      ['issue3371.pdf', 'encrypted', 'needs a password to open (pdf.js: No password given)'],
      ['issue6010_2.pdf', 'encrypted', 'needs a password to open (pdf.js: No password given)'],
      ['print_protection.pdf', 'encrypted', 'needs a password to open (pdf.js: No password given)'],
      ['issue7200.pdf', 'image_only', 'no text layer on any of 1 page(s): scanned without OCR?'],
      ['REDHAT-1531897-0.pdf', 'corrupt', 'not a readable PDF (pdf.js: Invalid Root reference.)'],
      ['poppler-395-0-fuzzed.pdf', 'corrupt', 'not a readable PDF (pdf.js: Invalid Root reference.)'],
      ['empty.pdf', 'empty', 'no text and no images on any of 1 page(s)'],
      // The fuzzed xref still yields its one page, whose content stream is empty.
      ['GHOSTSCRIPT-698804-1-fuzzed.pdf', 'empty', 'no text and no images on any of 1 page(s)'],
    ])('%s → %s', async (file, code, reason) => {
      expect(await failureOf(pdfs(file))).toEqual({ code, reason });
    });

    it('reports bytes that are not a PDF as corrupt with pdf.js’s message', async () => {
      expect(await failureOf(new TextEncoder().encode('%PDF-1.4\nnothing else here\n'))).toMatchObject({
        code: 'corrupt',
        reason: expect.stringMatching(/^not a readable PDF \(pdf\.js: .+\)$/),
      });
    });
  });

  describe('small real files', () => {
    it.each([
      ['helloworld-bad.pdf', 'Hello, world!'],
      ['xref_command_missing.pdf', 'Reduced test-case'],
      ['poppler-91414-0-53.pdf', 'foobar'],
      ['issue1293r.pdf', 'Issue 1293'],
      ['issue5421.pdf', 'РЕСПУБЛИКАСЫ'], // invisible OCR layer in a Type3 font
      ['issue4684.pdf', 'A broken TrueType font'],
      ['french_diacritics.pdf', 'à À â Â ä Ä ç Ç é É'],
      ['issue11656.pdf', 'שלום עולם'],
      // Regression: without pdf.js's CMap files, CJK text came out as punctuation only.
      ['issue3521.pdf', '我们都是黑体字'],
      ['issue16538.pdf', 'マーケットモデル'],
    ])('%s contains %j', async (file, phrase) => {
      const doc = await extractPdf(pdfs(file));
      expect(doc.format).toBe('pdf');
      expect(doc.text).toContain(phrase);
    });

    it('expands ligature glyphs into letters (copy_paste_ligatures)', async () => {
      const { text } = await extractPdf(pdfs('copy_paste_ligatures.pdf'));
      expect(text).toMatch(/ff/);
      expect(text).toMatch(/fi/);
      expect(text).toMatch(/fl/);
      expect(text).toMatch(/ffi/);
      expect(text).toMatch(/ffl/);
      expect(text).not.toMatch(/[\uFB00-\uFB06]/);
    });

    it('keeps one page range per page (hello_world_rotated: 5 pages)', async () => {
      const doc = await extractPdf(pdfs('hello_world_rotated.pdf'));
      expect(doc.pages.map((p) => p.page)).toEqual([1, 2, 3, 4, 5]);
      expect(doc.text.match(/Hello world/g)).toHaveLength(5);
    });

    it('does not detach or change the caller’s bytes', async () => {
      const bytes = pdfs('helloworld-bad.pdf');
      const before = Array.from(bytes);
      await extractPdf(bytes);
      expect(bytes.byteLength).toBe(745);
      expect(Array.from(bytes)).toEqual(before);
    });

    it('leaves meta empty when the info dictionary has no or empty Title/Author', async () => {
      expect((await extractPdf(pdfs('helloworld-bad.pdf'))).meta).toEqual({});
      await expect(failureOf(pdfs('issue7200.pdf'))).resolves.toMatchObject({ code: 'image_only' }); // Title ""
    });
  });

  describe('policy documents', () => {
    it('reads the owner-password-only Japanese PDF (opens without a password)', async () => {
      const doc = await extractPdf(corpus('JP_2019_AI-Strategy-2019_ENCRYPTED-owner-pw.pdf'));
      expect(doc.pages).toHaveLength(74);
      expect(doc.text).toContain('AI for Everyone: People, Industries, Regions and Governments');
      expect(doc.meta).toEqual({ title: 'AI Strategy 2019', issuer: '内閣府' });
    }, 120_000);

    it('reads the invisible OCR layer of the scanned Indonesian circular', async () => {
      const doc = await extractPdf(corpus('ID_2023_SE-Kominfo-9-2023_Etika-Kecerdasan-Artifisial_SCANNED-OCR_id.pdf'));
      expect(doc.pages).toHaveLength(10);
      for (const word of ['MENTERI KOMUNIKASI DAN INFORMATIKA', 'kecerdasan artifisial', 'Penyelenggara Sistem Elektronik']) {
        expect(doc.text).toContain(word);
      }
    });

    it('puts the info dictionary’s Title and Author into meta', async () => {
      const doc = await extractPdf(corpus('US_2025-07-23_Americas-AI-Action-Plan.pdf'));
      expect(doc.meta).toEqual({ title: 'America’s AI Action Plan', issuer: 'EOP' });
    });

    describe('EU AI Act (144 pages): offsets map back to pages', () => {
      let doc: ExtractedText;
      beforeAll(async () => {
        doc = await extractPdf(corpus('EU_2024-06-13_AI-Act_Regulation-2024-1689_OJ.pdf'));
      }, 180_000);

      it('has 144 sorted, contiguous page ranges covering the text', () => {
        expect(doc.pages.map((p) => p.page)).toEqual(Array.from({ length: 144 }, (_, i) => i + 1));
        expect(doc.pages[0].start).toBe(0);
        expect(doc.pages.at(-1)!.end).toBe(doc.text.length);
        for (let i = 1; i < doc.pages.length; i++) expect(doc.pages[i].start).toBe(doc.pages[i - 1].end);
      });

      // Phrases read with `pdftotext -f N -l N` from the same file.
      it.each([
        [1, 'Having regard to the opinion of the European Central Bank'],
        [37, 'to minimise the risks to implementation resulting from lack of knowledge'],
        [90, 'that access to the AI regulatory sandboxes is free of charge for SMEs'],
        [144, 'the number of registered end-users'],
      ])('page %i: %j lands in that page’s range', (page, phrase) => {
        const at = doc.text.indexOf(phrase);
        expect(at).toBeGreaterThanOrEqual(0);
        expect(doc.text.indexOf(phrase, at + 1)).toBe(-1);
        expect(pageAt(doc, at)).toBe(page);
      });
    });
  });
});
