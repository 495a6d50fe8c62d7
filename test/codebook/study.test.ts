// The study codebook (codebook/study.yml) against its own contract and against a human coder:
// its anchor examples run, its groups and ids are the study's, every principle and dimension
// code has a Ukrainian rule, the coding-guide traps stay fixed, and its recall on hand-coded
// sentences of the seed (coded by coding-guide.md) stays high. The gold fixture holds no seed
// text: each sentence is keyed by the sha256 of its text (16 hex) plus its first five words.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileCodebook } from '../../src/code/index.ts';
import { checkExamples, loadCodebook } from '../../src/codebook/index.ts';
import type { Code } from '../../src/codebook/types.ts';
import { REPO_ROOT, needShared, shared } from '../helpers/shared.ts';

const study = loadCodebook(resolve(REPO_ROOT, 'codebook/study.yml'));
const matcher = compileCodebook(study);

const GROUPS: Record<string, string[]> = {
  dimension: ['security', 'information', 'economic'],
  principle: ['transparency', 'accountability', 'interoperability'],
  actor: ['major_power', 'global_south', 'ukraine'],
  level: ['universal', 'regional', 'selective'],
};
const PREFIX: Record<string, string> = {
  security: 'sec-', information: 'inf-', economic: 'eco-',
  transparency: 'tra-', accountability: 'acc-', interoperability: 'int-',
  major_power: 'maj-', global_south: 'gs-', ukraine: 'ua-',
  universal: 'univ-', regional: 'reg-', selective: 'sel-',
};
const CODE_IDS = Object.values(GROUPS).flat();

/** Codes of one text coded as one unit: codeId → negated (true only when every rule's hit is). */
function codesOf(text: string, lang: string): Map<string, boolean> {
  const out = new Map<string, boolean>();
  for (const c of matcher.codeUnits(text, [{ id: 'u', start: 0, end: text.length }], lang)) {
    out.set(c.codeId, (out.get(c.codeId) ?? true) && c.negated);
  }
  return out;
}

describe('study codebook: structure', () => {
  it('has exactly the 12 codes of the study, each in its group', () => {
    expect(study.groups.map((g) => g.id).sort()).toEqual(Object.keys(GROUPS).sort());
    expect(study.codes.map((c) => c.id).sort()).toEqual([...CODE_IDS].sort());
    for (const [group, ids] of Object.entries(GROUPS)) {
      expect(study.codes.filter((c) => c.group === group).map((c) => c.id).sort(), group).toEqual([...ids].sort());
    }
  });

  it.each(CODE_IDS)('%s has definition, criteria, 3-6 anchors, 2-4 counterexamples and prefixed rules', (id) => {
    const code = study.codes.find((c) => c.id === id) as Code;
    expect(code.definition.length).toBeGreaterThan(40);
    expect(code.include.length).toBeGreaterThan(0);
    expect(code.exclude.length).toBeGreaterThan(0);
    expect(code.examples.length).toBeGreaterThanOrEqual(3);
    expect(code.examples.length).toBeLessThanOrEqual(6);
    expect(code.counterexamples.length).toBeGreaterThanOrEqual(2);
    expect(code.counterexamples.length).toBeLessThanOrEqual(4);
    // at least one brief quote of the study, with its source
    expect(code.examples.some((e) => /Matviienko & Kolomoiets 2026/.test(e.source ?? ''))).toBe(true);
    expect(code.rules.length).toBeGreaterThan(0);
    for (const r of code.rules) expect(r.id.startsWith(PREFIX[id]), r.id).toBe(true);
  });

  it('codes every anchor example and no counterexample', () => {
    const { total, failures } = checkExamples(study);
    expect(total).toBeGreaterThan(100);
    expect(failures.map((f) => `${f.codeId} ${f.kind}: ${f.reason} | ${f.text}`)).toEqual([]);
  });

  it.each([...GROUPS.dimension, ...GROUPS.principle])('%s has a Ukrainian rule that codes its Ukrainian anchor', (id) => {
    const code = study.codes.find((c) => c.id === id) as Code;
    const ukRules = new Set(code.rules.filter((r) => r.lang === 'uk').map((r) => r.id));
    expect(ukRules.size).toBeGreaterThan(0);
    const ukExamples = code.examples.filter((e) => e.lang === 'uk');
    expect(ukExamples.length).toBeGreaterThan(0);
    for (const ex of ukExamples) {
      const hits = matcher
        .codeUnits(ex.text, [{ id: 'u', start: 0, end: ex.text.length }], 'uk')
        .filter((c) => c.codeId === id && ukRules.has(c.ruleId));
      expect(hits.length, ex.text).toBeGreaterThan(0);
    }
  });
});

