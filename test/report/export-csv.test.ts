import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { exportCsvCommand } from '../../src/cli/commands/export-csv.ts';
import { UsageError } from '../../src/cli/errors.ts';
import { csvExport, MATRIX_UNIT_COLUMNS, TIDY_COLUMNS, type CodingsReader } from '../../src/report/export-csv.ts';
import { adjudicate, buildQueue, decide, finalCodings, queueItems } from '../../src/review/index.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { reviewFixture, seg, V1 } from '../review/fixture.ts';
import { buildFixture, CODEBOOK_V1, CODEBOOK_V2, coding, docInput, sha } from '../store/fixture.ts';

const tmp = mkdtempSync(join(tmpdir(), 'codeframe-export-csv-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

type Row = Record<string, string>;
const read = (text: string): Row[] => parse(text, { columns: true, bom: false, relax_quotes: false }) as Row[];
const pairs = (rows: Row[]) => rows.map((r) => `${r.segment_id} ${r.code_id}`);

describe('tidy CSV (one row per unit x code)', () => {
  const text = csvExport(buildFixture(), 'csv', { codebookVersion: V1 });
  const rows = read(text);

  it('has the header in a fixed order and CRLF records (RFC 4180)', () => {
    expect(text.split('\r\n')[0]).toBe(TIDY_COLUMNS.join(','));
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '').includes('\n')).toBe(false);
  });

  it('lists the coded units of the current documents, by file and offset, codes in codebook order', () => {
    // Codebook order: transparency, accountability, security, economic. b.txt and the current f.txt
    // have no codes; the old f.txt (coded) is superseded.
    expect(pairs(rows)).toEqual([
      'aaaa:s0 transparency', 'aaaa:s0 security', 'aaaa:s1 accountability', 'aaaa:s2 transparency', 'aaaa:s2 economic',
      'cccc:s0 accountability', 'cccc:s0 security', 'cccc:s1 security',
      'dddd:s1 transparency', 'dddd:s1 economic',
    ]);
  });

  it('gives document metadata, position, rules, negation, source and exact text (quotes and commas survive)', () => {
    expect(rows[3]).toEqual({
      file: 'a.txt', sha256: sha('a'), title: 'A, "quoted"', issuer: '', actor_group: 'global_south', country: '', date: '', doc_type: '', language: 'en',
      segment_id: 'aaaa:s2', kind: 'sentence', page: '1', start: '56', end: '91',
      code_id: 'transparency', code_label: 'Transparency', code_group: 'principles', rule_ids: 'r1;r2', negated: '0', source: 'auto',
      codebook_version: V1, text: 'Economic growth needs transparency.',
    });
    expect(text).toContain('a.txt,' + sha('a') + ',"A, ""quoted""",,global_south');
  });

  it('quotes exactly after emoji and flags, and leaves a missing actor group empty', () => {
    const d = rows.filter((r) => r.file === 'd.txt');
    expect(d.map((r) => [r.text, r.start, r.end, r.actor_group])).toEqual([
      ['Economic transparency.', '21', '43', ''],
      ['Economic transparency.', '21', '43', ''],
    ]);
  });

  it('parses back to the rows of v_coded_segments (the view the tables count)', () => {
    const store = buildFixture();
    const db = store.db
      .prepare(
        `SELECT file, segment_id, code_id, code_group, page, start, "end", all_negated, text FROM v_coded_segments
         WHERE codebook_version = ? AND unit = 'sentence' ORDER BY file, segment_id, code_id`,
      )
      .all(V1) as Array<Record<string, string | number>>;
    const back = rows
      .map((r) => ({ file: r.file, segment_id: r.segment_id, code_id: r.code_id, code_group: r.code_group, page: Number(r.page), start: Number(r.start), end: Number(r.end), all_negated: Number(r.negated), text: r.text }))
      .sort((x, y) => (`${x.file} ${x.segment_id} ${x.code_id}` < `${y.file} ${y.segment_id} ${y.code_id}` ? -1 : 1));
    expect(back).toEqual(db);
  });

  it('marks a unit x code negated only when every rule behind it is negated', () => {
    const store = openStore(':memory:');
    store.saveCodebook(CODEBOOK_V1);
    const run = store.startRun({ command: 'run', toolVersion: 't', codebookVersion: V1, options: {} });
    const d = docInput(sha('1'), 'n.txt', [['No transparency here.', 'Some transparency.']], {}, run);
    d.coding = { codebookVersion: V1, unit: 'sentence', codings: [coding(d.seg('s0'), 'transparency', 'r1', true), coding(d.seg('s1'), 'transparency', 'r1', true), coding(d.seg('s1'), 'transparency', 'r2')] };
    store.storeDocument(d);
    expect(read(csvExport(store, 'csv', { codebookVersion: V1 })).map((r) => `${r.segment_id} ${r.negated} ${r.rule_ids}`)).toEqual(['1111:s0 1 r1', '1111:s1 0 r1;r2']);
  });

  it('at paragraph level counts a paragraph coded through its sentences, with their rules (roll-up)', () => {
    const p = read(csvExport(buildFixture(), 'csv', { codebookVersion: CODEBOOK_V2.version }));
    expect(p.map((r) => `${r.segment_id} ${r.kind} ${r.code_id} ${r.rule_ids}`)).toEqual([
      'aaaa:p0 paragraph transparency r1', 'aaaa:p0 paragraph security r1', 'aaaa:p1 paragraph transparency r1',
    ]);
  });
});

