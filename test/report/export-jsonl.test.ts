import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { exportJsonl } from '../../src/report/export-jsonl.ts';
import { openStore } from '../../src/store/index.ts';
import { buildFixture, CODEBOOK_V1, coding, docInput, sha } from '../store/fixture.ts';

const v1 = CODEBOOK_V1.version;
function lines(store = buildFixture(), version = v1): string[] {
  const out: string[] = [];
  exportJsonl(store, (line) => out.push(line), { codebookVersion: version });
  return out;
}

describe('exportJsonl', () => {
  it('writes one line per segment of the coded current documents, ordered by file, start, kind', () => {
    const out = lines();
    expect(out.every((l) => l.endsWith('\n'))).toBe(true);
    const parsed = out.map((l) => JSON.parse(l) as { file: string; segment_id: string });
    expect(parsed.map((p) => `${p.file} ${p.segment_id}`)).toEqual([
      'a.txt aaaa:p0', 'a.txt aaaa:s0', 'a.txt aaaa:s1', 'a.txt aaaa:p1', 'a.txt aaaa:s2',
      'b.txt bbbb:p0', 'b.txt bbbb:s0',
      'c.txt cccc:p0', 'c.txt cccc:s0', 'c.txt cccc:s1',
      'd.txt dddd:p0', 'd.txt dddd:s0', 'd.txt dddd:s1',
      'f.txt eeee:p0', 'f.txt eeee:s0',
    ]);
  });

  it('gives each segment its exact text and its codings with rule, negation, spans and status', () => {
    const s2 = lines().find((l) => l.includes('"aaaa:s2"'));
    expect(s2).toBe(
      `{"file":"a.txt","sha256":"${sha('a')}","segment_id":"aaaa:s2","kind":"sentence","start":56,"end":91,"page":1,` +
        '"text":"Economic growth needs transparency.","codes":[' +
        '{"code":"economic","rule":"r1","negated":false,"spans":[[56,91]],"status":"auto"},' +
        '{"code":"transparency","rule":"r1","negated":false,"spans":[[56,91]],"status":"auto"},' +
        '{"code":"transparency","rule":"r2","negated":true,"spans":[[56,91]],"status":"auto"}]}\n',
    );
  });

  it('quotes exactly after emoji and flags (non-BMP characters)', () => {
    const d = lines().map((l) => JSON.parse(l)).filter((x) => x.file === 'd.txt');
    expect(d.map((x) => x.text)).toEqual(['🤖 Robots 🇺🇦 here. Economic transparency.', '🤖 Robots 🇺🇦 here.', 'Economic transparency.']);
    expect(d[2]).toMatchObject({ start: 21, end: 43 });
  });

  it('is byte-deterministic: the same data stored in another order exports the same bytes', () => {
    const build = (order: 'forward' | 'backward') => {
      const store = openStore(':memory:');
      store.saveCodebook(CODEBOOK_V1);
      const run = store.startRun({ command: 'run', toolVersion: 't', codebookVersion: v1, options: {} });
      const docs = ['x', 'y'].map((c) => {
        const d = docInput(sha(c === 'x' ? '1' : '2'), `${c}.txt`, [['Security first.', 'Then transparency.'], ['Accountability.']], {}, run);
        d.coding = { codebookVersion: v1, unit: 'sentence', codings: [coding(d.seg('s1'), 'transparency'), coding(d.seg('s0'), 'security'), coding(d.seg('s1'), 'security', 'r0')] };
        if (order === 'backward') d.coding.codings.reverse();
        return d;
      });
      for (const d of order === 'forward' ? docs : docs.reverse()) store.storeDocument(d);
      return lines(store).join('');
    };
    const a = build('forward');
    expect(a.split('\n')).toHaveLength(11);
    expect(build('backward')).toBe(a);
  });

  it('writes to a stream and returns the number of lines', () => {
    const stream = new PassThrough();
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    expect(exportJsonl(buildFixture(), stream, { codebookVersion: v1 })).toBe(15);
    expect(Buffer.concat(chunks).toString('utf8')).toBe(lines().join(''));
  });
});
