// The compiled codebook: codes units of a document text in one pass per unit.
//
// Semantics in one place:
// - match rules (term/phrase/glob) hit where a pattern occurs; near where an `a` match and a
//   `b` match do not overlap and the second starts at most `within` words after the first
//   ends (adjacent words = 1), either order.
// - regex rules run on the unit's text alone (lookarounds do not see past the unit).
// - not: any `not` pattern in the unit drops every hit of that code in the unit.
// - negation: a hit is negated when a cue ends 1..`window` words before it starts, with no
//   sentence end (. ! ?) between them. A coding is negated when all its hits are.
// - one Coding per (unit, code, rule); spans are the rule's matched spans, sorted, deduplicated.
// - output in unit order, then codeId, then ruleId (plain code-unit order, not locale order).
import type { Codebook } from '../codebook/types.ts';
import type { Coding, SegmentKind } from '../types.ts';
import {
  CUE,
  HIT,
  NEAR_A,
  NEAR_B,
  Plan,
  VETO,
  type Bag,
  type CompiledPattern,
  type PatternHit,
  type PlanUnit,
  type RuleHit,
  type Slot,
  UnitWords,
} from './plan.ts';

export interface Unit {
  id: string;
  start: number;
  end: number;
  /** When present (a Segment), only rules of this unit kind run on it. */
  kind?: SegmentKind;
}

export interface Matcher {
  readonly version: string;
  /** The unit kinds some rule runs on: the segments a caller needs to pass. */
  readonly unitKinds: ReadonlyArray<SegmentKind>;
  codeUnits(text: string, units: ReadonlyArray<{ id: string; start: number; end: number }>, language: string | null): Coding[];
}

/** A coding with the matched text, for explanations (checkExamples, KWIC, debugging). */
export interface ExplainedCoding extends Coding {
  matched: string[];
}

const SENTENCE_END = /[.!?]/;
const UNKNOWN_LANGUAGES = new Set(['', 'und', 'mul', 'zxx', 'mis']);

/** Primary subtag of a BCP 47 tag, lowercased; null when unknown. */
export function primaryLanguage(language: string | null): string | null {
  if (language === null) return null;
  const primary = language.trim().split(/[-_]/)[0].toLowerCase();
  return UNKNOWN_LANGUAGES.has(primary) ? null : primary;
}

export class CompiledCodebook implements Matcher {
  readonly version: string;
  /** The unit kinds some rule runs on: the segments a caller needs to pass. */
  readonly unitKinds: ReadonlyArray<SegmentKind>;
  private readonly plans = new Map<string, Plan>();
  private readonly scratch = new Scratch();
  /** Counts codeUnits calls: a plan's regex probes hold positions in one call's text. */
  private serial = 0;

  constructor(
    private readonly cb: Codebook,
    private readonly options: MatcherOptions = {},
  ) {
    this.version = cb.version;
    const kinds = new Set<SegmentKind>();
    for (const c of cb.codes) for (const r of c.rules) if (r.type !== 'not' && r.type !== 'negation') kinds.add(r.unit);
    this.unitKinds = [...kinds].sort();
  }

  codeUnits(text: string, units: ReadonlyArray<Unit>, language: string | null): Coding[] {
    return this.run(text, units, language, undefined, false);
  }

  /** Like codeUnits, with the matched text of each coding. `unit: '*'` runs every rule on
   *  every unit regardless of its kind (checkExamples codes an example as one unit). */
  explainUnits(text: string, units: ReadonlyArray<Unit>, language: string | null, unit?: PlanUnit): ExplainedCoding[] {
    return this.run(text, units, language, unit, true) as ExplainedCoding[];
  }

  private run(text: string, units: ReadonlyArray<Unit>, language: string | null, unit: PlanUnit | undefined, explain: boolean): Coding[] {
    const lang = primaryLanguage(language);
    const serial = ++this.serial;
    const out: Coding[] = [];
    let lastKind: PlanUnit | null = null;
    let plan: Plan | null = null;
    for (const u of units) {
      if (!(u.start >= 0 && u.end <= text.length && u.start <= u.end)) {
        throw new RangeError(`Unexpected unit ${u.id} [${u.start}, ${u.end}), expected offsets within the text (length ${text.length})`);
      }
      const kind = unit ?? u.kind ?? this.cb.unit;
      if (kind !== lastKind || plan === null) {
        plan = this.plan(lang, kind);
        plan.regexGate.startText(serial);
        lastKind = kind;
      }
      codeUnit(plan, text, u, out, this.scratch, explain);
    }
    return out;
  }

  private plan(lang: string | null, unit: PlanUnit): Plan {
    const key = `${lang ?? '*'}|${unit}`;
    let plan = this.plans.get(key);
    if (!plan) this.plans.set(key, (plan = new Plan(this.cb, lang, unit, this.options.plain === true)));
    return plan;
  }
}

