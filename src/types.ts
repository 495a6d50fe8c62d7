// Records that travel between the stages (ingest → segment → code → store → report).
// Every position is a [start, end) UTF-16 offset into a document's normalized text
// (DESIGN.md invariant 1); pages, lines and columns are derived for display only.

/** What a file really is, decided from its bytes, never from its extension. */
export type SourceFormat = 'pdf' | 'text' | 'markdown' | 'html';

/** A page of the normalized text: [start, end) offsets, 1-based page number. Ranges are
 *  sorted, do not overlap and together cover the text (separators belong to the page before). */
export interface PageRange {
  page: number;
  start: number;
  end: number;
}

/** Metadata of one document, from the manifest and/or the file itself (front matter, <title>). */
export interface DocumentMeta {
  title: string | null;
  issuer: string | null;
  actor_group: string | null;
  country: string | null;
  date: string | null; // ISO 8601, possibly partial: 2024, 2024-05, 2024-05-03
  doc_type: string | null;
  language: string | null; // BCP 47 (en, uk, pt, zh-Hans)
  source_url: string | null;
}

/** The metadata fields, in the order of the manifest, the database columns and every export. */
export const META_KEYS = [
  'title',
  'issuer',
  'actor_group',
  'country',
  'date',
  'doc_type',
  'language',
  'source_url',
] as const satisfies ReadonlyArray<keyof DocumentMeta>;

/** The output of ingest for one file that could be read. */
export interface ExtractedText {
  format: SourceFormat;
  /** Normalized text: NFC, ligatures expanded, soft hyphens removed, words broken at line ends
   *  joined, wrapped lines joined, running heads/page numbers removed. Paragraphs are separated
   *  by exactly "\n\n"; a paragraph contains no "\n". */
  text: string;
  pages: PageRange[];
  /** Metadata found in the file itself (front matter, <title>, <html lang>, PDF info). */
  meta: Partial<DocumentMeta>;
  /** Things worth telling the user that did not stop extraction (e.g. "12 running heads removed"). */
  warnings: string[];
}

/** Why a file could not be ingested. Stored with the document, shown by `codeframe status`. */
export type FailureCode =
  | 'empty' // zero bytes, or no text at all
  | 'corrupt' // the bytes do not parse as the format they claim
  | 'encrypted' // needs a password to open
  | 'image_only' // a PDF without a text layer (scanned, no OCR)
  | 'oversized' // larger than the configured limit
  | 'misnamed' // the extension says one format, the content another
  | 'unsupported' // a format codeframe does not read (binary, DOCX, ...)
  | 'timeout' // extraction exceeded the per-file time limit
  | 'unreadable'; // the file system refused (permissions, vanished)

/** Thrown by extractors for bad *input*; anything else thrown is a bug. */
export class IngestError extends Error {
  constructor(
    readonly code: FailureCode,
    message: string,
  ) {
    super(message);
    this.name = 'IngestError';
  }
}

export type SegmentKind = 'paragraph' | 'sentence';

export interface Segment {
  /** Stable: derived from the document hash, kind and offsets (see segmentId()). */
  id: string;
  kind: SegmentKind;
  start: number;
  end: number;
  /** Page on which the segment starts. */
  page: number;
  /** For a sentence, the id of its paragraph; null for a paragraph. */
  paragraphId: string | null;
  /** 0-based position among the segments of its kind in the document. */
  ordinal: number;
}

/** One code applied to one unit (a segment) by one rule. */
export interface Coding {
  segmentId: string;
  codeId: string;
  ruleId: string;
  /** Matched spans, [start, end) into the document's normalized text, sorted. */
  spans: Array<[number, number]>;
  /** A negation cue governs the hit ("lack of transparency"): still coded, flagged. */
  negated: boolean;
}
