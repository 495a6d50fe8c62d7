import { readFileSync } from 'node:fs';
import { PDFParse } from 'pdf-parse';
import { describe, expect, it } from 'vitest';
import { normalizePages, type RawPage } from '../../src/ingest/normalize.ts';
import { needShared, shared } from '../helpers/shared.ts';
import { expectWellFormed, pageAt } from './well-formed.ts';

const one = (text: string) => normalizePages([{ page: 1, text }]);
const pagesOf = (...texts: string[]): RawPage[] => texts.map((text, i) => ({ page: i + 1, text }));

describe('characters', () => {
  it.each([
    ['ligatures expanded', 'ﬁnd ﬂow eﬀect oﬃce baﬄe ﬅ ﬆ', 'find flow effect office baffle st st'],
    ['NFC: e + combining acute becomes é', 'caf\u0065\u0301', 'café'],
    ['soft hyphen inside a line removed', 'trans\u00ADparency', 'transparency'],
    ['NBSP and narrow NBSP become spaces', 'Article\u00A05\u202Fbis', 'Article 5 bis'],
    ['zero-width space, word joiner and BOM removed', 'a\u200Bb\u2060c\uFEFFd', 'abcd'],
    ['ZWNJ kept (Persian)', 'می\u200Cخواهم', 'می\u200Cخواهم'],
    ['curly quotes and dashes kept', '‘Charter’ — “AI” – x', '‘Charter’ — “AI” – x'],
    ['tabs and runs of spaces collapsed', '(1) \tThe   purpose\t\tof', '(1) The purpose of'],
    ['TeX accent before dotless i joined', 'a na¨ıve implementation', 'a naïve implementation'],
    ['a spacing accent elsewhere is text', 'don´t', 'don´t'],
    ['control characters dropped', 'a\u0007b\u0000c', 'abc'],
    ['CRLF is a line break', 'one line\r\n\r\nnext', 'one line\n\nnext'],
  ])('%s', (_, input, expected) => {
    expect(one(input).text).toBe(expected);
  });
});

describe('de-hyphenation at line ends', () => {
  it.each([
    ['a word broken by the typesetter is joined', 'the trans-\nparency of systems', 'the transparency of systems'],
    ['a compound with a known prefix keeps its hyphen', 'a risk-\nbased approach', 'a risk-based approach'],
    ['an acronym prefix keeps its hyphen', 'AI-\nbased tools', 'AI-based tools'],
    ['self- keeps its hyphen', 'self-\nassessment is', 'self-assessment is'],
    ['a prefix that already holds a hyphen keeps it', 'state-of-the-\nart models', 'state-of-the-art models'],
    ['an uppercase continuation keeps the hyphen, no space', 'the Trace-\nMonkey VM', 'the Trace-Monkey VM'],
    ['a number continuation keeps the hyphen', 'during COVID-\n19 times', 'during COVID-19 times'],
    ['"pre- and post-" keeps hyphen and space', 'both pre-\nand post-market', 'both pre- and post-market'],
    ['a line-final soft hyphen joins', 'the trans\u00AD\nparency of', 'the transparency of'],
    ['a dash standing alone is punctuation', 'this -\nthat', 'this - that'],
    [
      'the joined form elsewhere in the document wins over the prefix list',
      'multilateral fora and multi-\nlateral talks',
      'multilateral fora and multilateral talks',
    ],
    [
      'the hyphenated form elsewhere in the document wins',
      'decision-making matters; deci-\nsion-making too; good decision-\nmaking',
      'decision-making matters; decision-making too; good decision-making',
    ],
    ['two words found on their own keep the hyphen', 'mixed mode, mixed-\nmode execution', 'mixed mode, mixed-mode execution'],
  ])('%s', (_, input, expected) => {
    expect(one(input).text).toBe(expected);
  });
});