export interface MatcherOptions {
  /** The straightforward path: no word table, no regex prefilter, no early exit, no skipped
   *  work. Same codings, several times slower; tests compare the fast path against it. */
  plain?: boolean;
}

export function compileCodebook(cb: Codebook, options: MatcherOptions = {}): CompiledCodebook {
  return new CompiledCodebook(cb, options);
}

/** Buffers reused from unit to unit (coding is synchronous, so one set per matcher). */
class Scratch {
  words = new UnitWords();
  touched: number[] = [];
  hitSlots: number[] = [];
}

function codeUnit(plan: Plan, text: string, unit: Unit, out: Coding[], scratch: Scratch, explain: boolean): void {
  // 1. words, the atoms each satisfies, the words where a pattern starts
  const w = scratch.words;
  const plain = plan.plain;
  const n = plain ? plan.scanUnitPlain(text, unit.start, unit.end, w) : plan.scanUnit(text, unit.start, unit.end, w);
  const { starts, ends, atoms } = w;
  const nStarters = w.nStarters;
  // No pattern starts here and no regex rule can match (RegexGate, regex-probe.ts): nothing to
  // code, and nothing to undo.
  const regexLive = plan.regexSlots.length > 0 && (plain || plan.regexGate.check(text, unit.start, unit.end));
  if (nStarters === 0 && !regexLive && !plain) return;

  // 2. pattern matches, routed to the slots that use them
  const state = plan.state;
  const touched = scratch.touched;
  touched.length = 0;
  for (let t = 0; t < nStarters; t++) {
    const i = w.starters[t];
    const starting = w.starting[t];
    for (let q = 0; q < starting.length; q++) {
      const p = starting[q];
      const e = p.atoms.length === 1 ? i : matchFrom(p, atoms, n, i, 1);
      if (e < 0) continue;
      const hit: PatternHit = { s: i, e, start: starts[i], end: ends[e] };
      for (let u = 0; u < p.uses.length; u++) {
        const use = p.uses[u];
        const st = state[use.slot];
        if (!st.touched) {
          st.touched = true;
          touched.push(use.slot);
        }
        st.lists[use.role].push(hit);
      }
    }
  }

  // 3. hits per positive rule
  const hitSlots = scratch.hitSlots;
  hitSlots.length = 0;
  for (let t = 0; t < touched.length; t++) {
    const st = state[touched[t]];
    const program = plan.slots[touched[t]].program;
    if (program.kind === 'match') {
      const hits = st.lists[HIT];
      for (let h = 0; h < hits.n; h++) st.rule.push(ruleHit(hits.items[h]));
    } else if (program.kind === 'near' && st.lists[NEAR_A].n > 0 && st.lists[NEAR_B].n > 0) {
      nearHits(st.lists[NEAR_A], st.lists[NEAR_B], program.within, st.rule);
    }
    if (st.rule.n > 0) hitSlots.push(touched[t]);
  }
  if (regexLive) {
    let unitText: string | null = null;
    for (let r = 0; r < plan.regexSlots.length; r++) {
      if (!plain && plan.regexGate.live[r] === 0) continue;
      const slot = plan.regexSlots[r];
      const st = state[slot.index];
      unitText ??= text.slice(unit.start, unit.end);
      regexHits(slot, unitText, unit.start, starts, n, st.rule);
      if (st.rule.n === 0) continue;
      hitSlots.push(slot.index);
      if (!st.touched) {
        st.touched = true;
        touched.push(slot.index);
      }
    }
  }

  // 4. per code (slots ranked by codeId, ruleId): veto, negation, codings
  if (hitSlots.length > 0) {
    if (hitSlots.length > 1) {
      if (plain) hitSlots.sort((x, y) => plan.rank[x] - plan.rank[y]);
      else sortByRank(hitSlots, plan.rank);
    }
    let vetoed = false;
    let cues: Cue[] = NO_CUES;
    for (let h = 0; h < hitSlots.length; h++) {
      const slot = plan.slots[hitSlots[h]];
      if (h === 0 || plan.slots[hitSlots[h - 1]].codeId !== slot.codeId) {
        vetoed = isVetoed(plan, slot.codeId);
        cues = vetoed ? NO_CUES : cuesOf(plan, slot.codeId);
      }
      if (vetoed) continue;
      const ruleHits = state[slot.index].rule;
      let negated = cues.length > 0;
      for (let r = 0; negated && r < ruleHits.n; r++) negated = isNegated(ruleHits.items[r], cues, ends, text);
      const spans = uniqueSpans(ruleHits);
      const coding: Coding = { segmentId: unit.id, codeId: slot.codeId, ruleId: slot.rule.id, spans, negated };
      if (explain) (coding as ExplainedCoding).matched = spans.map(([s, e]) => text.slice(s, e));
      out.push(coding);
    }
  }

  // 5. reset the slots this unit touched
  for (let t = 0; t < touched.length; t++) {
    const st = state[touched[t]];
    st.touched = false;
    for (let r = 0; r < st.lists.length; r++) st.lists[r].n = 0;
    st.rule.n = 0;
  }
}

