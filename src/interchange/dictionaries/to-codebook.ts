// Dictionary → codebook YAML (see src/codebook/README.md): one group per top-level category
// (one group for a flat dictionary), one code per category with entries, one rule per kind of
// entry. Deterministic: same dictionary, same bytes (no date, no absolute path), so a
// re-import shows up in a diff only where the dictionary changed.
//
// Entries are the word forms a dictionary lists ("abandon", "abandoned", "abandons"), so
// plain words match exactly, not by stem: stemming would widen every entry beyond what its
// authors validated. `word*` becomes a glob, several words a phrase.
import { basename } from 'node:path';
import { stringify } from 'yaml';
import { hasWildcard, isMultiWord, parsePattern } from '../../codebook/patterns.ts';
import { FORMAT_LABELS, q, type Category, type Dictionary } from './model.ts';

export interface CodebookOptions {
  /** The dictionary's file, named (base name only) in the header comment. */
  file?: string;
  /** Codebook id (default: from the dictionary's name). */
  id?: string;
  /** Language subtag: the codebook's `languages` and every rule's `lang`. */
  lang?: string;
}

export interface ImportStats {
  groups: number;
  /** Categories that became codes. */
  categories: number;
  /** Entries read (after the reader's own de-duplication). */
  entries: number;
  /** Patterns written into rules. */
  patterns: number;
  /** Entries dropped because no rule can hold them (bare `*`, symbols, empty). */
  dropped: number;
  /** Entries that became the same pattern as an earlier one (case, `_`, spacing). */
  merged: number;
}

export interface ImportResult {
  yaml: string;
  stats: ImportStats;
  /** "category: message" lines for what was dropped. */
  warnings: string[];
}

/** A safe id: lowercase ASCII letters, digits and "_" (accents dropped), or "" when nothing is left. */
export function slug(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** Unique, deterministic ids: the slug of the leaf name; the slug of the whole path where
 *  leaves collide; then _2, _3 in file order. */
export function assignIds(paths: string[][], fallback: string): string[] {
  const base = paths.map((p, i) => slug(p[p.length - 1]) || `${fallback}_${i + 1}`);
  const count = (ids: string[], id: string) => ids.filter((x) => x === id).length;
  const second = base.map((id, i) => (count(base, id) > 1 ? slug(paths[i].join('_')) || id : id));
  const used = new Set<string>();
  return second.map((id) => {
    let out = id;
    for (let n = 2; used.has(out); n++) out = `${id}_${n}`;
    used.add(out);
    return out;
  });
}

/** What a dictionary entry becomes: a pattern of one rule kind, or the reason it cannot. */
export function classifyEntry(entry: string): { kind: 'term' | 'phrase' | 'glob'; pattern: string } | { dropped: string } {
  const pattern = entry.normalize('NFC').toLowerCase().replace(/_/g, ' ').replace(/\s+/g, ' ').trim();
  if (pattern === '') return { dropped: 'empty' };
  const symbol = /\p{S}/u.exec(pattern);
  if (symbol) {
    return { dropped: `contains ${q(symbol[0])}, which is not part of any word in the text, so the pattern would match more than the entry` };
  }
  const parsed = parsePattern(pattern, { match: 'exact' });
  if (typeof parsed === 'string') return { dropped: parsed };
  if (hasWildcard(pattern)) return { kind: 'glob', pattern };
  return { kind: isMultiWord(pattern) ? 'phrase' : 'term', pattern };
}

export function convertDictionary(dict: Dictionary, opts: CodebookOptions = {}): ImportResult {
  const warnings: string[] = [];
  const stats: ImportStats = { groups: 0, categories: dict.categories.length, entries: 0, patterns: 0, dropped: 0, merged: 0 };
  const flat = dict.categories.every((c) => c.path.length === 1);
  const dictSlug = slug(dict.name) || 'dictionary';

  // Groups: the dictionary itself when flat, else each top-level category, in file order.
  const tops = flat ? [dict.name] : [...new Set(dict.categories.map((c) => c.path[0]))];
  const groupIds = flat ? [dictSlug] : assignIds(tops.map((t) => [t]), 'group');
  const groupOf = (c: Category) => (flat ? groupIds[0] : groupIds[tops.indexOf(c.path[0])]);
  const codeIds = assignIds(dict.categories.map((c) => c.path), 'category');
  stats.groups = tops.length;

  const codes = dict.categories.map((cat, i) => {
    const where = cat.path.join(' > ');
    const kinds = { term: [] as string[], phrase: [] as string[], glob: [] as string[] };
    const seen = new Set<string>();
    for (const entry of cat.entries) {
      stats.entries++;
      const c = classifyEntry(entry);
      if ('dropped' in c) {
        stats.dropped++;
        warnings.push(`${where}: dropped ${q(entry)}: ${c.dropped}`);
        continue;
      }
      if (seen.has(c.pattern)) {
        stats.merged++; // "Ливан*" and "ливан*": matching is case-insensitive anyway
        continue;
      }
      seen.add(c.pattern);
      kinds[c.kind].push(c.pattern);
      stats.patterns++;
    }
    const lang = opts.lang ? { lang: opts.lang } : {};
    const rules = [
      ...(kinds.term.length ? [{ type: 'term', ...lang, match: 'exact', terms: kinds.term }] : []),
      ...(kinds.phrase.length ? [{ type: 'phrase', ...lang, match: 'exact', phrases: kinds.phrase }] : []),
      ...(kinds.glob.length ? [{ type: 'glob', ...lang, patterns: kinds.glob }] : []),
    ];
    const origin = cat.path.length > 1 ? `category ${q(cat.path[cat.path.length - 1])} (path ${q(where)})` : `category ${q(where)}`;
    const definition =
      `Imported from ${origin} of the dictionary ${q(dict.name)}. ` +
      (rules.length === 0
        ? 'The dictionary lists no usable entries for it, so the code has no rules.'
        : 'The entries are the word forms the dictionary lists: words and phrases match exactly (no stemming); entries with * or ? match as globs.');
    return {
      id: codeIds[i],
      label: cat.path[cat.path.length - 1],
      group: groupOf(cat),
      definition,
      ...(rules.length ? { rules } : {}),
    };
  });

  const codebook = {
    codebook: opts.id ?? dictSlug,
    title: dict.name,
    description: [
      'Imported from a content-analysis dictionary (the source file and format are named in the first line).',
      'A dictionary has no examples: add anchor examples, and check the rules on real text (a run and its export) before relying on them.',
      ...dict.notes,
    ].join(' '),
    ...(opts.lang ? { languages: [opts.lang] } : {}),
    groups: tops.map((t, i) => ({ id: groupIds[i], label: t })),
    codes,
  };
  const file = opts.file ? basename(opts.file) : dict.name;
  const header = `# Imported by codeframe codebook import from ${file} (${FORMAT_LABELS[dict.format]}).\n`;
  return { yaml: header + stringify(codebook, { lineWidth: 0 }), stats, warnings };
}

/** The codebook YAML of a dictionary, deterministic. */
export function writeCodebookYaml(dict: Dictionary, opts: CodebookOptions = {}): string {
  return convertDictionary(dict, opts).yaml;
}
