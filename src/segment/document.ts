// A document's segments: every paragraph and every sentence, in text order, with ids, pages and
// ordinals. A paragraph comes before its first sentence (same start).
import type { PageRange, Segment } from '../types.ts';
import { segmentId } from './ids.ts';
import { splitParagraphs } from './paragraphs.ts';
import { MarkScanner, sentencesOfParagraph } from './sentences.ts';

export function segmentDocument(docHash: string, text: string, pages: PageRange[]): Segment[] {
  const out: Segment[] = [];
  const sentences: Array<[number, number]> = [];
  let sentenceOrdinal = 0;
  const paragraphs = splitParagraphs(text);
  const marks = new MarkScanner(text);
  for (let p = 0; p < paragraphs.length; p++) {
    const [ps, pe] = paragraphs[p];
    const paragraphId = segmentId(docHash, 'paragraph', ps, pe);
    out.push({
      id: paragraphId,
      kind: 'paragraph',
      start: ps,
      end: pe,
      page: pageAt(pages, ps),
      paragraphId: null,
      ordinal: p,
    });
    sentences.length = 0;
    sentencesOfParagraph(text, ps, pe, sentences, marks);
    for (const [ss, se] of sentences) {
      out.push({
        id: segmentId(docHash, 'sentence', ss, se),
        kind: 'sentence',
        start: ss,
        end: se,
        page: pageAt(pages, ss),
        paragraphId,
        ordinal: sentenceOrdinal++,
      });
    }
  }
  return out;
}

/** The page whose range holds offset pos: the last page starting at or before pos. Offsets
 *  before the first page, or a document without pages, fall on the first page (page 1). */
export function pageAt(pages: PageRange[], pos: number): number {
  if (pages.length === 0) return 1;
  let lo = 0;
  let hi = pages.length - 1;
  if (pos < pages[0].start) return pages[0].page;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (pages[mid].start <= pos) lo = mid;
    else hi = mid - 1;
  }
  return pages[lo].page;
}
