// Checks that an imported .qdpx holds what the database holds: every rule coding of the version
// (segment, offsets, code, rule, run, negation, spans), every coded document's exact text, and
// every code. Read straight from the store, not through the export's model, so a bug in the
// export cannot hide itself.
import type { Store } from '../../store/index.ts';
import { restoreCodings, type ImportedProject } from './import.ts';
import { codebookOf, codedDocumentsOf, codesOf, codingsOf } from './queries.ts';

export interface RoundTripReport {
  ok: boolean;
  codings: { expected: number; restored: number; missing: string[]; extra: string[] };
  sources: { expected: number; restored: number; missing: string[]; textDiffers: string[] };
  codes: { expected: number; restored: number; missing: string[]; extra: string[] };
}

function key(c: { document: string | null; segmentId: string | null; unit: string | null; start: number; end: number; codeId: string; ruleId: string | null; runId: number | null; negated: boolean; spans: Array<[number, number]> }): string {
  return [c.document, c.segmentId, c.unit, c.start, c.end, c.codeId, c.ruleId, c.runId, c.negated ? 'negated' : 'affirmed', JSON.stringify(c.spans)].join(' | ');
}

function diff(expected: string[], actual: string[]): { missing: string[]; extra: string[] } {
  const a = new Set(actual);
  const e = new Set(expected);
  return { missing: expected.filter((k) => !a.has(k)), extra: actual.filter((k) => !e.has(k)) };
}

/** Compares against every coding of `codebookVersion` (as exported without a review hook). */
export function compareRoundTrip(store: Store, project: ImportedProject, codebookVersion: string): RoundTripReport {
  const docs = codedDocumentsOf(store.db, codebookVersion);
  const expected: string[] = [];
  for (const d of docs) {
    for (const r of codingsOf(store.db, d.sha256, codebookVersion)) {
      expected.push(key({
        document: d.sha256, segmentId: r.segment_id, unit: r.kind, start: r.start, end: r.end, codeId: r.code_id,
        ruleId: r.rule_id, runId: r.run_id, negated: r.negated === 1, spans: JSON.parse(r.spans) as Array<[number, number]>,
      }));
    }
  }
  const restored = restoreCodings(project).filter((c) => c.codebookVersion === codebookVersion).map(key);
  const codings = { expected: expected.length, restored: restored.length, ...diff(expected, restored) };

  const bySha = new Map(project.sources.map((s) => [s.variables.sha256, s]));
  const sources = {
    expected: docs.length,
    restored: project.sources.length,
    missing: docs.filter((d) => !bySha.has(d.sha256)).map((d) => d.file),
    textDiffers: docs.filter((d) => bySha.has(d.sha256) && bySha.get(d.sha256)!.text !== d.text).map((d) => d.file),
  };

  const cb = codebookOf(store.db, codebookVersion);
  const codeKey = (id: string, label: string, group: string): string => `${id} | ${label} | ${group}`;
  const groupOf = new Map(project.codes.map((c) => [c.guid, c.groupId]));
  const wantCodes = codesOf(store.db, codebookVersion).map((c) => codeKey(c.code_id, c.label, c.group_id));
  const gotCodes = project.codes
    .filter((c) => c.codeId !== null)
    .map((c) => codeKey(c.codeId!, c.name, (c.parent !== null ? groupOf.get(c.parent) : c.groupId) ?? '(none)'));
  const codes = { expected: wantCodes.length, restored: gotCodes.length, ...diff(wantCodes, gotCodes) };

  const ok = cb !== undefined && codings.missing.length + codings.extra.length === 0 && codings.expected === codings.restored
    && sources.missing.length + sources.textDiffers.length === 0 && codes.missing.length + codes.extra.length === 0;
  return { ok, codings, sources, codes };
}
