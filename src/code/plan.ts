// A plan links the programs of every rule that applies to one (language, unit kind) into one
// index: word form → atoms (a stem, an exact form or a glob it satisfies) → patterns that start
// with that atom → the rule slots that use the pattern. Coding a unit then costs one tokenizer
// pass and one word-table lookup per word (see scanUnit), however many rules there are.
import type { Pattern, PatternElement } from '../codebook/patterns.ts';
import { ruleModule, type RuleProgram } from '../codebook/rules/index.ts';
import type { Codebook, Rule } from '../codebook/types.ts';
import type { SegmentKind } from '../types.ts';
import { RegexGate } from './regex-probe.ts';
import { CLASS, normalizeForm, scanWords, wordCharAt } from './tokenize.ts';
import { HASH_PRIME, HASH_SEED, WordTable, hashFinish } from './word-table.ts';
import { stemmerFor, stemmerKey, type StemFn } from './stemmers.ts';

/** What a pattern match is for: a hit of a match rule, a side of a near rule, a veto, a cue.
 *  Numbers, because they index SlotState.lists in the hot loop. */
export const HIT = 0;
export const NEAR_A = 1;
export const NEAR_B = 2;
export const VETO = 3;
export const CUE = 4;
export type Role = typeof HIT | typeof NEAR_A | typeof NEAR_B | typeof VETO | typeof CUE;

/** A list reused from unit to unit: clearing resets a count (no allocation, no truncation). */
export class Bag<T> {
  items: T[] = [];
  n = 0;
  push(x: T): void {
    this.items[this.n++] = x;
  }
}

/** One rule as it runs in this plan. */
export interface Slot {
  index: number;
  rule: Rule;
  codeId: string;
  program: RuleProgram;
}

export interface CompiledPattern {
  id: number;
  atoms: number[];
  maxGap: number;
  source: string;
  uses: Array<{ slot: number; role: Role }>;
}

type Atom = { kind: 'stem'; stemmer: string; stem: string } | { kind: 'exact'; form: string } | { kind: 'glob'; form: string; regex: RegExp };

/** A pattern found in a unit: word indexes [s, e] and char offsets [start, end). */
export interface PatternHit {
  s: number;
  e: number;
  start: number;
  end: number;
}

/** A rule's hit: the spans it reports, and where it starts (for negation). */
export interface RuleHit {
  spans: Array<[number, number]>;
  firstWord: number;
  start: number;
}

/** Per-slot scratch state of the unit being coded; reset after each unit. */
export interface SlotState {
  touched: boolean;
  /** Pattern matches by Role. */
  lists: Array<Bag<PatternHit>>;
  rule: Bag<RuleHit>;
}

const NO_ATOMS: readonly number[] = Object.freeze([]);
/** Distinct words kept in the word table before it starts over (bounds memory on huge corpora). */
const MEMO_LIMIT = 200_000;
/** Code units of those words kept before it starts over (64 MB: CJK text has sentence-long words). */
const POOL_LIMIT = 1 << 25;

/** What a word (as written) satisfies: its atoms, and the patterns that start at it. */
interface WordEntry {
  atoms: readonly number[];
  starts: CompiledPattern[] | null;
}

/** The words of one unit, filled by Plan.scanUnit; reused from unit to unit. */
export class UnitWords {
  starts: number[] = [];
  ends: number[] = [];
  atoms: Array<readonly number[]> = [];
  /** Indexes of the words where some pattern starts, and those patterns (nStarters of each). */
  starters: number[] = [];
  starting: CompiledPattern[][] = [];
  nStarters = 0;
}

/** "*" = every unit kind (used by checkExamples, which codes each example as one unit). */
export type PlanUnit = SegmentKind | '*';

export class Plan {
  readonly slots: Slot[] = [];
  readonly patterns: CompiledPattern[] = [];
  /** atom id → patterns whose first element is that atom. */
  readonly startsWith: CompiledPattern[][] = [];
  readonly regexSlots: Slot[] = [];
  /** Codes that have a veto or negation rule in this plan (checked only when the code is hit). */
  readonly vetoSlots = new Map<string, Slot[]>();
  readonly cueSlots = new Map<string, Slot[]>();

  private readonly atoms: Atom[] = [];
  private readonly atomIds = new Map<string, number>();
  private readonly patternIds = new Map<string, CompiledPattern>();
  private readonly exact = new Map<string, number[]>();
  private readonly stems = new Map<string, Map<string, number[]>>();
  private stemmers: Array<[string, StemFn]> = [];
  /** Globs bucketed by their first literal character; "" = starts with a wildcard. */
  private readonly globs = new Map<string, number[]>();

  /** Scratch for codeUnit (see matcher.ts): per-slot state of the unit being coded. */
  readonly state: SlotState[] = [];
  /** slot index → its place in the output order, by (codeId, ruleId). */
  readonly rank: Int32Array;

