import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCodedData } from '../../src/report/compare/index.ts';
import {
  buildTimeline,
  compareDates,
  escapeHtml,
  parsePartialDate,
  periodOf,
  timelineCountsCsv,
  timelineHtml,
  timelineMarkdown,
  writeTimeline,
} from '../../src/report/timeline.ts';
import { buildCompareFixture, TITLE_A } from './compare/fixture.ts';

const tmp = mkdtempSync(join(tmpdir(), 'codeframe-timeline-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const data = loadCodedData(buildCompareFixture(), { codings: 'auto' });

describe('partial dates', () => {
  it.each([
    ['2021', 'year', 2021, null, null],
    ['2024-05', 'month', 2024, 5, null],
    ['2024-05-13', 'day', 2024, 5, 13],
    ['2024-05-13T10:00:00Z', 'day', 2024, 5, 13],
    [' 2024 ', 'year', 2024, null, null],
    [null, 'none', null, null, null],
    ['', 'none', null, null, null],
  ] as const)('%j → %s', (raw, precision, year, month, day) => {
    expect(parsePartialDate(raw)).toMatchObject({ precision, year, month, day, problem: null });
  });

  it.each(['2024-02-30', '2024-13', 'March 2024', '24-05', '2024/05/13'])('%j is unreadable, and says why', (raw) => {
    expect(parsePartialDate(raw)).toMatchObject({ precision: 'none', year: null, problem: `Unexpected date \`${raw}\`, expected YYYY, YYYY-MM or YYYY-MM-DD` });
  });

  it('sorts a partial date at the start of its span and undated last', () => {
    const dates = ['2024-05-13', null, '2024', '2021', '2024-05', '2023-12-31', 'garbage', '2024-01-02'];
    const sorted = dates.map(parsePartialDate).sort(compareDates).map((d) => d.raw);
    expect(sorted).toEqual(['2021', '2023-12-31', '2024', '2024-01-02', '2024-05', '2024-05-13', null, 'garbage']);
  });

  it.each([
    ['2024-05-13', 'year', '2024'],
    ['2024-05-13', 'quarter', '2024-Q2'],
    ['2024-05-13', 'month', '2024-05'],
    ['2024-12', 'quarter', '2024-Q4'],
    ['2024', 'month', '2024'], // bucketed at its own precision, not guessed into January
    [null, 'year', '(undated)'],
  ] as const)('%j per %s → %s', (raw, period, label) => {
    expect(periodOf(parsePartialDate(raw), period).label).toBe(label);
  });
});

describe('the chronology of a code', () => {
  it('lists the documents with the code in date order, undated last, with their quotes', () => {
    const t = buildTimeline(data, { code: 'interoperability', period: 'month' });
    expect(t.entries.map((e) => [e.file, e.date.raw, e.period, e.quotes.map((q) => q.segmentId)])).toEqual([
      ['e.txt', '2024', '2024', ['eeee:s0']],
      ['a.txt', '2024-05', '2024-05', ['aaaa:s1']],
      ['c.txt', '2024-05-13', '2024-05', ['cccc:s0', 'cccc:s2']],
      ['d.txt', null, '(undated)', ['dddd:s1']],
    ]);
    expect(t.notes).toEqual([
      '2 document(s) dated only to the year are counted in the year\'s own bucket, not spread over its months.',
      '1 document(s) without a date are listed last and counted under (undated).',
    ]);
  });

  it('counts units and documents per period, every coded document in the denominator', () => {
    const t = buildTimeline(data, { code: 'interoperability', period: 'month' });
    expect(timelineCountsCsv(t).split('\r\n')).toEqual([
      'period,code,units,documents,precision,documents_in_period,codings,codebook_version,unit',
      '2021,interoperability,0,0,year,1,auto,cmp000000001,sentence',
      '2024,interoperability,1,1,year,1,auto,cmp000000001,sentence',
      '2024-05,interoperability,3,2,month,2,auto,cmp000000001,sentence',
      '(undated),interoperability,1,1,none,1,auto,cmp000000001,sentence',
      '',
    ]);
    const byYear = buildTimeline(data, { code: 'interoperability', with: 'selective', period: 'year' });
    expect(byYear.counts.map((c) => [c.period, c.code, c.units, c.documents, c.documentsInPeriod])).toEqual([
      ['2021', 'interoperability+selective', 0, 0, 1],
      ['2024', 'interoperability+selective', 2, 2, 3],
      ['(undated)', 'interoperability+selective', 0, 0, 1],
    ]);
    expect(byYear.entries.map((e) => e.file)).toEqual(['a.txt', 'c.txt']);
  });

  it('renders Markdown with date, actor group, page, offsets and rules', () => {
    const md = timelineMarkdown(buildTimeline(data, { code: 'interoperability', period: 'year' }));
    expect(md).toContain('# Timeline: `interoperability`\n\nCodings: auto (the rules alone)');
    expect(md).toContain('### 2024-05 — A \\<b\\>&"x"\\</b\\>\n\nglobal\\_south · `a.txt` · 1 sentence(s)');
    expect(md).toContain('> Interoperability via coalitions of states.\n>\n> — p. 1, [37, 79); rules: `r1`, `r2`');
    expect(md).toContain('### undated ⚠ — d.txt');
    expect(md.indexOf('### 2024 —')).toBeLessThan(md.indexOf('### 2024-05 —'));
  });

  it('escapes every text in HTML', () => {
    const html = timelineHtml(buildTimeline(data, { code: 'interoperability', period: 'year' }));
    expect(html).not.toContain('<b>');
    expect(html).toContain(`— ${escapeHtml(TITLE_A)}</h3>`);
    expect(escapeHtml(TITLE_A)).toBe('A &lt;b&gt;&amp;&quot;x&quot;&lt;/b&gt;');
    expect(escapeHtml("it's")).toBe('it&#39;s');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<time datetime="2024-05-13">2024-05-13</time>');
  });

  it('writes the chronology and the counts, with the same bytes each time', () => {
    const t = buildTimeline(data, { code: 'interoperability', with: 'selective', period: 'quarter' });
    const files = writeTimeline(t, join(tmp, 'a'), 'html');
    writeTimeline(t, join(tmp, 'b'), 'html');
    expect(readdirSync(join(tmp, 'a', 'tables')).sort()).toEqual(['timeline_interoperability_with_selective_quarter.csv', 'timeline_interoperability_with_selective_quarter.html']);
    for (const f of files) expect(readFileSync(f, 'utf8')).toBe(readFileSync(f.replace(join(tmp, 'a'), join(tmp, 'b')), 'utf8'));
  });
});
