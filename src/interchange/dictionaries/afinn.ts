// AFINN: "word<TAB>score" lines, scores -5..+5 (AFINN-111: 2477 words, one of them scored 0).
//
// A codebook codes or does not, so the score becomes the category: one code per score
// (neg5 … neg1, zero, pos1 … pos5, as quanteda.dictionaries names them), grouped by sign
// (negative, neutral, positive). A study that wants only the sign uses the groups; one that
// wants strength keeps the bands; nothing of the lexicon is lost but the arithmetic.
import { DEFAULT_SOURCE, DictionaryBuilder, q, splitLines, type Dictionary, type Source } from './model.ts';

const LINE = /^(.+?)\t\s*([+-]?\d+)\s*$/;

function band(score: number): string[] {
  if (score < 0) return ['negative', `neg${-score}`];
  if (score > 0) return ['positive', `pos${score}`];
  return ['neutral', 'zero'];
}

export function readAfinn(text: string, source: Source = DEFAULT_SOURCE): Dictionary {
  const b: DictionaryBuilder = new DictionaryBuilder('afinn', source);
  const byScore = new Map<number, Array<{ word: string; no: number }>>();
  for (const { no, text: line } of splitLines(text)) {
    if (line.trim() === '') continue;
    const m = LINE.exec(line.replace(/[ \t]+$/, ''));
    if (!m) b.fail(no, `expected "word<TAB>integer score", got ${q(line)}`);
    const score = Number(m[2]);
    if (!byScore.has(score)) byScore.set(score, []);
    byScore.get(score)!.push({ word: m[1], no });
  }
  if (byScore.size === 0) b.fail(1, 'expected "word<TAB>integer score" lines, got none');
  for (const score of [...byScore.keys()].sort((x, y) => x - y)) {
    for (const { word, no } of byScore.get(score)!) b.entry(band(score), word, no);
  }
  b.notes.push('AFINN scores became categories: one code per score (neg5 … pos5), grouped by sign.');
  return b.build();
}
