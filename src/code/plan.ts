// A plan links the programs of every rule that applies to one (language, unit kind) into one
// index: word form → atoms (a stem, an exact form or a glob it satisfies) → patterns that start
// with that atom → the rule slots that use the pattern. Coding a unit then costs one tokenizer
// pass and one word-table lookup per word (see atomsHashed), however many rules there are.
import type { Pattern, PatternElement } from '../codebook/patterns.ts';
import { ruleModule, type RuleProgram } from '../codebook/rules/index.ts';
import type { Codebook, Rule } from '../codebook/types.ts';
import type { SegmentKind } from '../types.ts';
import { normalizeForm } from './tokenize.ts';
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

export const HASH_SEED = 0x811c9dc5 | 0;
export const HASH_PRIME = 0x01000193;

const NO_ATOMS: readonly number[] = Object.freeze([]);
/** Distinct words kept in the word table before it starts over (bounds memory on huge corpora). */
const MEMO_LIMIT = 200_000;

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
  /** Orders slot indexes by (codeId, ruleId): the output order. */
  readonly byRank: (x: number, y: number) => number;

  constructor(cb: Codebook, docLang: string | null, unit: PlanUnit) {
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
    for (let i = 0; i < this.slots.length; i++) {
      this.state.push({ touched: false, lists: [new Bag(), new Bag(), new Bag(), new Bag(), new Bag()], rule: new Bag() });
    }
    const ranked = this.slots
      .map((s) => s.index)
      .sort((x, y) => cmp(this.slots[x].codeId, this.slots[y].codeId) || cmp(this.slots[x].rule.id, this.slots[y].rule.id));
    const rank = new Int32Array(this.slots.length);
    ranked.forEach((slot, r) => (rank[slot] = r));
    this.byRank = (x, y) => rank[x] - rank[y];
  }

  /** Atom ids of the word text[start, end), found without slicing the text: an
   *  open-addressing table keyed by a hash of the word's code units. Words repeat (Zipf), so
   *  nearly every lookup is a hit that costs one hash pass and one startsWith. */
  atomsAt(text: string, start: number, end: number): readonly number[] {
    let h = HASH_SEED;
    for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), HASH_PRIME);
    return this.atomsHashed(text, start, end, h & 0x3fffffff);
  }

  /** atomsAt with the word's hash already computed (FNV-1a over its UTF-16 code units, low 30
   *  bits, see scanWordsHashed). */
  atomsHashed(text: string, start: number, end: number, h: number): readonly number[] {
    const len = end - start;
    let mask = this.tableKeys.length - 1;
    let idx = h & mask;
    for (;;) {
      const key = this.tableKeys[idx];
      if (key === undefined) break;
      if (this.tableHashes[idx] === h && key.length === len && text.startsWith(key, start)) return this.tableValues[idx];
      idx = (idx + 1) & mask;
    }
    const raw = text.slice(start, end);
    const ids = this.computeAtoms(raw);
    if (this.tableSize * 2 >= this.tableKeys.length) {
      this.growTable();
      mask = this.tableKeys.length - 1;
      idx = h & mask;
      while (this.tableKeys[idx] !== undefined) idx = (idx + 1) & mask;
    }
    this.tableKeys[idx] = raw;
    this.tableHashes[idx] = h;
    this.tableValues[idx] = ids;
    this.tableSize++;
    return ids;
  }

  private tableKeys: Array<string | undefined> = new Array(1 << 12);
  private tableHashes = new Int32Array(1 << 12);
  private tableValues: Array<readonly number[]> = new Array(1 << 12);
  private tableSize = 0;

  private growTable(): void {
    const keys = this.tableKeys;
    const hashes = this.tableHashes;
    const values = this.tableValues;
    // A vocabulary past the memo limit starts over rather than growing without bound.
    const size = this.tableSize >= MEMO_LIMIT ? keys.length : keys.length * 2;
    this.tableKeys = new Array(size);
    this.tableHashes = new Int32Array(size);
    this.tableValues = new Array(size);
    this.tableSize = 0;
    if (size === keys.length) return;
    const mask = size - 1;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      if (key === undefined) continue;
      let idx = hashes[i] & mask;
      while (this.tableKeys[idx] !== undefined) idx = (idx + 1) & mask;
      this.tableKeys[idx] = key;
      this.tableHashes[idx] = hashes[i];
      this.tableValues[idx] = values[i];
      this.tableSize++;
    }
  }

  /** Atom ids satisfied by a word as written (sorted, memoized). */
  atomsOf(raw: string): readonly number[] {
    return this.atomsAt(raw, 0, raw.length);
  }

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