describe('unit-by-code matrix (0/1)', () => {
  const store = buildFixture();
  const tidy = read(csvExport(store, 'csv', { codebookVersion: V1 }));
  const text = csvExport(store, 'matrix', { codebookVersion: V1 });
  const rows = read(text);
  const codes = CODEBOOK_V1.codes.map((c) => c.id);

  it('has one row per unit of every counted document, coded or not, and one column per code in codebook order', () => {
    expect(text.split('\r\n')[0]).toBe([...MATRIX_UNIT_COLUMNS, ...codes].join(','));
    expect(rows.map((r) => r.segment_id)).toEqual(['aaaa:s0', 'aaaa:s1', 'aaaa:s2', 'bbbb:s0', 'cccc:s0', 'cccc:s1', 'dddd:s0', 'dddd:s1', 'eeee:s0']);
    expect(rows.map((r) => r.word_count)).toEqual(['4', '2', '4', '3', '3', '2', '2', '2', '3']);
  });

  it('is 1 exactly where the tidy CSV has the unit x code', () => {
    const ones = rows.flatMap((r) => codes.filter((c) => r[c] === '1').map((c) => `${r.segment_id} ${c}`));
    expect(rows.every((r) => codes.every((c) => r[c] === '0' || r[c] === '1'))).toBe(true);
    expect(ones.sort()).toEqual(pairs(tidy).sort());
  });

  it('sums per actor group to the units_coded of code_by_actor_group', () => {
    const sum = (group: string, code: string) => rows.filter((r) => r.actor_group === group).reduce((n, r) => n + Number(r[code]), 0);
    // test/report/tables.test.ts: transparency global_south 2, security major_power 2, economic (unassigned) 1
    expect([sum('global_south', 'transparency'), sum('major_power', 'security'), sum('', 'economic')]).toEqual([2, 2, 1]);
  });

  it('renames a code column that would clash with a unit column', () => {
    const s = openStore(':memory:');
    const cb = { ...CODEBOOK_V1, version: 'v3cccccccccc', codes: [{ id: 'date', label: 'Dates', group: 'g', definition: 'x' }, CODEBOOK_V1.codes[0]!] };
    s.saveCodebook(cb);
    const run = s.startRun({ command: 'run', toolVersion: 't', codebookVersion: cb.version, options: {} });
    const d = docInput(sha('1'), 'x.txt', [['On 1 May.']], {}, run);
    d.coding = { codebookVersion: cb.version, unit: 'sentence', codings: [coding(d.seg('s0'), 'date')] };
    s.storeDocument(d);
    const m = csvExport(s, 'matrix', { codebookVersion: cb.version });
    expect(m.split('\r\n')[0]!.endsWith(',word_count,code_date,transparency')).toBe(true);
    expect(read(m)[0]).toMatchObject({ date: '', code_date: '1', transparency: '0' });
  });
});

