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

export function readYaml(source: string, file: string): YamlSource | Diagnostic[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, uniqueKeys: true, prettyErrors: false, schema: 'core' });
  const at = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const diagnostics: Diagnostic[] = [];
  for (const e of doc.errors) {
    const what =
      e.code === 'DUPLICATE_KEY'
        ? `duplicate key ${JSON.stringify(keyText(source, e.pos[0]))}, expected each key at most once in a mapping`
        : `YAML syntax error: ${e.message}`;
    diagnostics.push({ file, ...at(e.pos[0]), path: '', message: what });
  }
  for (const w of doc.warnings) {
    if (w.code === 'TAG_RESOLVE_FAILED') {
      diagnostics.push({ file, ...at(w.pos[0]), path: '', message: `unexpected custom tag ${JSON.stringify(source.slice(w.pos[0], w.pos[1]).trim())}, expected plain YAML values` });
    }
  }
  if (diagnostics.length === 0) {
    visit(doc, (_key, node) => {
      if (isNode(node) && node.tag && !STANDARD_TAGS.has(node.tag) && node.range) {
        diagnostics.push({ file, ...at(node.range[0]), path: '', message: `unexpected tag ${JSON.stringify(node.tag)}, expected plain YAML values` });
      }
    });
  }
  if (diagnostics.length > 0) return diagnostics;

  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    let offset = 0;
    visit(doc, { Alias(_k, node) { offset = node.range?.[0] ?? 0; return visit.BREAK; } });
    return [{ file, ...at(offset), path: '', message: `YAML aliases expand too much (${(e as Error).message}), expected at most ${MAX_ALIAS_COUNT} alias expansions` }];
  }
  return { file, value, position: (path, key = false) => at(offsetOf(doc, path, key)) };
}

function offsetOf(doc: Document, path: KeyPath, key: boolean): number {
  let node: unknown = doc.contents;
  let best = (node as Node | null)?.range?.[0] ?? 0;
  for (let i = 0; i < path.length; i++) {
    if (isAlias(node)) node = node.resolve(doc);
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

/** The key written at `offset` (up to its colon), without quotes. */
function keyText(source: string, offset: number): string {
  const line = /^[^\n]*/.exec(source.slice(offset))![0];
  const key = line.replace(/^\s*-?\s*/, '').split(/:(\s|$)/)[0].trim();
  return key.replace(/^(["'])(.*)\1$/, '$2');
}
