// Quality against compromise: sentence-end agreement on the seed article's English body and on
// three US policy documents of the corpus. Disagreements are printed, each with our judgement
// of which splitter is wrong; the ones of known compromise weaknesses are counted apart.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { boundaryAgreement } from '../../src/segment/agreement.ts';
import { splitSentences } from '../../src/segment/index.ts';
import { compromiseSentences, plainParagraphs, seedEnglishBody } from '../../src/segment/reference.ts';
import { needShared, shared } from '../helpers/shared.ts';

describe('boundaryAgreement', () => {
  it('compares interior sentence ends, ignoring whitespace and paragraph ends', () => {
    const text = 'A b. C d. E f.\n\nG h.';
    const ours: Array<[number, number]> = [[0, 4], [5, 9], [10, 14], [16, 20]];
    const theirs: Array<[number, number]> = [[0, 5], [5, 14], [16, 20]]; // "A b. " with its space
    const a = boundaryAgreement(text, ours, theirs);
    expect(a.shared).toBe(1);
    expect(a.onlyOurs).toEqual([9]);
    expect(a.onlyReference).toEqual([]);
    expect(a.precision).toBe(0.5);
    expect(a.recall).toBe(1);
    expect(a.f1).toBeCloseTo(2 / 3, 10);
  });
});

/** Why we think compromise is wrong at a disagreement, or null when we do not know. */
function judge(text: string, end: number, ours: boolean): string | null {
  const before = text.slice(Math.max(0, end - 20), end);
  if (ours && /[.!?…][”’"')*\]]+$/.test(before)) return 'compromise needs whitespace right after the mark (."  .)  .**)';
  if (!ours && /(?:^|\n|[.!?]\s+)(?:Section|Sec\.)\s*\d+\.$/.test(before)) return 'compromise cuts off a section number as a sentence';
  if (!ours && /\bNo\.$/.test(before)) return 'compromise ends at "No." before a code ("No. A-130")';
  return null;
}

const DOCS: Array<{ name: string; text: () => string }> = [
  { name: 'seed article (English body)', text: () => seedEnglishBody(readFileSync(shared('seed', 'emerging-technologies-global-south.txt'), 'utf8')) },
  { name: 'Harris London speech', text: () => plainParagraphs(readFileSync(shared('corpus', 'US_2023-11-01_Harris_London_AI_speech.md'), 'utf8')) },
  { name: 'NSM-25 memorandum', text: () => plainParagraphs(readFileSync(shared('corpus', 'US_2024-10-24_NSM-25_AI_national_security_memorandum.md'), 'utf8')) },
  { name: 'Executive Order 14110', text: () => plainParagraphs(readFileSync(shared('corpus', 'US_2023-10-30_EO14110_safe-secure-trustworthy-AI.md'), 'utf8')) },
];

describe('sentence boundaries agree with compromise on real texts', () => {
  const run = needShared('segment quality against compromise');
  it.skipIf(!run).each(DOCS)('$name', ({ name, text: load }) => {
    const text = load();
    const ours = splitSentences(text);
    const theirs = compromiseSentences(text);
    const a = boundaryAgreement(text, ours, theirs);
    const lines = [`${name}: ${ours.length} sentences (compromise ${theirs.length}), interior ends P=${a.precision.toFixed(3)} R=${a.recall.toFixed(3)} F1=${a.f1.toFixed(3)}`];
    let unexplained = 0;
    const show = (end: number, ours: boolean) => {
      const why = judge(text, end, ours);
      if (why === null) unexplained++;
      const context = JSON.stringify(text.slice(Math.max(0, end - 50), end) + ' ‖ ' + text.slice(end, end + 30));
      lines.push(`  ${ours ? 'only ours      ' : 'only compromise'} ${why ?? 'UNJUDGED'}: ${context}`);
    };
    for (const e of a.onlyOurs) show(e, true);
    for (const e of a.onlyReference) show(e, false);
    console.log(lines.join('\n'));
    expect(a.f1).toBeGreaterThanOrEqual(0.9);
    // Nearly every disagreement is a known compromise weakness; a new kind needs a look.
    expect(unexplained).toBeLessThanOrEqual(1);
  });
});
