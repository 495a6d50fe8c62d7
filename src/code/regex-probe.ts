// A prefilter for regex rules. A regex rule runs on each unit's text alone (so that ^, \b and
// lookaheads stop at the unit's edges), which costs a slice and an exec per unit and rule. Its
// probe is the same pattern with every assertion removed (^ $ \b \B and lookarounds): a probe
// consumes the same characters as the rule but checks less, so wherever the rule matches a unit
// (non-empty, at unit offset i) the probe matches the document text at unit.start + i. One
// forward search of the probe through the document thus tells which units cannot match:
// those before which the next probe match starts at or past the unit's end. Such units skip
// the rule; the others run it as before. The probe only ever skips, never decides a match.
//
// Null (no prefilter: the rule runs on every unit) for anything this reader is not sure of:
// backreferences (a dropped lookahead can hold the group they refer to), a quantified
// assertion, a pattern the result of which does not compile.

import { closingParen } from '../codebook/rules/regex-safety.ts';

/** The probe of a regex (the pattern without assertions, same flags), or null. */
export function regexProbe(re: RegExp): RegExp | null {
  const src = re.source;
  let out = '';
  let inClass = false;
  for (let k = 0; k < src.length; k++) {
    const c = src[k]!;
    if (c === '\\') {
      const d = src[k + 1];
      if (d === undefined) return null;
      if (!inClass && (d === 'b' || d === 'B')) {
        if (quantified(src, k + 2)) return null;
        k++;
        continue;
      }
      // \1..\9 and \k<name>: backreferences (in a class \1 is an octal escape, still refuse).
      if ((d >= '1' && d <= '9') || d === 'k') return null;
      out += c + d;
      k++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      continue;
    }
    if (c === '^' || c === '$') {
      if (quantified(src, k + 1)) return null;
      continue;
    }
    if (c === '(' && src[k + 1] === '?' && (src[k + 2] === '=' || src[k + 2] === '!' || (src[k + 2] === '<' && (src[k + 3] === '=' || src[k + 3] === '!')))) {
      const close = closingParen(src, k);
      if (close < 0 || quantified(src, close + 1)) return null;
      k = close;
      continue;
    }
    out += c;
  }
  if (re.flags.includes('v')) return null; // class syntax this reader does not follow
  try {
    return new RegExp(out, re.flags.includes('g') ? re.flags : re.flags + 'g');
  } catch {
    return null;
  }
}

function quantified(src: string, k: number): boolean {
  const q = src[k];
  return q === '*' || q === '+' || q === '?' || q === '{';
}

/** True when text[at] .. text[at - 1] or text[at - 1] .. text[at] is a surrogate pair that the
 *  offset `at` cuts: there a unicode regex sees a lone surrogate in the unit's text but one code
 *  point in the document, so the probe says nothing about it. */
export function cutsPair(text: string, at: number): boolean {
  if (at <= 0 || at >= text.length) return false;
  const a = text.charCodeAt(at - 1);
  const b = text.charCodeAt(at);
  return a >= 0xd800 && a <= 0xdbff && b >= 0xdc00 && b <= 0xdfff;
}

interface ProbeGroup {
  /** null: no probe, the slots run on every unit. */
  probe: RegExp | null;
  /** Indexes into the gate's regex list. */
  slots: number[];
  /** Where the probe was last searched from, and where its next match starts (Infinity: no
   *  match after `from`); -1 = not searched in this text. */
  from: number;
  at: number;
}

/** The regex rules of a plan behind their probes. Probes with the same flags are searched as one
 *  alternation (one pass through the text for all of them): a unit that none of them reaches
 *  skips every regex rule; a unit that one of them reaches runs all the rules of that group. */
export class RegexGate {
  /** After check(): 1 where the regex at that index may match the unit, else 0. */
  readonly live: Uint8Array;
  private readonly groups: ProbeGroup[] = [];
  private serial = -1;

  constructor(regexes: ReadonlyArray<RegExp>) {
    this.live = new Uint8Array(regexes.length);
    const byFlags = new Map<string, Array<{ probe: RegExp; slot: number }>>();
    regexes.forEach((re, slot) => {
      const probe = regexProbe(re);
      if (probe === null) this.groups.push({ probe: null, slots: [slot], from: -1, at: -1 });
      else byFlags.set(probe.flags, [...(byFlags.get(probe.flags) ?? []), { probe, slot }]);
    });
    for (const [flags, members] of byFlags) {
      let combined: RegExp | null = null;
      if (members.length > 1) {
        try {
          combined = new RegExp(members.map((m) => `(?:${m.probe.source})`).join('|'), flags);
        } catch {
          combined = null; // e.g. the same group name in two patterns: search them one by one
        }
      }
      if (combined !== null) this.groups.push({ probe: combined, slots: members.map((m) => m.slot), from: -1, at: -1 });
      else for (const m of members) this.groups.push({ probe: m.probe, slots: [m.slot], from: -1, at: -1 });
    }
  }

  /** A new document text (one per Matcher.codeUnits call, told by `serial`): positions are void. */
  startText(serial: number): void {
    if (this.serial === serial) return;
    this.serial = serial;
    for (const g of this.groups) g.from = g.at = -1;
  }

  /** Fills `live` for the unit text[start, end); true when some regex may match it. The probes
   *  move forward through the text as units do; a unit before a probe's last position searches
   *  anew from its start. */
  check(text: string, start: number, end: number): boolean {
    let any = false;
    for (const g of this.groups) {
      let live: boolean;
      const probe = g.probe;
      if (probe === null) live = true;
      else if (end <= start) live = false; // an empty unit has only empty matches, which code nothing
      else if (probe.unicode && (cutsPair(text, start) || cutsPair(text, end))) live = true;
      else {
        if (!(start >= g.from && start <= g.at)) {
          probe.lastIndex = start;
          const m = probe.exec(text);
          g.from = start;
          g.at = m === null ? Infinity : m.index;
        }
        live = g.at < end;
      }
      for (const s of g.slots) this.live[s] = live ? 1 : 0;
      if (live) any = true;
    }
    return any;
  }
}
