// The matcher's fast path (fused scan and word table, regex prefilter, early exits) against its
// plain path (MatcherOptions.plain: scanWords, every word's atoms computed anew, every regex on
// every unit): the same codings, byte for byte, on generated adversarial text and on the real
// documents of ../shared/corpus, over every codebook the tests use.
import { readdirSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileCodebook, type Unit } from '../../src/code/index.ts';
import { Plan, UnitWords } from '../../src/code/plan.ts';
import { scanWords } from '../../src/code/tokenize.ts';
import { loadCodebook, parseCodebook, type Codebook } from '../../src/codebook/index.ts';
import { extractFile } from '../../src/ingest/extract.ts';
import { segmentDocument } from '../../src/segment/index.ts';
import { needShared, REPO_ROOT, shared } from '../helpers/shared.ts';
import { mulberry32 as rng } from '../../src/measure/agreement/bootstrap.ts'; // seeded: the same cases on every run

/** Rules aimed at the fast path's edges: regexes with ^ $ \b and lookarounds (what the prefilter
 *  drops), astral and Cyrillic words, short and long words (inline vs pooled in the word table),
 *  phrases with gaps, near at its bound, negation windows, vetoes, exact terms, paragraph rules. */
const ADVERSARIAL = `
codebook: adversarial
title: Adversarial
languages: [en, uk]
unit: sentence
groups: [{id: g, label: G}]
codes:
  - id: a
    label: A
    group: g
    definition: d
    rules:
      - {id: a-term, type: term, terms: [transparency, disclose, ai, "state", s, internationalization]}
      - {id: a-exact, type: term, match: exact, terms: [developing, US]}
      - {id: a-phrase, type: phrase, phrases: ["rule of law", "ai-generated content", "united nations"], max_gap: 1}
      - {id: a-glob, type: glob, patterns: ["secur*", "?ata", "прозор*", "\\U0001D400*"]}
      - {id: a-near, type: near, a: [label, watermark], b: [content, synthetic], within: 2}
      - {id: a-neg, type: negation, cues: ["lack of", "no", "not", "без"], window: 2}
      - {id: a-rx1, type: regex, pattern: "^(?:The|A)\\\\b"}
      - {id: a-rx2, type: regex, pattern: "\\\\bEU\\\\b(?!, 20\\\\d\\\\d)"}
      - {id: a-rx3, type: regex, pattern: "data$", flags: i}
      - {id: a-rx4, type: regex, pattern: "\\\\u{1D400}[a-z]", flags: u}
  - id: b
    label: B
    group: g
    definition: d
    rules:
      - {id: b-term, type: term, terms: [security, data]}
      - {id: b-para, type: near, unit: paragraph, a: [security], b: [data], within: 8}
      - {id: b-not, type: not, patterns: ["data protection"]}
      - {id: b-neg, type: negation, cues: ["without"], window: 1}
      - {id: b-uk, type: term, lang: uk, terms: [безпека]}
`;

const codebooks: Array<[string, Codebook]> = [
  ['study', loadCodebook(join(REPO_ROOT, 'codebook/study.yml'))],
  ['sample', loadCodebook(join(REPO_ROOT, 'test/fixtures/codebooks/sample.yml'))],
  ['adversarial', parseCodebook(ADVERSARIAL, 'adversarial.yml')],
];

const WORDS = ['transparency', 'Transparency', 'TRANSPARENCY', 'disclosed', 'AI', 'ai', 'AI-generated', 'AI‑generated', 'content', 'state’s',
  "state's", 'rule', 'of', 'law', 'Rule-of-law', 'United', 'Nations', 'UN', 'EU', 'EU, 2024', 'US', 'us', 'security', 'Security', 'securities',
  'data', 'Data', 'DATA', 'date', 'data protection', 'label', 'labels', 'watermark', 'synthetic', 'lack', 'no', 'not', 'No', 'without',
  'developing', 'Developing', 'developed', 'internationalization', 'internationalizations', 'The', 'A', 'the', 'прозорість', 'Прозорості',
  'безпека', 'без', 'cafe\u0301', 'café', '\u{1D400}bc', '\u{1D400}', '😀', 'G7', '2024', '中华人民共和国', 'x', 's'];
const GLUE = [' ', ' ', ' ', ', ', '. ', '! ', '? ', '; ', '-', '—', '\u2011', "'", '’', ' (', ') ', '\n', '  ', ''];

/** A text of `count` generated sentences, and units over it: each sentence, each paragraph (two
 *  sentences), and units cut at random offsets (mid-word, mid-surrogate pair, empty). */