  /** `plain`: the straightforward path, for tests to compare the fast one against (see
   *  MatcherOptions in matcher.ts): every word's atoms computed anew, no regex prefilter. */
  constructor(
    cb: Codebook,
    docLang: string | null,
    unit: PlanUnit,
    readonly plain = false,
  ) {
    const fallback = cb.languages[0] ?? 'en';
    for (const code of cb.codes) {
      for (const rule of code.rules) {
        if (rule.lang !== null && docLang !== null && rule.lang !== docLang) continue;
        const program = ruleModule(rule.type).compile(rule);
        const modifier = program.kind === 'veto' || program.kind === 'negation';
        // not/negation modify the code wherever it is coded; the others run on their unit kind.
        if (!modifier && unit !== '*' && rule.unit !== unit) continue;
        const slot: Slot = { index: this.slots.length, rule, codeId: code.id, program };
        this.slots.push(slot);
        const stemmer = stemmerKey(rule.lang ?? docLang ?? fallback);
        const add = (ps: Pattern[], role: Role) => ps.forEach((p) => this.addPattern(p, stemmer, slot, role));
        switch (program.kind) {
          case 'match':
            add(program.patterns, HIT);
            break;
          case 'near':
            add(program.a, NEAR_A);
            add(program.b, NEAR_B);
            break;
          case 'veto':
            add(program.patterns, VETO);
            push(this.vetoSlots, code.id, slot);
            break;
          case 'negation':
            add(program.cues, CUE);
            push(this.cueSlots, code.id, slot);
            break;
          case 'regex':
            this.regexSlots.push(slot);
            break;
        }
      }
    }
    this.stemmers = [...this.stems.keys()].sort().map((k) => [k, stemmerFor(k)]);
    this.regexGate = new RegexGate(this.regexSlots.map((s) => (s.program.kind === 'regex' ? s.program.regex : /[^\s\S]/g)));
    for (let i = 0; i < this.slots.length; i++) {
      this.state.push({ touched: false, lists: [new Bag(), new Bag(), new Bag(), new Bag(), new Bag()], rule: new Bag() });
    }
    const ranked = this.slots
      .map((s) => s.index)
      .sort((x, y) => cmp(this.slots[x].codeId, this.slots[y].codeId) || cmp(this.slots[x].rule.id, this.slots[y].rule.id));
    const rank = new Int32Array(this.slots.length);
    ranked.forEach((slot, r) => (rank[slot] = r));
    this.rank = rank;
  }

  /** Which regex slots may match a unit (see regex-probe.ts). */
  readonly regexGate: RegexGate;

  /** Scans the words of text[start, end) (the words of scanWords, tokenize.ts) into `w`: their
   *  offsets, the atoms each satisfies, and the words where some pattern starts. One pass:
   *  classify, hash and look up each word as its characters go by. Returns the word count. */
  scanUnit(text: string, start: number, end: number, w: UnitWords): number {
    const { starts, ends, atoms, starters, starting } = w;
    const table = this.words;
    const entries = this.entries;
    let n = 0;
    let ns = 0;
    let i = start;
    while (i < end) {
      // k: the class of the code unit c at i (see CLASS); 1 = a word character, 3 = the lead of
      // an astral word character. Anything but 1 takes wordCharAt's slow path.
      let c = text.charCodeAt(i);
      let k = CLASS[c];
      if (k !== 1) {
        if (k === 2 || wordCharAt(text, i, end) === 0) {
          i++;
          continue;
        }
        k = CLASS[c];
      }
      const s = i;
      let h = HASH_SEED;
      for (;;) {
        h = Math.imul(h ^ c, HASH_PRIME);
        if (k === 3) h = Math.imul(h ^ text.charCodeAt(++i), HASH_PRIME);
        if (++i >= end) break;
        c = text.charCodeAt(i);
        k = CLASS[c];
        if (k !== 1) {
          if (k === 2 || wordCharAt(text, i, end) === 0) break;
          k = CLASS[c];
        }
      }
      h = hashFinish(h);
      starts[n] = s;
      ends[n] = i;
      const id = table.find(text, s, i, h);
      // Most words satisfy no atom (tag 0): they cost the lookup alone.
      if (id >= 0 && table.tag === 0) atoms[n] = NO_ATOMS;
      else {
        const entry = id >= 0 ? entries[id] : this.learn(text, s, i, h);
        atoms[n] = entry.atoms;
        if (entry.starts !== null) {
          starters[ns] = n;
          starting[ns++] = entry.starts;
        }
      }
      n++;
    }
    w.nStarters = ns;
    return n;
  }

