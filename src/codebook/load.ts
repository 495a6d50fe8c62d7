// Codebook file → validated, normalized Codebook, or a CodebookError listing every problem
// with file:line:column, key path, and what was expected vs found.
import { readFileSync, statSync } from 'node:fs';
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
import { readYaml, type KeyPath, type YamlSource } from './yaml-source.ts';

export const MAX_CODEBOOK_BYTES = 5 * 1024 * 1024;

export function loadCodebook(file: string): Codebook {
  let size: number;
  try {
    size = statSync(file).size;
  } catch (e) {
    throw new CodebookError([{ file, line: 1, column: 1, path: '', message: `cannot read the codebook (${(e as Error).message})` }]);
  }
  if (size > MAX_CODEBOOK_BYTES) throw tooLarge(file, size);
  return parseCodebook(readFileSync(file, 'utf8'), file);
}

export function parseCodebook(source: string, file: string): Codebook {
  if (Buffer.byteLength(source, 'utf8') > MAX_CODEBOOK_BYTES) throw tooLarge(file, Buffer.byteLength(source, 'utf8'));
  const yaml = readYaml(source.replace(/^\uFEFF/, ''), file);
  if (Array.isArray(yaml)) throw new CodebookError(yaml);
  const v = new Validator(yaml);
  const codebook = v.codebook();
  if (v.diagnostics.length > 0 || codebook === null) throw new CodebookError(v.sorted());
  return codebook;
}

function tooLarge(file: string, size: number): CodebookError {
  const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
  return new CodebookError([{ file, line: 1, column: 1, path: '', message: `expected a codebook of at most ${mb(MAX_CODEBOOK_BYTES)} MB, got ${mb(size)} MB` }]);
}

class Validator {
  readonly diagnostics: Diagnostic[] = [];
  constructor(private readonly src: YamlSource) {}

  sorted(): Diagnostic[] {
    return [...this.diagnostics].sort((a, b) => a.line - b.line || a.column - b.column);
  }

  report(path: KeyPath, message: string, atKey = false): void {
    const { line, column } = this.src.position(path, atKey);
    this.diagnostics.push({ file: this.src.file, line, column, path: formatPath(path), message });
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
    const unknown: string[] = [];
    for (const issue of result.error.issues) {
      const at = [...path, ...(issue.path as Array<string | number>)];
      if (issue.code === 'unrecognized_keys') {
        const known = keysOf(schema);
        for (const k of issue.keys) {
          this.report([...at, k], `unknown key "${k}", expected one of ${known.join(', ')}${suggestion(k, known)}`, true);
          if (issue.path.length === 0) unknown.push(k);
        }
      } else {
        this.report(at, `${issue.message}, got ${describe(this.valueAt(at))}`);
      }
    }
    // Only unknown keys: go on without them, so that deeper problems are reported too.
    if (unknown.length === result.error.issues.reduce((n, i) => n + (i.code === 'unrecognized_keys' ? i.keys.length : 1), 0)) {
      const rest = Object.fromEntries(Object.entries(value).filter(([k]) => !unknown.includes(k)));
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
        this.report(['groups', i, 'id'], `duplicate group id "${g.id}", first defined at line ${groupLines.get(g.id)}`);
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
          this.report(at('id'), `duplicate code id "${raw.id}", first defined at line ${codeLines.get(raw.id)}`);
        } else {
          codeLines.set(raw.id, this.src.position(at('id')).line);
        }
      }
      if (typeof raw.group === 'string' && groupIds.length > 0 && !groupLines.has(raw.group)) {
        this.report(at('group'), `unknown group "${raw.group}", expected one of ${groupIds.join(', ')}${suggestion(raw.group, groupIds)}`);
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
          this.report(at('rules', j), `duplicate rule id "${rule.id}", first used at line ${ruleLines.get(rule.id)}`);
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
      const hint = typeof type === 'string' ? suggestion(type, RULE_TYPES) : '';
      const verb = type === undefined ? 'expected a rule type' : 'unknown rule type';
      this.report([...path, 'type'], `${verb}, expected one of ${known}, got ${describe(type)}${hint}`);
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