function adversarial(seed: number, count: number): { text: string; units: Unit[] } {
  const next = rng(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(next() * xs.length)]!;
  let text = '';
  const sentences: Array<[number, number]> = [];
  for (let s = 0; s < count; s++) {
    const start = text.length;
    const n = 1 + Math.floor(next() * 14);
    for (let w = 0; w < n; w++) text += pick(WORDS) + (w < n - 1 ? pick(GLUE) : '');
    sentences.push([start, text.length]);
    text += pick(['. ', '! ', '? ', '.\n\n', ' ']);
  }
  const units: Unit[] = [];
  sentences.forEach(([start, end], i) => units.push({ id: `s${i}`, start, end, kind: 'sentence' }));
  for (let i = 0; i + 1 < sentences.length; i += 2) units.push({ id: `p${i}`, start: sentences[i]![0], end: sentences[i + 1]![1], kind: 'paragraph' });
  for (let i = 0; i < count / 4; i++) {
    const a = Math.floor(next() * (text.length + 1));
    const b = Math.min(text.length, a + Math.floor(next() * 60));
    units.push({ id: `r${i}`, start: a, end: next() < 0.1 ? a : b });
  }
  return { text, units };
}

function compare(cb: Codebook, text: string, units: Unit[], languages: Array<string | null>, explain = true): number {
  const fast = compileCodebook(cb);
  const plain = compileCodebook(cb, { plain: true });
  let codings = 0;
  for (const lang of languages) {
    const f = fast.codeUnits(text, units, lang);
    expect(JSON.stringify(f)).toBe(JSON.stringify(plain.codeUnits(text, units, lang)));
    if (explain) expect(JSON.stringify(fast.explainUnits(text, units, lang, '*'))).toBe(JSON.stringify(plain.explainUnits(text, units, lang, '*')));
    codings += f.length;
  }
  return codings;
}

describe('fast path = plain path on generated adversarial text', () => {
  it.each(codebooks)('%s codebook', (_name, cb) => {
    let codings = 0;
    for (let seed = 1; seed <= 2; seed++) {
      const { text, units } = adversarial(seed, 300);
      codings += compare(cb, text, units, [null, 'en', 'uk', 'pt-BR']);
    }
    expect(codings).toBeGreaterThan(300); // the rules fire: the comparison is not of two empty lists
  });

  it('the fused scan finds the words of scanWords, at the same offsets', () => {
    const plan = new Plan(codebooks[2]![1], 'en', 'sentence');
    const w = new UnitWords();
    const starts: number[] = [];
    const ends: number[] = [];
    for (let seed = 1; seed <= 3; seed++) {
      const { text, units } = adversarial(seed, 200);
      for (const u of units) {
        const n = plan.scanUnit(text, u.start, u.end, w);
        expect(n).toBe(scanWords(text, u.start, u.end, starts, ends));
        expect([w.starts.slice(0, n), w.ends.slice(0, n)]).toEqual([starts.slice(0, n), ends.slice(0, n)]);
      }
    }
    // lone surrogates and marks, which the tokenizer classifies on the slow path
    const odd = 'a\uD835b \uDC00c \u{1D400}\u0301d \uD835';
    const n = plan.scanUnit(odd, 0, odd.length, w);
    expect(n).toBe(scanWords(odd, 0, odd.length, starts, ends));
    expect(w.starts.slice(0, n)).toEqual(starts.slice(0, n));
  });
});

/** Text, segments and language of the files of a folder (extracted once per file). */
function documents(dir: string, files: string[]): () => Promise<Array<{ file: string; text: string; units: Unit[]; language: string | null }>> {
  let loaded: Promise<Array<{ file: string; text: string; units: Unit[]; language: string | null }>> | null = null;
  return () =>
    (loaded ??= Promise.all(
      files.map(async (file) => {
        const ex = await extractFile(resolve(dir, file));
        return { file, text: ex.text, units: segmentDocument(file, ex.text, ex.pages), language: ex.meta.language ?? null };
      }),
    ));
}

const TEXT_FILES = (f: string) => ['.md', '.html', '.htm', '.txt'].includes(extname(f)) && !/^(SOURCES|README)\.md$/.test(f);

describe('fast path = plain path on the demo corpus (corpus/demo)', () => {
  const demo = documents(join(REPO_ROOT, 'corpus/demo'), readdirSync(join(REPO_ROOT, 'corpus/demo')).filter(TEXT_FILES).sort());
  it.each(codebooks)('%s codebook', async (_name, cb) => {
    let codings = 0;
    for (const d of await demo()) codings += compare(cb, d.text, d.units, [d.language ?? 'en', null]);
    expect((await demo()).length).toBeGreaterThanOrEqual(5);
    expect(codings).toBeGreaterThan(50);
  });
});

describe.runIf(needShared('fast path = plain path over ../shared/corpus'))('fast path = plain path on the documents of ../shared/corpus', () => {
  // The text and HTML documents, and one PDF with the UN and General Assembly the regex rules
  // look for (the other PDFs take seconds each to extract; the bench codes all of them).
  const corpus = documents(
    shared('corpus'),
    readdirSync(shared('corpus')).filter(TEXT_FILES).concat(['UN_2024-03-21_A-RES-78-265_safe-secure-trustworthy-AI.pdf']).sort(),
  );
  it.each(codebooks)('%s codebook', async (_name, cb) => {
    let codings = 0;
    for (const d of await corpus()) codings += compare(cb, d.text, d.units, [d.language ?? 'en'], false);
    expect((await corpus()).length).toBeGreaterThanOrEqual(8);
    expect(codings).toBeGreaterThan(200); // sample: 317, study: thousands
  });
});