describe('which codings count', () => {
  function reviewed(): Store {
    const { store, item } = reviewFixture();
    decide(store, { item: item('c', 's0'), coder: 'ann', action: 'reject', code: 'security' }); // overruled by the only coder
    decide(store, { item: item('b', 's0'), coder: 'ann', action: 'add', code: 'economic' }); // a code the rules missed
    adjudicate(store, { item: item('a', 's1'), code: 'accountability', adjudicator: 'judge', present: true, negated: true, reason: 'negated in context' });
    return store;
  }

  it('auto ignores reviews; final applies coders and adjudications and says where each coding comes from', () => {
    const store = reviewed();
    const auto = read(csvExport(store, 'csv', { codebookVersion: V1, codings: 'auto' }));
    const final = read(csvExport(store, 'csv', { codebookVersion: V1, codings: 'final' }));
    expect(pairs(auto)).toContain('cccc:s0 security');
    expect(pairs(auto)).not.toContain('bbbb:s0 economic');
    expect(pairs(final)).not.toContain('cccc:s0 security');
    const get = (id: string, code: string) => final.find((r) => r.segment_id === seg(id[0]!, id.slice(2)) && r.code_id === code)!;
    expect(get('b:s0', 'economic')).toMatchObject({ source: 'coders', rule_ids: '', negated: '0' });
    expect(get('a:s1', 'accountability')).toMatchObject({ source: 'adjudicated', rule_ids: 'r1', negated: '1' });
    expect(get('a:s0', 'transparency')).toMatchObject({ source: 'auto', rule_ids: 'r1' });
    const matrix = read(csvExport(store, 'matrix', { codebookVersion: V1, codings: 'final' }));
    expect(matrix.find((r) => r.segment_id === seg('b', 's0'))).toMatchObject({ economic: '1', security: '0' });
    expect(matrix.find((r) => r.segment_id === seg('c', 's0'))).toMatchObject({ security: '0', accountability: '1' });
  });

  it('final at sentence level is the review module\'s finalCodings, unit x code for unit x code', () => {
    const store = reviewed();
    const final = read(csvExport(store, 'csv', { codebookVersion: V1, codings: 'final' }));
    const review = finalCodings(store, { mode: 'final', codebookVersion: V1, unit: 'sentence' });
    expect(final.map((r) => `${r.segment_id} ${r.code_id} ${r.source} ${r.negated}`).sort()).toEqual(
      review.map((f) => `${f.segmentId} ${f.codeId} ${f.source} ${f.negated}`).sort(),
    );
  });

  it('final at paragraph level applies decisions on top of the roll-up (as the tables count)', () => {
    const { store } = reviewFixture();
    const queue = buildQueue(store, { name: 'paragraphs', codebookVersion: CODEBOOK_V2.version, include: 'all' });
    const items = new Map(queueItems(store, queue).map((i) => [i.segmentId, i.id]));
    decide(store, { item: items.get(seg('a', 'p0'))!, coder: 'ann', action: 'reject', code: 'security' });
    decide(store, { item: items.get(seg('a', 'p1'))!, coder: 'ann', action: 'add', code: 'economic' });
    const p = read(csvExport(store, 'csv', { codebookVersion: CODEBOOK_V2.version, codings: 'final' }));
    expect(p.map((r) => `${r.segment_id} ${r.code_id} ${r.source} ${r.rule_ids}`)).toEqual([
      'aaaa:p0 transparency auto r1', 'aaaa:p1 transparency auto r1', 'aaaa:p1 economic coders ',
    ]);
  });

  it('takes any reader with the CodingsReader signature', () => {
    const only: CodingsReader = () => [{ segment_id: seg('c', 's1'), code_id: 'economic', rule_ids: ['x'], negated: false, source: 'mine' }];
    const rows = read(csvExport(buildFixture(), 'csv', { codebookVersion: V1, codings: only }));
    expect(rows.map((r) => `${r.segment_id} ${r.code_id} ${r.source}`)).toEqual(['cccc:s1 economic mine']);
  });
});

describe('determinism and the command', () => {
  it('is byte-deterministic: the same data stored in another order exports the same bytes', () => {
    const build = (order: 'forward' | 'backward') => {
      const store = openStore(':memory:');
      store.saveCodebook(CODEBOOK_V1);
      const run = store.startRun({ command: 'run', toolVersion: 't', codebookVersion: V1, options: {} });
      const docs = ['x', 'y'].map((c) => {
        const d = docInput(sha(c === 'x' ? '1' : '2'), `${c}.txt`, [['Security first.', 'Then transparency.'], ['Accountability.']], {}, run);
        d.coding = { codebookVersion: V1, unit: 'sentence', codings: [coding(d.seg('s1'), 'transparency'), coding(d.seg('s0'), 'security'), coding(d.seg('s1'), 'security', 'r0')] };
        if (order === 'backward') d.coding.codings.reverse();
        return d;
      });
      for (const d of order === 'forward' ? docs : docs.reverse()) store.storeDocument(d);
      return csvExport(store, 'csv', { codebookVersion: V1 }) + csvExport(store, 'matrix', { codebookVersion: V1 });
    };
    const a = build('forward');
    expect(a).toContain('1111:s1,sentence,1,16,34,security,Security policy,dimensions,r0,0,auto');
    expect(build('backward')).toBe(a);
  });

  it('exportCsvCommand writes the file (same bytes as csvExport) and refuses a bad --codings', () => {
    const db = join(tmp, 'fixture.db');
    buildFixture(db).close();
    const out = join(tmp, 'matrix.csv');
    const write = process.stderr.write;
    process.stderr.write = () => true;
    try {
      expect(exportCsvCommand({ format: 'matrix', db, out, codebookVersion: V1 })).toBe(0);
    } finally {
      process.stderr.write = write;
    }
    const store = openStore(db);
    expect(readFileSync(out, 'utf8')).toBe(csvExport(store, 'matrix', { codebookVersion: V1 }));
    store.close();
    expect(() => exportCsvCommand({ format: 'csv', db, codings: 'coder' as 'auto' })).toThrow(UsageError);
    expect(() => exportCsvCommand({ format: 'csv', db, codebookVersion: 'nope' })).toThrow(/Unexpected codebook version `nope`/);
  });
});
