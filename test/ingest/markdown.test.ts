import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractMarkdown, parseFrontMatter, renderInline } from '../../src/ingest/markdown.ts';
import { needShared, shared } from '../helpers/shared.ts';
import { expectWellFormed } from './well-formed.ts';

const md = (s: string) => extractMarkdown(new TextEncoder().encode(s));

describe('front matter', () => {
  it.each([
    [
      'known keys mapped, unknown ignored',
      "---\ntitle: \"The Plan\\\n  \\ of 2024\"\ndate: '2024-05-03'\nsource_url: https://example.org/p\nauthor: [A, B]\nlang: en\ntags: x\n---\nBody.",
      { title: 'The Plan of 2024', date: '2024-05-03', source_url: 'https://example.org/p', issuer: 'A; B', language: 'en' },
    ],
    ['url / source / issuer / language spellings', '---\nurl: u\nissuer: I\nlanguage: pt\n---\nx', { source_url: 'u', issuer: 'I', language: 'pt' }],
    ['an unquoted date', '---\ndate: 2023-10-30\n---\nx', { date: '2023-10-30' }],
    ['no front matter', 'Body only', {}],
  ])('%s', (_, src, meta) => {
    expect(parseFrontMatter(src).meta).toEqual(meta);
  });

  it('reports invalid YAML and keeps the body', () => {
    const r = md('---\ntitle: [unclosed\n---\nBody text.');
    expect(r.text).toBe('Body text.');
    expect(r.meta).toEqual({});
    expect(r.warnings[0]).toMatch(/^front matter is not valid YAML \(.+\); ignored$/);
  });
});

describe('body to plain text', () => {
  it.each([
    ['headings lose their #', '# Title\n\n## Section 2 ##\n\nText.', 'Title\n\nSection 2\n\nText.'],
    ['setext headings', 'Title\n=====\nText.\n\nSub\n---\nMore.', 'Title\n\nText.\n\nSub\n\nMore.'],
    ['emphasis markers removed', 'Some *em*, **strong**, ***both***, _u_, __uu__ and ~~gone~~.', 'Some em, strong, both, u, uu and gone.'],
    ['snake_case and "(*)" footnote marks kept', 'the file_name_here and Council (*) and 2 * 3', 'the file_name_here and Council (*) and 2 * 3'],
    ['emphasis across lines', '*U.S. Embassy  \nLondon  \n*', 'U.S. Embassy London'],
    ['links become their text, images go', 'See [the plan](https://x.org/p "T") and [ref][1] ![logo](l.png) here.\n\n[1]: https://x.org', 'See the plan and ref here.'],
    ['autolinks keep the URL', 'Mail <https://x.org/a>.', 'Mail https://x.org/a.'],
    ['escapes are literal', 'A \\*star\\* and United\\_Kingdom', 'A *star* and United_Kingdom'],
    ['inline code kept literally', 'Use `a*b*c` now', 'Use a*b*c now'],
    ['code fences kept as text', 'Before.\n\n```js\nconst x = 1;\nlet y = *2*;\n```\n\nAfter.', 'Before.\n\nconst x = 1; let y = *2*;\n\nAfter.'],
    ['list items: one paragraph each', '- one\n  continued\n- two\n\n1. first\n2) second', 'one continued\n\ntwo\n\nfirst\n\nsecond'],
    ['HTML comments dropped', 'Keep <!-- hidden\nstill hidden --> this.', 'Keep this.'],
    ['inline HTML tags stripped, entities decoded', 'A <span class="x">b</span> &amp; c&nbsp;d', 'A b & c d'],
    ['tables: one paragraph per row', '| Code | Count |\n|:-----|------:|\n| transparency | 12 |\n| a \\| b | 3 |', 'Code | Count\n\ntransparency | 12\n\na | b | 3'],
    ['blockquotes kept as text', '> Quoted\n> text.\n\nAfter.', 'Quoted text.\n\nAfter.'],
    ['thematic breaks dropped', 'One.\n\n***\n\nTwo.', 'One.\n\nTwo.'],
    ['indented first lines are paragraphs, not code', '     By the authority vested in me\nas President.\n\n     Sec. 2.  Policy.', 'By the authority vested in me as President.\n\nSec. 2. Policy.'],
    ['wrapped lines joined with a space, hard breaks too', 'one\ntwo  \nthree\\\nfour', 'one two three four'],
  ])('%s', (_, src, expected) => {
    const r = md(src);
    expect(r.text).toBe(expected);
    expectWellFormed(r);
    expect(r.pages).toEqual([{ page: 1, start: 0, end: expected.length }]);
  });

  it('renderInline leaves no markup on a mixed line', () => {
    expect(renderInline('**[AI](u)** is _the_ `x`')).toBe('AI is the x');
  });
});

describe.runIf(needShared('Markdown reader on the US corpus'))('US White House markdown', () => {
  it.each([
    ['US_2023-10-30_EO14110_safe-secure-trustworthy-AI.md', 'Executive Order on the Safe, Secure, and Trustworthy Development and Use of Artificial Intelligence', '2023-10-30', 'By the authority vested in me as President by the Constitution and the laws of the United States of America, it is hereby ordered as follows:\n\nSection 1. Purpose. Artificial intelligence (AI) holds extraordinary potential'],
    ['US_2023-11-01_Harris_London_AI_speech.md', 'Remarks by Vice President Harris on the Future of Artificial Intelligence | London, United Kingdom', '2023-11-01', 'U.S. Embassy London, United Kingdom\n\n1:43 P.M. GMT\n\nTHE VICE PRESIDENT: Hello, everyone.'],
  ])('%s: front matter → meta, body starts right', (file, title, date, start) => {
    const r = extractMarkdown(new Uint8Array(readFileSync(shared('corpus', file))));
    expectWellFormed(r);
    expect(r.meta.title).toBe(title);
    expect(r.meta.date).toBe(date);
    expect(r.meta.source_url).toMatch(/^https:\/\/bidenwhitehouse\.archives\.gov\//);
    expect(r.text.startsWith(start)).toBe(true);
    expect(r.text).not.toMatch(/^---|source_url:|\*\*|\\_/m);
  });
});
