// segmentDocument: paragraphs and sentences with ids, pages and ordinals; deterministic.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pageAt, segmentDocument, segmentId, splitParagraphs, splitSentences } from '../../src/segment/index.ts';
import type { PageRange } from '../../src/types.ts';
import { needShared, shared } from '../helpers/shared.ts';

const TEXT = 'First paragraph. It has two sentences.\n\nSecond one (Zeng, 2025). U.S. rules apply.\n\nThird.';
// Page 1: the first paragraph and its separator; page 2 starts at "Second"; page 3 at "Third".
const PAGES: PageRange[] = [
  { page: 1, start: 0, end: 40 },
  { page: 2, start: 40, end: 84 },
  { page: 3, start: 84, end: TEXT.length },
];

describe('segmentDocument', () => {
  const segs = segmentDocument('doc1', TEXT, PAGES);

  it('lists paragraphs and sentences in text order, paragraph first', () => {
    expect(segs.map((s) => [s.kind[0], TEXT.slice(s.start, s.end)])).toEqual([
      ['p', 'First paragraph. It has two sentences.'],
      ['s', 'First paragraph.'],
      ['s', 'It has two sentences.'],
      ['p', 'Second one (Zeng, 2025). U.S. rules apply.'],
      ['s', 'Second one (Zeng, 2025).'],
      ['s', 'U.S. rules apply.'],
      ['p', 'Third.'],
      ['s', 'Third.'],
    ]);
  });

  it('numbers each kind from 0 and links sentences to their paragraph', () => {
    expect(segs.map((s) => `${s.kind[0]}${s.ordinal}`)).toEqual(['p0', 's0', 's1', 'p1', 's2', 's3', 'p2', 's4']);
    const paragraphs = segs.filter((s) => s.kind === 'paragraph');
    for (const s of segs) {
      if (s.kind === 'paragraph') expect(s.paragraphId).toBeNull();
      else {
        const p = paragraphs.find((x) => x.id === s.paragraphId);
        expect(p && p.start <= s.start && s.end <= p.end).toBe(true);
      }
    }
  });

  it('derives ids from the document hash, kind and offsets only', () => {
    for (const s of segs) expect(s.id).toBe(segmentId('doc1', s.kind, s.start, s.end));
    expect(new Set(segs.map((s) => s.id)).size).toBe(segs.length);
  });

  it('puts each segment on the page of its start', () => {
    expect(segs.map((s) => s.page)).toEqual([1, 1, 1, 2, 2, 2, 3, 3]);
  });

  it('is deterministic', () => {
    expect(segmentDocument('doc1', TEXT, PAGES)).toEqual(segs);
  });

  it('matches splitParagraphs and splitSentences', () => {
    expect(segs.filter((s) => s.kind === 'paragraph').map((s) => [s.start, s.end])).toEqual(splitParagraphs(TEXT));
    expect(segs.filter((s) => s.kind === 'sentence').map((s) => [s.start, s.end])).toEqual(splitSentences(TEXT));
  });

  it('returns nothing for an empty or blank text', () => {
    expect(segmentDocument('doc1', '', [])).toEqual([]);
    expect(segmentDocument('doc1', ' \n\n ', [{ page: 1, start: 0, end: 4 }])).toEqual([]);
  });
});

describe('pageAt', () => {
  const pages: PageRange[] = [
    { page: 1, start: 0, end: 10 },
    { page: 2, start: 10, end: 10 }, // an empty page (a blank or image-only page)
    { page: 3, start: 10, end: 25 },
    { page: 4, start: 25, end: 30 },
  ];
  it.each([
    [0, 1],
    [9, 1],
    [10, 3],
    [24, 3],
    [25, 4],
    [29, 4],
    [30, 4], // the end of the text
  ])('offset %i is on page %i', (pos, page) => {
    expect(pageAt(pages, pos)).toBe(page);
  });

  it('falls back to page 1 without pages, and to the first page before it starts', () => {
    expect(pageAt([], 5)).toBe(1);
    expect(pageAt([{ page: 7, start: 3, end: 9 }], 0)).toBe(7);
  });
});

