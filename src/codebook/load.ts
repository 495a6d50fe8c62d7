// Codebook file → validated, normalized Codebook, or a CodebookError listing every problem
// with file:line:column, key path, and what was expected vs found.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { z } from 'zod';
import type { SegmentKind } from '../types.ts';
import { describe, formatPath, suggestion } from './explain.ts';
import { codebookVersion } from './hash.ts';
import { RULE_TYPES, ruleModule } from './rules/index.ts';
import { codebookSchema, codeSchema, exampleSchema, groupSchema, keysOf } from './schema.ts';
import {
  CodebookError,
  type Code,
  type Codebook,
  type CodeGroup,
  type Diagnostic,
  type Example,
  type Rule,
} from './types.ts';
import { MAX_DIAGNOSTICS, readYaml, type KeyPath, type YamlSource } from './yaml-source.ts';

export const MAX_CODEBOOK_BYTES = 5 * 1024 * 1024;

export function loadCodebook(file: string): Codebook {
  return parseCodebook(readCodebookFile(file), file);
}

/** The file's text, refused with a location when it is not a regular file of UTF-8 text of at
 *  most MAX_CODEBOOK_BYTES (read through a bounded buffer: a FIFO or /dev/zero never ends). */
export function readCodebookFile(file: string): string {
  const fail = (message: string, line = 1, column = 1) => new CodebookError([{ file, line, column, path: '', message }]);
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    throw fail(`cannot read the codebook (${(e as Error).message}), expected a readable YAML file`);
  }
  let bytes: Buffer;
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw fail('expected a codebook file, got a directory');
    if (!st.isFile()) throw fail('expected a codebook file, got a device, pipe or socket');
    if (st.size > MAX_CODEBOOK_BYTES) throw tooLarge(file, st.size);
    const buf = Buffer.alloc(Math.min(st.size, MAX_CODEBOOK_BYTES) + 1);
    let n = 0;
    for (let r = 1; r > 0 && n < buf.length; n += r) r = readSync(fd, buf, n, buf.length - n, null);
    if (n > MAX_CODEBOOK_BYTES) throw tooLarge(file, n);
    bytes = buf.subarray(0, n);
  } catch (e) {
    if (e instanceof CodebookError) throw e;
    throw fail(`cannot read the codebook (${(e as Error).message}), expected a readable YAML file`);
  } finally {
    closeSync(fd);
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw fail('expected UTF-8 text, got UTF-16 (it starts with a UTF-16 byte order mark); save the codebook as UTF-8');
  }
  const bad = firstInvalidUtf8(bytes);
  if (bad >= 0) {
    const before = bytes.subarray(0, bad).toString('utf8');
    const line = before.split('\n').length;
    const column = before.length - before.lastIndexOf('\n');
    throw fail(`expected UTF-8 text, got the byte 0x${bytes[bad].toString(16).padStart(2, '0')} (is the file in another encoding, such as Latin-1 or Windows-1252?)`, line, column);
  }
  return bytes.toString('utf8');
}

