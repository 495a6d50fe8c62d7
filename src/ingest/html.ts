// HTML → the text a reader sees in the page's content: scripts, styles, site chrome (navigation,
// header/footer, cookie banners, skip links, share widgets, forms) and hidden elements are
// dropped; <main>/<article>/role=main is preferred when it holds a substantial share of the text.
// Block elements end paragraphs; the result is one page.
import type { ChildNode, Element } from 'domhandler';
import { parseDocument } from 'htmlparser2';
import type { DocumentMeta, ExtractedText } from '../types.ts';
import { decodeWindows1252, WINDOWS_1252_LABELS } from './chars.ts';
import { normalizePages } from './normalize.ts';

const DROP_TAGS = new Set([
  'script', 'style', 'noscript', 'template', 'svg', 'iframe', 'nav', 'aside', 'form', 'button',
  'select', 'option', 'textarea', 'input', 'head', 'object', 'embed', 'canvas', 'audio', 'video',
  'map', 'dialog', 'math',
]);
// Site chrome when they belong to the page; an <article>'s own header/footer is content.
const CHROME_TAGS = new Set(['header', 'footer']);
const CHROME_ROLES = new Set([
  'navigation', 'banner', 'contentinfo', 'search', 'menu', 'menubar', 'toolbar', 'dialog',
  'alertdialog', 'complementary',
]);
// id/class words (split at "-", "_" and spaces) that name chrome, e.g. "govuk-cookie-banner",
// "breadcrumbs", "nav-item", "mobilenLinav", "bdsharebuttonbox".
const CHROME_WORDS = new Set([
  'nav', 'navbar', 'navigation', 'menu', 'menubar', 'breadcrumb', 'breadcrumbs', 'crumbs', 'cookie',
  'cookies', 'consent', 'gdpr', 'skiplink', 'sharing', 'addthis', 'search', 'searchbox', 'sitemap',
  'toolbar', 'topbar', 'path',
]);
const CHROME_WORD_RE = /^(?:nav[a-z]*|[a-z]*nav|[a-z]*menu|menu[a-z]*|[a-z]*share[a-z]*|cookie[a-z]*)$/;
// Page-level only (outside <main>, <article>, <section>): an article's header is content.
const CHROME_WORDS_OUTSIDE = new Set(['header', 'footer', 'foot', 'masthead']);
const SKIP_LINK_RE = /(?:^|[-_\s])skip[-_]?(?:link|to|nav)/i;
const BLOCK_TAGS = new Set([
  'address', 'article', 'blockquote', 'body', 'br', 'caption', 'center', 'dd', 'details', 'div',
  'dl', 'dt', 'fieldset', 'figcaption', 'figure', 'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
  'header', 'hr', 'html', 'li', 'main', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'tbody',
  'td', 'tfoot', 'th', 'thead', 'tr', 'ul', 'legend', 'hgroup', 'menu',
]);
const SECTIONING = new Set(['article', 'main', 'section', 'aside', 'nav']);
// <main>/<article> is preferred when it holds at least this share of the body's visible text
// (or this many characters): a teaser box called <article> does not replace the page.
const SUBSTANTIAL_SHARE = 0.3;
const SUBSTANTIAL_CHARS = 2000;

function isElement(node: ChildNode): node is Element {
  return node.type === 'tag' || node.type === 'script' || node.type === 'style';
}

function isChrome(el: Element, insideSection: boolean): boolean {
  const name = el.name;
  if (DROP_TAGS.has(name)) return true;
  if (CHROME_TAGS.has(name) && !insideSection) return true;
  const a = el.attribs;
  if ('hidden' in a || a['aria-hidden'] === 'true') return true;
  if (a.style && /display\s*:\s*none|visibility\s*:\s*hidden/i.test(a.style)) return true;
  const role = a.role?.toLowerCase();
  if (role && role.split(/\s+/).some((r) => CHROME_ROLES.has(r))) return true;
  if (name === 'a' && a.href?.trim().toLowerCase().startsWith('javascript:')) return true; // UI actions
  for (const value of [a.id, a.class]) {
    if (!value) continue;
    if (SKIP_LINK_RE.test(value)) return true;
    for (const word of value.toLowerCase().split(/[-_\s]+/)) {
      if (CHROME_WORDS.has(word) || CHROME_WORD_RE.test(word)) return true;
      if (!insideSection && CHROME_WORDS_OUTSIDE.has(word)) return true;
    }
  }
  return false;
}

/** Paragraph texts of the visible content under `root`. Walked with an explicit stack, not
 *  recursion: hostile pages nest elements thousands deep. */
