// YAML → plain value, keeping the node tree so that any key path can be mapped back to the
// line and column of the node that holds it.
import {
  isAlias,
  isMap,
  isNode,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  visit,
  type Document,
  type Node,
} from 'yaml';
import type { Diagnostic } from './types.ts';

/** Aliases may be used (anchors for shared term lists), but not to build a "billion laughs". */
export const MAX_ALIAS_COUNT = 100;

const STANDARD_TAGS = new Set(
  ['str', 'int', 'float', 'bool', 'null', 'seq', 'map'].map((t) => `tag:yaml.org,2002:${t}`),
);

export type KeyPath = ReadonlyArray<string | number>;

export interface YamlSource {
  file: string;
  value: unknown;
  /** 1-based position of the node at `path` (of its key when `key` is set); falls back to the
   *  deepest node that exists, so a missing key points at the mapping that lacks it. */
  position(path: KeyPath, key?: boolean): { line: number; column: number };
}

/** A codebook is about 7 levels deep; nesting far past that is an attack or a mistake, and
 *  the YAML library and toJS recurse once per level. */
export const MAX_DEPTH = 64;
/** Problems listed per codebook: past this, more lines help nobody (and a crafted file could
 *  produce millions). */
export const MAX_DIAGNOSTICS = 50;
/** Aliases share one value, but whoever walks the result (the validator, the version hash, the
 *  stored JSON) walks it once per alias: the expanded size is bounded, as values + characters. */
export const MAX_EXPANDED = 15 * 1024 * 1024;

/** Why a file is not usable YAML: the first MAX_DIAGNOSTICS problems, and how many more. */
export interface YamlProblems {
  diagnostics: Diagnostic[];
  omitted: number;
}

export function readYaml(source: string, file: string): YamlSource | YamlProblems {
  const lineCounter = new LineCounter();
  // uniqueKeys is checked below in one pass: the library's check is quadratic in a map's keys.
  const doc = parseDocument(source, { lineCounter, uniqueKeys: false, prettyErrors: false, schema: 'core' });
  const at = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const diagnostics: Diagnostic[] = [];
  let omitted = 0;
  const add = (offset: number, message: string) => {
    if (diagnostics.length < MAX_DIAGNOSTICS) diagnostics.push({ file, ...at(offset), path: '', message });
    else omitted++;
  };
  const problems = (): YamlProblems => ({ diagnostics: diagnostics.sort((a, b) => a.line - b.line || a.column - b.column), omitted });
  for (const e of doc.errors) {
    const what = /Maximum call stack size exceeded/.test(e.message)
      ? `YAML nested too deeply, expected at most ${MAX_DEPTH} levels of lists and mappings`
      : `YAML syntax error: ${e.message.length > 300 ? e.message.slice(0, 297) + '...' : e.message}`;
    add(e.pos[0], what);
  }
  for (const w of doc.warnings) {
    if (w.code === 'TAG_RESOLVE_FAILED') {
      add(w.pos[0], `unexpected custom tag ${JSON.stringify(source.slice(w.pos[0], Math.min(w.pos[1], w.pos[0] + 60)).trim())}, expected plain YAML values`);
    }
  }
  if (diagnostics.length > 0) return problems();

  // One iterative walk of the node tree (no recursion: it runs before anything that recurses):
  // depth, duplicate keys, non-scalar keys, tags, and whether there are aliases at all.
  let aliases = 0;
  const stack: Array<{ node: unknown; depth: number }> = [{ node: doc.contents, depth: 1 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (node === null || node === undefined) continue;
    if (isAlias(node)) {
      aliases++;
      continue;
    }
    if (isNode(node) && node.tag && !STANDARD_TAGS.has(node.tag) && node.range) {
      add(node.range[0], `unexpected tag ${JSON.stringify(node.tag.slice(0, 60))}, expected plain YAML values`);
    }
    if (!isMap(node) && !isSeq(node)) continue;
    if (depth > MAX_DEPTH) {
      add(node.range?.[0] ?? 0, `YAML nested too deeply, expected at most ${MAX_DEPTH} levels of lists and mappings`);
      break;
    }
    if (isSeq(node)) {
      for (let i = node.items.length - 1; i >= 0; i--) stack.push({ node: node.items[i], depth: depth + 1 });
      continue;
    }
    const seen = new Set<string>();
    const children: unknown[] = [];
    for (const pair of node.items) {
      const key = pair.key as Node | null;
      const offset = key?.range?.[0] ?? node.range?.[0] ?? 0;
      if (key !== null && !isScalar(key)) {
        add(offset, `unexpected ${isAlias(key) ? 'alias' : 'list or mapping'} as a key, expected a plain key`);
        continue;
      }
      const name = String(key?.value ?? null);
      if (seen.has(name)) {
        add(offset, `duplicate key ${JSON.stringify(name.length > 60 ? name.slice(0, 57) + '...' : name)}, expected each key at most once in a mapping`);
      }
      seen.add(name);
      children.push(key, pair.value);
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i], depth: depth + 1 });
  }
  if (diagnostics.length > 0) return problems();

  let value: unknown;
  const firstAlias = () => {
    let offset = 0;
    visit(doc, { Alias(_k, node) { offset = node.range?.[0] ?? 0; return visit.BREAK; } });
    return at(offset);
  };
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    return { diagnostics: [{ file, ...firstAlias(), path: '', message: `YAML aliases expand too much (${(e as Error).message}), expected at most ${MAX_ALIAS_COUNT} alias expansions` }], omitted: 0 };
  }
  if (aliases > 0 && expandedSize(value, MAX_EXPANDED) > MAX_EXPANDED) {
    return { diagnostics: [{ file, ...firstAlias(), path: '', message: `YAML aliases expand the codebook to more than ${MAX_EXPANDED} values and characters (or into a cycle), expected a codebook that is not much larger once its aliases are expanded` }], omitted: 0 };
  }
  return { file, value, position: (path, key = false) => at(offsetOf(doc, path, key)) };
}

/** Values + string characters of a JS value, walking shared (aliased) parts once per use;
 *  stops past `limit`, so a cycle ends too. */
function expandedSize(value: unknown, limit: number): number {
  let size = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0 && size <= limit) {
    const v = stack.pop();
    size++;
    if (typeof v === 'string') size += v.length;
    else if (Array.isArray(v)) for (const x of v) stack.push(x);
    else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) (size += k.length), stack.push(x);
  }
  return size;
}

function offsetOf(doc: Document, path: KeyPath, key: boolean): number {
  let node: unknown = doc.contents;
  let best = (node as Node | null)?.range?.[0] ?? 0;
  for (let i = 0; i < path.length; i++) {
    // Inside an aliased value, point at the alias (where the value is used).
    if (isAlias(node)) return best;
    const seg = path[i];
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) return best;
      const keyNode = pair.key as Node;
      const valueNode = pair.value as Node | null;
      if (last && key) return keyNode.range?.[0] ?? best;
      best = valueNode?.range?.[0] ?? keyNode.range?.[0] ?? best;
      if (!valueNode) return keyNode.range?.[0] ?? best;
      node = valueNode;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg] as Node | undefined;
      if (!item) return best;
      best = item.range?.[0] ?? best;
      node = item;
    } else {
      return best;
    }
  }
  return best;
}
