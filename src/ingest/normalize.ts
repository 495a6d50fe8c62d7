// Turns raw per-page text (PDF pages, a .txt split at form feeds, or one page of already-built
// paragraphs from HTML/Markdown) into the normalized text that every later offset points into,
// with the [start, end) range each page covers. One pass over the lines, output built as an array
// of parts joined once, so 10 MB inputs stay linear.
//
// Output (types.ts): paragraphs separated by exactly "\n\n", no "\n" inside a paragraph, single
// spaces, no leading/trailing whitespace. A separator belongs to the page before it; a paragraph
// continued across a page break is joined and starts on the earlier page. Pages are reported in
// the order given, each with a range (an empty page gets an empty range at its position).
import type { PageRange } from '../types.ts';
import { cleanChars, collapseSpaces, SOFT_HYPHEN } from './chars.ts';
import { joinWrappedLines, wordsOf } from './dehyphenate.ts';
import { removeRunningHeads } from './running-heads.ts';

export interface RawPage {
  page: number;
  text: string;
}

// Wrapped text has lines of 40-130 characters; when the typical line of a page is longer than
// this, the text is not wrapped (one paragraph per line, as many .txt files are).
const UNWRAPPED_WIDTH = 160;
// "Clearly shorter than the typical line": a sentence ending at 80% of the width ends a paragraph.
const SHORT_LINE = 0.8;
// A paragraph-initial line this short, without punctuation, followed by a capital is a heading.
const TITLE_LINE = 0.6;