// The coding guide's traps, one row each: [problem, text, lang, code, expected].
const TRAPS: Array<[string, string, string, string, 'coded' | 'negated' | 'absent']> = [
  ['"safe, secure and trustworthy" alone is not SEC', 'The resolution promotes safe, secure, and trustworthy AI systems.', 'en', 'security', 'absent'],
  ['"national security" is SEC', 'The memorandum sets national security priorities for AI.', 'en', 'security', 'coded'],
  ['political stability alone is not SEC', 'Initiatives that support political stability in the international order.', 'en', 'security', 'absent'],
  ['Munich Security Conference citation is not SEC', 'Multipolarity is rising (Munich Security Conference, 2025).', 'en', 'security', 'absent'],
  ['"lack of accountability" is ACC, negated', 'There is a lack of accountability for automated decisions.', 'en', 'accountability', 'negated'],
  ['"lack of transparency" is TRA, negated', 'Critics point to a lack of transparency in procurement.', 'en', 'transparency', 'negated'],
  ['"transparency" is TRA, not negated', 'Partners agreed on transparency about testing.', 'en', 'transparency', 'coded'],
  ['"responses" is not ACC (Porter stems responsible/response alike)', 'States coordinate their responses.', 'en', 'accountability', 'absent'],
  ['"take into account" is not ACC', 'Differences can be taken into account.', 'en', 'accountability', 'absent'],
  ['vague "rules" and "principles" are not TRA', 'States need rules and principles.', 'en', 'transparency', 'absent'],
  ['vague "cooperation" is not INT', 'States need closer cooperation on AI.', 'en', 'interoperability', 'absent'],
  ['the pronoun "us" is not the US', 'Let us look at the data with us.', 'en', 'major_power', 'absent'],
  ['"US" in capitals is MAJ', 'The US restricted chip exports.', 'en', 'major_power', 'coded'],
  ['"U.S." is MAJ', 'U.S. officials met in Geneva.', 'en', 'major_power', 'coded'],
  ['"South China Sea" is still China', 'Patrols in the South China Sea increased.', 'en', 'major_power', 'coded'],
  ['"developed countries" are not GS (exact phrase, no stemming)', 'Developed countries lead in compute.', 'en', 'global_south', 'absent'],
  ['"developing countries" are GS', 'Developing countries lack compute.', 'en', 'global_south', 'coded'],
  ['"regions" as places are not REG', 'Powers compete in specific regions.', 'en', 'regional', 'absent'],
  ['the EU in a citation is not REG', 'Risk tiers are defined (European Union, 2024).', 'en', 'regional', 'absent'],
  ['the UN in a citation is not UNIV', 'States refine their rules (United Nations General Assembly, 2024).', 'en', 'universal', 'absent'],
  ['UNGA resolution 78/265 in the text is UNIV', 'The UN General Assembly Resolution 78/265 sets a baseline.', 'en', 'universal', 'coded'],
  ['"selecting" partners is not SEL', 'Security matters when selecting tools and partners.', 'en', 'selective', 'absent'],
  ['"important" is not ECO (no import* glob)', 'It is important to act.', 'en', 'economic', 'absent'],
  ['"new" is not INF (Porter stems "news" to "new")', 'New rules emerge.', 'en', 'information', 'absent'],
  ['"deep-fake" (split by the tokenizer) is INF', 'She was threatened with deep-fake photographs.', 'en', 'information', 'coded'],
  ['"internal governance" is not UNIV (Porter stems international/internal and governance/government alike)', 'The internal governance of government agencies improves.', 'en', 'universal', 'absent'],
  ['"AI to generate" is not AI-generated content', 'Agencies use AI to generate general reports.', 'en', 'information', 'absent'],
  ['"hold ... to account" is ACC', 'Civil society holds the public and private sectors to account.', 'en', 'accountability', 'coded'],
  ['глобальний Південь is GS', 'Позиції глобального Півдня залишаються фрагментованими.', 'uk', 'global_south', 'coded'],
  ['глобального Півдня is not UNIV', 'Позиції глобального Півдня залишаються фрагментованими.', 'uk', 'universal', 'absent'],
  ['"брак прозорості" is TRA, negated', 'Брак прозорості підриває довіру.', 'uk', 'transparency', 'negated'],
  ['безпечні (safe) is not SEC', 'Безпечні та надійні системи ШІ.', 'uk', 'security', 'absent'],
];

describe('study codebook: coding-guide traps', () => {
  it.each(TRAPS)('%s', (_problem, text, lang, code, expected) => {
    const got = codesOf(text, lang);
    if (expected === 'absent') expect(got.has(code)).toBe(false);
    else expect(got.get(code)).toBe(expected === 'negated');
  });
});

// ---------------------------------------------------------------- against a human coder

interface Gold {
  /** For corpus sentences: the file in ../shared/corpus. */
  file?: string;
  key: string;
  labels: string[];
  note?: string;
}

function sentenceKey(s: string): string {
  return `${createHash('sha256').update(s).digest('hex').slice(0, 16)} ${s.split(' ').slice(0, 5).join(' ')}`;
}

/** The seed's English body (Introduction to Conclusions) as sentences, the way its gold was keyed. */
function seedSentences(seed: string): string[] {
  const body = seed
    .slice(seed.indexOf('**Introduction.**'), seed.indexOf('**Funding:**'))
    // the layout's page breaks split some paragraphs mid-sentence ("when" / "looking at")
    .replace(/([a-z,])\s*\n\s*\n\s*(?=[a-z])/g, '$1 ');
  return splitSentences(body);
}

