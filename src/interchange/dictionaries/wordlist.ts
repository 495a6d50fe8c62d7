// A plain word list (Hu & Liu's opinion lexicon): one entry a line, comment lines starting
// with ";" or "#". The whole list is one category, named after the file.
import { DEFAULT_SOURCE, DictionaryBuilder, splitLines, type Dictionary, type Source } from './model.ts';

export function readWordList(text: string, source: Source = DEFAULT_SOURCE): Dictionary {
  const b: DictionaryBuilder = new DictionaryBuilder('wordlist', source);
  const path = [source.name];
  b.category(path, 1);
  for (const { no, text: line } of splitLines(text)) {
    if (line.trim() === '' || /^\s*[;#]/.test(line)) continue;
    b.entry(path, line, no);
  }
  return b.build();
}