const TERMINAL_RE = /[.!?:。！？：]["'”’»)\]]*$/u;
const ITEM_END_RE = /(?:[.!?:;。！？：；]["'”’»)\]]*|\b(?:and|or))$/u;
const BULLET_RE = /^[•●○◦▪▫■□‣⁃∙◆◇►▶✓✔➢➤]\s?/u;
const DASH_ITEM_RE = /^[-–—*]\s/u;
// "1. The", "2.3 Scope", "(a) the", "iv) ", "A. Title"
const ENUM_RE =
  /^(?:\d{1,3}(?:\.\d{1,3})*\.?\s(?=[\p{Lu}\p{N}(])|\(?(?:\d{1,3}|[a-z]|[ivxlc]{1,6}|[A-Z])\)\s|[A-Z]\.\s(?=\p{Lu}))/u;
// A heading alone on its line: "Article 5", "CHAPTER III", "ANNEX IV", "Section 2".
const HEADING_RE =
  /^(?:Article|ARTICLE|Art\.|Chapter|CHAPTER|Section|SECTION|Annex|ANNEX|Title|TITLE|Part|PART|Artículo|Artigo|Artikel|Статья|Стаття)\s+(?:\d{1,4}[a-z]?|[IVXLC]{1,8})$/u;
const TRAILING_JOINER_RE = /(?:[,;\-–—(/&]|\b(?:and|or|of|the|a|an|to|in|for|with|by|on|at|from|de|la|le|et|y|e|und|der|die|das))$/iu;

function isListStart(line: string): boolean {
  return BULLET_RE.test(line) || ENUM_RE.test(line) || DASH_ITEM_RE.test(line);
}

function percentile(values: number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** Whether the wrapped line `b` starts a new paragraph after line `a` on the same page. */
function startsParagraph(a: string, b: string, width: number, aStartsParagraph: boolean): boolean {
  if (width > UNWRAPPED_WIDTH) return true;
  if (HEADING_RE.test(a) || HEADING_RE.test(b)) return true;
  if (BULLET_RE.test(b)) return true;
  const aShort = a.length < SHORT_LINE * width;
  if ((ENUM_RE.test(b) || DASH_ITEM_RE.test(b)) && (ITEM_END_RE.test(a) || a.length < TITLE_LINE * width)) return true;
  if (TERMINAL_RE.test(a) && aShort) return true;
  // a short unpunctuated line after a sentence end is a heading: it gets its own paragraph
  if (TERMINAL_RE.test(a) && isTitleLike(b, width)) return true;
  if (aStartsParagraph && isTitleLike(a, width) && /^[\p{Lu}\p{N}]/u.test(b)) return true;
  return false;
}

/** Short, capitalized, unpunctuated: in wrapped text such a line cannot be the middle of a paragraph. */
function isTitleLike(line: string, width: number): boolean {
  return (
    line.length < TITLE_LINE * width &&
    /^[\p{Lu}\p{N}]/u.test(line) &&
    !TERMINAL_RE.test(line) &&
    !TRAILING_JOINER_RE.test(line) &&
    line.split(' ').length <= 12
  );
}

/** Whether the first line `b` of a page continues the paragraph ending with `a` on the page before. */
function continuesAcrossPage(a: string, b: string): boolean {
  if (HEADING_RE.test(a) || isListStart(b)) return false;
  if (a.endsWith(SOFT_HYPHEN)) return true;
  return !/[.!?:;。！？：；]["'”’»)\]]*$/u.test(a) && /^\p{Ll}/u.test(b);
}

/** Splits a page into trimmed, space-collapsed lines; blank lines stay as "". A soft hyphen is
 *  kept only at a line end, where it marks a word broken by the typesetter. */
function linesOf(text: string): string[] {
  const lines = cleanChars(text).split('\n');
  for (let i = 0; i < lines.length; i++) {
    let line = collapseSpaces(lines[i]!);
    if (line.includes(SOFT_HYPHEN)) {
      const broken = line.endsWith(SOFT_HYPHEN);
      line = collapseSpaces(line.replaceAll(SOFT_HYPHEN, ''));
      if (broken && line !== '') line += SOFT_HYPHEN;
    }
    lines[i] = line;
  }
  return lines;
}

export function normalizePages(pages: RawPage[]): { text: string; pages: PageRange[]; warnings: string[] } {
  const removal = removeRunningHeads(pages.map((p) => linesOf(p.text)));
  const pageLines = removal.pages;
  const words = wordsOf(pageLines);

  const allLengths: number[] = [];
  const pageLengths = pageLines.map((lines) => lines.filter((l) => l !== '').map((l) => l.length));
  for (const ls of pageLengths) for (const n of ls) allLengths.push(n);
  const docWidth = percentile(allLengths, 0.75);
  const widths = pageLengths.map((ls) => (ls.length >= 8 ? percentile(ls, 0.75) : docWidth));

  const parts: string[] = [];
  let len = 0;
  const emit = (s: string) => {
    parts.push(s);
    len += s.length;
  };
  const starts: number[] = new Array<number>(pages.length).fill(0);
  let waiting: number[] = []; // pages whose first character has not been emitted yet
  const settle = () => {
    for (const i of waiting) starts[i] = len;
    waiting = [];
  };

  let pending: string | null = null; // last line of the open paragraph, not yet emitted
  let pendingStartsParagraph = true;
  pageLines.forEach((lines, pi) => {
    waiting.push(pi);
    let firstOnPage = true;
    let blank = false;
    for (const line of lines) {
      if (line === '') {
        blank = true;
        continue;
      }
      if (pending === null) {
        settle();
        pending = line;
        pendingStartsParagraph = true;
      } else {
        const join = firstOnPage
          ? continuesAcrossPage(pending, line)
          : !blank && !startsParagraph(pending, line, widths[pi]!, pendingStartsParagraph);
        if (join) {
          const [head, sep] = joinWrappedLines(pending, line, words);
          emit(head);
          emit(sep);
          pendingStartsParagraph = false;
        } else {
          emit(pending.endsWith(SOFT_HYPHEN) ? pending.slice(0, -1) : pending);
          emit('\n\n');
          pendingStartsParagraph = true;
        }
        settle();
        pending = line;
      }
      firstOnPage = false;
      blank = false;
    }
  });
  if (pending !== null) emit((pending as string).endsWith(SOFT_HYPHEN) ? (pending as string).slice(0, -1) : pending);
  settle();

  const text = parts.join('');
  const ranges: PageRange[] = pages.map((p, i) => ({
    page: p.page,
    start: starts[i]!,
    end: i + 1 < pages.length ? starts[i + 1]! : text.length,
  }));

  const warnings: string[] = [];
  if (removal.headsRemoved > 0) warnings.push(`${removal.headsRemoved} running head/footer lines removed`);
  if (removal.pageNumbersRemoved > 0) warnings.push(`${removal.pageNumbersRemoved} page numbers removed`);
  return { text, pages: ranges, warnings };
}
