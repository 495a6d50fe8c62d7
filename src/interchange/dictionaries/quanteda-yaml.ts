// quanteda's YAML dictionaries: a mapping from category names to lists of patterns, nested to
// any depth (newsmap: region → sub-region → ISO code → patterns):
//
//   A CATEGORY: [more, lamb, little]
//   AFRICA:
//     EAST:
//       'BI': [Burundi, Burundian*, Bujumbura]
//
// A single pattern may be written as a scalar. Numbers become their text ("911").
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { DEFAULT_SOURCE, DictionaryBuilder, q, type Dictionary, type Source } from './model.ts';

export function readQuantedaYaml(text: string, source: Source = DEFAULT_SOURCE): Dictionary {
  const b: DictionaryBuilder = new DictionaryBuilder('quanteda', source);
  const lines = new LineCounter();
  const doc = parseDocument(text.replace(/^\uFEFF/, ''), { lineCounter: lines, uniqueKeys: true, schema: 'core' });
  const lineOf = (node: Node | null | undefined) => (node?.range ? lines.linePos(node.range[0]).line : 1);
  for (const e of doc.errors) {
    const line = lines.linePos(e.pos[0]).line;
    b.fail(line, e.code === 'DUPLICATE_KEY' ? 'duplicate category name, expected each name once in a mapping' : `expected valid YAML: ${e.message.split('\n')[0]}`);
  }
  const root = doc.contents;
  if (!isMap(root)) b.fail(lineOf(root as Node | null), 'expected a mapping of category names to lists of patterns');

  const walk = (node: unknown, path: string[], line: number): void => {
    if (isMap(node)) {
      if (node.items.length === 0) b.category(path, line);
      for (const pair of node.items) {
        const key = pair.key;
        if (!isScalar(key) || key.value === null || typeof key.value === 'object') {
          b.fail(lineOf(key as Node), 'expected a category name (a string)');
        }
        const name = String(key.value).trim();
        if (name === '') b.fail(lineOf(key), 'expected a non-empty category name');
        walk(pair.value, [...path, name], lineOf(key));
      }
      return;
    }
    if (path.length === 0) return;
    if (node === null || (isScalar(node) && node.value === null)) {
      b.category(path, line);
      return;
    }
    const items = isSeq(node) ? node.items : [node];
    b.category(path, line);
    for (const item of items) {
      if (!isScalar(item) || item.value === null || typeof item.value === 'object') {
        b.fail(lineOf(item as Node), `expected a pattern (a string) in ${q(path.join(' > '))}`);
      }
      b.entry(path, String(item.value), lineOf(item));
    }
  };
  walk(root, [], 1);
  return b.build();
}
