import { describe, expect, it } from 'vitest';
import { loadCodedData } from '../../src/report/compare/index.ts';
import { checkQuoteFilter, quotesMarkdown, quotesText, selectQuotes } from '../../src/report/quotes.ts';
import { buildCompareFixture, TITLE_A } from './compare/fixture.ts';

const store = buildCompareFixture();
const data = loadCodedData(store, { codings: 'auto' });
const docText = (sha: string) => (store.db.prepare('SELECT text FROM documents WHERE sha256 = ?').get(sha) as { text: string }).text;

describe('quotes behind a cell', () => {
  it.each([
    // filter, segment ids in reading order
    [{ code: 'transparency' }, ['aaaa:s0', 'bbbb:s0', 'dddd:s0']],
    [{ code: 'transparency', actorGroup: 'global_south' }, ['aaaa:s0', 'bbbb:s0']],
    [{ code: 'transparency', actorGroup: 'global_south', with: ['security'] }, ['aaaa:s0']],
    [{ code: 'interoperability', with: ['selective'] }, ['aaaa:s1', 'cccc:s0']],
    [{ code: 'interoperability', actorGroup: 'major_power', with: ['selective', 'economic'] }, []],
    [{ code: 'interoperability', limit: 2 }, ['aaaa:s1', 'cccc:s0']],
  ])('%j', (filter, ids) => {
    expect(selectQuotes(data, filter).quotes.map((q) => q.segmentId)).toEqual(ids);
  });

  it('quotes the stored text, which is exactly the document text sliced at [start, end) (UTF-16, emoji included)', () => {
    const all = selectQuotes(data, { code: 'interoperability' }).quotes.concat(selectQuotes(data, { code: 'transparency' }).quotes);
    expect(all.length).toBe(8);
    for (const q of all) expect(q.text).toBe(docText(q.sha256).slice(q.start, q.end));
    expect(all.find((q) => q.segmentId === 'aaaa:s0')).toMatchObject({ text: '🤖 Transparency in security matters.', start: 0, end: 36, page: 1, file: 'a.txt', title: TITLE_A, rules: ['r1'] });
  });

  it('gives the rule ids, the unit\'s codes, and the total when limited', () => {
    const r = selectQuotes(data, { code: 'interoperability', limit: 1 });
    expect(r.total).toBe(5);
    expect(r.quotes[0]).toMatchObject({ rules: ['r1', 'r2'], codes: ['interoperability', 'selective'], actorGroup: 'global_south', date: '2024-05', source: 'auto' });
    expect(quotesText(r)).toContain('Sentences with code `interoperability`, every actor group: showing 1 of 5.');
  });

  it('prints the file, page, offsets and rules in Markdown, escaping Markdown in titles', () => {
    const md = quotesMarkdown(selectQuotes(data, { code: 'transparency', actorGroup: 'global_south', with: ['security'] }));
    expect(md).toContain('# Quotes: code `transparency` with `security`, actor group `global_south`');
    expect(md).toContain('Codings: auto (the rules alone)');
    expect(md).toContain('**A \\<b\\>&"x"\\</b\\>** — `a.txt`, p. 1, [0, 36), global\\_south, 2024-05; rules: `r1`; source: auto');
    expect(md).toContain('> 🤖 Transparency in security matters.');
  });

  it('names unknown codes and actor groups with what was expected', () => {
    expect(checkQuoteFilter(data, { code: 'transparancy', actorGroup: 'south', with: ['selective'] })).toEqual([
      'Unexpected code `transparancy`, expected one of: `security`, `economic`, `transparency`, `interoperability`, `universal`, `selective`',
      'Unexpected actor group `south`, expected one of the coded documents\' groups: `global_south`, `major_power`, `multilateral`',
    ]);
    expect(checkQuoteFilter(data, { code: 'transparency', limit: 0 })).toEqual(['Unexpected limit 0, expected a whole number > 0']);
    expect(checkQuoteFilter(data, { code: 'transparency', actorGroup: 'global_south' })).toEqual([]);
  });
});