/** A Markdown corpus document without its front matter, as sentences of 20+ characters. */
function corpusSentences(md: string): string[] {
  return splitSentences(md.replace(/^---[\s\S]*?\n---\n/, '')).filter((s) => s.length > 20);
}

function splitSentences(text: string): string[] {
  return text
    .split(/\n\s*\n/)
    .flatMap((p) => p.replace(/\s+/g, ' ').trim().split(/(?<=[.!?])\s+(?=[A-Z"“(])/))
    .map((s) => s.trim())
    .filter(Boolean);
}

function readGold(name: string): Gold[] {
  return JSON.parse(readFileSync(resolve(REPO_ROOT, 'test/fixtures/study-gold', name), 'utf8')) as Gold[];
}

interface Scores {
  overall: { precision: number; recall: number };
  recall: Record<string, number>;
  table: string;
}

/** Codes the gold sentences as units of one document and scores the codebook against the labels. */
function score(gold: Gold[], sentenceOf: (g: Gold) => string): Scores {
  let text = '';
  const units = gold.map((g, i) => {
    const s = sentenceOf(g);
    const start = text.length;
    text += s + '\n\n';
    return { id: String(i), start, end: start + s.length };
  });
  const coded = gold.map(() => new Set<string>());
  for (const c of matcher.codeUnits(text, units, 'en')) coded[Number(c.segmentId)].add(c.codeId);

  const rows: string[] = [];
  const recall: Record<string, number> = {};
  let [TP, FP, FN] = [0, 0, 0];
  for (const id of CODE_IDS) {
    let [tp, fp, fn] = [0, 0, 0];
    gold.forEach((g, i) => {
      const want = g.labels.includes(id);
      const got = coded[i].has(id);
      if (want && got) tp++;
      else if (got) fp++;
      else if (want) fn++;
    });
    [TP, FP, FN] = [TP + tp, FP + fp, FN + fn];
    recall[id] = tp + fn === 0 ? 1 : tp / (tp + fn);
    const p = tp + fp === 0 ? '  - ' : (tp / (tp + fp)).toFixed(2);
    rows.push(`${id.padEnd(17)} gold ${String(tp + fn).padStart(3)}  P ${p}  R ${recall[id].toFixed(2)}  (tp ${tp}, fp ${fp}, fn ${fn})`);
  }
  const overall = { precision: TP / (TP + FP), recall: TP / (TP + FN) };
  rows.push(`${'overall'.padEnd(17)} gold ${String(TP + FN).padStart(3)}  P ${overall.precision.toFixed(2)}  R ${overall.recall.toFixed(2)}  (${gold.length} sentences)`);
  return { overall, recall, table: rows.join('\n') };
}

describe.runIf(needShared('study codebook vs. hand-coded sentences'))('study codebook: against a coder', () => {
  const seedGold = readGold('seed-sentences.json');
  const seed = readFileSync(shared('seed', 'emerging-technologies-global-south.txt'), 'utf8');
  const seedByKey = new Map(seedSentences(seed).map((s) => [sentenceKey(s), s]));

  it('finds every seed gold sentence (80 or more, spread over the body)', () => {
    expect(seedGold.length).toBeGreaterThanOrEqual(80);
    expect(seedGold.filter((g) => !seedByKey.has(g.key)).map((g) => g.key)).toEqual([]);
    for (const g of seedGold) for (const l of g.labels) expect(CODE_IDS).toContain(l);
  });

  it('keeps recall on the seed at 0.85 or more overall and 0.8 or more per code', () => {
    const { overall, recall, table } = score(seedGold, (g) => seedByKey.get(g.key) ?? '');
    console.log(`study codebook vs. hand coding of the seed\n${table}`);
    expect(overall.recall).toBeGreaterThanOrEqual(0.85);
    // Per code 0.8: a few gold labels reach their code only through a pronoun ("its growing
    // influence" = the Global South's), which no word rule can see.
    for (const id of CODE_IDS) expect(recall[id], id).toBeGreaterThanOrEqual(0.8);
    // Recall must not come from coding everything.
    expect(overall.precision).toBeGreaterThanOrEqual(0.7);
  });

  // A second genre (US government statements and a speech), hand-coded the same way, so the
  // rules are not only fitted to the seed's wording.
  it('keeps recall on US statements at 0.85 or more overall', () => {
    const gold = readGold('us-statements-sentences.json');
    const byKey = new Map<string, string>();
    for (const file of new Set(gold.map((g) => g.file as string))) {
      for (const s of corpusSentences(readFileSync(shared('corpus', file), 'utf8'))) byKey.set(`${file}|${sentenceKey(s)}`, s);
    }
    expect(gold.filter((g) => !byKey.has(`${g.file}|${g.key}`)).map((g) => g.key)).toEqual([]);
    const { overall, table } = score(gold, (g) => byKey.get(`${g.file}|${g.key}`) ?? '');
    console.log(`study codebook vs. hand coding of US statements\n${table}`);
    expect(overall.recall).toBeGreaterThanOrEqual(0.85);
    expect(overall.precision).toBeGreaterThanOrEqual(0.7);
  });
});
