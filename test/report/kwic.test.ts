// KWIC over a database built by the real pipeline on the shipped demo corpus (study codebook).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kwicCommand } from '../../src/cli/commands/kwic.ts';
import { UsageError } from '../../src/cli/errors.ts';
import { compileCodebook } from '../../src/code/index.ts';
import { parseCodebook } from '../../src/codebook/index.ts';
import { buildDemoDb } from '../helpers/demo-db.ts';
import { detectPatternType, displayWidth, formatKwic, kwic, KwicError, kwicCsv, KWIC_CSV_HEADER, type KwicResult } from '../../src/report/kwic.ts';
import { openStore, type Store } from '../../src/store/index.ts';

const tmp = mkdtempSync(join(tmpdir(), 'codeframe-kwic-'));
const db = join(tmp, 'codeframe.db');
let store: Store;
let version: string;

beforeAll(async () => {
  await buildDemoDb(db, tmp);
  store = openStore(db);
  version = store.latestCodebookVersion()!;
});
afterAll(() => {
  store?.close();
  rmSync(tmp, { recursive: true, force: true });
});

/** What a codebook with the rule written by hand codes in the stored sentences: one entry per span. */
function codedByRule(ruleYaml: string): string[] {
  const cb = parseCodebook(
    `codebook: probe\ntitle: Probe\ngroups: [{id: g, label: G}]\ncodes:\n  - id: probe\n    label: Probe\n    group: g\n    definition: d\n    rules:\n      - ${ruleYaml}\n`,
    'probe.yml',
  );
  const matcher = compileCodebook(cb);
  const docs = store.db.prepare('SELECT sha256, file FROM current_documents ORDER BY file').all() as Array<{ sha256: string; file: string }>;
  const out: string[] = [];
  for (const d of docs) {
    const doc = store.loadDocument(d.sha256)!;
    const sentences = doc.segments.filter((s) => s.kind === 'sentence');
    for (const c of matcher.codeUnits(doc.text, sentences, doc.language)) for (const [s, e] of c.spans) out.push(`${d.file}@${s}-${e}`);
  }
  return out;
}
const hitKeys = (r: KwicResult) => r.hits.map((h) => `${h.file}@${h.start}-${h.end}`);

describe('hits are what the codebook matcher codes with the same pattern', () => {
  const cases: Array<{ pattern: string; type: string; rule: string; min: number; opts?: object }> = [
    { pattern: 'transparency', type: 'term', rule: '{type: term, terms: [transparency]}', min: 5 },
    { pattern: 'data', type: 'term', rule: '{type: term, terms: [data], match: exact}', min: 5, opts: { match: 'exact' } },
    { pattern: 'transparen*', type: 'glob', rule: '{type: glob, patterns: ["transparen*"]}', min: 5 },
    { pattern: 'прозор*', type: 'glob', rule: '{type: glob, patterns: ["прозор*"]}', min: 1 },
    { pattern: 'human oversight', type: 'phrase', rule: '{type: phrase, phrases: ["human oversight"]}', min: 2 },
    { pattern: 'risk systems', type: 'phrase', rule: '{type: phrase, phrases: ["risk systems"], max_gap: 2}', min: 1, opts: { maxGap: 2 } },
  ];
  for (const c of cases) {
    it(`${c.type} ${JSON.stringify(c.pattern)}`, () => {
      const r = kwic(store, c.pattern, c.opts);
      expect(r.patternType).toBe(c.type);
      expect(r.total).toBeGreaterThanOrEqual(c.min);
      expect(hitKeys(r).sort()).toEqual(codedByRule(c.rule).sort());
    });
  }

  it('glob hits equal an independent count of words starting with the prefix', () => {
    const texts = store.db.prepare("SELECT s.text FROM segments s JOIN current_documents d ON d.sha256 = s.document WHERE s.kind = 'sentence'").pluck().all() as string[];
    const words = texts.flatMap((t) => t.match(/(?<![\p{L}\p{N}\p{M}])transparen[\p{L}\p{N}\p{M}]*/giu) ?? []);
    const r = kwic(store, 'transparen*');
    expect(r.hits.map((h) => h.match)).toEqual(expect.arrayContaining(words));
    expect(r.total).toBe(words.length);
  });

  it('is ordered by file, then offset, and each hit is the exact text at its offsets', () => {
    const r = kwic(store, 'ai');
    expect(r.total).toBeGreaterThan(10);
    const keys = r.hits.map((h) => [h.file, h.start] as const);
    expect([...keys].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]))).toEqual(keys);
    const text = (sha: string) => store.db.prepare('SELECT text FROM documents WHERE sha256 = ?').pluck().get(sha) as string;
    for (const h of r.hits) {
      expect(text(h.sha256).slice(h.start, h.end)).toBe(h.match);
      expect(h.left.length).toBeLessThanOrEqual(60);
      expect(h.right.length).toBeLessThanOrEqual(60);
      expect(text(h.sha256).slice(h.start - h.left.length, h.end + h.right.length).replace(/[\r\n\t]/g, ' ')).toBe(h.left + h.match + h.right);
    }
  });
});