/** Offset of the first byte that is not part of a well-formed UTF-8 sequence, or -1. */
export function firstInvalidUtf8(b: Uint8Array): number {
  for (let i = 0; i < b.length; ) {
    const c = b[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    const n = c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (n < 0) return i;
    // the second byte's range excludes overlongs (E0, F0), surrogates (ED) and > U+10FFFF (F4)
    const lo = c === 0xe0 ? 0xa0 : c === 0xf0 ? 0x90 : 0x80;
    const hi = c === 0xed ? 0x9f : c === 0xf4 ? 0x8f : 0xbf;
    if (i + n >= b.length || b[i + 1] < lo || b[i + 1] > hi) return i;
    for (let k = 2; k <= n; k++) if (b[i + k] < 0x80 || b[i + k] > 0xbf) return i;
    i += n + 1;
  }
  return -1;
}

export function parseCodebook(source: string, file: string): Codebook {
  const bytes = Buffer.byteLength(source, 'utf8');
  if (bytes > MAX_CODEBOOK_BYTES) throw tooLarge(file, bytes);
  const yaml = readYaml(source.replace(/^\uFEFF/, ''), file);
  if ('diagnostics' in yaml) throw new CodebookError(yaml.diagnostics, yaml.omitted);
  const v = new Validator(yaml);
  const codebook = v.codebook();
  if (v.diagnostics.length > 0 || codebook === null) throw new CodebookError(v.sorted(), v.omitted);
  return codebook;
}

function tooLarge(file: string, size: number): CodebookError {
  const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
  return new CodebookError([{ file, line: 1, column: 1, path: '', message: `expected a codebook of at most ${mb(MAX_CODEBOOK_BYTES)} MB, got ${mb(size)} MB` }]);
}

/** "a, b, c" for an "expected one of" list, cut short when the list is long. */
function oneOf(items: readonly string[], max = 20): string {
  const listed = items.slice(0, max).map(short).join(', ');
  return items.length <= max ? listed : `${listed}, ... (${items.length} in all)`;
}

class Validator {
  readonly diagnostics: Diagnostic[] = [];
  /** Problems found past MAX_DIAGNOSTICS (counted, not described). */
  omitted = 0;
  constructor(private readonly src: YamlSource) {}

  sorted(): Diagnostic[] {
    return [...this.diagnostics].sort((a, b) => a.line - b.line || a.column - b.column);
  }

  /** `message` may be a function: it is only worded (did-you-mean, long lists) when listed. */
  report(path: KeyPath, message: string | (() => string), atKey = false): void {
    if (this.diagnostics.length >= MAX_DIAGNOSTICS) {
      this.omitted++;
      return;
    }
    const { line, column } = this.src.position(path, atKey);
    const text = typeof message === 'string' ? message : message();
    this.diagnostics.push({ file: this.src.file, line, column, path: formatPath(path), message: text });
  }

  valueAt(path: KeyPath): unknown {
    let v: unknown = this.src.value;
    for (const seg of path) {
      if (v === null || typeof v !== 'object') return undefined;
      v = (v as Record<string | number, unknown>)[seg];
    }
    return v;
  }

  /** Validate the value at `path` against one strict object schema. */
  check<S extends z.ZodObject>(schema: S, path: KeyPath, what: string): z.infer<S> | null {
    const value = this.valueAt(path);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      this.report(path, `expected ${what} (a mapping), got ${describe(value)}`);
      return null;
    }
    const result = schema.safeParse(value);
    if (result.success) return result.data;
    const unknown = new Set<string>();
    for (const issue of result.error.issues) {
      const at = [...path, ...(issue.path as Array<string | number>)];
      if (issue.code === 'unrecognized_keys') {
        const known = keysOf(schema);
        for (const k of issue.keys) {
          this.report([...at, k], () => `unknown key ${JSON.stringify(short(k))}, expected one of ${known.join(', ')}${suggestion(k, known)}`, true);
          if (issue.path.length === 0) unknown.add(k);
        }
      } else {
        this.report(at, `${issue.message}, got ${describe(this.valueAt(at))}`);
      }
    }
    // Only unknown keys: go on without them, so that deeper problems are reported too.
    if (unknown.size === result.error.issues.reduce((n, i) => n + (i.code === 'unrecognized_keys' ? i.keys.length : 1), 0)) {
      const rest = Object.fromEntries(Object.entries(value).filter(([k]) => !unknown.has(k)));
      const again = schema.safeParse(rest);
      if (again.success) return again.data;
    }
    return null;
  }

  codebook(): Codebook | null {
    const checked = this.check(codebookSchema, [], 'a codebook');
    // Go on with the raw groups and codes when top-level keys are wrong: report everything.
    const raw = (checked ?? this.valueAt([])) as Record<string, unknown> | null;
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return null;
    const list = (key: string) => (Array.isArray(raw[key]) ? (raw[key] as unknown[]) : []);
    const unit: SegmentKind = raw.unit === 'paragraph' ? 'paragraph' : 'sentence';

    const groups: CodeGroup[] = [];
    const groupLines = new Map<string, number>();
    list('groups').forEach((_, i) => {
      const g = this.check(groupSchema, ['groups', i], 'a group');
      if (g === null) return;
      if (groupLines.has(g.id)) {
        this.report(['groups', i, 'id'], `duplicate group id ${JSON.stringify(short(g.id))}, first defined at line ${groupLines.get(g.id)}`);
        return;
      }
      groupLines.set(g.id, this.src.position(['groups', i, 'id']).line);
      groups.push({ id: g.id, label: g.label, description: g.description ?? null });
    });
    const groupIds = [...groupLines.keys()];

    const codes: Code[] = [];
    const codeLines = new Map<string, number>();
    const ruleLines = new Map<string, number>();
    list('codes').forEach((_, i) => {
      const at = (...rest: Array<string | number>) => ['codes', i, ...rest];
      const c = this.check(codeSchema, ['codes', i], 'a code');
      // Cross-checks and nested items run on the raw code even when its own keys are wrong,
      // so that one typo does not hide the other problems.
      const raw = (c ?? this.valueAt(['codes', i])) as Record<string, unknown> | null;
      if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return;
      const codeId = typeof raw.id === 'string' ? raw.id : `codes[${i}]`;
      if (typeof raw.id === 'string') {
        if (codeLines.has(raw.id)) {
          this.report(at('id'), `duplicate code id ${JSON.stringify(short(raw.id))}, first defined at line ${codeLines.get(raw.id)}`);
        } else {
          codeLines.set(raw.id, this.src.position(at('id')).line);
        }
      }
      if (typeof raw.group === 'string' && groupIds.length > 0 && !groupLines.has(raw.group)) {
        const group = raw.group;
        this.report(at('group'), () => `unknown group ${JSON.stringify(short(group))}, expected one of ${oneOf(groupIds)}${suggestion(group, groupIds)}`);
      }
      const items = (key: string) => (Array.isArray(raw[key]) ? (raw[key] as unknown[]) : []);
      const examples = items('examples').map((_, j) => this.example(at('examples', j)));
      const counterexamples = items('counterexamples').map((_, j) => this.example(at('counterexamples', j)));
      const rules: Rule[] = [];
      items('rules').forEach((_, j) => {
        const rule = this.rule(at('rules', j), codeId, j, unit);
        if (rule === null) return;
        const line = this.src.position(at('rules', j)).line;
        if (ruleLines.has(rule.id)) {
          this.report(at('rules', j), `duplicate rule id ${JSON.stringify(short(rule.id))}, first used at line ${ruleLines.get(rule.id)}`);
        } else {
          ruleLines.set(rule.id, line);
        }
        rules.push(rule);
      });
      if (c === null) return;
      codes.push({
        id: c.id,
        label: c.label,
        group: c.group,
        definition: c.definition,
        include: c.include ?? [],
        exclude: c.exclude ?? [],
        examples: examples.filter((e): e is Example => e !== null),
        counterexamples: counterexamples.filter((e): e is Example => e !== null),
        rules,
      });
    });
    if (this.diagnostics.length > 0 || checked === null) return null;
    const top = checked;

    const body = {
      id: top.codebook,
      title: top.title,
      description: top.description ?? null,
      languages: top.languages ?? [],
      unit,
      groups,
      codes,
    };
    return { ...body, version: codebookVersion(body), file: this.src.file };
  }

  example(path: KeyPath): Example | null {
    const value = this.valueAt(path);
    if (typeof value === 'string') {
      if (value.trim() === '') {
        this.report(path, 'expected a non-empty example, got ""');
        return null;
      }
      return { text: value, lang: null, source: null, note: null };
    }
    const e = this.check(exampleSchema, path, 'an example: a string or {text, lang?, source?, note?}');
    if (e === null) return null;
    return { text: e.text, lang: e.lang ?? null, source: e.source ?? null, note: e.note ?? null };
  }

  rule(path: KeyPath, codeId: string, index: number, defaultUnit: SegmentKind): Rule | null {
    const value = this.valueAt(path);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      this.report(path, `expected a rule (a mapping with a type), got ${describe(value)}`);
      return null;
    }
    const type = (value as Record<string, unknown>).type;
    if (typeof type !== 'string' || !(RULE_TYPES as string[]).includes(type)) {
      const known = RULE_TYPES.join(', ');
      const verb = type === undefined ? 'expected a rule type' : 'unknown rule type';
      this.report([...path, 'type'], () => `${verb}, expected one of ${known}, got ${describe(type)}${typeof type === 'string' ? suggestion(type, RULE_TYPES) : ''}`);
      return null;
    }
    const mod = ruleModule(type as Rule['type']);
    const parsed = this.check(mod.schema as z.ZodObject, path, `a ${type} rule`);
    if (parsed === null) return null;
    const p = parsed as Record<string, unknown>;
    const rule = mod.normalize(p, {
      id: (p.id as string | undefined) ?? `${codeId}.${type}${index}`,
      lang: (p.lang as string | undefined) ?? null,
      unit: (p.unit as SegmentKind | undefined) ?? defaultUnit,
    });
    const issues = mod.check(rule);
    for (const issue of issues) this.report([...path, ...issue.path], issue.message);
    return issues.length === 0 ? rule : null;
  }
}

/** A name quoted in a message, cut to a readable length. */
function short(name: string): string {
  return name.length > 60 ? name.slice(0, 57) + '...' : name;
}
