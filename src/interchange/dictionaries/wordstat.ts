// WordStat .cat: categories and entries nested by tab indentation; entries carry a weight
// "(1)", and `_` joins the words of a phrase:
//
//   NEGATIVE
//   \tABANDON (1)
//   SOUTH
//   \tZA
//   \t\tSOUTH_AFRICA (1)
//   \t\tS African* (1)
//
// A line is a category when the next line is indented deeper; otherwise it is an entry of
// the category above it (a top-level line without a weight is an empty category).
// Indentation is counted in tabs; spaces before or between the tabs are padding (quanteda's
// fixture issue-459.cat writes "   \t\t"); a file indented with spaces only uses 4 per level.
import { DEFAULT_SOURCE, DictionaryBuilder, q, splitLines, type Dictionary, type Source } from './model.ts';

const WEIGHT = /\s*\(\s*(-?\d+(?:\.\d+)?)\s*\)\s*$/;

interface Line {
  no: number;
  level: number;
  text: string;
}

function level(indent: string): number {
  const tabs = indent.split('\t').length - 1;
  return tabs > 0 ? tabs : Math.ceil(indent.length / 4);
}

export function readWordstatCat(text: string, source: Source = DEFAULT_SOURCE): Dictionary {
  const b: DictionaryBuilder = new DictionaryBuilder('wordstat', source);
  const lines: Line[] = [];
  for (const { no, text: raw } of splitLines(text)) {
    if (raw.trim() === '') continue;
    const indent = /^[\t ]*/.exec(raw)![0];
    lines.push({ no, level: level(indent), text: raw.trim() });
  }
  if (lines.length === 0) b.fail(1, 'expected a WordStat dictionary with at least one category, got an empty file');
  const stack: string[] = [];
  const weights = new Set<string>();
  lines.forEach((line, i) => {
    if (line.level > stack.length) {
      b.fail(line.no, `expected at most ${stack.length} tab(s) of indentation (one deeper than the category above), got ${line.level}`);
    }
    stack.length = line.level;
    const next = lines[i + 1];
    const w = WEIGHT.exec(line.text);
    const name = w ? line.text.slice(0, w.index).trim() : line.text;
    if (next !== undefined && next.level > line.level) {
      if (w) b.warn(line.no, `category ${q(name)} has a weight (${w[1]}), ignored`);
      stack.push(name);
      b.category([...stack], line.no);
      return;
    }
    if (line.level === 0) {
      if (w) b.fail(line.no, `expected a category name at the top level, got the entry ${q(line.text)}`);
      b.category([name], line.no);
      return;
    }
    if (w) weights.add(w[1]);
    b.entry([...stack], name.replace(/_/g, ' '), line.no);
  });
  const odd = [...weights].filter((w) => Number(w) !== 1);
  if (odd.length > 0) b.notes.push(`WordStat weights other than 1 (${odd.join(', ')}) are not kept: a rule codes or does not.`);
  return b.build();
}