  /** scanUnit the straightforward way (plain plans): the tokenizer's scanWords, then each word's
   *  atoms computed from its text, no table. */
  scanUnitPlain(text: string, start: number, end: number, w: UnitWords): number {
    const n = scanWords(text, start, end, w.starts, w.ends);
    let ns = 0;
    for (let i = 0; i < n; i++) {
      const atoms = this.computeAtoms(text.slice(w.starts[i], w.ends[i]));
      w.atoms[i] = atoms;
      const begins = this.patternsStartingAt(atoms);
      if (begins !== null) {
        w.starters[ns] = i;
        w.starting[ns++] = begins;
      }
    }
    w.nStarters = ns;
    return n;
  }

  /** Atom ids satisfied by a word as written (sorted, memoized). */
  atomsOf(raw: string): readonly number[] {
    let h = HASH_SEED;
    for (let i = 0; i < raw.length; i++) h = Math.imul(h ^ raw.charCodeAt(i), HASH_PRIME);
    h = hashFinish(h);
    const id = this.words.find(raw, 0, raw.length, h);
    return id >= 0 ? this.entries[id].atoms : this.learn(raw, 0, raw.length, h).atoms;
  }

  /** Computes what a word not in the table satisfies and adds it (unless too long to keep). */
  private learn(text: string, start: number, end: number, h: number): WordEntry {
    const atoms = this.computeAtoms(text.slice(start, end));
    const entry: WordEntry = { atoms, starts: this.patternsStartingAt(atoms) };
    const id = this.words.add(text, start, end, h, atoms.length === 0 ? 0 : 1);
    if (id >= 0) this.entries[id] = entry;
    return entry;
  }

  /** The patterns that start at a word with these atoms, in atom order (null: none). */
  private patternsStartingAt(ids: readonly number[]): CompiledPattern[] | null {
    let out: CompiledPattern[] | null = null;
    for (const a of ids) {
      const ps = this.startsWith[a];
      if (ps !== undefined) (out ??= []).push(...ps);
    }
    return out;
  }

  private readonly words = new WordTable(MEMO_LIMIT, POOL_LIMIT);
  /** By word table entry id. */
  private readonly entries: WordEntry[] = [];

  private computeAtoms(raw: string): readonly number[] {
    const form = normalizeForm(raw);
    const found: number[] = [];
    const ex = this.exact.get(form);
    if (ex) found.push(...ex);
    for (const [key, stem] of this.stemmers) {
      const hit = this.stems.get(key)!.get(stem(form));
      if (hit) found.push(...hit);
    }
    for (const bucket of [this.globs.get(firstChar(form)), this.globs.get('')]) {
      if (!bucket) continue;
      for (const id of bucket) if ((this.atoms[id] as { regex: RegExp }).regex.test(form)) found.push(id);
    }
    return found.length === 0 ? NO_ATOMS : [...new Set(found)].sort((x, y) => x - y);
  }

  private addPattern(p: Pattern, stemmer: string, slot: Slot, role: Role): void {
    const atoms = p.elements.map((e) => this.atom(e, stemmer));
    const key = `${p.maxGap}|${atoms.join(',')}`;
    let cp = this.patternIds.get(key);
    if (!cp) {
      cp = { id: this.patterns.length, atoms, maxGap: p.maxGap, source: p.source, uses: [] };
      this.patterns.push(cp);
      this.patternIds.set(key, cp);
      (this.startsWith[atoms[0]] ??= []).push(cp);
    }
    cp.uses.push({ slot: slot.index, role });
  }

  private atom(e: PatternElement, stemmer: string): number {
    let key: string;
    let atom: Atom;
    if (e.kind === 'glob') {
      key = `g\u0000${e.form}`;
      atom = { kind: 'glob', form: e.form, regex: e.regex };
    } else if (e.match === 'exact' || stemmer === 'exact') {
      key = `x\u0000${e.form}`;
      atom = { kind: 'exact', form: e.form };
    } else {
      const stem = stemmerFor(stemmer)(normalizeForm(e.form));
      key = `s\u0000${stemmer}\u0000${stem}`;
      atom = { kind: 'stem', stemmer, stem };
    }
    let id = this.atomIds.get(key);
    if (id !== undefined) return id;
    id = this.atoms.length;
    this.atoms.push(atom);
    this.atomIds.set(key, id);
    if (atom.kind === 'exact') push(this.exact, atom.form, id);
    else if (atom.kind === 'stem') {
      let m = this.stems.get(atom.stemmer);
      if (!m) this.stems.set(atom.stemmer, (m = new Map()));
      push(m, atom.stem, id);
    } else {
      const lead = atom.form[0] === '*' || atom.form[0] === '?' ? '' : firstChar(atom.form);
      push(this.globs, lead, id);
    }
    return id;
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function firstChar(form: string): string {
  const cp = form.codePointAt(0);
  return cp === undefined ? '' : String.fromCodePoint(cp);
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}
