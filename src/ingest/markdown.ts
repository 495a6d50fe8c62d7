// Markdown → the text a reader sees: YAML front matter becomes metadata, the body is rendered to
// plain paragraphs (headings, list items, table rows, code blocks: one paragraph each). One page.
//
// A CommonMark subset on purpose: indented code blocks are NOT recognized, because markdown
// scraped from government sites indents first lines of ordinary paragraphs ("     By the
// authority vested in me..."); only fenced code is code.
import { parse as parseYaml } from 'yaml';
import type { DocumentMeta, ExtractedText } from '../types.ts';
import { normalizePages } from './normalize.ts';
import { decodeText } from './plaintext.ts';

const FENCE_RE = /^ {0,3}(`{3,}|~{3,})/;
const ATX_RE = /^ {0,3}#{1,6}(?:\s+|$)(.*?)(?:\s+#+)?\s*$/;
const SETEXT_RE = /^ {0,3}(?:=+|-+)\s*$/;
const HR_RE = /^ {0,3}([-*_])(?:\s*\1){2,}\s*$/;
const LIST_RE = /^\s*(?:[-*+]|\d{1,9}[.)])\s+/;
const QUOTE_RE = /^\s{0,3}>\s?/;
const TABLE_DELIMITER_RE = /^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$/;
const LINK_DEF_RE = /^ {0,3}\[[^\]]+\]:\s*\S+/;

export interface FrontMatter {
  meta: Partial<DocumentMeta>;
  body: string;
  warnings: string[];
}

function str(v: unknown): string | null {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString().slice(0, 10);
  if (Array.isArray(v)) {
    const parts = v.map(str).filter((s): s is string => s !== null);
    return parts.length ? parts.join('; ') : null;
  }
  if (typeof v === 'string' || typeof v === 'number') {
    const s = String(v).normalize('NFC').replace(/\s+/g, ' ').trim();
    return s === '' ? null : s;
  }
  return null;
}

/** Splits off a leading "---" YAML block and maps the keys codeframe knows; others are ignored. */
export function parseFrontMatter(text: string): FrontMatter {
  const m = /^---[ \t]*\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/.exec(text);
  if (!m) return { meta: {}, body: text, warnings: [] };
  const body = text.slice(m[0].length);
  let data: unknown;
  try {
    data = parseYaml(m[1]!);
  } catch (err) {
    const why = (err as Error).message.split('\n')[0];
    return { meta: {}, body, warnings: [`front matter is not valid YAML (${why}); ignored`] };
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return { meta: {}, body, warnings: ['Unexpected front matter, expected a YAML mapping; ignored'] };
  }
  const d = data as Record<string, unknown>;
  const pick = (...keys: string[]) => {
    for (const k of keys) {
      const v = str(d[k]);
      if (v !== null) return v;
    }
    return null;
  };
  const meta: Partial<DocumentMeta> = {};
  const fields: Array<[keyof DocumentMeta, string | null]> = [
    ['title', pick('title')],
    ['date', pick('date')],
    ['source_url', pick('source_url', 'url', 'source')],
    ['issuer', pick('issuer', 'author')],
    ['language', pick('language', 'lang')],
  ];
  for (const [k, v] of fields) if (v !== null) meta[k] = v;
  return { meta, body, warnings: [] };
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00A0', ndash: '–', mdash: '—',
  lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', hellip: '…', copy: '©', reg: '®', sect: '§',
};

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, e: string) => {
    if (e[0] === '#') {
      const cp = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : whole;
    }
    return NAMED_ENTITIES[e.toLowerCase()] ?? whole;
  });
}

// Escaped punctuation and code spans are parked in private-use characters while emphasis and
// link syntax are removed, so "\*" and "`a*b`" survive literally.
const PARK = 0xe000;

/** Renders the inline markup of one paragraph to plain text. */
export function renderInline(src: string): string {
  const code: string[] = [];
  let s = src.replace(/(`+)([\s\S]*?[^`])\1(?!`)/g, (_, _ticks, body: string) => {
    code.push(body.trim());
    return String.fromCharCode(PARK + 0x100 + code.length - 1);
  });
  s = s.replace(/\\([!-/:-@[-`{-~])/g, (_, c: string) => String.fromCharCode(PARK + c.charCodeAt(0)));
  s = s
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '') // images
    .replace(/!\[[^\]]*\](?:\[[^\]]*\])?/g, '')
    .replace(/\[([^\]]*)\]\((?:[^()]|\([^)]*\))*\)/g, '$1') // [text](url "title")
    .replace(/\[([^\]]+)\]\[[^\]]*\]/g, '$1') // [text][ref]
    .replace(/<((?:https?|mailto|ftp):[^>\s]+)>/gi, '$1') // autolinks
    .replace(/<br\s*\/?>/gi, ' ')
    .replace(/<\/?[a-zA-Z][\w-]*(?:\s[^<>]*)?\/?>/g, ''); // inline HTML tags
  // emphasis: matched pairs first, then stray markers at word edges (emphasis split over lines)
  for (let i = 0; i < 2; i++) {
    s = s
      .replace(/(\*{1,3})(?=\S)([^*]*?\S)\1/g, '$2')
      .replace(/(^|[^\p{L}\p{N}_])(_{1,3})(?=\S)([^_]*?\S)\2(?![\p{L}\p{N}_])/gu, '$1$3')
      .replace(/~~(?=\S)([^~]*?\S)~~/g, '$1');
  }
  s = s
    .replace(/(^|\s)[*_]+(?=[\p{L}\p{N}"“‘'(])/gu, '$1')
    .replace(/(?<=[\p{L}\p{N}.,;:!?)"”’'])[*_]+(?=\s|$)/gu, '')
    .replace(/^[*_]+(?=\s)|(?<=\s)[*_]+$/g, ''); // a marker alone at a paragraph edge
  s = decodeEntities(s);
  s = s.replace(/[\uE000-\uE07F]/g, (c) => String.fromCharCode(c.charCodeAt(0) - PARK));
  s = s.replace(/[\uE100-\uEFFF]/g, (c) => code[c.charCodeAt(0) - PARK - 0x100] ?? '');
  return s.replace(/\s+/g, ' ').trim();
}

function tableCells(line: string): string[] {
  const inner = line.trim().replace(/^\|/, '').replace(/(?<!\\)\|$/, '');
  return inner.split(/(?<!\\)\|/).map((c) => renderInline(c.replace(/\\\|/g, '|')));
}

/** Block structure → paragraphs of plain text. */
export function renderMarkdownBody(body: string): string[] {
  const lines = body.replace(/<!--[\s\S]*?(?:-->|$)/g, '').split(/\r?\n/);
  const out: string[] = [];
  let para: string[] = [];
  const flush = () => {
    if (para.length) {
      const text = renderInline(para.join('\n'));
      if (text) out.push(text);
    }
    para = [];
  };
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!;
    while (QUOTE_RE.test(line)) line = line.replace(QUOTE_RE, '');
    const fence = FENCE_RE.exec(line);
    if (fence) {
      flush();
      const marker = fence[1]!;
      const code: string[] = [];
      for (i++; i < lines.length; i++) {
        const l = lines[i]!.replace(QUOTE_RE, '');
        if (l.trimStart().startsWith(marker[0]!.repeat(marker.length)) && l.trim().replace(/[`~]/g, '') === '') break;
        code.push(l);
      }
      const text = code.join(' ').replace(/\s+/g, ' ').trim();
      if (text) out.push(text);
      continue;
    }
    if (line.trim() === '') {
      flush();
      continue;
    }
    if (LINK_DEF_RE.test(line)) continue;
    if (para.length > 0 && SETEXT_RE.test(line)) {
      flush(); // the paragraph above was a setext heading
      continue;
    }
    if (HR_RE.test(line)) {
      flush();
      continue;
    }
    const atx = ATX_RE.exec(line);
    if (atx) {
      flush();
      const text = renderInline(atx[1]!);
      if (text) out.push(text);
      continue;
    }
    if (line.includes('|') && TABLE_DELIMITER_RE.test(lines[i + 1] ?? '') && (lines[i + 1] ?? '').includes('-')) {
      flush();
      const rows = [line];
      for (i += 2; i < lines.length && lines[i]!.includes('|') && lines[i]!.trim() !== ''; i++) rows.push(lines[i]!);
      i--;
      for (const row of rows) {
        const text = tableCells(row).filter((c) => c !== '').join(' | ');
        if (text) out.push(text);
      }
      continue;
    }
    if (LIST_RE.test(line)) {
      flush();
      para.push(line.replace(LIST_RE, ''));
      continue;
    }
    // a trailing backslash or two spaces is a hard line break: within a paragraph, a space
    para.push(line.replace(/\\$/, '').trim());
  }
  flush();
  return out;
}

export function extractMarkdown(bytes: Uint8Array): ExtractedText {
  const decoded = decodeText(bytes);
  const front = parseFrontMatter(decoded.text);
  const paragraphs = renderMarkdownBody(front.body);
  const normalized = normalizePages([{ page: 1, text: paragraphs.join('\n\n') }]);
  return {
    format: 'markdown',
    text: normalized.text,
    pages: normalized.pages,
    meta: front.meta,
    warnings: [...decoded.warnings, ...front.warnings, ...normalized.warnings],
  };
}