describe('segmentDocument on the seed article', () => {
  const run = needShared('segment document invariants on the seed');
  it.skipIf(!run)('keeps the invariants on a real text with many pages', () => {
    const text = readFileSync(shared('seed', 'emerging-technologies-global-south.txt'), 'utf8');
    // Fake 1000-character pages: every segment must land on the page holding its start.
    const pages: PageRange[] = [];
    for (let p = 0; p * 1000 < text.length; p++) pages.push({ page: p + 1, start: p * 1000, end: Math.min(text.length, (p + 1) * 1000) });
    const segs = segmentDocument('seed', text, pages);
    expect(segs.filter((s) => s.kind === 'sentence').length).toBeGreaterThan(250);
    let last = -1;
    for (const s of segs) {
      const slice = text.slice(s.start, s.end);
      expect(slice.length).toBeGreaterThan(0);
      expect(slice.trim()).toBe(slice);
      expect(slice.includes('\n\n')).toBe(false);
      expect(s.page).toBe(Math.floor(s.start / 1000) + 1);
      expect(s.start).toBeGreaterThanOrEqual(last);
      last = s.start;
    }
    expect(segmentDocument('seed', text, pages)).toEqual(segs);
  });
});

/** Deterministic pseudo-random numbers (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [
  'Word', 'word', 'U.S.', 'e.g.', 'Art.', 'No.', 'etc.', 'J.', '3.5', 'v1.2', '(a)', '1.', '4.1.', 'Sec.', 'The',
  'слово', 'р.', 'т.д.', '中文', '😀', 'https://a.b/c.d', '.', '. ', '? ', '!', '...', '…', '。', '”', '"', ')', '(',
  '**', '[1]', ' ', ' ', ' ', ' ', '  ', '\n', '\n\n', '\r\n', '\r\n\r\n', '\n \n', '\t', '\u00a0', '\f',
];

describe('invariants on random text', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])('seed %i', (seed) => {
    const next = random(seed);
    let text = '';
    while (text.length < 3000) text += PIECES[Math.floor(next() * PIECES.length)];
    const pages: PageRange[] = [
      { page: 1, start: 0, end: 1000 },
      { page: 2, start: 1000, end: 2000 },
      { page: 3, start: 2000, end: text.length },
    ];
    const segs = segmentDocument('fuzz', text, pages);
    const paragraphs = segs.filter((s) => s.kind === 'paragraph');
    const problems: string[] = [];
    for (const s of segs) {
      const slice = text.slice(s.start, s.end);
      if (slice.length === 0 || slice.trim() !== slice) problems.push(`untrimmed or empty ${s.kind} ${JSON.stringify(slice)}`);
      if (/\n[^\S\n]*\n/.test(slice)) problems.push(`${s.kind} holds a blank line ${JSON.stringify(slice)}`);
      if (s.page !== (s.start < 1000 ? 1 : s.start < 2000 ? 2 : 3)) problems.push(`page ${s.page} for offset ${s.start}`);
    }
    for (const p of paragraphs) {
      const covered = new Array<number>(p.end - p.start).fill(0);
      for (const s of segs) {
        if (s.paragraphId !== p.id) continue;
        if (s.start < p.start || s.end > p.end) problems.push(`sentence ${s.start}-${s.end} leaves its paragraph`);
        for (let x = s.start; x < s.end; x++) covered[x - p.start]++;
      }
      for (let x = p.start; x < p.end; x++) {
        const n = covered[x - p.start];
        if (/\s/.test(text[x]) ? n > 1 : n !== 1) problems.push(`offset ${x} ${JSON.stringify(text[x])} is in ${n} sentences`);
      }
    }
    expect(problems.slice(0, 5)).toEqual([]);
    expect(segmentDocument('fuzz', text, pages)).toEqual(segs);
  });
});