function blocksOf(root: Element): string[] {
  const blocks: string[] = [];
  let current: string[] = [];
  const flush = () => {
    const text = current.join('').replace(/\s+/g, ' ').trim();
    if (text !== '') blocks.push(text);
    current = [];
  };
  // A block element's end is a stack entry of its own, so it flushes after its children.
  type Step = { node: ChildNode; insideSection: boolean } | 'flush';
  const stack: Step[] = [{ node: root, insideSection: root.name !== 'body' && root.name !== 'html' }];
  while (stack.length > 0) {
    const step = stack.pop()!;
    if (step === 'flush') {
      flush();
      continue;
    }
    const { node, insideSection } = step;
    if (node.type === 'text') {
      current.push(node.data);
      continue;
    }
    if (!isElement(node) || isChrome(node, insideSection)) continue;
    const block = BLOCK_TAGS.has(node.name);
    if (block) {
      flush();
      stack.push('flush');
    }
    const inside = insideSection || SECTIONING.has(node.name);
    for (let i = node.children.length - 1; i >= 0; i--) stack.push({ node: node.children[i]!, insideSection: inside });
  }
  flush();
  return blocks;
}

/** Elements under `node` (itself included) that pass `test`, in document order; iterative. */
function findAll(node: ChildNode, test: (el: Element) => boolean): Element[] {
  const out: Element[] = [];
  const stack: ChildNode[] = [node];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (!isElement(n)) continue;
    if (test(n)) out.push(n);
    for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]!);
  }
  return out;
}

function textLength(blocks: string[]): number {
  return blocks.reduce((n, b) => n + b.length, 0);
}

/** The element whose text is the document: a substantial <main>/role=main, else a single
 *  substantial <article>, else <body>. */
function contentRoot(body: Element): { root: Element; blocks: string[] } {
  const bodyBlocks = blocksOf(body);
  const total = textLength(bodyBlocks);
  const substantial = (blocks: string[]) => {
    const n = textLength(blocks);
    return n > 0 && (n >= SUBSTANTIAL_SHARE * total || n >= SUBSTANTIAL_CHARS);
  };
  const mains = findAll(body, (el) => el.name === 'main' || el.attribs.role?.toLowerCase() === 'main');
  const articles = findAll(body, (el) => el.name === 'article');
  for (const candidates of [mains, articles]) {
    if (candidates.length !== 1) continue;
    const blocks = blocksOf(candidates[0]!);
    if (substantial(blocks)) return { root: candidates[0]!, blocks };
  }
  return { root: body, blocks: bodyBlocks };
}

function textOf(node: ChildNode): string {
  const parts: string[] = [];
  const stack: ChildNode[] = [node];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.type === 'text') parts.push(n.data);
    else if (isElement(n)) for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]!);
  }
  return parts.join('');
}

function metaOf(doc: ReturnType<typeof parseDocument>): Partial<DocumentMeta> {
  const meta: Partial<DocumentMeta> = {};
  const root = doc.children.find((n): n is Element => isElement(n) && n.name === 'html');
  const lang = root?.attribs.lang?.trim() || root?.attribs['xml:lang']?.trim();
  if (lang) meta.language = lang;
  let title = '';
  let ogTitle = '';
  for (const node of doc.children) {
    for (const el of findAll(node, (e) => e.name === 'title' || e.name === 'meta')) {
      if (el.name === 'title' && !title) title = textOf(el);
      const prop = (el.attribs.property ?? el.attribs.name ?? '').toLowerCase();
      if (el.name === 'meta' && prop === 'og:title' && !ogTitle) ogTitle = el.attribs.content ?? '';
    }
  }
  const best = (title || ogTitle).replace(/[\s\u0000-\u001F\u007F-\u009F]+/g, ' ').trim();
  if (best) meta.title = best.normalize('NFC');
  return meta;
}

/** Encoding from a BOM, else <meta charset> / http-equiv in the first 4 KB, else UTF-8. */
export function htmlEncoding(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 4096));
  const m = /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head);
  return m ? m[1]!.toLowerCase() : 'utf-8';
}

function decodeHtml(bytes: Uint8Array, warnings: string[]): string {
  let label = htmlEncoding(bytes);
  if (WINDOWS_1252_LABELS.has(label)) return decodeWindows1252(bytes);
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label);
  } catch {
    warnings.push(`Unexpected charset \`${label}\` in <meta>, expected a known encoding; decoded as UTF-8`);
    label = 'utf-8';
    decoder = new TextDecoder(label);
  }
  const text = decoder.decode(bytes);
  if (decoder.encoding === 'utf-8' && text.includes('\uFFFD')) {
    warnings.push('invalid UTF-8: some byte sequences replaced by U+FFFD');
  }
  return text;
}

