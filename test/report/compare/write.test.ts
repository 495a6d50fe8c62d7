import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pValue } from '../../../src/report/compare/write.ts';
import { writeCompare } from '../../../src/report/compare/index.ts';
import { buildCompareFixture } from './fixture.ts';

const tmp = mkdtempSync(join(tmpdir(), 'codeframe-compare-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const FILES = [
  'compare_cells.csv', 'compare_cells.md', 'compare_chisquare.csv', 'compare_chisquare.md',
  'cooccurrence.csv', 'cooccurrence.md', 'cooccurrence_by_actor_group.csv', 'cooccurrence_by_actor_group.md',
];

function run(name: string, opts: Parameters<typeof writeCompare>[2] = { codings: 'auto', bootstrap: 200, seed: 5 }) {
  const out = join(tmp, name);
  const result = writeCompare(buildCompareFixture(), out, opts);
  const read = (f: string) => readFileSync(join(out, 'tables', f), 'utf8');
  return { result, out, read };
}

describe('compare files', () => {
  const a = run('a');

  it('writes every table as CSV and Markdown, nothing else (no .tmp left)', () => {
    expect(readdirSync(join(a.out, 'tables')).sort()).toEqual(FILES);
    expect(a.result.files.map((f) => f.slice(join(a.out, 'tables').length + 1))).toEqual(FILES);
  });

  it('writes the same bytes on a second run with the same seed', () => {
    const b = run('b');
    for (const f of FILES) expect(b.read(f), f).toBe(a.read(f));
  });

  it('says which codings count in every file', () => {
    for (const f of FILES.filter((x) => x.endsWith('.md'))) expect(a.read(f), f).toContain('Codings: auto (the rules alone), codebook version `cmp000000001`');
    for (const f of FILES.filter((x) => x.endsWith('.csv'))) expect(a.read(f).split('\r\n')[1], f).toMatch(/^auto,cmp000000001,sentence,/);
    expect(run('final', { bootstrap: 10 }).read('compare_cells.md')).toContain('Codings: final (adjudicated where adjudicated');
  });

  it('has tidy cell rows with intervals, expected count, residual and flags', () => {
    const lines = a.read('compare_cells.csv').split('\r\n');
    expect(lines[0]).toBe(
      'codings,codebook_version,unit,principle,by,context,actor_group,documents,words,units,units_coded,units_coded_lower,units_coded_upper,' +
        'documents_coded,share_of_documents,share_lower,share_upper,rate_per_1000_words,rate_lower,rate_upper,expected_units_coded,adjusted_residual,flags',
    );
    // First the principle × actor group cells of transparency, in the study's group order.
    expect(lines.slice(1, 4).map((l) => l.split(',').slice(3, 11).join(','))).toEqual([
      'transparency,all,,major_power,2,13,5,1',
      'transparency,all,,global_south,2,16,5,2',
      'transparency,all,,multilateral,1,4,2,0',
    ]);
    expect(lines[2]!.split(',').slice(13)).toEqual(['2', '1.0000', '1.0000', '1.0000', '125.000', '90.909', '200.000', '1.250', '1.014', 'few_documents;few_units;expected_below_5']);
    expect(lines[3]!.split(',').slice(10)).toEqual(['0', '0', '0', '0', '0.0000', '0.0000', '0.0000', '0.000', '0.000', '0.000', '0.500', '-0.894', 'few_documents;few_units;expected_below_5']);
  });

  it('writes each chi-square test with its Cochran flag, and why a test is missing', () => {
    const lines = a.read('compare_chisquare.csv').split('\r\n');
    expect(lines[1]).toBe(
      'auto,cmp000000001,sentence,transparency,all,,3,12,1.3333,2,0.5134,0.500,6,6,1,' +
        'Cochran: 6 of 6 expected counts below 5 (min 0.500); the chi-square approximation is unreliable',
    );
    expect(lines.find((l) => l.includes(',transparency,dimension,economic,'))).toBe(
      'auto,cmp000000001,sentence,transparency,dimension,economic,3,12,,0,,,0,3,0,not computed: no sentence is coded this way',
    );
    expect(a.read('compare_cells.md')).toContain('χ²(2) = 1.33, p = 0.5134; ⚠ expected < 5 in 6/6 cells (min 0.50): p unreliable');
  });

  it('shows the co-occurrence counts and Jaccard as matrices', () => {
    const md = a.read('cooccurrence.md');
    expect(md).toContain('| transparency | 1 | 0 | 3 | 0 | 1 | 0 |');
    expect(md).toContain('| interoperability | 0.000 | 0.200 | 0.000 | 1.000 | 0.167 | 0.400 |');
    expect(a.read('cooccurrence_by_actor_group.md')).toContain('## multilateral (N = 1; 2 sentences)');
    expect(a.read('cooccurrence.csv').split('\r\n')).toContain('auto,cmp000000001,sentence,(all),interoperability,selective,5,2,2,0.4000');
  });
});

describe('p-value format', () => {
  it.each([
    [null, null],
    [0.51341, '0.5134'],
    [0.0001, '0.0001'],
    [2.9536e-7, '2.95e-7'],
  ])('%s → %s', (p, s) => expect(pValue(p)).toBe(s));
});
