// Plain text: bytes → string (BOM-aware, UTF-8 by default), form feeds split pages (pdftotext
// output keeps its page map), then the same normalization as PDF pages.
import { IngestError, type ExtractedText } from '../types.ts';
import { decodeWindows1252 } from './chars.ts';
import { normalizePages, type RawPage } from './normalize.ts';

// Sampled for the binary check: enough to see a header or a run of zeros, cheap on 200 MB.
const SAMPLE = 64 * 1024;
// Share of C0 control characters (other than \t \n \r \f \v, ESC) beyond which text is binary.
const MAX_CONTROL_SHARE = 0.05;
// Share of replacement characters beyond which "invalid UTF-8" means "not text at all".
const MAX_REPLACEMENT_SHARE = 0.1;

function binary(why: string): IngestError {
  return new IngestError('unsupported', `binary content (${why}), expected text`);
}

/** UTF-16 without a BOM shows as zero bytes in every other position (ASCII-range text). */
function sniffUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length, SAMPLE) & ~1;
  if (n < 8) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZero++;
    if (bytes[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  if (oddZero > 0.9 * pairs && evenZero === 0) return 'utf-16le';
  if (evenZero > 0.9 * pairs && oddZero === 0) return 'utf-16be';
  return null;
}

function controlShare(text: string): number {
  const n = Math.min(text.length, SAMPLE);
  if (n === 0) return 0;
  let controls = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c && c !== 0x0b && c !== 0x1b) controls++;
  }
  return controls / n;
}

function countByte(bytes: Uint8Array, b: number): number {
  let n = 0;
  for (let i = bytes.indexOf(b); i !== -1; i = bytes.indexOf(b, i + 1)) n++;
  return n;
}

function countChar(text: string, ch: string): number {
  let n = 0;
  for (let i = text.indexOf(ch); i !== -1; i = text.indexOf(ch, i + 1)) n++;
  return n;
}

/** True when every byte >= 0x80 fails as UTF-8 on its own and such bytes are few: a
 *  Latin-script text in a single-byte encoding (Latin-1 / Windows-1252), not damaged UTF-8. */
function looksSingleByte(bytes: Uint8Array): boolean {
  let high = 0;
  const maxHigh = 0.3 * bytes.length; // Latin-script text is mostly ASCII
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b < 0x80) continue;
    high++;
    // a lead byte followed by a continuation byte is a (probably valid) UTF-8 sequence
    if (b >= 0xc2 && b <= 0xf4 && i + 1 < bytes.length && (bytes[i + 1]! & 0xc0) === 0x80) return false;
  }
  return high > 0 && high <= maxHigh;
}

/** Decodes text bytes: UTF-8 (BOM or not), UTF-16 LE/BE (BOM, or ASCII-range text without one).
 *  Invalid UTF-8 becomes U+FFFD with a warning, or Windows-1252 when every non-ASCII byte
 *  stands alone. Throws IngestError('unsupported') for binary content. */
export function decodeText(bytes: Uint8Array): { text: string; warnings: string[] } {
  const warnings: string[] = [];
  let encoding: string;
  let body = bytes;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    encoding = 'utf-8';
    body = bytes.subarray(3);
  } else if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    encoding = 'utf-16le';
    body = bytes.subarray(2);
  } else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    encoding = 'utf-16be';
    body = bytes.subarray(2);
  } else {
    const utf16 = sniffUtf16(bytes);
    if (utf16) {
      encoding = utf16;
      warnings.push(`no byte order mark; decoded as ${utf16.toUpperCase()} (zero bytes in every other position)`);
    } else {
      encoding = 'utf-8';
      // A few NULs in a text (a damaged save, a padded file) are removed with a warning below;
      // binary data has them everywhere.
      const sample = bytes.subarray(0, SAMPLE);
      if (countByte(sample, 0) > MAX_CONTROL_SHARE * sample.length) throw binary('zero bytes');
    }
  }

  let text: string;
  if (encoding === 'utf-8') {
    try {
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body);
    } catch {
      if (looksSingleByte(body)) {
        text = decodeWindows1252(body);
        warnings.push('not valid UTF-8; decoded as Windows-1252 (every non-ASCII byte stands alone)');
      } else {
        text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(body);
        const bad = countChar(text, '\uFFFD');
        if (bad > MAX_REPLACEMENT_SHARE * text.length) throw binary(`${bad} invalid UTF-8 sequences`);
        warnings.push(`invalid UTF-8: ${bad} byte sequence(s) replaced by U+FFFD`);
      }
    }
  } else {
    text = new TextDecoder(encoding, { ignoreBOM: true }).decode(body);
  }
  if (controlShare(text) > MAX_CONTROL_SHARE) throw binary('control characters');
  const nuls = countChar(text, '\0');
  if (nuls > 0) warnings.push(`${nuls} NUL character(s) removed`);
  return { text, warnings };
}

/** Splits at form feeds: pdftotext writes one "\f" after each page. */
export function splitFormFeeds(text: string): RawPage[] {
  const parts = text.split('\f');
  // the "\f" after the last page leaves an empty tail that is not a page
  if (parts.length > 1 && parts.at(-1)!.trim() === '') parts.pop();
  return parts.map((t, i) => ({ page: i + 1, text: t }));
}

export function extractPlainText(bytes: Uint8Array): ExtractedText {
  const decoded = decodeText(bytes);
  const normalized = normalizePages(splitFormFeeds(decoded.text));
  return {
    format: 'text',
    text: normalized.text,
    pages: normalized.pages,
    meta: {},
    warnings: [...decoded.warnings, ...normalized.warnings],
  };
}
