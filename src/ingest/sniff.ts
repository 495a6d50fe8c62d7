// Decide what a file really is from its first bytes; the extension only chooses between
// interchangeable readings of text (markdown vs plain) and names the claim we check against.
// Failed downloads saved under the expected name (an HTML 404 page called `report.pdf`) are
// common in policy corpora, so a claim contradicted by the content is reported, not guessed around.
import type { FailureCode, SourceFormat } from '../types.ts';

export type SniffResult = { format: SourceFormat; warnings: string[] } | { code: FailureCode; reason: string };

/** What the bytes look like. `binary` covers everything codeframe does not read. */
type Content =
  | { kind: 'pdf'; offset: number; header: string }
  | { kind: 'html'; start: string }
  | { kind: 'text'; start: string }
  | { kind: 'binary'; what: string; known: boolean };

type Claim = 'pdf' | 'html' | 'text' | 'markdown' | 'none';

const CLAIMS: Record<string, Claim> = {
  pdf: 'pdf',
  htm: 'html',
  html: 'html',
  xhtml: 'html',
  txt: 'text',
  text: 'text',
  md: 'markdown',
  markdown: 'markdown',
};

/** PDF readers accept the header anywhere in the first KiB (pdf.js and Acrobat do). */
const PDF_HEADER_WINDOW = 1024;
/** How much of the file is looked at to tell text from binary. */
const TEXT_SAMPLE = 64 * 1024;
/** More control bytes than this share of the sample means binary. */
const MAX_CONTROL_SHARE = 0.01;

export function sniffFormat(bytes: Uint8Array, fileName: string): SniffResult {
  if (bytes.length === 0) return { code: 'empty', reason: 'the file is empty (0 bytes)' };
  const ext = extensionOf(fileName);
  const claim: Claim = CLAIMS[ext] ?? 'none';
  const content = sniffContent(bytes);
  const named = `named .${ext}`;

  switch (content.kind) {
    case 'pdf': {
      if (claim !== 'pdf' && claim !== 'none') {
        return misnamed(named, `a PDF document (starts with ${content.header})`);
      }
      const warnings =
        content.offset > 0 ? [`${content.offset} byte(s) before the %PDF- header were ignored`] : [];
      if (claim === 'none') warnings.push(`${describeName(ext)} read as PDF, from its content`);
      return { format: 'pdf', warnings };
    }
    case 'html':
      if (claim === 'pdf' || claim === 'text' || claim === 'markdown') {
        return misnamed(named, `an HTML page (starts with ${content.start})`);
      }
      return { format: 'html', warnings: claim === 'none' ? [`${describeName(ext)} read as HTML, from its content`] : [] };
    case 'text':
      if (claim === 'pdf') return misnamed(named, `plain text (starts with ${content.start})`);
      // An .html file without a recognisable document start is a fragment (`<p>…`): still HTML.
      if (claim === 'html') return { format: 'html', warnings: [] };
      if (claim === 'markdown') return { format: 'markdown', warnings: [] };
      return { format: 'text', warnings: claim === 'none' ? [`${describeName(ext)} read as plain text`] : [] };
    case 'binary':
      if (claim !== 'none' && content.known) return misnamed(named, content.what);
      if (claim === 'pdf') {
        return { code: 'corrupt', reason: `named .pdf but has no %PDF- header in its first ${PDF_HEADER_WINDOW} bytes (${content.what})` };
      }
      return { code: 'unsupported', reason: `its content is ${content.what}, which codeframe does not read` };
  }
}

function misnamed(named: string, what: string): SniffResult {
  return { code: 'misnamed', reason: `${named} but its content is ${what}` };
}

