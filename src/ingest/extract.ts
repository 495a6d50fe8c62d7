// One entry to ingest a file: sniff the real format, hand the bytes to its extractor.
// Bad input leaves as IngestError (code + reason); anything else thrown is a bug.
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { IngestError, type ExtractedText, type SourceFormat } from '../types.ts';
import { extractHtml } from './html.ts';
import { extractMarkdown } from './markdown.ts';
import { extractPdf } from './pdf.ts';
import { extractPlainText } from './plaintext.ts';
import { sniffFormat } from './sniff.ts';
import { oversizeReason } from './sizes.ts';

export const DEFAULT_MAX_BYTES = 200 * 1024 * 1024;

const EXTRACTORS: Record<SourceFormat, (bytes: Uint8Array) => ExtractedText | Promise<ExtractedText>> = {
  pdf: extractPdf,
  html: extractHtml,
  markdown: extractMarkdown,
  text: extractPlainText,
};

/** Extract the text of a file's bytes. `fileName` only names the claim the content is checked
 *  against (see sniffFormat). The bytes are not modified or detached. */
export async function extractBytes(bytes: Uint8Array, fileName: string): Promise<ExtractedText> {
  const sniffed = sniffFormat(bytes, fileName);
  if ('code' in sniffed) throw new IngestError(sniffed.code, sniffed.reason);
  const extracted = await EXTRACTORS[sniffed.format](bytes);
  if (extracted.text.trim() === '') {
    throw new IngestError('empty', `no text in this ${sniffed.format === 'text' ? 'text' : sniffed.format.toUpperCase()} file`);
  }
  if (sniffed.warnings.length === 0) return extracted;
  return { ...extracted, warnings: [...sniffed.warnings, ...extracted.warnings] };
}

/** Read and extract a file. Size is checked before reading, so an oversized file costs nothing. */
export async function extractFile(path: string, opts: { maxBytes?: number } = {}): Promise<ExtractedText> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  let bytes: Uint8Array;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new IngestError('unreadable', `not a regular file: ${path}`);
    if (info.size > maxBytes) {
      throw new IngestError('oversized', oversizeReason(info.size, maxBytes));
    }
    bytes = await readFile(path);
  } catch (err) {
    if (err instanceof IngestError) throw err;
    const e = err as NodeJS.ErrnoException;
    throw new IngestError('unreadable', `cannot read ${path}: ${e.code ?? e.message}`);
  }
  return extractBytes(bytes, basename(path));
}
