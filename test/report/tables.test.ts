import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildTables, writeTables } from '../../src/report/tables.ts';
import { buildFixture, CODEBOOK_V1, CODEBOOK_V2, sha } from '../store/fixture.ts';

const tmp = mkdtempSync(join(tmpdir(), 'codeframe-tables-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const v1 = CODEBOOK_V1.version;
const table = (name: string, opts: Parameters<typeof buildTables>[1] = { codebookVersion: v1, codings: { mode: 'auto' } }) => buildTables(buildFixture(), opts).tables.find((t) => t.name === name)!;
const rows = (csvText: string) => csvText.split('\r\n').slice(0, -1);

describe('code x actor group (auto codings, v1, sentences)', () => {
  // Groups: global_south = a.txt (10 words) + b.txt (3); major_power = c.txt (5) + the current f.txt (3);
  // (unassigned) = d.txt (4). The old f.txt was coded with transparency but is superseded.
  it('has exact units, shares and rates per 1,000 words for every code and group, zeros included', () => {
    expect(rows(table('code_by_actor_group').csv)).toEqual([
      'code_id,code_label,code_group,actor_group,documents,words,units_coded,documents_coded,share_of_documents,rate_per_1000_words',
      'transparency,Transparency,principles,global_south,2,13,2,1,0.5000,153.846',
      'transparency,Transparency,principles,major_power,2,8,0,0,0.0000,0.000',
      'transparency,Transparency,principles,(unassigned),1,4,1,1,1.0000,250.000',
      'accountability,Accountability,principles,global_south,2,13,1,1,0.5000,76.923',
      'accountability,Accountability,principles,major_power,2,8,1,1,0.5000,125.000',
      'accountability,Accountability,principles,(unassigned),1,4,0,0,0.0000,0.000',
      'security,Security policy,dimensions,global_south,2,13,1,1,0.5000,76.923',
      'security,Security policy,dimensions,major_power,2,8,2,1,0.5000,250.000',
      'security,Security policy,dimensions,(unassigned),1,4,0,0,0.0000,0.000',
      'economic,Economic policy,dimensions,global_south,2,13,1,1,0.5000,76.923',
      'economic,Economic policy,dimensions,major_power,2,8,0,0,0.0000,0.000',
      'economic,Economic policy,dimensions,(unassigned),1,4,1,1,1.0000,250.000',
    ]);
  });

  it('says in the Markdown header which codings count, and shows N and words per group', () => {
    const md = table('code_by_actor_group').markdown;
    expect(md).toContain('Counts: auto codings (the rules alone; reviews ignored), codebook version `v1aaaaaaaaaa` (Study codebook); unit: sentence.');
    // Without an explicit choice the tables count final codings, and say so.
    expect(table('code_by_actor_group', { codebookVersion: v1 }).markdown).toMatch(/^Counts: final codings: adjudicated where present/m);
    expect(md).toContain('N = 5 (9 sentences, 25 words)');
    expect(md).toContain('| Code | Group | global_south (N = 2; 13 words) | major_power (N = 2; 8 words) | (unassigned) (N = 1; 4 words) |');
    expect(md).toContain('| Transparency (`transparency`) | principles | 2 · 50.0% · 153.846 | 0 · 0.0% · 0.000 | 1 · 100.0% · 250.000 |');
  });
});

describe('principle x dimension co-occurrence', () => {
  it('counts units coded with both codes', () => {
    expect(rows(table('principle_by_dimension').csv)).toEqual([
      'principle,principle_label,dimension,dimension_label,units',
      'transparency,Transparency,security,Security policy,1',
      'transparency,Transparency,economic,Economic policy,2',
      'accountability,Accountability,security,Security policy,1',
      'accountability,Accountability,economic,Economic policy,0',
    ]);
    expect(table('principle_by_dimension').markdown).toContain('| Transparency (`transparency`) | 1 | 2 |');
  });

  it('at paragraph level counts a paragraph whose sentences carry the two codes (roll-up)', () => {
    const t = table('principle_by_dimension', { codebookVersion: CODEBOOK_V2.version });
    expect(rows(t.csv)[1]).toBe('transparency,Transparency,security,Security policy,1');
    expect(t.markdown).toContain('unit: paragraph');
    expect(rows(table('code_by_actor_group', { codebookVersion: CODEBOOK_V2.version }).csv)[1]).toBe(
      'transparency,Transparency,principles,global_south,1,10,2,1,1.0000,200.000',
    );
  });

  it('says so when the codebook has no such groups', () => {
    const t = buildTables(buildFixture(), { codebookVersion: v1, principles: 'nope' }).tables[1]!;
    expect(rows(t.csv)).toEqual(['principle,principle_label,dimension,dimension_label,units']);
    expect(t.markdown).toContain('The codebook has no principle group (nope); its groups: `principles`, `dimensions`.');
  });
});

describe('per-document code counts', () => {
  it('lists every coded current document with its units per code (CSV quoted)', () => {
    expect(rows(table('document_code_counts').csv)).toEqual([
      'file,sha256,title,actor_group,country,date,words,units,transparency,accountability,security,economic',
      `a.txt,${sha('a')},"A, ""quoted""",global_south,,,10,3,2,1,1,1`,
      `b.txt,${sha('b')},,global_south,,,3,1,0,0,0,0`,
      `c.txt,${sha('c')},,major_power,,,5,2,0,1,2,0`,
      `d.txt,${sha('d')},,(unassigned),,,4,2,1,0,0,1`,
      `f.txt,${sha('e')},,major_power,,,3,1,0,0,0,0`,
    ]);
  });
});

describe('writeTables', () => {
  it('writes CSV and Markdown for each table, byte-identical from run to run', () => {
    const first = writeTables(buildFixture(), join(tmp, 'a'), { codebookVersion: v1 });
    const second = writeTables(buildFixture(), join(tmp, 'b'), { codebookVersion: v1 });
    expect(first.codebookVersion).toBe(v1);
    expect(first.files.map((f) => relative(join(tmp, 'a'), f))).toEqual([
      'tables/code_by_actor_group.csv',
      'tables/code_by_actor_group.md',
      'tables/principle_by_dimension.csv',
      'tables/principle_by_dimension.md',
      'tables/document_code_counts.csv',
      'tables/document_code_counts.md',
    ]);
    first.files.forEach((f, i) => expect(readFileSync(f)).toEqual(readFileSync(second.files[i]!)));
  });

  it('defaults to the latest completed coding run, and refuses an unknown version', () => {
    expect(buildTables(buildFixture()).codebookVersion).toBe(CODEBOOK_V2.version);
    expect(() => buildTables(buildFixture(), { codebookVersion: 'zzz' })).toThrow(
      /Unexpected codebook version `zzz`, expected one of: `v1aaaaaaaaaa`, `v2bbbbbbbbbb`/,
    );
  });
});
