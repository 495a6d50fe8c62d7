// What safe-regex2 does not see. It counts star height ("(a+)+"), so `(x|x)*y` passes it, yet
// V8 tries 2^n ways to match n x's: alternatives that can start with the same character,
// inside a repetition, backtrack exponentially. This is a small conservative reader of the
// pattern that finds such alternations (and empty alternatives, `(a|)*`, which do the same).
// Conservative: a character class it cannot read counts as "any character", so it may refuse
// a safe pattern such as `(?:[a-c]x|b)+`; the message says how to rewrite it.

/** A set of characters, as sorted [from, to] code point ranges; `any` = cannot tell. */
type CharSet = { any: true } | { any: false; ranges: Array<[number, number]> };

const ANY: CharSet = { any: true };
const range = (from: number, to: number): CharSet => ({ any: false, ranges: [[from, to]] });
const DIGIT: CharSet = range(0x30, 0x39);
const WORD: CharSet = { any: false, ranges: [[0x30, 0x39], [0x41, 0x5a], [0x5f, 0x5f], [0x61, 0x7a]] };

function union(a: CharSet, b: CharSet): CharSet {
  if (a.any || b.any) return ANY;
  return { any: false, ranges: [...a.ranges, ...b.ranges] };
}

function overlaps(a: CharSet, b: CharSet): boolean {
  if (a.any || b.any) return true;
  return a.ranges.some(([f1, t1]) => b.ranges.some(([f2, t2]) => f1 <= t2 && f2 <= t1));
}

/** With the i flag, a letter stands for both of its cases. */
function foldCase(set: CharSet, ignoreCase: boolean): CharSet {
  if (set.any || !ignoreCase) return set;
  const extra: Array<[number, number]> = [];
  for (const [from, to] of set.ranges) {
    if (to - from > 256) return ANY;
    for (let c = from; c <= to; c++) {
      const ch = String.fromCodePoint(c);
      for (const v of [ch.toLowerCase(), ch.toUpperCase()]) {
        const cp = v.codePointAt(0)!;
        if (v.length <= 2 && cp !== c) extra.push([cp, cp]);
      }
    }
  }
  return { any: false, ranges: [...set.ranges, ...extra] };
}

/** What a piece of the pattern can start with, and whether it can match "". */
interface Piece {
  first: CharSet;
  nullable: boolean;
}

/** A reason when a repeated group of the pattern holds an alternation whose alternatives can
 *  start with the same character or match nothing; null when there is none. Throws on a
 *  pattern it cannot read (the caller refuses it). */
export function ambiguousRepetition(pattern: string, ignoreCase: boolean): string | null {
  for (const [k, c] of syntax(pattern)) {
    if (c !== '(') continue;
    const close = closingParen(pattern, k);
    if (close < 0) continue;
    const q = /^(?:[*+]|\{(\d+)(?:(,)(\d*))?\})/.exec(pattern.slice(close + 1, close + 40));
    if (q === null) continue;
    const max = q[0][0] !== '{' ? Infinity : q[2] === undefined ? Number(q[1]) : q[3] === '' ? Infinity : Number(q[3]);
    if (max <= 1) continue;
    const why = ambiguousAlternations(pattern.slice(k, close + 1), ignoreCase);
    if (why !== null) return why;
  }
  return null;
}

/** The characters of a pattern that are syntax: [index, char] outside character classes, escapes
 *  skipped (a class's own "[" and "]" are yielded). Every scanner below walks a pattern this way. */
function* syntax(source: string, from = 0): Generator<[number, string]> {
  let inClass = false;
  for (let k = from; k < source.length; k++) {
    const c = source[k]!;
    if (c === '\\') {
      k++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') inClass = true;
    yield [k, c];
  }
}

/** Index of the ")" closing the "(" at `open`, or -1 (also used by src/code/regex-probe.ts). */
export function closingParen(source: string, open: number): number {
  let depth = 0;
  for (const [k, c] of syntax(source, open)) {
    if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return k;
  }
  return -1;
}

/** The first alternation in `body` (a group and what it contains) whose alternatives overlap. */
function ambiguousAlternations(body: string, ignoreCase: boolean): string | null {
  // Find every group in body (and body itself) and check its top-level alternatives.
  const starts = [...syntax(body)].filter(([, c]) => c === '(').map(([k]) => k);
  for (const s of starts) {
    const group = groupAt(body, s);
    if (group === null) continue;
    const alts = topLevelAlternatives(group);
    if (alts.length < 2) continue;
    const pieces = alts.map((a) => firstOf(a, ignoreCase));
    for (let x = 0; x < pieces.length; x++) {
      if (pieces[x].nullable) return `the alternative ${JSON.stringify(alts[x])} can match nothing inside a repetition`;
      for (let y = x + 1; y < pieces.length; y++) {
        if (overlaps(pieces[x].first, pieces[y].first)) {
          return `the alternatives ${JSON.stringify(alts[x])} and ${JSON.stringify(alts[y])} can start with the same character inside a repetition`;
        }
      }
    }
  }
  return null;
}

/** The contents of the group opening at `open` (without its parentheses and (?: prefix);
 *  null for a lookaround, which consumes nothing. */
function groupAt(body: string, open: number): string | null {
  const close = closingParen(body, open);
  if (close < 0) return null;
  const inner = body.slice(open + 1, close);
  if (/^\?<?[=!]/.test(inner)) return null;
  return inner.replace(/^\?(:|<[^>]*>)/, '');
}

function topLevelAlternatives(group: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let from = 0;
  for (const [k, c] of syntax(group)) {
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) {
      out.push(group.slice(from, k));
      from = k + 1;
    }
  }
  out.push(group.slice(from));
  return out;
}

