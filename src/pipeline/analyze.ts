// What happens to a document's text right after extraction: metadata merged, segmented, coded.
// It runs on the extraction workers (the pool loads this module by URL), so segmentation and
// coding use both cores as parsing does; the main thread only writes to the database.
import { readFileSync } from 'node:fs';
import { loadCodebook, type Codebook } from '../codebook/index.ts';
import { compileCodebook, type Matcher } from '../code/index.ts';
import { segmentDocument } from '../segment/index.ts';
import { countWords } from '../store/word-count.ts';
import type { Coding, DocumentMeta, ExtractedText, Segment } from '../types.ts';
import { mergeMeta } from './meta.ts';

export type Unit = 'sentence' | 'paragraph';

export interface AnalyzerOptions {
  /** Codebook file, already validated by the caller; null: segment only (`codeframe ingest`). */
  codebook: string | null;
  unit?: Unit;
}

export interface AnalyzeContext {
  sha256: string;
  /** The document's manifest entry, if any. */
  manifest: Partial<DocumentMeta> | undefined;
}

export interface Analysis {
  meta: DocumentMeta;
  segments: Segment[];
  /** Words of the document and of each segment (same order), counted here on the worker: on the
   *  main thread counting was a third of its time (npm run bench profile). */
  wordCounts: { document: number; segments: number[] };
  /** null when no codebook was given. */
  codings: Coding[] | null;
}

/** Loads and checks the codebook: a bad one stops everything before any document is touched.
 *  `unit` (the --unit flag) overrides the unit of the codebook and of every rule in it. */
export function prepareCodebook(file: string, unit?: Unit): { codebook: Codebook; matcher: Matcher; source: string } {
  const loaded = loadCodebook(file);
  const codebook: Codebook =
    unit === undefined || unit === loaded.unit
      ? loaded
      : { ...loaded, unit, codes: loaded.codes.map((c) => ({ ...c, rules: c.rules.map((r) => ({ ...r, unit })) })) };
  return { codebook, matcher: compileCodebook(codebook), source: readFileSync(file, 'utf8') };
}

export function analyzeText(matcher: Matcher | null, extracted: ExtractedText, ctx: AnalyzeContext): Analysis {
  const meta = mergeMeta(ctx.manifest, extracted.meta);
  const segments = segmentDocument(ctx.sha256, extracted.text, extracted.pages);
  const codings = matcher ? matcher.codeUnits(extracted.text, unitsOf(segments, matcher), meta.language) : null;
  return { meta, segments, wordCounts: wordCountsOf(extracted.text, segments), codings };
}

/** Each sentence is counted once; a paragraph's words are its sentences' (they cover every
 *  non-space character of it, and no word crosses a sentence end), the document's its paragraphs'. */
export function wordCountsOf(text: string, segments: Segment[]): { document: number; segments: number[] } {
  const perParagraph = new Map<string, number>();
  const counts = segments.map((s) => {
    if (s.kind !== 'sentence') return 0;
    const n = countWords(text.slice(s.start, s.end));
    perParagraph.set(s.paragraphId!, (perParagraph.get(s.paragraphId!) ?? 0) + n);
    return n;
  });
  let document = 0;
  segments.forEach((s, i) => {
    if (s.kind === 'paragraph') {
      counts[i] = perParagraph.get(s.id) ?? 0;
      document += counts[i]!;
    }
  });
  return { document, segments: counts };
}

/** The segments some rule runs on (sentences, and paragraphs where a rule has `unit: paragraph`). */
export function unitsOf(segments: Segment[], matcher: Matcher): Segment[] {
  return segments.filter((s) => matcher.unitKinds.includes(s.kind));
}

/** Entry point for the extraction workers (see AnalyzerSpec in src/ingest/pool.ts). */
export function createAnalyzer(options: AnalyzerOptions): (extracted: ExtractedText, context: unknown) => Analysis {
  const matcher = options.codebook ? prepareCodebook(options.codebook, options.unit).matcher : null;
  return (extracted, context) => analyzeText(matcher, extracted, context as AnalyzeContext);
}