describe('coded by', () => {
  it('lists exactly the stored codings of the hit unit, marking the rules that code this occurrence', () => {
    const r = kwic(store, 'transparen*');
    const codings = store.db.prepare('SELECT code_id, rule_id, negated, spans FROM codings WHERE segment_id = ? AND codebook_version = ?');
    for (const h of r.hits) {
      const stored = (codings.all(h.segment_id, version) as Array<{ code_id: string; rule_id: string; negated: number; spans: string }>).map(
        (c) => `${c.code_id}:${c.rule_id}:${c.negated}:${(JSON.parse(c.spans) as number[][]).some(([s, e]) => s! < h.end && h.start < e!)}`,
      );
      expect(h.coded_by.map((c) => `${c.code_id}:${c.rule_id}:${c.negated ? 1 : 0}:${c.covers_hit}`).sort()).toEqual(stored.sort());
      // The study codebook's glob `transparen*` (rule tra-globs) codes every English occurrence.
      if (h.language === 'en') expect(h.coded_by).toContainEqual(expect.objectContaining({ code_id: 'transparency', rule_id: 'tra-globs', covers_hit: true }));
    }
    // "The text says little about transparency": the study's negation cue `little` flags it.
    const china = r.hits.find((h) => h.file.includes('china'))!;
    expect(china.coded_by.find((c) => c.rule_id === 'tra-globs')!.negated).toBe(true);
  });

  it('the Ukrainian glob is coded by the Ukrainian rule', () => {
    const [h] = kwic(store, 'прозор*').hits;
    expect(h).toMatchObject({ language: 'uk', match: 'прозорості' });
    expect(h!.coded_by).toContainEqual({ code_id: 'transparency', rule_id: 'tra-uk', negated: false, covers_hit: true });
  });

  it('filters on a code, on units not coded, on language, and limits after sorting', () => {
    const all = kwic(store, 'risk*');
    const security = kwic(store, 'risk*', { code: 'security' });
    const notSecurity = kwic(store, 'risk*', { code: 'security', uncoded: true });
    expect(security.total + notSecurity.total).toBe(all.total);
    expect(security.hits.every((h) => h.coded_by.some((c) => c.code_id === 'security'))).toBe(true);
    expect(notSecurity.hits.every((h) => !h.coded_by.some((c) => c.code_id === 'security'))).toBe(true);
    const uncoded = kwic(store, 'govern*', { uncoded: true });
    expect(uncoded.hits.every((h) => h.coded_by.length === 0)).toBe(true);
    expect(kwic(store, 'прозор*', { lang: 'en' }).total).toBe(0);
    expect(kwic(store, 'ai', { lang: 'uk' }).documents).toBe(1);
    const limited = kwic(store, 'risk*', { limit: 3 });
    expect(limited.total).toBe(all.total);
    expect(limited.hits).toEqual(all.hits.slice(0, 3));
  });
});