/** What an alternative can start with, and whether it can match "". */
function firstOf(alternative: string, ignoreCase: boolean): Piece {
  return sequenceReader(alternative, ignoreCase)();
}

function sequenceReader(source: string, ignoreCase: boolean): () => Piece {
  return () => {
    let first: CharSet = { any: false, ranges: [] };
    let nullable = true;
    for (const part of splitPieces(source)) {
      if (!nullable) break;
      const p = pieceOf(part, ignoreCase);
      first = union(first, p.first);
      nullable = p.nullable;
    }
    return { first, nullable };
  };
}

/** Splits a sequence into its quantified atoms (as source text). */
function splitPieces(source: string): string[] {
  const out: string[] = [];
  let k = 0;
  while (k < source.length) {
    const start = k;
    const c = source[k];
    if (c === '\\') k += 2;
    else if (c === '[') {
      k++;
      if (source[k] === '^') k++;
      if (source[k] === ']') k++;
      while (k < source.length && source[k] !== ']') k += source[k] === '\\' ? 2 : 1;
      k++;
    } else if (c === '(') {
      const close = closingParen(source, k);
      k = close < 0 ? source.length + 1 : close + 1;
    } else k += (source.codePointAt(k) ?? 0) > 0xffff ? 2 : 1;
    const m = /^(?:[*+?]|\{\d+(?:,\d*)?\})\??/.exec(source.slice(k, k + 40));
    if (m) k += m[0].length;
    out.push(source.slice(start, k));
  }
  return out;
}

/** First set and nullability of one quantified atom. */
function pieceOf(part: string, ignoreCase: boolean): Piece {
  const q = /(?:[*+?]|\{(\d+)(?:,\d*)?\})\??$/.exec(part);
  const atom = q && !part.endsWith('\\' + q[0]) ? part.slice(0, part.length - q[0].length) : part;
  const optional = q !== null && atom !== part && (q[0][0] === '*' || q[0][0] === '?' || q[1] === '0');
  const empty: CharSet = { any: false, ranges: [] };
  if (atom === '^' || atom === '$' || atom === '\\b' || atom === '\\B') return { first: empty, nullable: true };
  if (atom.startsWith('(')) {
    if (/^\(\?<?[=!]/.test(atom)) return { first: empty, nullable: true };
    const inner = atom.slice(1, -1).replace(/^\?(:|<[^>]*>)/, '');
    const alts = topLevelAlternatives(inner).map((a) => sequenceReader(a, ignoreCase)());
    return {
      first: alts.reduce<CharSet>((s, a) => union(s, a.first), empty),
      nullable: optional || alts.some((a) => a.nullable),
    };
  }
  let set: CharSet;
  if (atom.startsWith('\\')) {
    const e = atom[1] ?? '';
    if (e === 'd') set = DIGIT;
    else if (e === 'w') set = WORD;
    else if ('DWsSpPuxck'.includes(e) || /[0-9]/.test(e)) set = ANY;
    else {
      const simple: Record<string, number> = { n: 10, r: 13, t: 9, f: 12, v: 11 };
      const cp = simple[e] ?? e.codePointAt(0) ?? 0;
      set = range(cp, cp);
    }
  } else if (atom.startsWith('[')) {
    set = readClass(atom);
  } else if (atom === '.') set = ANY;
  else {
    const cp = atom.codePointAt(0) ?? 0;
    set = range(cp, cp);
  }
  return { first: foldCase(set, ignoreCase), nullable: optional };
}

function readClass(cls: string): CharSet {
  let k = 1;
  if (cls[k] === '^') return ANY;
  const ranges: Array<[number, number]> = [];
  const end = cls.length - 1; // the closing ]
  while (k < end) {
    if (cls[k] === '\\') {
      const e = cls[k + 1] ?? '';
      k += 2;
      if (e === 'd') ranges.push([0x30, 0x39]);
      else if (e === 'w') ranges.push(...(WORD as { ranges: Array<[number, number]> }).ranges);
      else if ('DWsSpPuxck'.includes(e) || /[0-9]/.test(e)) return ANY;
      else ranges.push([e.codePointAt(0) ?? 0, e.codePointAt(0) ?? 0]);
      continue;
    }
    const from = cls.codePointAt(k)!;
    k += from > 0xffff ? 2 : 1;
    if (cls[k] === '-' && k + 1 < end && cls[k + 1] !== '\\') {
      const to = cls.codePointAt(k + 1)!;
      k += to > 0xffff ? 3 : 2;
      ranges.push([from, to]);
    } else ranges.push([from, from]);
  }
  return { any: false, ranges };
}
