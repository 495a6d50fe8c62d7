import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractHtml, htmlEncoding } from '../../src/ingest/html.ts';
import { needShared, shared } from '../helpers/shared.ts';
import { expectWellFormed } from './well-formed.ts';

const html = (s: string) => extractHtml(new TextEncoder().encode(s));
const page = (body: string, head = '') => `<!DOCTYPE html><html lang="en"><head>${head}</head><body>${body}</body></html>`;

describe('visible text only', () => {
  it.each([
    ['a script containing "</p>" is dropped whole', '<p>Kept.</p><script>var s = "</p><p>not text";</script><p>Also kept.</p>', 'Kept.\n\nAlso kept.'],
    ['style, noscript, template, svg, iframe dropped', '<style>p{}</style><noscript>enable JS</noscript><template><p>t</p></template><svg><text>s</text></svg><iframe>i</iframe><p>Body.</p>', 'Body.'],
    ['nested nav dropped', '<div><nav><ul><li>Home</li><li><nav>Deep</nav></li></ul></nav><p>Body.</p></div>', 'Body.'],
    ['page header/footer/aside/form/button dropped', '<header>Site</header><aside>Related</aside><form><select><option>x</option></select></form><button>Go</button><p>Body.</p><footer>© Site</footer>', 'Body.'],
    ['an article\'s own header is content', '<article><header><h1>Title</h1></header><p>Body.</p></article>', 'Title\n\nBody.'],
    ['role=navigation/banner/contentinfo dropped', '<div role="banner">B</div><div role="navigation">N</div><p>Body.</p><div role="contentinfo">C</div>', 'Body.'],
    ['cookie banner, breadcrumbs, skip link, share widget dropped by class/id', '<div class="govuk-cookie-banner">We use cookies</div><a class="govuk-skip-link" href="#main">Skip to main content</a><ol class="breadcrumbs"><li>Home</li></ol><div id="share-buttons">Share</div><p>Body.</p>', 'Body.'],
    ['hidden elements dropped', '<p hidden>h</p><p aria-hidden="true">a</p><p style="display: none">d</p><p>Body.</p>', 'Body.'],
    ['entities decoded', '<p>R&amp;D &lt;AI&gt; &eacute;t&eacute; &#8220;q&#x201D; a&nbsp;b</p>', 'R&D <AI> été “q” a b'],
    ['block elements make paragraphs, inline ones do not', '<h2>Head</h2><p>One <b>bold</b> <a href="x">link</a>.</p><ul><li>Item one</li><li>Item two</li></ul><p>Line<br>break</p><blockquote>Quote</blockquote><dl><dt>Term</dt><dd>Def</dd></dl>', 'Head\n\nOne bold link.\n\nItem one\n\nItem two\n\nLine\n\nbreak\n\nQuote\n\nTerm\n\nDef'],
    ['table cells make paragraphs', '<table><tr><th>Code</th><th>Count</th></tr><tr><td>transparency</td><td>12</td></tr></table>', 'Code\n\nCount\n\ntransparency\n\n12'],
    ['whitespace in source collapses', '<p>  spread\n   over\tlines  </p>', 'spread over lines'],
    ['javascript: links are UI actions', '<p>Body.</p><a href="javascript:window.print()">【打印】</a>', 'Body.'],
  ])('%s', (_, body, expected) => {
    const r = html(page(body));
    expect(r.text).toBe(expected);
    expectWellFormed(r);
    expect(r.pages).toEqual([{ page: 1, start: 0, end: expected.length }]);
  });

  it('prefers a substantial <main> over the rest of the body', () => {
    const main = `<main><p>${'Main text. '.repeat(30)}</p></main>`;
    expect(html(page(`<div>Promo box</div>${main}<div>Other</div>`)).text).toBe('Main text. '.repeat(30).trim());
  });

  it('ignores a <main> too small to be the content', () => {
    const r = html(page(`<p>${'Body text. '.repeat(300)}</p><main><p>Tiny</p></main>`));
    expect(r.text).toContain('Body text.');
    expect(r.text).toContain('Tiny');
  });
});