// Lines of ~70 characters make the page's typical width; the cases put short lines among them.
const FULL = 'This line is full width and it carries on with the same paragraph of';
describe('paragraphs in wrapped text', () => {
  it.each([
    ['wrapped lines are joined', `${FULL}\n${FULL}\n${FULL}\ntext.`, 1],
    ['a blank line ends a paragraph', `${FULL}\ntext.\n\n${FULL}\ntext.`, 2],
    ['a short line ending a sentence ends a paragraph', `${FULL}\nshort end.\n${FULL}\ntext.`, 2],
    ['a full-width line ending a sentence does not', `${FULL}\nThis line is full width too and ends a sentence right at the end.\n${FULL}\nx.`, 1],
    ['a bullet starts a paragraph', `${FULL}\ntext\n• first item\n• second item`, 3],
    ['"(a)" after a colon starts a list item', `${FULL}\nas follows:\n(a) the first\n(b) the second`, 3],
    ['"(a)" inside a wrapped sentence does not', `${FULL}\n${FULL} point\n(a) of paragraph 1 and also what follows it in the text.`, 1],
    ['"1." followed by a capital after a sentence end', `${FULL}\nends here.\n1. The first item\n2. The second item`, 3],
    ['"Article 5" alone on a line is a heading', `${FULL}\n${FULL}\nArticle 5\nProhibited AI practices\n1. The following`, 4],
    ['a short unpunctuated line after a sentence is a heading', `${FULL}\n${FULL} text.\nExpected Results\n${FULL}\nend.`, 3],
    ['unwrapped text: every line is a paragraph', `${'long '.repeat(50)}end.\n${'more '.repeat(50)}end.`, 2],
  ])('%s', (_, input, paragraphs) => {
    const r = normalizePages(pagesOf(input));
    expectWellFormed(r);
    expect(r.text.split('\n\n')).toHaveLength(paragraphs);
  });

  it('joins CJK lines without a space', () => {
    expect(one('第一条 为了促进生成式人工智能健康发展和规范\n应用，维护国家安全').text).toBe('第一条 为了促进生成式人工智能健康发展和规范应用，维护国家安全');
  });
});

describe('page map', () => {
  it('joins a paragraph continued across a page break; it starts on the earlier page', () => {
    const r = normalizePages(pagesOf(`${FULL}\nand then when`, 'looking at it again, we stop.\n\nNew paragraph.'));
    expectWellFormed(r);
    expect(r.text).toBe(`${FULL} and then when looking at it again, we stop.\n\nNew paragraph.`);
    expect(r.pages).toEqual([
      { page: 1, start: 0, end: r.text.indexOf('looking') },
      { page: 2, start: r.text.indexOf('looking'), end: r.text.length },
    ]);
    expect(pageAt(r.pages, 0)).toBe(1);
    expect(pageAt(r.pages, r.text.indexOf('New'))).toBe(2);
  });

  it('a separator belongs to the page before', () => {
    const r = normalizePages(pagesOf('First page ends.', 'Second page starts.'));
    expect(r.text).toBe('First page ends.\n\nSecond page starts.');
    expect(r.pages).toEqual([
      { page: 1, start: 0, end: 18 },
      { page: 2, start: 18, end: 37 },
    ]);
  });

  it('de-hyphenates across a page break', () => {
    const r = normalizePages(pagesOf('about the trans-', 'parency of AI.'));
    expect(r.text).toBe('about the transparency of AI.');
    expect(pageAt(r.pages, r.text.indexOf('parency'))).toBe(2);
  });

  it('gives an empty page an empty range at its position', () => {
    const r = normalizePages(pagesOf('One.', '  \n \n', 'Three.'));
    expectWellFormed(r);
    expect(r.pages).toEqual([
      { page: 1, start: 0, end: 6 },
      { page: 2, start: 6, end: 6 },
      { page: 3, start: 6, end: 12 },
    ]);
  });

  it('an empty document has empty text and empty ranges', () => {
    expect(normalizePages(pagesOf('', ' '))).toEqual({
      text: '',
      pages: [
        { page: 1, start: 0, end: 0 },
        { page: 2, start: 0, end: 0 },
      ],
      warnings: [],
    });
  });
});