// htmlparser2 keeps its open elements in an array it unshift()s and shift()s, so parsing costs
// depth × tags: 100,000 nested <div>s took minutes. Browsers cap the tree depth too (Chromium's
// parser at 512) and keep the deeper text; so does this, before parsing.
export const MAX_NESTING = 512;
const VOID_TAGS = new Set([
  'area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source',
  'track', 'wbr', 'keygen', 'basefont', 'bgsound', 'frame', 'image',
]);
// A second one of these closes the first ("<li>a<li>b" are siblings), as the parser does.
const SELF_SIBLING = new Set(['p', 'li', 'dt', 'dd', 'tr', 'td', 'th', 'option', 'optgroup', 'tbody', 'thead', 'tfoot']);
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'iframe', 'noembed', 'noframes']);
/** How far up the open elements a close tag is matched; a stray close tag further away is ignored. */
const CLOSE_SEARCH = 64;

/** Removes the tags of elements nested deeper than `max` (their text stays), in one linear scan
 *  of the tags. Approximate on purpose (a ">" inside an attribute value ends the tag early): it
 *  only has to keep the parser's element stack short; pages nested less deeply come back unchanged. */
export function limitNesting(html: string, max = MAX_NESTING): { html: string; dropped: number; depth: number } {
  const TAG = /<(!--|\/?[a-zA-Z][a-zA-Z0-9:-]*)/g;
  const open: Array<{ name: string; dropped: boolean }> = [];
  const cut: Array<[number, number]> = [];
  let depth = 0;
  let m: RegExpExecArray | null;
  while ((m = TAG.exec(html)) !== null) {
    const start = m.index;
    if (m[1] === '!--') {
      const close = html.indexOf('-->', start + 4);
      TAG.lastIndex = close < 0 ? html.length : close + 3;
      continue;
    }
    const gt = html.indexOf('>', TAG.lastIndex);
    const end = gt < 0 ? html.length : gt + 1;
    TAG.lastIndex = end;
    if (m[1]!.startsWith('/')) {
      const name = m[1]!.slice(1).toLowerCase();
      const floor = Math.max(0, open.length - CLOSE_SEARCH);
      for (let i = open.length - 1; i >= floor; i--) {
        if (open[i]!.name !== name) continue;
        if (open[i]!.dropped) cut.push([start, end]);
        open.length = i;
        break;
      }
      continue;
    }
    const name = m[1]!.toLowerCase();
    if (RAW_TEXT.has(name)) {
      const closeRe = new RegExp(`</${name}`, 'gi');
      closeRe.lastIndex = end;
      const close = closeRe.exec(html);
      if (open.length < max) {
        // its close tag is then a stray one for this scan: the element never counts as open
        TAG.lastIndex = close ? close.index : html.length;
        continue;
      }
      // too deep: the whole element goes, or a dropped <script>'s code would become text
      const closeEnd = close ? html.indexOf('>', close.index) : -1;
      TAG.lastIndex = closeEnd < 0 ? html.length : closeEnd + 1;
      cut.push([start, TAG.lastIndex]);
      continue;
    }
    if (VOID_TAGS.has(name) || html[end - 2] === '/') continue;
    if (SELF_SIBLING.has(name) && open.at(-1)?.name === name) {
      const sibling = open.pop()!;
      if (sibling.dropped) {
        cut.push([start, end]);
        open.push(sibling);
        continue;
      }
    }
    const dropped = open.length >= max;
    if (dropped) cut.push([start, end]);
    open.push({ name, dropped });
    depth = Math.max(depth, open.length);
  }
  if (cut.length === 0) return { html, dropped: 0, depth };
  const parts: string[] = [];
  let at = 0;
  for (const [a, b] of cut) {
    parts.push(html.slice(at, a), ' ');
    at = b;
  }
  parts.push(html.slice(at));
  return { html: parts.join(''), dropped: cut.length, depth };
}

export function extractHtml(bytes: Uint8Array): ExtractedText {
  const warnings: string[] = [];
  const nesting = limitNesting(decodeHtml(bytes, warnings));
  if (nesting.dropped > 0) {
    warnings.push(`elements nested deeper than ${MAX_NESTING} levels (up to ${nesting.depth}): ${nesting.dropped} of their tags dropped, their text kept`);
  }
  const doc = parseDocument(nesting.html, { decodeEntities: true, lowerCaseTags: true });
  const bodies = doc.children.flatMap((n) => findAll(n, (el) => el.name === 'body'));
  // a fragment without <body>: its top-level nodes are the body
  const body = bodies[0] ?? ({ type: 'tag', name: 'body', attribs: {}, children: doc.children } as unknown as Element);
  const { blocks } = contentRoot(body);
  const normalized = normalizePages([{ page: 1, text: blocks.join('\n\n') }]);
  return {
    format: 'html',
    text: normalized.text,
    pages: normalized.pages,
    meta: metaOf(doc),
    warnings: [...warnings, ...normalized.warnings],
  };
}