describe('meta and charset', () => {
  it.each([
    ['<title>', page('<p>x</p>', '<title> The  Plan </title>'), { title: 'The Plan', language: 'en' }],
    ['og:title when no <title>', page('<p>x</p>', '<meta property="og:title" content="OG Plan">'), { title: 'OG Plan', language: 'en' }],
    ['no title, no lang', '<p>x</p>', {}],
  ])('%s', (_, src, meta) => {
    expect(html(src).meta).toEqual(meta);
  });

  it.each([
    ['BOM', [0xef, 0xbb, 0xbf, 0x3c], 'utf-8'],
    ['meta charset', [...new TextEncoder().encode('<meta charset="windows-1252">')], 'windows-1252'],
    ['http-equiv', [...new TextEncoder().encode('<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">')], 'iso-8859-1'],
    ['default', [...new TextEncoder().encode('<p>x</p>')], 'utf-8'],
  ])('encoding from %s', (_, bytes, label) => {
    expect(htmlEncoding(new Uint8Array(bytes))).toBe(label);
  });

  it('decodes windows-1252 bytes declared in <meta charset>', () => {
    const head = new TextEncoder().encode('<html><head><meta charset="windows-1252"></head><body><p>caf');
    const bytes = new Uint8Array([...head, 0xe9, 0x20, 0x93, 0x71, 0x94, ...new TextEncoder().encode('</p></body></html>')]);
    expect(extractHtml(bytes).text).toBe('café “q”');
  });

  it('warns about an unknown charset and reads UTF-8', () => {
    const r = html('<meta charset="klingon"><p>Body é.</p>');
    expect(r.text).toBe('Body é.');
    expect(r.warnings).toEqual(['Unexpected charset `klingon` in <meta>, expected a known encoding; decoded as UTF-8']);
  });
});

describe.runIf(needShared('HTML reader on real pages'))('real pages', () => {
  it('GOV.UK AI Opportunities Action Plan: chrome and cookie banner gone, plan kept', () => {
    const r = extractHtml(new Uint8Array(readFileSync(shared('corpus/UK_2025-01-13_AI-Opportunities-Action-Plan_govuk.html'))));
    expectWellFormed(r);
    expect(r.meta).toEqual({ title: 'AI Opportunities Action Plan - GOV.UK', language: 'en' });
    expect(r.text).not.toMatch(/cookies|Skip to main content|Accept additional|Menu|Search GOV\.UK|Topics|Government activity/i);
    expect(r.text).toContain('Today, Britain is the third largest AI market in the world.');
    expect(r.text).toContain('2. Expand the capacity of the AI Research Resource (AIRR) by at least 20x by 2030');
    expect(r.text.length).toBeGreaterThan(50_000);
  });

  it('CAC Interim Measures (zh): Chinese text kept, site navigation gone', () => {
    const r = extractHtml(new Uint8Array(readFileSync(shared('corpus/CN_2023-07-10_CAC_Interim-Measures-Generative-AI-Services_zh.html'))));
    expectWellFormed(r);
    expect(r.meta.language).toBe('zh');
    expect(r.meta.title).toBe('生成式人工智能服务管理暂行办法_中央网络安全和信息化委员会办公室');
    expect(r.text.startsWith('生成式人工智能服务管理暂行办法\n\n')).toBe(true);
    expect(r.text).not.toMatch(/设为首页|时政要闻|网信政务|当前位置|请输入检索关键词|【打印】/);
    expect(r.text).toContain('\n\n第一条 为了促进生成式人工智能健康发展和规范应用，维护国家安全和社会公共利益');
    expect(r.text).toContain('\n\n第二十四条 本办法自2023年8月15日起施行。');
  });
});