describe('running heads, footers and page numbers', () => {
  const WORDS = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliet', 'kilo', 'lima', 'mike', 'november', 'oscar'];
  // digits are masked when heads are compared, so bodies differ in words
  const body = (n: number) => `Body text of the ${WORDS[n]} page goes on here and is not repeated.`;
  it.each([
    ['journal head and bare number', (n: number) => `Journal of Policy Studies, Vol. 3\n${body(n)}\n${n + 10}`, 5, 5],
    ['"Page n of m" footer', (n: number) => `${body(n)}\nPage ${n} of 5`, 0, 5],
    ['"- n -" footer', (n: number) => `${body(n)}\n- ${n} -`, 0, 5],
    ['"n/m" with a URL (browser print)', (n: number) => `9/8/18, 2:14 PM Strategy page\n${body(n)}\nhttps://example.org/strategy ${n}/5`, 10, 0],
    ['recto/verso heads alternate', (n: number) => (n % 2 ? `EN OJ L, 12.7.2024\n${body(n)}` : `${body(n)}\nOJ L, 12.7.2024 EN`), 5, 0],
  ])('%s', (_, page, heads, numbers) => {
    const r = normalizePages(pagesOf(...[1, 2, 3, 4, 5].map(page)));
    expectWellFormed(r);
    expect(r.text.split('\n\n')).toEqual([1, 2, 3, 4, 5].map(body));
    const expected = [
      ...(heads ? [`${heads} running head/footer lines removed`] : []),
      ...(numbers ? [`${numbers} page numbers removed`] : []),
    ];
    expect(r.warnings).toEqual(expected);
  });

  it('keeps a line that repeats only in the middle of pages', () => {
    // "Article n" is the 5th of 9 lines: outside the first/last 3 lines that count as evidence
    const pages = [1, 2, 3, 4].map((n) =>
      [1, 2, 3, 4, 0, 5, 6, 7, 8].map((j) => (j === 0 ? `Article ${n}` : `Line ${j} about ${WORDS[n]}.`)).join('\n\n'),
    );
    const r = normalizePages(pagesOf(...pages));
    expect(r.text).toContain('Article 3');
    expect(r.warnings).toEqual([]);
  });

  it('regression: pages that hold nothing but the same line keep it (hello_world_rotated.pdf)', () => {
    const r = normalizePages(pagesOf('Hello world', 'Hello world', 'Hello world', 'Hello world'));
    expect(r.text).toBe('Hello world\n\nHello world\n\nHello world\n\nHello world');
    expect(r.warnings).toEqual([]);
  });

  it('does not remove heads or numbers from a document of one page', () => {
    expect(one('Journal of X\n\nSome text.\n\n12').text).toBe('Journal of X\n\nSome text.\n\n12');
  });
});

it('normalizes 5 MB in linear time (prints MB/s)', () => {
  // pseudo-random words, so no line repeats across pages and looks like a running head
  let seed = 42;
  const word = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return 'abcdefghijklmnopqrstuvwxyz'.slice(seed % 20, (seed % 20) + 3 + (seed % 5));
  };
  const line = () => Array.from({ length: 12 }, word).join(' ');
  const pages: RawPage[] = [];
  let size = 0;
  for (let p = 1; size < 5_000_000; p++) {
    const paras = Array.from({ length: 10 }, () => `${line()}\n${line()} trans-\nparency ﬁ\u00A0${line()}\n${line()} end.`);
    const text = `${paras.join('\n\n')}\n${p}`;
    pages.push({ page: p, text });
    size += text.length;
  }
  const t0 = performance.now();
  const r = normalizePages(pages);
  const s = (performance.now() - t0) / 1000;
  console.log(`normalizePages: ${(size / 1e6).toFixed(1)} MB, ${pages.length} pages in ${s.toFixed(2)} s = ${(size / 1e6 / s).toFixed(1)} MB/s`);
  expectWellFormed(r);
  expect(r.text.length).toBeGreaterThan(0.9 * size);
  expect(r.text).not.toContain('trans-');
  expect(r.warnings).toEqual([`${pages.length} page numbers removed`]);
  expect(r.pages).toHaveLength(pages.length);
});

