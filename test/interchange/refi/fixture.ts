// Hand-made documents for the REFI-QDA tests: text with non-BMP characters (emoji, a flag, a skin
// tone modifier, Fraktur math letters) before and between coded spans, stored with the store API
// directly, and a tiny codebook for stores that need no pipeline run.
import { createHash } from 'node:crypto';
import type { Coding, DocumentMeta, Segment } from '../../../src/types.ts';
import type { Store } from '../../../src/store/index.ts';
import { TOOL_VERSION } from '../../../src/version.ts';

const P1 = '🙂 𝔘𝔫𝔦𝔱𝔢𝔡 𝔑𝔞𝔱𝔦𝔬𝔫𝔰 call for transparency & "accountability". Next 👍🏽 sentence: no accountability 𝔁.';
const P2 = '🇺🇦 Ukraine <demands> transparency.';
export const NON_BMP_TEXT = `${P1}\n\n${P2}`;
export const NON_BMP_SHA = createHash('sha256').update(NON_BMP_TEXT).digest('hex');
export const NON_BMP_FILE = 'hand/non-bmp.txt';

const META: DocumentMeta = {
  title: 'Emoji & <math> "letters"\nsecond line\tand a tab',
  issuer: null,
  actor_group: 'global_south',
  country: null,
  date: '2025',
  doc_type: 'test',
  language: 'en',
  source_url: null,
};

const at = (s: string, from = 0): [number, number] => {
  const i = NON_BMP_TEXT.indexOf(s, from);
  if (i < 0) throw new Error(`fixture: ${s} not found`);
  return [i, i + s.length];
};

const s1Start = P1.indexOf('Next');
export const SEGMENTS: Segment[] = [
  { id: 'nb-p0', kind: 'paragraph', start: 0, end: P1.length, page: 1, paragraphId: null, ordinal: 0 },
  { id: 'nb-p1', kind: 'paragraph', start: P1.length + 2, end: NON_BMP_TEXT.length, page: 1, paragraphId: null, ordinal: 1 },
  { id: 'nb-s0', kind: 'sentence', start: 0, end: s1Start - 1, page: 1, paragraphId: 'nb-p0', ordinal: 0 },
  { id: 'nb-s1', kind: 'sentence', start: s1Start, end: P1.length, page: 1, paragraphId: 'nb-p0', ordinal: 1 },
  { id: 'nb-s2', kind: 'sentence', start: P1.length + 2, end: NON_BMP_TEXT.length, page: 1, paragraphId: 'nb-p1', ordinal: 2 },
];

/** Codes used: transparency and accountability (both in codebook/study.yml and in MINI). */
export const CODINGS: Coding[] = [
  { segmentId: 'nb-s0', codeId: 'transparency', ruleId: 'tra-words', spans: [at('transparency')], negated: false },
  { segmentId: 'nb-s0', codeId: 'accountability', ruleId: 'acc-words', spans: [at('accountability')], negated: false },
  { segmentId: 'nb-s1', codeId: 'accountability', ruleId: 'acc-words', spans: [at('accountability', s1Start)], negated: true },
  { segmentId: 'nb-s1', codeId: 'accountability', ruleId: 'acc-globs', spans: [at('accountability', s1Start)], negated: true },
  { segmentId: 'nb-p0', codeId: 'transparency', ruleId: 'tra-para', spans: [at('transparency'), at('𝔁')], negated: false },
  // A one-sentence paragraph: paragraph and sentence share their offsets (one selection, two rules).
  { segmentId: 'nb-p1', codeId: 'transparency', ruleId: 'tra-para', spans: [at('transparency', P1.length)], negated: false },
  { segmentId: 'nb-s2', codeId: 'transparency', ruleId: 'tra-words', spans: [at('transparency', P1.length)], negated: false },
];

/** Stores the non-BMP document, coded with `version` (whose codes must include those above). */
export function addNonBmpDocument(store: Store, version: string): void {
  const runId = store.startRun({ command: 'test', toolVersion: TOOL_VERSION, codebookVersion: version, options: {} });
  store.storeDocument({
    sha256: NON_BMP_SHA, file: NON_BMP_FILE, bytes: Buffer.byteLength(NON_BMP_TEXT), format: 'text', meta: META,
    text: NON_BMP_TEXT, pages: [{ page: 1, start: 0, end: NON_BMP_TEXT.length }], segments: SEGMENTS, warnings: [], runId,
    coding: { codebookVersion: version, unit: 'sentence', codings: CODINGS },
  });
  store.finishRun(runId, 'completed', {});
}

export const MINI_VERSION = 'mini00000001';

/** A tiny codebook: one group, two codes in it, one code whose group is not listed. */
export function addMiniCodebook(store: Store): void {
  const json = {
    id: 'mini', title: 'Mini & <test>', description: null,
    groups: [{ id: 'principle', label: 'Principle', description: 'Principles & "values"' }],
    codes: [
      { id: 'transparency', include: ['openness'], exclude: ['glass <windows>'] },
      { id: 'accountability', include: [], exclude: [] },
      { id: 'misc', include: [], exclude: [] },
    ],
  };
  store.saveCodebook({
    version: MINI_VERSION, id: 'mini', title: json.title, file: 'mini.yml', source: '', json: JSON.stringify(json),
    codes: [
      { id: 'transparency', label: 'Transparency', group: 'principle', definition: 'Openness about AI.' },
      { id: 'accountability', label: 'Accountability', group: 'principle', definition: 'Answerability\r\nfor AI.' },
      { id: 'misc', label: 'Misc', group: 'other', definition: 'Ungrouped.' },
    ],
  });
}

/** A second, plain document (coded) and a third one that is not coded with MINI. */
export function addPlainDocuments(store: Store): void {
  const text = 'Plain transparency here.';
  const sha = createHash('sha256').update(text).digest('hex');
  const runId = store.startRun({ command: 'test', toolVersion: TOOL_VERSION, codebookVersion: MINI_VERSION, options: {} });
  store.storeDocument({
    sha256: sha, file: 'hand/plain.txt', bytes: text.length, format: 'text',
    meta: { ...META, title: null, actor_group: null, date: null }, text, pages: [{ page: 1, start: 0, end: text.length }],
    segments: [
      { id: 'pl-p0', kind: 'paragraph', start: 0, end: text.length, page: 1, paragraphId: null, ordinal: 0 },
      { id: 'pl-s0', kind: 'sentence', start: 0, end: text.length, page: 1, paragraphId: 'pl-p0', ordinal: 0 },
    ],
    warnings: [], runId,
    coding: { codebookVersion: MINI_VERSION, unit: 'sentence', codings: [{ segmentId: 'pl-s0', codeId: 'misc', ruleId: 'misc-1', spans: [[6, 18]], negated: false }] },
  });
  const other = 'Never coded.';
  store.storeDocument({
    sha256: createHash('sha256').update(other).digest('hex'), file: 'hand/uncoded.txt', bytes: other.length, format: 'text',
    meta: META, text: other, pages: [{ page: 1, start: 0, end: other.length }], segments: [], warnings: [], runId,
  });
  store.finishRun(runId, 'completed', {});
}
