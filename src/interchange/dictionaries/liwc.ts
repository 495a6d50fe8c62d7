// LIWC .dic: a `%`-delimited header of "number<ws>category" lines, then one entry per line
// followed by the numbers of its categories (several allowed):
//
//   %
//   01    HarmVirtue
//   02    HarmVice
//   %
//   safe*       01
//   preserve    01 07 09
//
// Flat: each category is its own path. Real files mix tabs and spaces, pad with trailing tabs,
// and write `%\t\t`; an entry may be several words ("get along  03"). LIWC2007's conditional
// categories ("like 02 134/125/464 (02 131)53") are read for their plain numbers only.
import { DEFAULT_SOURCE, DictionaryBuilder, q, splitLines, type Dictionary, type Source } from './model.ts';

const DELIMITER = /^%\s*$/;
const PLAIN_ID = /^\d+$/;
const CONDITIONAL = /^[\d()/]+$/;

/** "01" and "1" name the same category. */
const idKey = (id: string) => (PLAIN_ID.test(id) ? String(Number(id)) : id);

export function readLiwcDic(text: string, source: Source = DEFAULT_SOURCE): Dictionary {
  const b: DictionaryBuilder = new DictionaryBuilder('liwc', source);
  const names = new Map<string, string>();
  let section: 'before' | 'header' | 'body' = 'before';
  let headerLine = 0;
  for (const { no, text: line } of splitLines(text)) {
    if (line.trim() === '') continue;
    if (DELIMITER.test(line)) {
      if (section === 'before') (section = 'header'), (headerLine = no);
      else if (section === 'header') section = 'body';
      else b.fail(no, 'unexpected "%", expected an entry (the category list was closed already)');
      continue;
    }
    if (section === 'before') b.fail(no, `expected "%" to open the category list, got ${q(line.trim())}`);
    const tokens = line.trim().split(/\s+/);
    if (section === 'header') {
      const m = /^(\S+)\s+(.+?)\s*$/.exec(line.trim());
      if (!m) b.fail(no, `expected "number<TAB>category name", got ${q(line.trim())}`);
      const [, id, name] = m;
      if (names.has(idKey(id))) b.fail(no, `duplicate category number ${id}, expected each number once`);
      if ([...names.values()].includes(name)) b.fail(no, `duplicate category name ${q(name)}, expected each name once`);
      names.set(idKey(id), name);
      b.category([name], no);
      continue;
    }
    // Body: the longest run of category tokens at the end; the words before it are the entry.
    let first = tokens.length;
    while (first > 1 && CONDITIONAL.test(tokens[first - 1])) first--;
    if (first === tokens.length) {
      b.fail(no, `expected an entry followed by category numbers, got ${q(line.trim())}`);
    }
    const entry = tokens.slice(0, first).join(' ');
    const ids = tokens.slice(first);
    const conditional = ids.filter((t) => !PLAIN_ID.test(t));
    if (conditional.length > 0) {
      b.warn(no, `conditional categories ${conditional.join(' ')} of ${q(entry)} are not supported, ignored`);
    }
    for (const id of ids.filter((t) => PLAIN_ID.test(t))) {
      const name = names.get(idKey(id));
      if (name === undefined) {
        b.fail(no, `unknown category number ${id} for ${q(entry)}, expected one of ${[...names.keys()].join(', ')}`);
      }
      b.entry([name], entry, no);
    }
  }
  if (section === 'before') b.fail(1, 'expected a LIWC dictionary starting with "%", got no "%" line');
  if (section === 'header') b.fail(headerLine, 'expected a second "%" closing the category list, got the end of the file');
  return b.build();
}