describe('patterns and errors', () => {
  it.each([
    ['transparency', 'term'],
    ['transparen*', 'glob'],
    ['human oversight', 'phrase'],
    ['ai-generated', 'phrase'],
    ['cyber-*', 'glob'],
  ])('detects %s as %s', (pattern, type) => expect(detectPatternType(pattern)).toBe(type));

  it('runs a regex only when asked, with the codebook\'s flags', () => {
    expect(kwic(store, 'Transparen', { patternType: 'regex' }).total).toBeLessThan(kwic(store, 'Transparen', { patternType: 'regex', flags: 'i' }).total);
    expect(kwic(store, 'transparen', { patternType: 'regex', flags: 'i' }).total).toBe(kwic(store, 'transparen*').total);
  });

  it.each([
    ['*', {}, /at least one literal letter or digit/],
    ['(a+)+$', { patternType: 'regex' }, /nested repetition/],
    ['a|', { patternType: 'regex' }, /cannot match the empty string/],
    ['two words', { patternType: 'term' }, /expected a single word/],
    ['transparency', { code: 'nope' }, /Unexpected code `nope`, expected one of: security/],
    ['transparency', { codebookVersion: 'nope' }, /Unexpected codebook version `nope`/],
  ])('refuses %s (%o) with a reason', (pattern, opts, message) => {
    expect(() => kwic(store, pattern, opts as object)).toThrow(KwicError);
    expect(() => kwic(store, pattern, opts as object)).toThrow(message);
  });
});

describe('output', () => {
  it('aligns the match column (display width, not UTF-16 length) and ends with a summary', () => {
    const r = kwic(store, 'ai', { limit: 20 });
    const lines = formatKwic(r, { width: 30 }).trimEnd().split('\n');
    expect(lines).toHaveLength(21);
    const column = (l: string) => displayWidth(l.slice(0, l.indexOf(' | ')));
    expect(new Set(lines.slice(0, -1).map(column)).size).toBe(1);
    expect(lines.at(-1)).toMatch(new RegExp(`^20 of ${r.total} hits of term "ai" in 8 documents \\(sentences; coded by: codebook version ${version};`));
    expect(displayWidth('漢字é\u0301')).toBe(5);
  });

  it('CSV parses back to the hits', () => {
    const r = kwic(store, 'transparen*');
    const rows = parse(kwicCsv(r), { columns: true }) as Array<Record<string, string>>;
    expect(Object.keys(rows[0]!)).toEqual([...KWIC_CSV_HEADER]);
    expect(rows.map((x) => [x.file, Number(x.start), Number(x.end), x.left, x.match, x.right])).toEqual(r.hits.map((h) => [h.file, h.start, h.end, h.left, h.match, h.right]));
    expect(rows[0]!.covering_rules).toContain('transparency:tra-globs');
  });

  it('kwicCommand prints JSON, CSV or lines, and turns a bad pattern into a usage error', () => {
    const out: string[] = [];
    const write = process.stdout.write;
    process.stdout.write = ((chunk: string) => (out.push(chunk), true)) as typeof process.stdout.write;
    try {
      expect(kwicCommand('transparen*', { db, json: true })).toBe(0);
      expect(kwicCommand('transparen*', { db, csv: true, limit: 2 })).toBe(0);
    } finally {
      process.stdout.write = write;
    }
    expect((JSON.parse(out[0]!) as KwicResult).hits).toEqual(kwic(store, 'transparen*').hits);
    expect(out[1]!.split('\r\n')).toHaveLength(4);
    expect(() => kwicCommand('*', { db })).toThrow(UsageError);
    expect(() => kwicCommand('x', { db, json: true, csv: true })).toThrow(UsageError);
  });
});
