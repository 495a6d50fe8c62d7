// PDF → per-page raw text (pdf-parse 2 over pdf.js) → normalizePages. pdf.js failures are
// turned into IngestError codes here, so callers never see a pdf.js exception class.
import { createRequire } from 'node:module';
import { constants as zlibConstants, inflateSync } from 'node:zlib';
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

/** More pages than this is not a document a person wrote (one page object listed 100,000 times
 *  took pdf.js minutes); refused at once instead of after the time limit. */
export const MAX_PAGES = 20_000;
/** What the FlateDecode streams other than images may inflate to in all. pdf.js keeps a
 *  decoded stream whole in memory: a 1 MB stream of deflated zeros became 1 GB and more than
 *  3 GB of memory, and the time limit was the only stop. Text, fonts and page contents of real
 *  documents inflate to a few MB; images are not decoded to extract text and are not counted. */
export const MAX_INFLATED_BYTES = 128 * 1024 * 1024;

export async function extractPdf(bytes: Uint8Array): Promise<ExtractedText> {
  checkInflatedSize(bytes);
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

/** Refuses a decompression bomb before pdf.js inflates it: counts what the non-image
 *  FlateDecode streams inflate to, up to MAX_INFLATED_BYTES (node's zlib, which stops there; one
 *  stream's output is held at a time). Streams are found by their keywords, which is enough for
 *  a bound. Not caught: a bomb in an encrypted PDF (its streams do not inflate before
 *  decryption) or behind another filter (/ASCII85Decode first), and image streams. */
export function checkInflatedSize(bytes: Uint8Array, limit = MAX_INFLATED_BYTES): void {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const streams: Array<[number, number]> = [];
  let bound = 0;
  for (let at = buf.indexOf('stream'); at >= 0; at = buf.indexOf('stream', at + 6)) {
    if (at >= 3 && buf.toString('latin1', at - 3, at) === 'end') continue;
    const eol = buf[at + 6] === 0x0d ? (buf[at + 7] === 0x0a ? 2 : 1) : buf[at + 6] === 0x0a ? 1 : 0;
    if (eol === 0) continue;
    const head = buf.toString('latin1', Math.max(0, at - 4096), at);
    const dict = head.slice(head.lastIndexOf(' obj') + 1);
    if (!dict.includes('/FlateDecode') || /\/Subtype\s*\/Image\b/.test(dict)) continue;
    const start = at + 6 + eol;
    const endAt = buf.indexOf('endstream', start);
    const end = endAt < 0 ? buf.length : endAt;
    streams.push([start, end]);
    bound += (end - start) * MAX_DEFLATE_RATIO;
  }
  if (bound <= limit) return; // cannot exceed it whatever the streams hold
  let total = 0;
  for (const [start, end] of streams) {
    total += inflatedLength(buf.subarray(start, end), limit - total);
    if (total > limit) {
      throw new IngestError(
        'oversized',
        `its compressed streams inflate to more than ${limit / 1024 / 1024} MB (a decompression bomb?); the limit for a PDF's text and page streams is ${limit / 1024 / 1024} MB`,
      );
    }
  }
}

/** Deflate's best case: a 258-byte match per 2-bit code, about 1:1032. */
const MAX_DEFLATE_RATIO = 1032;

/** Bytes the zlib data inflates to, or budget + 1 when that is more (node's zlib stops there,
 *  so at most budget + 1 bytes are ever held). */
function inflatedLength(data: Uint8Array, budget: number): number {
  try {
    // SYNC_FLUSH: a truncated stream gives what it holds instead of an error, as in pdf.js.
    return inflateSync(data, { maxOutputLength: budget + 1, finishFlush: zlibConstants.Z_SYNC_FLUSH }).length;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') return budget + 1;
    return 0; // damaged, encrypted or not zlib: pdf.js will not get far with it either
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
    if (info.total > MAX_PAGES) {
      throw new IngestError('oversized', `the PDF has ${info.total} pages, more than the limit of ${MAX_PAGES}`);
    }
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
  const s = value.normalize('NFC').replace(/[\s\u0000-\u001F\u007F-\u009F]+/g, ' ').trim();
  return s === '' ? null : s;
}

function countChars(text: string): number {
  return text.match(/[\p{L}\p{N}]/gu)?.length ?? 0;
}

function pageList(pages: number[]): string {
  return pages.length <= 10 ? pages.join(', ') : `${pages.slice(0, 10).join(', ')}, …`;
}
