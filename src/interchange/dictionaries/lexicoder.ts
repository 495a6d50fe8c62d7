// Lexicoder .lc3: "+category" lines (optionally "+category#RRGGBB", a display colour), each
// followed by its patterns, one a line:
//
//   +negative#FF0000
//    a lie
//    abandon*
//
// Flat. The LSD2015 original has CRLF endings and a leading space on every pattern.
import { DEFAULT_SOURCE, DictionaryBuilder, q, splitLines, type Dictionary, type Source } from './model.ts';

const HEADER = /^\+(.*?)(?:#[0-9A-Fa-f]{3,8})?\s*$/;

export function readLexicoderLc3(text: string, source: Source = DEFAULT_SOURCE): Dictionary {
  const b: DictionaryBuilder = new DictionaryBuilder('lexicoder', source);
  let current: string[] | null = null;
  for (const { no, text: line } of splitLines(text)) {
    if (line.trim() === '') continue;
    if (line.startsWith('+')) {
      const name = HEADER.exec(line)![1].trim();
      if (name === '') b.fail(no, `expected a category name after "+", got ${q(line.trim())}`);
      current = [name];
      b.category(current, no);
      continue;
    }
    if (current === null) b.fail(no, `expected a "+category" line before the first pattern, got ${q(line.trim())}`);
    b.entry(current, line, no);
  }
  if (current === null) b.fail(1, 'expected a Lexicoder dictionary with at least one "+category" line, got none');
  return b.build();
}
