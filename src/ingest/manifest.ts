// Reads the corpus manifest (corpus/manifest.yml, .yaml or .csv): one metadata entry per file.
// Problems in single entries (no `file`, a bad date, a duplicate) become notes in `problems` and
// the run goes on; only a file that cannot be parsed at all throws a ManifestError with
// file:line:col, because then no entry can be trusted (DESIGN.md invariant 6).
import { existsSync, readFileSync } from 'node:fs';
import { basename, join, posix } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Node as YamlNode } from 'yaml';
import { META_KEYS, type DocumentMeta } from '../types.ts';

export interface ManifestEntry extends DocumentMeta {
  /** Path relative to the corpus folder, with "/" separators. */
  file: string;
  /** Columns the manifest has beyond the known ones (e.g. `origin`, `notes`). */
  extra: Record<string, string>;
}

export interface Manifest {
  /** The manifest file that was read, or null when the corpus has none. */
  path: string | null;
  /** Keyed by ManifestEntry.file. */
  entries: Map<string, ManifestEntry>;
  /** Notes for the user: skipped or doubtful entries, ignored duplicates, a missing manifest. */
  problems: string[];
}

export class ManifestError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    reason: string,
  ) {
    super(`${file}:${line}:${column}: ${reason}`);
    this.name = 'ManifestError';
  }
}

/** Looked for in this order; the first one present wins. */
export const MANIFEST_NAMES = ['manifest.yml', 'manifest.yaml', 'manifest.csv'] as const;

const META_FIELDS = META_KEYS;
type MetaField = (typeof META_FIELDS)[number];
type Field = MetaField | 'file';

const ALIASES: Record<string, Field> = {
  url: 'source_url',
  source: 'source_url',
  type: 'doc_type',
  lang: 'language',
  group: 'actor_group',
  actor: 'actor_group',
  actor_bloc: 'actor_group',
};

const DATE_SHAPE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;
// Loose BCP 47 shape: a 2–3 letter primary tag and optional subtags (en, uk, pt-BR, zh-Hans).
const LANGUAGE_SHAPE = /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$/;

/** Reads the manifest of `corpusDir`. Throws ManifestError only when the file cannot be parsed. */
export function loadManifest(corpusDir: string): Manifest {
  const present = MANIFEST_NAMES.filter((name) => existsSync(join(corpusDir, name)));
  if (present.length === 0) {
    return {
      path: null,
      entries: new Map(),
      problems: [`no manifest: expected one of ${MANIFEST_NAMES.join(', ')} in ${corpusDir}`],
    };
  }
  const [name, ...ignored] = present;
  const path = join(corpusDir, name);
  const problems: string[] = [];
  if (ignored.length > 0) {
    problems.push(`several manifests: read \`${name}\`, ignored ${ignored.map((n) => `\`${n}\``).join(', ')}`);
  }
  const rows = name.endsWith('.csv') ? readCsvRows(path, problems) : readYamlRows(path, problems);
  const entries = new Map<string, ManifestEntry>();
  for (const row of rows) {
    const entry = toEntry(row, name, problems);
    if (!entry) continue;
    if (entries.has(entry.file)) {
      problems.push(`${name}:${row.line}: duplicate entry for \`${entry.file}\`, ignored (the first one is kept)`);
      continue;
    }
    entries.set(entry.file, entry);
  }
  return { path, entries, problems };
}

/** Manifest entries whose file is not in the corpus folder (e.g. real sources not downloaded yet). */
export function missingFiles(manifest: Manifest, corpusDir: string): ManifestEntry[] {
  return [...manifest.entries.values()].filter((entry) => !existsSync(join(corpusDir, entry.file)));
}

/** Normalizes a manifest `file` value ("./a", "a\\b" → "a/b"); a path that is absolute or
 *  leaves the corpus folder gives the reason instead. */
export function normalizeManifestPath(raw: string): { file: string } | { error: string } {
  const slashed = raw.trim().replace(/\\/g, '/');
  if (slashed === '') return { error: 'empty `file`' };
  if (slashed.startsWith('/') || /^[A-Za-z]:\//.test(slashed)) {
    return { error: `Unexpected absolute path \`${raw}\`, expected a path relative to the corpus folder` };
  }
  const file = posix.normalize(slashed).replace(/^(\.\/)+/, '');
  if (file === '.' || file === '..' || file.startsWith('../') || file.endsWith('/')) {
    return { error: `Unexpected \`${raw}\`, expected a file inside the corpus folder` };
  }
  return { file };
}

/** One entry as read from the file, before validation: canonical field names → raw strings. */
interface RawRow {
  line: number;
  fields: Map<string, string | null>;
  /** Line of each field, where it differs from `line` (YAML puts one field per line). */
  fieldLines?: Map<string, number>;
}

