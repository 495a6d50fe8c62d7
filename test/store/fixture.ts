// A small hand-built project database with known contents, shared by the store and report tests.
// Segment ids and codings are written by hand here (not by the segmenter or the rules), so the
// expected counts in the tests follow from this file alone.
import type { Coding, DocumentMeta, PageRange, Segment } from '../../src/types.ts';
import { openStore, type Store, type StoreDocumentInput } from '../../src/store/index.ts';

export const sha = (c: string): string => c.repeat(64);

export function meta(over: Partial<DocumentMeta> = {}): DocumentMeta {
  return { title: null, issuer: null, actor_group: null, country: null, date: null, doc_type: null, language: 'en', source_url: null, ...over };
}

/** Text from paragraphs of sentences (sentences joined by a space, paragraphs by "\n\n"),
 *  with its paragraph and sentence segments; ids are `<first 4 of sha>:p<n>` / `:s<n>`. */
export function buildDoc(sha256: string, paragraphs: string[][]): { text: string; pages: PageRange[]; segments: Segment[] } {
  const segments: Segment[] = [];
  let text = '';
  let s = 0;
  paragraphs.forEach((sentences, p) => {
    if (p > 0) text += '\n\n';
    const pid = `${sha256.slice(0, 4)}:p${p}`;
    const pStart = text.length;
    const sentenceSegs: Segment[] = [];
    sentences.forEach((sentence, i) => {
      if (i > 0) text += ' ';
      sentenceSegs.push({ id: `${sha256.slice(0, 4)}:s${s}`, kind: 'sentence', start: text.length, end: text.length + sentence.length, page: 1, paragraphId: pid, ordinal: s++ });
      text += sentence;
    });
    segments.push({ id: pid, kind: 'paragraph', start: pStart, end: text.length, page: 1, paragraphId: null, ordinal: p }, ...sentenceSegs);
  });
  return { text, pages: [{ page: 1, start: 0, end: text.length }], segments };
}

/** A coding of a whole segment. */
export function coding(seg: Segment, codeId: string, ruleId = 'r1', negated = false): Coding {
  return { segmentId: seg.id, codeId, ruleId, spans: [[seg.start, seg.end]], negated };
}

export function docInput(
  sha256: string,
  file: string,
  paragraphs: string[][],
  m: Partial<DocumentMeta>,
  runId: number,
): StoreDocumentInput & { seg: (id: string) => Segment } {
  const built = buildDoc(sha256, paragraphs);
  const seg = (id: string) => built.segments.find((x) => x.id === `${sha256.slice(0, 4)}:${id}`)!;
  return { sha256, file, bytes: built.text.length, format: 'text', meta: meta(m), warnings: [], runId, ...built, seg };
}

export const CODEBOOK_V1 = {
  version: 'v1aaaaaaaaaa',
  id: 'study',
  title: 'Study codebook',
  file: 'codebook/study.yml',
  source: 'id: study\n',
  json: '{"id":"study"}',
  codes: [
    { id: 'transparency', label: 'Transparency', group: 'principles', definition: 'Openness.' },
    { id: 'accountability', label: 'Accountability', group: 'principles', definition: 'Answerability.' },
    { id: 'security', label: 'Security policy', group: 'dimensions', definition: 'Defence.' },
    { id: 'economic', label: 'Economic policy', group: 'dimensions', definition: 'Markets.' },
  ],
};
export const CODEBOOK_V2 = { ...CODEBOOK_V1, version: 'v2bbbbbbbbbb', source: 'id: study # v2\n' };

/** The fixture database (see the expected numbers in test/report/tables.test.ts):
 *  a.txt global_south, b.txt global_south, c.txt major_power, d.txt no group (with emoji),
 *  f.txt major_power in two versions (the old one coded, the current one not), g.pdf failed.
 *  v1 codes every current document at sentence level; v2 codes a.txt at paragraph level. */
export function buildFixture(file = ':memory:'): Store {
  const store = openStore(file);
  store.saveCodebook(CODEBOOK_V1);
  store.saveCodebook(CODEBOOK_V2);
  const run1 = store.startRun({ command: 'run', toolVersion: '0.1.0', codebookVersion: CODEBOOK_V1.version, options: {} });
  const v1 = (codings: Coding[]) => ({ codebookVersion: CODEBOOK_V1.version, unit: 'sentence' as const, codings });

  const a = docInput(sha('a'), 'a.txt', [['Transparency matters for security.', 'Accountability too.'], ['Economic growth needs transparency.']], { actor_group: 'global_south', title: 'A, "quoted"' }, run1);
  a.coding = v1([
    coding(a.seg('s0'), 'transparency'), coding(a.seg('s0'), 'security', 'r2'),
    coding(a.seg('s1'), 'accountability'),
    coding(a.seg('s2'), 'economic'), coding(a.seg('s2'), 'transparency'), coding(a.seg('s2'), 'transparency', 'r2', true),
  ]);
  store.storeDocument(a);

  const b = docInput(sha('b'), 'b.txt', [['Nothing relevant here.']], { actor_group: 'global_south' }, run1);
  b.coding = v1([]);
  store.storeDocument(b);

  const c = docInput(sha('c'), 'c.txt', [['Security and accountability.', 'More security.']], { actor_group: 'major_power' }, run1);
  c.coding = v1([coding(c.seg('s0'), 'security'), coding(c.seg('s0'), 'accountability'), coding(c.seg('s1'), 'security')]);
  store.storeDocument(c);

  const d = docInput(sha('d'), 'd.txt', [['🤖 Robots 🇺🇦 here.', 'Economic transparency.']], {}, run1);
  d.coding = v1([coding(d.seg('s1'), 'economic'), coding(d.seg('s1'), 'transparency')]);
  store.storeDocument(d);

  const fOld = docInput(sha('f'), 'f.txt', [['Transparency everywhere.']], { actor_group: 'major_power' }, run1);
  fOld.coding = v1([coding(fOld.seg('s0'), 'transparency')]);
  store.storeDocument(fOld);

  store.recordFailure({ sha256: sha('9'), file: 'g.pdf', bytes: 10, meta: meta({ title: 'G' }), code: 'corrupt', reason: 'Unexpected end of file, expected %%EOF', runId: run1 });
  store.finishRun(run1, 'completed', {});

  const run2 = store.startRun({ command: 'run', toolVersion: '0.1.0', codebookVersion: CODEBOOK_V1.version, options: {} });
  const fNew = docInput(sha('e'), 'f.txt', [['Plain words only.']], { actor_group: 'major_power' }, run2);
  fNew.coding = v1([]);
  store.storeDocument(fNew);
  store.finishRun(run2, 'completed', {});

  // v2 at paragraph level on a.txt only: sentence codings roll up to their paragraph.
  const run3 = store.startRun({ command: 'code', toolVersion: '0.1.0', codebookVersion: CODEBOOK_V2.version, options: {} });
  store.storeCodings({
    sha256: sha('a'), codebookVersion: CODEBOOK_V2.version, unit: 'paragraph', runId: run3,
    codings: [coding(a.seg('s0'), 'transparency'), coding(a.seg('s1'), 'security'), coding(a.seg('p1'), 'transparency'), coding(a.seg('p0'), 'security')],
  });
  store.finishRun(run3, 'completed', {});
  return store;
}
