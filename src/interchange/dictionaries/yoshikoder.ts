// Yoshikoder .ykd (XML): <cnode> categories nest, <pnode name="..."/> are their patterns.
// The outermost <cnode> is the dictionary itself (Yoshikoder names it "New dictionary" by
// default), so, as in quanteda, its children are the top-level categories.
//
//   <dictionary style="050805" patternengine="substring">
//     <cnode name="New dictionary">
//       <cnode name="A CATEGORY"> <pnode name="more"/> ... </cnode>
import { Parser } from 'htmlparser2';
import { DEFAULT_SOURCE, DictionaryBuilder, q, type Dictionary, type Source } from './model.ts';

export function readYoshikoderYkd(text: string, source: Source = DEFAULT_SOURCE): Dictionary {
  const b: DictionaryBuilder = new DictionaryBuilder('yoshikoder', source);
  const body = text.replace(/^\uFEFF/, '');
  const lineAt = (offset: number) => {
    let n = 1;
    for (let i = 0; i < offset && i < body.length; i++) if (body.charCodeAt(i) === 10 || (body.charCodeAt(i) === 13 && body.charCodeAt(i + 1) !== 10)) n++;
    return n;
  };
  const stack: string[] = [];
  let sawDictionary = false;
  let depth = 0; // cnode depth, including the root cnode
  const parser = new Parser(
    {
      onopentag(tag, attrs) {
        const line = lineAt(parser.startIndex);
        if (tag === 'dictionary') {
          sawDictionary = true;
          return;
        }
        if (!sawDictionary) b.fail(line, `expected <dictionary> as the root element, got <${tag}>`);
        if (tag === 'cnode') {
          depth++;
          if (depth === 1) return; // the dictionary's own node
          const name = (attrs.name ?? '').trim();
          if (name === '') b.fail(line, 'expected <cnode name="..."> with a category name');
          stack.push(name);
          b.category([...stack], line);
          return;
        }
        if (tag === 'pnode') {
          if (attrs.name === undefined) b.fail(line, 'expected <pnode name="..."> with a pattern');
          if (stack.length === 0) b.fail(line, `expected the pattern ${q(attrs.name)} inside a category <cnode>`);
          b.entry([...stack], attrs.name, line);
          return;
        }
        b.warn(line, `unknown element <${tag}>, ignored`);
      },
      onclosetag(tag) {
        if (tag === 'cnode') {
          if (depth > 1) stack.pop();
          depth--;
        }
      },
    },
    { xmlMode: true, decodeEntities: true },
  );
  parser.write(body);
  parser.end();
  if (!sawDictionary) b.fail(1, 'expected a Yoshikoder XML dictionary (<dictionary> root), got none');
  return b.build();
}