function toEntry(row: RawRow, name: string, problems: string[]): ManifestEntry | null {
  const where = `${name}:${row.line}`;
  const at = (key: string | undefined) => `${name}:${(key && row.fieldLines?.get(key)) ?? row.line}`;
  const meta: Record<MetaField, string | null> = {
    title: null,
    issuer: null,
    actor_group: null,
    country: null,
    date: null,
    doc_type: null,
    language: null,
    source_url: null,
  };
  const extra: Record<string, string> = {};
  let file: string | null = null;
  const seen = new Map<Field, string>();
  const keyOf = new Map<Field, string>();
  for (const [key, rawValue] of row.fields) {
    const value = rawValue?.trim() || null;
    const field = canonicalField(key);
    if (field === null) {
      if (value !== null) extra[key] = value;
      continue;
    }
    const earlier = seen.get(field);
    if (earlier !== undefined) {
      problems.push(`${at(key)}: \`${key}\` repeats \`${earlier}\` (both mean \`${field}\`), ignored`);
      continue;
    }
    seen.set(field, key);
    keyOf.set(field, key);
    if (field === 'file') file = value;
    else meta[field] = value;
  }
  if (file === null) {
    problems.push(`${where}: entry without \`file\`, skipped`);
    return null;
  }
  const path = normalizeManifestPath(file);
  if ('error' in path) {
    problems.push(`${where}: ${path.error}, skipped`);
    return null;
  }
  if (meta.date !== null && !isValidDate(meta.date)) {
    problems.push(`${at(keyOf.get('date'))}: Unexpected date \`${meta.date}\` for \`${path.file}\`, expected YYYY, YYYY-MM or YYYY-MM-DD; date left empty`);
    meta.date = null;
  }
  if (meta.language !== null && !LANGUAGE_SHAPE.test(meta.language)) {
    problems.push(`${at(keyOf.get('language'))}: Unexpected language \`${meta.language}\` for \`${path.file}\`, expected a BCP 47 tag such as en, uk or zh-Hans; kept as written`);
  }
  return { file: path.file, ...meta, extra };
}

function canonicalField(key: string): Field | null {
  const k = key.trim().toLowerCase().replace(/[\s-]+/g, '_');
  if (k === 'file' || (META_FIELDS as readonly string[]).includes(k)) return k as Field;
  return ALIASES[k] ?? null;
}

function isValidDate(date: string): boolean {
  const m = DATE_SHAPE.exec(date);
  if (!m) return false;
  const [, year, month, day] = m;
  if (month === undefined) return true;
  const mm = Number(month);
  if (mm < 1 || mm > 12) return false;
  if (day === undefined) return true;
  const daysInMonth = new Date(Date.UTC(Number(year), mm, 0)).getUTCDate();
  return Number(day) >= 1 && Number(day) <= daysInMonth;
}

// ---- YAML ---------------------------------------------------------------------------------

// The failsafe schema reads every scalar as a string, so `date: 2024-03-21` stays exactly that
// text (no Date, no number); plain `~`, `null` and empty values still mean "no value".
const YAML_NULLS = new Set(['', '~', 'null', 'Null', 'NULL']);

function readYamlRows(path: string, problems: string[]): RawRow[] {
  const name = basename(path);
  const source = readFileSync(path, 'utf8');
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { schema: 'failsafe', lineCounter, prettyErrors: false });
  const at = (offset: number) => lineCounter.linePos(offset);
  const firstError = doc.errors[0];
  if (firstError) {
    const { line, col } = at(firstError.pos[0]);
    throw new ManifestError(name, line, col, firstError.message.split('\n')[0]);
  }
  const root = doc.contents;
  if (root === null || (isScalar(root) && YAML_NULLS.has(String(root.value)))) {
    problems.push(`${name}: the manifest is empty, expected a \`documents:\` list`);
    return [];
  }
  if (!isMap(root)) {
    const { line, col } = at(root.range?.[0] ?? 0);
    throw new ManifestError(name, line, col, `Unexpected ${describe(root)} at the top, expected a mapping with a \`documents:\` list`);
  }
  let list: YamlNode | null | undefined;
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (key === 'documents') list = pair.value as YamlNode | null;
    else problems.push(`${name}:${at(keyOffset(pair.key)).line}: Unexpected top-level key \`${key}\`, expected only \`documents\`; ignored`);
  }
  if (list === undefined) {
    const { line, col } = at(root.range?.[0] ?? 0);
    throw new ManifestError(name, line, col, 'Missing `documents:`, expected a list of entries under it');
  }
  if (list === null || (isScalar(list) && YAML_NULLS.has(String(list.value)))) return [];
  if (!isSeq(list)) {
    const { line, col } = at(list.range?.[0] ?? 0);
    throw new ManifestError(name, line, col, `Unexpected ${describe(list)} under \`documents:\`, expected a list of entries (\`- file: ...\`)`);
  }
  const rows: RawRow[] = [];
  for (const item of list.items) {
    const node = item as YamlNode | null;
    const line = at(node?.range?.[0] ?? list.range?.[0] ?? 0).line;
    if (!isMap(node)) {
      problems.push(`${name}:${line}: Unexpected ${describe(node)} in \`documents\`, expected a mapping (\`file: ...\`); skipped`);
      continue;
    }
    const fields = new Map<string, string | null>();
    const fieldLines = new Map<string, number>();
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      fieldLines.set(key, at(keyOffset(pair.key)).line);
      const value = pair.value as YamlNode | null;
      if (value === null || (isScalar(value) && value.type === 'PLAIN' && YAML_NULLS.has(String(value.value)))) {
        fields.set(key, null);
      } else if (isScalar(value)) {
        fields.set(key, String(value.value));
      } else {
        const pos = at(value.range?.[0] ?? 0);
        problems.push(`${name}:${pos.line}: Unexpected ${describe(value)} for \`${key}\`, expected a single value; ignored`);
      }
    }
    rows.push({ line, fields, fieldLines });
  }
  return rows;
}

