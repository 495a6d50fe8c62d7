import { describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/index.ts';
import { buildFixture, CODEBOOK_V1, CODEBOOK_V2, coding, docInput, meta, sha } from './fixture.ts';

const counts = (store: Store) =>
  Object.fromEntries(
    ['documents', 'pages', 'segments', 'codings', 'coding_done'].map((t) => [t, (store.db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n]),
  );

function fresh(): { store: Store; run: number } {
  const store = openStore(':memory:');
  store.saveCodebook(CODEBOOK_V1);
  const run = store.startRun({ command: 'run', toolVersion: 't', codebookVersion: CODEBOOK_V1.version, options: { unit: 'sentence' } });
  return { store, run };
}
const v1 = (codings: ReturnType<typeof coding>[]) => ({ codebookVersion: CODEBOOK_V1.version, unit: 'sentence' as const, codings });

describe('storeDocument', () => {
  it('stores the document, its pages and segments with exact text and word counts, and loads them back', () => {
    const { store, run } = fresh();
    const d = docInput(sha('a'), 'a.txt', [['One two three.', 'Four.'], ['Five six.']], { actor_group: 'global_south', language: 'uk' }, run);
    store.storeDocument(d);
    expect(store.findDocument(sha('a'))).toEqual({ sha256: sha('a'), file: 'a.txt', status: 'ingested', failureCode: null, reason: null, fileMeta: '{}' });
    const loaded = store.loadDocument(sha('a'))!;
    expect(loaded.text).toBe('One two three. Four.\n\nFive six.');
    expect(loaded.language).toBe('uk');
    expect([...loaded.segments].sort((x, y) => (x.id < y.id ? -1 : 1))).toEqual([...d.segments].sort((x, y) => (x.id < y.id ? -1 : 1)));
    expect(store.db.prepare('SELECT id, word_count, text FROM segments ORDER BY start, kind').all()).toEqual([
      { id: 'aaaa:p0', word_count: 4, text: 'One two three. Four.' },
      { id: 'aaaa:s0', word_count: 3, text: 'One two three.' },
      { id: 'aaaa:s1', word_count: 1, text: 'Four.' },
      { id: 'aaaa:p1', word_count: 2, text: 'Five six.' },
      { id: 'aaaa:s2', word_count: 2, text: 'Five six.' },
    ]);
    expect(store.db.prepare('SELECT word_count FROM documents').get()).toEqual({ word_count: 6 });
    expect(store.isCoded(sha('a'), CODEBOOK_V1.version, 'sentence')).toBe(false);
    expect(store.documentsToCode(CODEBOOK_V1.version, 'sentence')).toEqual([{ sha256: sha('a'), language: 'uk' }]);
  });

  it('is atomic: a failure inside the transaction (an unknown code) leaves nothing written', () => {
    const { store, run } = fresh();
    const d = docInput(sha('a'), 'a.txt', [['One.', 'Two.']], {}, run);
    d.coding = v1([coding(d.seg('s0'), 'transparency'), coding(d.seg('s1'), 'no_such_code')]);
    expect(() => store.storeDocument(d)).toThrow(/FOREIGN KEY constraint failed/);
    expect(counts(store)).toEqual({ documents: 0, pages: 0, segments: 0, codings: 0, coding_done: 0 });
    expect(store.findDocument(sha('a'))).toBeUndefined();
  });

  it.each([
    ['offsets beyond the text', (d: ReturnType<typeof docInput>) => (d.segments[1]!.end = 999), /Unexpected segment `aaaa:s0` at \[0, 999\)/],
    ['a sentence without its paragraph', (d: ReturnType<typeof docInput>) => (d.segments[1]!.paragraphId = 'zzz'), /Unexpected paragraphId `zzz`/],
    ['a coding of another document', (d: ReturnType<typeof docInput>) => (d.coding = v1([{ segmentId: 'bbbb:s0', codeId: 'transparency', ruleId: 'r', spans: [], negated: false }])), /Unexpected segment `bbbb:s0` in a coding/],
  ])('refuses %s before writing anything', (_, spoil, error) => {
    const { store, run } = fresh();
    const d = docInput(sha('a'), 'a.txt', [['One.', 'Two.']], {}, run);
    spoil(d);
    expect(() => store.storeDocument(d)).toThrow(error);
    expect(counts(store).documents).toBe(0);
  });

  it('is idempotent: storing the same document and codings twice adds nothing', () => {
    const { store, run } = fresh();
    const d = docInput(sha('a'), 'a.txt', [['Transparency.', 'Two.']], {}, run);
    d.coding = v1([coding(d.seg('s0'), 'transparency')]);
    store.storeDocument(d);
    const once = counts(store);
    expect(once).toEqual({ documents: 1, pages: 1, segments: 3, codings: 1, coding_done: 1 });
    store.storeDocument(d);
    store.storeCodings({ sha256: sha('a'), codebookVersion: CODEBOOK_V1.version, unit: 'sentence', runId: run, codings: d.coding.codings });
    expect(counts(store)).toEqual(once);
    expect(store.isCoded(sha('a'), CODEBOOK_V1.version, 'sentence')).toBe(true);
    expect(store.documentsToCode(CODEBOOK_V1.version, 'sentence')).toEqual([]);
    expect(store.documentsToCode(CODEBOOK_V1.version, 'paragraph')).toHaveLength(1);
  });

  it('codes a stored document later (a new codebook, or a run killed between ingest and code)', () => {
    const { store, run } = fresh();
    const d = docInput(sha('a'), 'a.txt', [['Transparency.']], {}, run);
    store.storeDocument(d);
    store.saveCodebook(CODEBOOK_V2);
    expect(store.documentsToCode(CODEBOOK_V2.version, 'sentence').map((x) => x.sha256)).toEqual([sha('a')]);
    store.storeCodings({ sha256: sha('a'), codebookVersion: CODEBOOK_V2.version, unit: 'sentence', runId: run, codings: [coding(d.seg('s0'), 'security')] });
    expect(store.documentsToCode(CODEBOOK_V2.version, 'sentence')).toEqual([]);
    expect(() => store.storeCodings({ sha256: sha('b'), codebookVersion: CODEBOOK_V2.version, unit: 'sentence', runId: run, codings: [] })).toThrow(
      /expected an ingested document/,
    );
  });
});

describe('failures, versions and metadata', () => {
  it('records a failure with its reason; a later successful read replaces it, a later failure never undoes a success', () => {
    const { store, run } = fresh();
    store.recordFailure({ sha256: sha('a'), file: 'a.pdf', bytes: 5, meta: meta({ title: 'A' }), code: 'timeout', reason: 'took longer than 30 s', runId: run });
    expect(store.findDocument(sha('a'))).toEqual({ sha256: sha('a'), file: 'a.pdf', status: 'failed', failureCode: 'timeout', reason: 'took longer than 30 s', fileMeta: '{}' });
    expect(store.loadDocument(sha('a'))).toBeUndefined();
    expect(store.documentsToCode(CODEBOOK_V1.version, 'sentence')).toEqual([]);
    store.storeDocument(docInput(sha('a'), 'a.pdf', [['Now readable.']], {}, run));
    expect(store.findDocument(sha('a'))?.status).toBe('ingested');
    store.recordFailure({ sha256: sha('a'), file: 'a.pdf', bytes: 5, meta: meta(), code: 'timeout', reason: 'slow', runId: run });
    expect(store.findDocument(sha('a'))).toMatchObject({ status: 'ingested', failureCode: null });
  });

  it('treats a changed file as a new version and counts only the latest one (also after a revert)', () => {
    const { store } = fresh();
    const runs = [1, 2, 3].map(() => store.startRun({ command: 'run', toolVersion: 't', codebookVersion: null, options: {} }));
    const current = () => store.db.prepare('SELECT sha256 FROM current_documents').pluck().all();
    store.storeDocument(docInput(sha('1'), 'x.txt', [['Version one.']], {}, runs[0]!));
    store.storeDocument(docInput(sha('2'), 'x.txt', [['Version two.']], {}, runs[1]!));
    expect(current()).toEqual([sha('2')]);
    expect(store.documentsToCode(CODEBOOK_V1.version, 'sentence').map((d) => d.sha256)).toEqual([sha('2')]);
    // The file is put back as it was: the bytes are known, the pipeline only marks them seen.
    expect(store.markSeen(sha('1'), 'x.txt', runs[2]!)).toBe(true);
    expect(current()).toEqual([sha('1')]);
    expect(store.status().documents.map((d) => d.sha256)).toEqual([sha('1')]);
    expect(store.status().totals.superseded).toBe(1);
  });

  it('updates metadata after ingest and says whether anything changed', () => {
    const { store, run } = fresh();
    store.storeDocument(docInput(sha('a'), 'a.txt', [['Text.']], { actor_group: 'global_south' }, run));
    expect(store.updateMeta(sha('a'), meta({ actor_group: 'global_south' }))).toBe(false);
    expect(store.updateMeta(sha('a'), meta({ actor_group: 'major_power', date: '2024-05' }))).toBe(true);
    expect(store.db.prepare('SELECT actor_group, date FROM documents').get()).toEqual({ actor_group: 'major_power', date: '2024-05' });
    expect(store.updateMeta(sha('z'), meta())).toBe(false);
  });
});

describe('runs and codebooks', () => {
  it('saves a codebook version once, and reports the version of the latest completed run that coded', () => {
    const { store, run } = fresh();
    store.saveCodebook(CODEBOOK_V1);
    expect(store.db.prepare('SELECT count(*) AS n FROM codes').get()).toEqual({ n: 4 });
    expect(store.latestCodebookVersion()).toBeNull(); // the run has not completed
    const d = docInput(sha('a'), 'a.txt', [['Text.']], {}, run);
    d.coding = v1([]);
    store.storeDocument(d);
    store.finishRun(run, 'completed', { documents: 1 });
    expect(store.latestCodebookVersion()).toBe(CODEBOOK_V1.version);
    store.saveCodebook(CODEBOOK_V2);
    const failed = store.startRun({ command: 'code', toolVersion: 't', codebookVersion: CODEBOOK_V2.version, options: {} });
    store.finishRun(failed, 'failed', { error: 'boom' });
    expect(store.latestCodebookVersion()).toBe(CODEBOOK_V1.version);
    expect(store.db.prepare('SELECT status, stats FROM runs ORDER BY id').all()).toEqual([
      { status: 'completed', stats: '{"documents":1}' },
      { status: 'failed', stats: '{"error":"boom"}' },
    ]);
    expect(() => store.finishRun(99, 'completed', {})).toThrow(/Unexpected run id 99/);
  });

  it('reports status per file (latest version) with totals', () => {
    const store = buildFixture();
    const s = store.status();
    expect(s.documents.map((d) => [d.file, d.status, d.failureCode, d.segments])).toEqual([
      ['a.txt', 'ingested', null, 5],
      ['b.txt', 'ingested', null, 2],
      ['c.txt', 'ingested', null, 3],
      ['d.txt', 'ingested', null, 3],
      ['f.txt', 'ingested', null, 2],
      ['g.pdf', 'failed', 'corrupt', 0],
    ]);
    expect(s.totals).toEqual({ files: 6, ingested: 5, failed: 1, superseded: 1, coded: 1, segments: 15, codings: 4, runs: 3 });
  });
});

describe('reviews', () => {
  it('are append-only: UPDATE and DELETE fail, and a reviewed coding cannot be deleted', () => {
    const store = buildFixture();
    const codingId = store.db.prepare("SELECT id FROM codings WHERE segment_id = 'aaaa:s0' AND code_id = 'transparency'").pluck().get();
    const insert = store.db.prepare(
      `INSERT INTO reviews (coding_id, segment_id, code_id, coder, action, memo, created_at, codebook_version, rule_id)
       VALUES (?, 'aaaa:s0', 'transparency', 'ana', ?, ?, '2025-01-01T00:00:00Z', ?, 'r1')`,
    );
    insert.run(codingId, 'accept', 'clear case', CODEBOOK_V1.version);
    insert.run(codingId, 'reject', 'on second thought', CODEBOOK_V1.version);
    expect(() => store.db.prepare("UPDATE reviews SET memo = 'changed'").run()).toThrow(/append-only: UPDATE is not allowed/);
    expect(() => store.db.prepare('DELETE FROM reviews').run()).toThrow(/append-only: DELETE is not allowed/);
    expect(() => store.db.prepare('DELETE FROM codings WHERE id = ?').run(codingId)).toThrow(/FOREIGN KEY constraint failed/);
    expect(store.db.prepare('SELECT action, memo FROM reviews ORDER BY id').all()).toEqual([
      { action: 'accept', memo: 'clear case' },
      { action: 'reject', memo: 'on second thought' },
    ]);
  });
});

describe('views', () => {
  it('quote exactly after non-BMP characters (emoji, flags), where SQLite substr() would shift', () => {
    const store = buildFixture();
    const doc = store.loadDocument(sha('d'))!;
    expect(doc.text).toBe('🤖 Robots 🇺🇦 here. Economic transparency.');
    const rows = store.db
      .prepare("SELECT segment_id, start, end, text FROM v_coded_segments WHERE sha256 = ? AND code_id = 'economic'")
      .all(sha('d')) as Array<{ start: number; end: number; text: string }>;
    expect(rows).toEqual([{ segment_id: 'dddd:s1', start: 21, end: 43, text: 'Economic transparency.' }]);
    expect(rows[0]!.text).toBe(doc.text.slice(rows[0]!.start, rows[0]!.end));
    // Why segments store their text: substr() counts code points, the offsets are UTF-16 units.
    const naive = store.db.prepare('SELECT substr(text, ? + 1, ? - ?) FROM documents WHERE sha256 = ?').pluck().get(21, 43, 21, sha('d'));
    expect(naive).not.toBe('Economic transparency.');
  });

  it('roll a sentence coding up to its paragraph, saying how the paragraph got the code', () => {
    const store = buildFixture();
    expect(
      store.db
        .prepare("SELECT segment_id, code_id, via, rules FROM v_coded_segments WHERE codebook_version = ? ORDER BY segment_id, code_id")
        .all(CODEBOOK_V2.version),
    ).toEqual([
      { segment_id: 'aaaa:p0', code_id: 'security', via: 'both', rules: 2 },
      { segment_id: 'aaaa:p0', code_id: 'transparency', via: 'sentence', rules: 1 },
      { segment_id: 'aaaa:p1', code_id: 'transparency', via: 'paragraph', rules: 1 },
    ]);
  });

  it('count only the current version of a file (the old f.txt was coded, the new one is not)', () => {
    const store = buildFixture();
    const counts = store.db
      .prepare('SELECT file, code_id, units FROM v_document_code_counts WHERE codebook_version = ? ORDER BY file, code_id')
      .all(CODEBOOK_V1.version);
    expect(counts).toEqual([
      { file: 'a.txt', code_id: 'accountability', units: 1 },
      { file: 'a.txt', code_id: 'economic', units: 1 },
      { file: 'a.txt', code_id: 'security', units: 1 },
      { file: 'a.txt', code_id: 'transparency', units: 2 },
      { file: 'c.txt', code_id: 'accountability', units: 1 },
      { file: 'c.txt', code_id: 'security', units: 2 },
      { file: 'd.txt', code_id: 'economic', units: 1 },
      { file: 'd.txt', code_id: 'transparency', units: 1 },
    ]);
    expect(
      store.db
        .prepare("SELECT file, segment_id, page FROM v_code_actor_segments WHERE codebook_version = ? AND code_id = 'security' AND actor_group = 'major_power' ORDER BY segment_id")
        .all(CODEBOOK_V1.version),
    ).toEqual([
      { file: 'c.txt', segment_id: 'cccc:s0', page: 1 },
      { file: 'c.txt', segment_id: 'cccc:s1', page: 1 },
    ]);
  });
});
