// PDF → per-page raw text (pdf-parse 2 over pdf.js) → normalizePages. pdf.js failures are
// turned into IngestError codes here, so callers never see a pdf.js exception class.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PDFParse, VerbosityLevel } from 'pdf-parse';
// pdf-parse imports this same module, so OPS and the document proxy type are pdf-parse's own.
import { OPS, type PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { IngestError, type DocumentMeta, type ExtractedText } from '../types.ts';
import { normalizePages, type RawPage } from './normalize.ts';

/** A page "has text" when it carries at least this many letters or digits: fewer is a stray
 *  page number or a scanner's stamp, not a text layer. */
const MIN_CHARS_PER_TEXT_PAGE = 16;

const PAINTS_IMAGE = new Set<number>([
  OPS.paintImageXObject,
  OPS.paintInlineImageXObject,
  OPS.paintImageXObjectRepeat,
  OPS.paintImageMaskXObject,
  OPS.paintImageMaskXObjectGroup,
  OPS.paintImageMaskXObjectRepeat,
  OPS.paintInlineImageXObjectGroup,
  OPS.paintSolidColorImageMask,
]);

/** pdf.js reads predefined CMaps (CJK fonts) and the 14 standard fonts from files; without
 *  them Chinese and Japanese text comes out as punctuation only. */
const PDFJS_ROOT = (() => {
  const fromPdfParse = createRequire(createRequire(import.meta.url).resolve('pdf-parse'));
  return dirname(fromPdfParse.resolve('pdfjs-dist/package.json'));
})();

export async function extractPdf(bytes: Uint8Array): Promise<ExtractedText> {
  const parser = new PDFParse({
    // pdf.js transfers (detaches) the buffer it is given; the caller keeps its bytes.
    data: new Uint8Array(bytes), // a copy: Buffer#slice() would share the memory
    verbosity: VerbosityLevel.ERRORS, // warnings would go to stdout
    cMapUrl: join(PDFJS_ROOT, 'cmaps') + '/',
    cMapPacked: true,
    standardFontDataUrl: join(PDFJS_ROOT, 'standard_fonts') + '/',
    isEvalSupported: false, // untrusted input: no code generated from PDF functions
  });
  try {
    const { rawPages, info, imagePages } = await readPdf(parser);
    return toExtracted(rawPages, info, imagePages);
  } finally {
    await parser.destroy().catch(() => undefined);
  }
}

interface PdfRead {
  rawPages: RawPage[];
  info: Record<string, unknown>;
  /** Pages without a text layer that paint an image (only looked for when needed). */
  imagePages: number[];
}

async function readPdf(parser: PDFParse): Promise<PdfRead> {
  try {
    const info = await parser.getInfo();
    const text = await parser.getText({ lineEnforce: true });
    const rawPages = text.pages.map((p) => ({ page: p.num, text: p.text }));
    const textless = rawPages.filter((p) => countChars(p.text) < MIN_CHARS_PER_TEXT_PAGE).map((p) => p.page);
    const imagePages = textless.length > 0 ? await pagesWithImages(parser, textless, textless.length === rawPages.length) : [];
    return { rawPages, info: (info.info ?? {}) as Record<string, unknown>, imagePages };
  } catch (err) {
    throw classifyPdfError(err);
  }
}

function toExtracted(rawPages: RawPage[], info: Record<string, unknown>, imagePages: number[]): ExtractedText {
  const n = rawPages.length;
  if (n === 0) throw new IngestError('corrupt', 'the PDF has no pages');
  const textPages = rawPages.filter((p) => countChars(p.text) >= MIN_CHARS_PER_TEXT_PAGE).length;
  if (textPages === 0) {
    if (imagePages.length > 0) {
      throw new IngestError('image_only', `no text layer on any of ${n} page(s): scanned without OCR?`);
    }
    if (rawPages.every((p) => countChars(p.text) === 0)) {
      throw new IngestError('empty', `no text and no images on any of ${n} page(s)`);
    }
    // A few words and nothing else (a title page, "Hello world"): that is the document.
  }
  const normalized = normalizePages(rawPages);
  if (normalized.text.trim() === '') throw new IngestError('empty', `no text left on any of ${n} page(s) after normalization`);
  const warnings = [...normalized.warnings];
  if (textPages > 0 && imagePages.length > 0) {
    warnings.push(`${imagePages.length} of ${n} page(s) are images without a text layer: ${pageList(imagePages)}`);
  }
  return { format: 'pdf', text: normalized.text, pages: normalized.pages, meta: metaOf(info), warnings };
}

/** Which of `pages` paint an image. With `firstOnly`, stop at the first one (enough to call
 *  the whole document image-only). */
async function pagesWithImages(parser: PDFParse, pages: number[], firstOnly: boolean): Promise<number[]> {
  // pdf-parse keeps the loaded document private; getImage() would need a canvas package.
  const doc = (parser as unknown as { doc?: PDFDocumentProxy }).doc;
  if (!doc) return firstOnly ? pages.slice(0, 1) : [];
  const found: number[] = [];
  for (const num of pages) {
    const page = await doc.getPage(num);
    try {
      const ops = await page.getOperatorList();
      if (ops.fnArray.some((fn) => PAINTS_IMAGE.has(fn))) {
        found.push(num);
        if (firstOnly) break;
      }
    } finally {
      page.cleanup();
    }
  }
  return found;
}

/** pdf.js names its errors; pdf-parse re-creates them under the same names. */
export function classifyPdfError(err: unknown): IngestError {
  if (err instanceof IngestError) return err;
  const name = err instanceof Error ? err.name : '';
  const message = err instanceof Error ? err.message : String(err);
  switch (name) {
    case 'PasswordException':
      return new IngestError('encrypted', `needs a password to open (pdf.js: ${message})`);
    case 'InvalidPDFException':
    case 'FormatError':
      return new IngestError('corrupt', `not a readable PDF (pdf.js: ${message})`);
    default:
      // Anything pdf.js throws while reading the file is a property of the file: fuzzed
      // inputs surface as TypeErrors and RangeErrors deep inside the parser.
      return new IngestError('corrupt', `pdf.js failed to read the file (${name || 'error'}: ${message})`);
  }
}

function metaOf(info: Record<string, unknown>): Partial<DocumentMeta> {
  const meta: Partial<DocumentMeta> = {};
  const title = cleanInfo(info.Title);
  const author = cleanInfo(info.Author);
  if (title) meta.title = title;
  if (author) meta.issuer = author;
  return meta;
}

function cleanInfo(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const s = value.normalize('NFC').replace(/\s+/g, ' ').trim();
  return s === '' ? null : s;
}

function countChars(text: string): number {
  return text.match(/[\p{L}\p{N}]/gu)?.length ?? 0;
}

function pageList(pages: number[]): string {
  return pages.length <= 10 ? pages.join(', ') : `${pages.slice(0, 10).join(', ')}, …`;
}