function keyOffset(key: unknown): number {
  return (key as YamlNode | null)?.range?.[0] ?? 0;
}

function describe(node: YamlNode | null): string {
  if (node === null) return 'an empty value';
  if (isSeq(node)) return 'a list';
  if (isMap(node)) return 'a mapping';
  return `the value \`${String((node as { value?: unknown }).value)}\``;
}

// ---- CSV ----------------------------------------------------------------------------------

function readCsvRows(path: string, problems: string[]): RawRow[] {
  const name = basename(path);
  const bytes = readFileSync(path);
  // With `info: true` each record comes with where it ends (csv-parse's types do not say so).
  type Row = { record: string[]; info: { bytes: number } };
  let records: Row[];
  try {
    records = parseCsv(bytes, {
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      // A file edited on two systems can mix line ends; accept each of them everywhere.
      record_delimiter: ['\r\n', '\n', '\r'],
    }) as unknown as Row[];
  } catch (error) {
    const e = error as { code?: string; lines?: number; message?: string };
    throw new ManifestError(name, e.lines ?? 1, 1, `${e.message ?? String(error)} (${e.code ?? 'CSV error'})`);
  }
  // csv-parse reports where a record *ends*; a problem note should point at where it starts.
  const lineStarts = startLines(bytes, records.map((r) => r.info.bytes));
  const [head, ...body] = records;
  if (!head) {
    problems.push(`${name}: the manifest is empty, expected a header row with a \`file\` column`);
    return [];
  }
  const header = head.record.map((cell) => cell.trim());
  const fileColumn = header.findIndex((cell) => canonicalField(cell) === 'file');
  if (fileColumn < 0) {
    throw new ManifestError(name, lineStarts[0], 1, `Unexpected header \`${header.join(',')}\`, expected a \`file\` column`);
  }
  header.forEach((column, j) => {
    if (header.indexOf(column) !== j) {
      problems.push(`${name}:${lineStarts[0]}: column \`${column}\` appears twice in the header, its column ${j + 1} is ignored`);
    }
  });
  const rows: RawRow[] = [];
  for (const [i, { record }] of body.entries()) {
    const line = lineStarts[i + 1];
    if (record.length !== header.length) {
      // Most often an unquoted comma inside a title: every later field is shifted, so the
      // row cannot be trusted; the rest of the manifest can.
      problems.push(
        `${name}:${line}: Unexpected ${record.length} fields, expected ${header.length} as in the header (a comma inside an unquoted value?); row skipped`,
      );
      continue;
    }
    const fields = new Map<string, string | null>();
    header.forEach((column, j) => {
      if (!fields.has(column)) fields.set(column, record[j]);
    });
    rows.push({ line, fields });
  }
  return rows;
}

/** 1-based line where each record starts, given the byte offset where each one ends. */
function startLines(bytes: Uint8Array, ends: number[]): number[] {
  const starts: number[] = [];
  let offset = 0;
  let line = 1;
  const LF = 0x0a;
  const CR = 0x0d;
  const lineAt = (target: number) => {
    for (; offset < target; offset++) {
      if (bytes[offset] === LF || (bytes[offset] === CR && bytes[offset + 1] !== LF)) line++;
    }
    return line;
  };
  let previousEnd = 0;
  for (const end of ends) {
    let start = previousEnd;
    while (start < end && (bytes[start] === LF || bytes[start] === CR)) start++;
    starts.push(lineAt(start));
    previousEnd = end;
  }
  return starts;
}