async function pdfPages(path: string): Promise<RawPage[]> {
  const parser = new PDFParse({ data: new Uint8Array(readFileSync(path)) });
  try {
    const result = await parser.getText();
    return result.pages.map((p) => ({ page: p.num, text: p.text }));
  } finally {
    await parser.destroy();
  }
}

describe.runIf(needShared('normalize on real PDF pages'))('real PDFs', () => {
  it('EU AI Act (Official Journal): running heads and "n/144" gone, body kept', async () => {
    const raw = await pdfPages(shared('corpus/EU_2024-06-13_AI-Act_Regulation-2024-1689_OJ.pdf'));
    const r = normalizePages(raw);
    expectWellFormed(r);
    expect(r.pages).toHaveLength(144);
    expect(r.text).not.toMatch(/OJ L, 12\.7\.2024|\d+\/144|ELI: http:\/\/data\.europa\.eu\/eli\/reg\/2024\/1689\/oj(?!\))/);
    expect(r.warnings[0]).toMatch(/^28\d running head\/footer lines removed$/);
    expect(r.text).toContain(
      '(1) The purpose of this Regulation is to improve the functioning of the internal market by laying down a uniform legal framework',
    );
    // "Article 5" is on half the pages, so it must not be taken for a running head
    expect(r.text).toContain('\n\nArticle 5\n\nProhibited AI practices\n\n');
    expect(r.text.match(/\n\nArticle \d+\n\n/g)!.length).toBeGreaterThan(100);
    // recital (3) continues on page 2 ("...with regard to" / "the processing"): one paragraph
    const at = r.text.indexOf('guaranteeing the uniform protection of overriding reasons');
    expect(pageAt(r.pages, at)).toBe(2);
  });

  it('Pan-Canadian strategy (Safari print): date/title and "Page n of 5" + URL gone', async () => {
    const r = normalizePages(await pdfPages(shared('corpus/CA_2017_Pan-Canadian-AI-Strategy_web-print.pdf')));
    expectWellFormed(r);
    expect(r.text).not.toMatch(/2018\/09\/08|Page \d of 5|cifar\.ca\/ai\/pan-canadian/);
    expect(r.warnings).toEqual(['10 running head/footer lines removed']);
    expect(r.text).toContain('\n\nAnnounced in the 2017 federal budget, the Strategy has four major goals:\n\n');
    expect(r.text).toContain('\n\n• To establish interconnected nodes of scientific excellence in Canada’s three major centres');
  });

  it('tracemonkey (two-column TeX paper): hyphenation and accents repaired, text kept', async () => {
    const raw = await pdfPages(shared('pdfs/tracemonkey.pdf'));
    const r = normalizePages(raw);
    expectWellFormed(r);
    expect(r.text).toContain('can cover the program execution with a small number of type-specialized, efficiently compiled traces.');
    expect(r.text).toContain('In a naïve implementation, inner loops would become hot first');
    expect(r.text).toContain('Trace-based Just-in-Time Type Specialization');
    // nothing of substance lost: every word of the raw text's first page is still there
    const words = (s: string) => s.match(/[A-Za-z]{6,}/g) ?? [];
    const kept = new Set(words(r.text));
    const lost = words(raw[1]!.text).filter((w) => !kept.has(w));
    expect(lost.length).toBeLessThan(5);
  });
});