function extensionOf(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

function describeName(ext: string): string {
  return ext === '' ? 'a file without extension' : `unknown extension .${ext}:`;
}

function sniffContent(bytes: Uint8Array): Content {
  const pdfAt = indexOfAscii(bytes, '%PDF-', PDF_HEADER_WINDOW);
  // An HTML page that mentions "%PDF-" near its top is still an HTML page.
  if (pdfAt >= 0 && !(pdfAt > 0 && htmlStart(latin1(bytes.subarray(0, pdfAt)).replace(/^\xEF\xBB\xBF/, '').trimStart()))) {
    const header = latin1(bytes.subarray(pdfAt, pdfAt + 8)).replace(/[^\x21-\x7e]/g, '');
    return { kind: 'pdf', offset: pdfAt, header };
  }
  const signature = binarySignature(bytes);
  if (signature) return { kind: 'binary', what: signature, known: true };

  const decoded = decodeSample(bytes);
  if (decoded === null) return { kind: 'binary', what: binaryWhat(bytes), known: false };
  const head = decoded.replace(/^\uFEFF/, '').trimStart();
  const html = htmlStart(head);
  if (html) return { kind: 'html', start: html };
  return { kind: 'text', start: quoteStart(head) };
}

/** Magic numbers of formats people put in a corpus folder by mistake. */
function binarySignature(b: Uint8Array): string | null {
  const ascii = latin1(b.subarray(0, 64));
  if (ascii.startsWith('PK\x03\x04') || ascii.startsWith('PK\x05\x06')) return zipKind(b);
  if (ascii.startsWith('\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1')) return 'a legacy Microsoft Office file (DOC/XLS/PPT)';
  if (ascii.startsWith('\x89PNG')) return 'a PNG image';
  if (ascii.startsWith('\xFF\xD8\xFF')) return 'a JPEG image';
  if (ascii.startsWith('GIF87a') || ascii.startsWith('GIF89a')) return 'a GIF image';
  if (ascii.startsWith('II*\x00') || ascii.startsWith('MM\x00*')) return 'a TIFF image';
  if (ascii.startsWith('RIFF') && ascii.slice(8, 12) === 'WEBP') return 'a WebP image';
  if (ascii.startsWith('\x1F\x8B')) return 'a gzip archive';
  if (ascii.startsWith('7z\xBC\xAF\x27\x1C')) return 'a 7-Zip archive';
  if (ascii.startsWith('Rar!')) return 'a RAR archive';
  if (ascii.startsWith('{\\rtf')) return 'an RTF document';
  if (ascii.startsWith('%!PS')) return 'a PostScript document';
  return null;
}

function zipKind(b: Uint8Array): string {
  // OOXML and ODF name their parts in the first local file headers.
  const head = latin1(b.subarray(0, 4096));
  if (head.includes('mimetypeapplication/epub+zip')) return 'an EPUB book (ZIP)';
  if (head.includes('mimetypeapplication/vnd.oasis.opendocument')) return 'an OpenDocument file (ZIP)';
  if (head.includes('word/')) return 'a Word document (DOCX, a ZIP archive)';
  if (head.includes('xl/')) return 'an Excel workbook (XLSX, a ZIP archive)';
  if (head.includes('ppt/')) return 'a PowerPoint presentation (PPTX, a ZIP archive)';
  if (head.includes('[Content_Types].xml')) return 'an Office Open XML document (a ZIP archive)';
  return 'a ZIP archive';
}

/** The decoded first TEXT_SAMPLE bytes, or null when they are not text. UTF-16 needs a BOM;
 *  bytes that are not UTF-8 but have few control bytes (NULs included) are legacy 8-bit text. */
function decodeSample(bytes: Uint8Array): string | null {
  const sample = bytes.subarray(0, TEXT_SAMPLE);
  let text: string;
  if ((sample[0] === 0xff && sample[1] === 0xfe) || (sample[0] === 0xfe && sample[1] === 0xff)) {
    const encoding = sample[0] === 0xff ? 'utf-16le' : 'utf-16be';
    text = new TextDecoder(encoding).decode(sample.subarray(0, sample.length - (sample.length % 2)));
  } else {
    // NUL bytes count as control bytes below: a few in a text (a damaged save) do not make it
    // binary, which has them everywhere. Refusing on the first one judged a text by where its
    // NULs were: past this sample they were let through (and removed) anyway.
    try {
      // stream: true tolerates a character cut at the end of the sample.
      text = new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
    } catch {
      text = latin1(sample);
    }
  }
  return controlShare(text) <= MAX_CONTROL_SHARE ? text : null;
}

function controlShare(text: string): number {
  let controls = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0c && c !== 0x0d) || c === 0x7f) controls++;
  }
  return text.length === 0 ? 0 : controls / text.length;
}

const HTML_START = /<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]/i;

/** The opening tag when the text starts like an HTML document (a prolog, comments or a
 *  doctype may come first), else null. */
function htmlStart(head: string): string | null {
  if (!head.startsWith('<')) return null;
  const window = head.slice(0, 1024);
  const m = HTML_START.exec(window);
  if (!m) return null;
  const close = window.indexOf('>', m.index);
  const tag = window.slice(m.index, close < 0 ? m.index + 40 : Math.min(close + 1, m.index + 60));
  return tag.replace(/\s+/g, ' ');
}

function quoteStart(head: string): string {
  const line = head.split(/\r?\n/, 1)[0] ?? '';
  const cut = line.length > 40 ? `${line.slice(0, 40)}…` : line;
  return `"${cut}"`;
}

function binaryWhat(bytes: Uint8Array): string {
  const hex = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
  return `binary data (first bytes ${hex})`;
}

function indexOfAscii(bytes: Uint8Array, needle: string, within: number): number {
  const end = Math.min(bytes.length, within + needle.length) - needle.length;
  outer: for (let i = 0; i <= end; i++) {
    for (let j = 0; j < needle.length; j++) if (bytes[i + j] !== needle.charCodeAt(j)) continue outer;
    return i;
  }
  return -1;
}

function latin1(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
  return s;
}