/** Insertion sort of slot indexes by rank: a unit hits a handful of slots, for which
 *  Array.prototype.sort with a comparator costs more than the sorting. Ranks are distinct. */
function sortByRank(xs: number[], rank: Int32Array): void {
  for (let i = 1; i < xs.length; i++) {
    const x = xs[i];
    const r = rank[x];
    let j = i - 1;
    while (j >= 0 && rank[xs[j]] > r) {
      xs[j + 1] = xs[j];
      j--;
    }
    xs[j + 1] = x;
  }
}

interface Cue {
  hit: PatternHit;
  window: number;
}
const NO_CUES: Cue[] = [];

function isVetoed(plan: Plan, codeId: string): boolean {
  const vetoes = plan.vetoSlots.get(codeId);
  if (vetoes === undefined) return false;
  for (const s of vetoes) if (plan.state[s.index].lists[VETO].n > 0) return true;
  return false;
}

function cuesOf(plan: Plan, codeId: string): Cue[] {
  const slots = plan.cueSlots.get(codeId);
  if (slots === undefined) return NO_CUES;
  const cues: Cue[] = [];
  for (const s of slots) {
    const window = s.program.kind === 'negation' ? s.program.window : 0;
    const list = plan.state[s.index].lists[CUE];
    for (let i = 0; i < list.n; i++) cues.push({ hit: list.items[i], window });
  }
  return cues;
}

function ruleHit(h: PatternHit): RuleHit {
  return { spans: [[h.start, h.end]], firstWord: h.s, start: h.start };
}

/** End word index of a multi-word pattern whose element k-1 matched word prev, or -1.
 *  Tries every allowed gap (backtracking), so the first complete match is found. */
function matchFrom(p: CompiledPattern, atoms: Array<readonly number[]>, n: number, prev: number, k: number): number {
  if (k === p.atoms.length) return prev;
  const last = Math.min(n - 1, prev + 1 + p.maxGap);
  for (let j = prev + 1; j <= last; j++) {
    if (atoms[j].includes(p.atoms[k])) {
      const e = matchFrom(p, atoms, n, j, k + 1);
      if (e >= 0) return e;
    }
  }
  return -1;
}

function nearHits(as: Bag<PatternHit>, bs: Bag<PatternHit>, within: number, out: Bag<RuleHit>): void {
  for (let i = 0; i < as.n; i++) {
    const a = as.items[i];
    for (let j = 0; j < bs.n; j++) {
      const b = bs.items[j];
      const d = a.e < b.s ? b.s - a.e : b.e < a.s ? a.s - b.e : 0;
      if (d < 1 || d > within) continue; // d = 0: the same words matched both sides
      const first = a.s < b.s ? a : b;
      out.push({ spans: [[a.start, a.end], [b.start, b.end]], firstWord: first.s, start: first.start });
    }
  }
}

function regexHits(slot: Slot, unitText: string, offset: number, starts: number[], n: number, out: Bag<RuleHit>): void {
  if (slot.program.kind !== 'regex') return;
  const re = slot.program.regex;
  re.lastIndex = 0;
  for (let m = re.exec(unitText); m !== null; m = re.exec(unitText)) {
    if (m[0].length === 0) {
      re.lastIndex++; // refused at load time; kept so a bad regex can never loop
      continue;
    }
    const start = offset + m.index;
    out.push({ spans: [[start, start + m[0].length]], firstWord: wordAt(starts, n, start), start });
  }
}

/** Index of the word containing (or the last word starting before) `offset`. */
function wordAt(starts: number[], n: number, offset: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid] <= offset) lo = mid + 1;
    else hi = mid;
  }
  return Math.max(0, lo - 1);
}

function isNegated(h: RuleHit, cues: Cue[], ends: number[], text: string): boolean {
  for (const { hit: c, window } of cues) {
    const d = h.firstWord - c.e;
    if (d < 1 || d > window) continue;
    if (!SENTENCE_END.test(text.slice(ends[c.e], h.start))) return true;
  }
  return false;
}

/** All spans of a rule's hits, sorted by start then end, without duplicates. */
function uniqueSpans(hits: Bag<RuleHit>): Array<[number, number]> {
  if (hits.n === 1 && hits.items[0].spans.length === 1) return [hits.items[0].spans[0]];
  const spans: Array<[number, number]> = [];
  for (let i = 0; i < hits.n; i++) for (const sp of hits.items[i].spans) spans.push(sp);
  spans.sort(bySpan);
  let w = 0;
  for (let r = 0; r < spans.length; r++) {
    if (w > 0 && spans[r][0] === spans[w - 1][0] && spans[r][1] === spans[w - 1][1]) continue;
    spans[w++] = spans[r];
  }
  spans.length = w;
  return spans;
}

function bySpan(x: [number, number], y: [number, number]): number {
  return x[0] - y[0] || x[1] - y[1];
}
