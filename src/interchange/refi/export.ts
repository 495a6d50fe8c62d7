// REFI-QDA export: a `.qdpx` project (a zip: project.qde + sources/<guid>.txt) and a `.qdc`
// codebook, valid against the REFI-QDA 1.0 schemas (Project-mrt2019.xsd, Codebook.xsd).
// Deterministic: GUIDs are name-based, every list is ordered, dates come from the database and
// the zip entries carry one fixed timestamp, so the same database always gives the same bytes.
import { zipSync, type Zippable } from 'fflate';
import type { Store } from '../../store/index.ts';
import { TOOL_VERSION } from '../../version.ts';
import { RefiError } from './errors.ts';
import { guidOf } from './guid.ts';
import { buildModel, xsdDateTime, type ExportCode, type ExportDocument, type ExportSelection, type RefiModel, type RefiOptions } from './model.ts';
import { withProvenance, type SelectionProvenance } from './provenance.ts';
import { XmlWriter } from './xml.ts';
import { writeFilesAtomically } from '../../report/write-files.ts';

export const PROJECT_NS = 'urn:QDA-XML:project:1.0';
export const CODEBOOK_NS = 'urn:QDA-XML:codebook:1.0';

/** Document metadata, written as Variables (Text: dates may be partial, e.g. "2024-07"). */
export const VARIABLES = ['file', 'sha256', 'title', 'issuer', 'actor_group', 'country', 'date', 'doc_type', 'language', 'source_url'] as const;
const VARIABLE_HELP: Record<(typeof VARIABLES)[number], string> = {
  file: 'path of the file in the codeframe corpus',
  sha256: 'SHA-256 of the file bytes (codeframe document id)',
  title: 'document title',
  issuer: 'issuing body',
  actor_group: 'actor group compared in the study',
  country: 'country of the issuer',
  date: 'date of the document (ISO 8601, possibly partial)',
  doc_type: 'type of document',
  language: 'language (BCP 47)',
  source_url: 'where the document was published',
};

// Zip timestamps are local DOS times (fflate reads getHours() etc.), so the Date is built from
// local-time fields at each export: the same bytes in every time zone, even if TZ changes.
const zipTime = (): Date => new Date(2000, 0, 1, 12, 0, 0);

export interface ExportSummary {
  file: string;
  codebookVersion: string;
  sources: number;
  codes: number;
  selections: number;
  ruleCodings: number;
  uncodedDocuments: number;
  bytes: number;
}

const variableGuid = (name: string): string => guidOf('variable', name);

function codeDescription(c: ExportCode): string {
  const parts = [c.definition];
  if (c.include.length) parts.push(`Include:\n${c.include.map((s) => `- ${s}`).join('\n')}`);
  if (c.exclude.length) parts.push(`Exclude:\n${c.exclude.map((s) => `- ${s}`).join('\n')}`);
  return withProvenance(parts.join('\n\n') + '\n', { code: c.id, group: c.group });
}

/** Codes nested under one non-codable code per group; the same tree in both schemas. */
function writeCodes(w: XmlWriter, m: RefiModel): void {
  const code = (c: ExportCode): void => {
    w.open('Code', [['guid', c.guid], ['name', c.label], ['isCodable', true]]);
    w.text('Description', codeDescription(c));
    w.close('Code');
  };
  w.open('Codes');
  for (const g of m.groups) {
    w.open('Code', [['guid', g.guid], ['name', g.label], ['isCodable', false]]);
    w.text('Description', withProvenance((g.description ?? g.label) + '\n', { group: g.id }));
    g.codes.forEach(code);
    w.close('Code');
  }
  m.ungrouped.forEach(code);
  w.close('Codes');
}

function codeCount(m: RefiModel): number {
  return m.groups.reduce((n, g) => n + g.codes.length, 0) + m.ungrouped.length;
}

function selectionDescription(m: RefiModel, d: ExportDocument, s: ExportSelection): string {
  const label = [...m.groups.flatMap((g) => g.codes), ...m.ungrouped].find((c) => c.id === s.codeId)?.label ?? s.codeId;
  const rules = s.hits.map((h) => (h.negated ? `${h.ruleId} (negated)` : h.ruleId));
  const by = rules.length > 0 ? `coded by codeframe rule${rules.length > 1 ? 's' : ''} ${rules.join(', ')}` : `coded by ${s.coder ?? 'a coder'} (no rule fired)`;
  const human = `${label}: ${by}; codebook ${m.codebook.id} ${m.codebook.version}; status ${s.status}${s.coder ? ` (${s.coder})` : ''}`;
  const data: SelectionProvenance = {
    code: s.codeId,
    codebook: m.codebook.id,
    version: m.codebook.version,
    status: s.status,
    coder: s.coder,
    rules: s.hits.map((h) => ({
      rule: h.ruleId, segment: h.segmentId, unit: h.unit, run: h.runId, negated: h.negated,
      spans: h.spans.map(([a, b]) => [d.index.toCodePoint(a), d.index.toCodePoint(b)] as [number, number]),
    })),
  };
  if (s.drawn) {
    data.drawn = {
      segment: s.drawn.segmentId, unit: s.drawn.unit, negated: s.drawn.negated,
      spans: s.drawn.spans.map(([a, b]) => [d.index.toCodePoint(a), d.index.toCodePoint(b)] as [number, number]),
    };
  }
  return withProvenance(human, data);
}

function projectNote(m: RefiModel, selections: number, ruleCodings: number): string {
  const lines = [
    'codeframe export (REFI-QDA project)',
    `codebook: ${m.codebook.id}, version ${m.codebook.version}: ${m.codebook.title}`,
    `exported by: codeframe ${TOOL_VERSION}`,
    `documents: ${m.documents.length} current documents coded with this version` +
      (m.uncodedDocuments ? ` (${m.uncodedDocuments} current documents not coded with it are left out)` : ''),
    `selections: ${selections} (one per coded unit and code, or per span a coder drew), from ${ruleCodings} rule codings`,
    'runs:',
    ...m.runs.map((r) => `  run ${r.id} (${r.command}, codeframe ${r.tool_version}): started ${r.started_at}, finished ${r.finished_at ?? '-'}, ${r.status}`),
    '',
    'Positions (startPosition, endPosition and the "spans" in each selection description) count Unicode',
    'code points from 0, end exclusive, in the UTF-8 text of sources/<guid>.txt: the normalized text',
    'codeframe coded. Each selection description ends with a line "codeframe: {...}" (code, codebook',
    'version, review status, and every rule with its segment, run, negation and matched spans) that',
    'codeframe reads back on import. Document metadata are the source variables; one case per actor group.',
  ];
  return lines.join('\n') + '\n';
}

/** Source names: the file's base name (QualCoder copies a source to documents/<name>, where a
 *  "/" would name a missing folder), its path where two base names collide. The full path is
 *  always in the `file` variable. */
function sourceNames(docs: ExportDocument[]): Map<string, string> {
  const base = (f: string): string => f.slice(f.lastIndexOf('/') + 1) || f;
  const seen = new Map<string, number>();
  for (const d of docs) seen.set(base(d.row.file), (seen.get(base(d.row.file)) ?? 0) + 1);
  return new Map(docs.map((d) => [d.guid, seen.get(base(d.row.file))! > 1 ? d.row.file.replaceAll('/', '_') : base(d.row.file)]));
}

/** project.qde and the files of sources/, as zip entries. */
export function buildProject(m: RefiModel): { qde: string; files: Map<string, string>; selections: number; ruleCodings: number } {
  const selections = m.documents.reduce((n, d) => n + d.selections.length, 0);
  const ruleCodings = m.documents.reduce((n, d) => n + d.selections.reduce((k, s) => k + s.hits.length, 0), 0);
  const files = new Map<string, string>();
  const user = m.rulesUser.guid;
  const runDates = m.runs.map((r) => xsdDateTime(r.started_at)).filter((d): d is string => d !== null).sort();
  const noteGuid = guidOf('note', 'export', m.codebook.version);

  const w = new XmlWriter();
  w.open('Project', [
    ['xmlns', PROJECT_NS],
    ['name', `codeframe: ${m.codebook.title}`],
    ['origin', `codeframe ${TOOL_VERSION}`],
    ['creatingUserGUID', user],
    ['creationDateTime', runDates[0]],
  ]);
  w.open('Users');
  for (const u of [m.rulesUser, ...m.coders.filter((c) => c.guid !== user)]) w.empty('User', [['guid', u.guid], ['name', u.name]]);
  w.close('Users');
  if (codeCount(m) + m.groups.length > 0) {
    w.open('CodeBook');
    writeCodes(w, m);
    w.close('CodeBook');
  }

  if (m.documents.length > 0) {
    w.open('Variables');
    for (const v of VARIABLES) {
      w.open('Variable', [['guid', variableGuid(v)], ['name', v], ['typeOfVariable', 'Text']]);
      w.text('Description', VARIABLE_HELP[v]);
      w.close('Variable');
    }
    w.close('Variables');

    const byGroup = new Map<string, ExportDocument[]>();
    for (const d of m.documents) {
      const g = d.row.actor_group;
      if (g !== null && g !== '') byGroup.set(g, [...(byGroup.get(g) ?? []), d]);
    }
    if (byGroup.size > 0) {
      w.open('Cases');
      for (const g of [...byGroup.keys()].sort()) {
        w.open('Case', [['guid', guidOf('case', 'actor_group', g)], ['name', g]]);
        w.text('Description', `Documents whose actor group is ${g}`);
        w.open('VariableValue');
        w.empty('VariableRef', [['targetGUID', variableGuid('actor_group')]]);
        w.text('TextValue', g);
        w.close('VariableValue');
        for (const d of byGroup.get(g)!) w.empty('SourceRef', [['targetGUID', d.guid]]);
        w.close('Case');
      }
      w.close('Cases');
    }

    const names = sourceNames(m.documents);
    w.open('Sources');
    for (const d of m.documents) {
      files.set(`sources/${d.guid}.txt`, d.row.text);
      w.open('TextSource', [
        ['guid', d.guid],
        ['name', names.get(d.guid)],
        ['plainTextPath', `internal://${d.guid}.txt`],
        ['creatingUser', user],
        ['creationDateTime', xsdDateTime(d.row.ingested_at)],
      ]);
      if (d.row.title) w.text('Description', d.row.title);
      for (const s of d.selections) {
        const coder = s.coders.length === 0 ? null : (m.coders.find((c) => c.name === s.coders[0])?.guid ?? null);
        // A selection no rule made was created by its coder; a reviewed rule selection was modified by one.
        const creator = s.hits.length === 0 && coder !== null ? coder : user;
        w.open('PlainTextSelection', [
          ['guid', s.guid],
          ['startPosition', s.startChar],
          ['endPosition', s.endChar],
          ['creatingUser', creator],
          ['creationDateTime', s.created],
          ['modifyingUser', coder],
        ]);
        w.text('Description', selectionDescription(m, d, s));
        w.open('Coding', [['guid', s.codingGuid], ['creatingUser', coder ?? user], ['creationDateTime', s.created]]);
        w.empty('CodeRef', [['targetGUID', guidOf('code', m.codebook.id, s.codeId)]]);
        w.close('Coding');
        w.close('PlainTextSelection');
      }
      for (const v of VARIABLES) {
        const value = v === 'file' ? d.row.file : v === 'sha256' ? d.row.sha256 : d.row[v];
        if (value === null || value === '') continue;
        w.open('VariableValue');
        w.empty('VariableRef', [['targetGUID', variableGuid(v)]]);
        w.text('TextValue', value);
        w.close('VariableValue');
      }
      w.close('TextSource');
    }
    w.close('Sources');
  }

  // The export's own provenance: a note (a journal in QualCoder), referenced by the project.
  files.set(`sources/${noteGuid}.txt`, projectNote(m, selections, ruleCodings));
  w.open('Notes');
  w.empty('Note', [
    ['guid', noteGuid],
    ['name', `codeframe export, codebook ${m.codebook.id} ${m.codebook.version}`],
    ['plainTextPath', `internal://${noteGuid}.txt`],
    ['creatingUser', user],
    ['creationDateTime', runDates.at(-1)],
  ]);
  w.close('Notes');
  w.text('Description', `Auto-coded with codeframe, codebook ${m.codebook.id} version ${m.codebook.version}.`);
  w.empty('NoteRef', [['targetGUID', noteGuid]]);
  w.close('Project');
  return { qde: w.toString(), files, selections, ruleCodings };
}

/** The .qdc document (CodeBook root, codebook namespace). */
export function buildCodebook(m: RefiModel): string {
  if (codeCount(m) + m.groups.length === 0) {
    throw new RefiError(`Unexpected codebook \`${m.codebook.id}\` without codes, expected at least one (a .qdc needs a <Code>)`);
  }
  const w = new XmlWriter();
  w.open('CodeBook', [['xmlns', CODEBOOK_NS], ['origin', `codeframe ${TOOL_VERSION}`]]);
  writeCodes(w, m);
  w.close('CodeBook');
  return w.toString();
}

/** The .qdpx bytes (a zip with one fixed timestamp, entries in a fixed order). */
export function qdpxBytes(store: Store, opts: RefiOptions = {}): { bytes: Uint8Array; model: RefiModel; selections: number; ruleCodings: number } {
  const model = buildModel(store, opts);
  const p = buildProject(model);
  const enc = new TextEncoder();
  const mtime = zipTime();
  const entries: Zippable = { 'project.qde': [enc.encode(p.qde), { mtime }] };
  for (const name of [...p.files.keys()].sort()) entries[name] = [enc.encode(p.files.get(name)!), { mtime }];
  return { bytes: zipSync(entries, { level: 6 }), model, selections: p.selections, ruleCodings: p.ruleCodings };
}

// Written beside the target and renamed: a reader never sees half a file.
/** Write then rename (src/report/write-files.ts): a full disk leaves neither a .tmp file nor half
 *  a project, and the error names the file. */
function writeAtomically(file: string, data: Uint8Array | string): void {
  writeFilesAtomically([{ file, content: data }]);
}

export function exportQdpx(store: Store, outFile: string, opts: RefiOptions = {}): ExportSummary {
  const { bytes, model, selections, ruleCodings } = qdpxBytes(store, opts);
  writeAtomically(outFile, bytes);
  return {
    file: outFile, codebookVersion: model.codebook.version, sources: model.documents.length, codes: codeCount(model),
    selections, ruleCodings, uncodedDocuments: model.uncodedDocuments, bytes: bytes.length,
  };
}

export function exportQdc(store: Store, outFile: string, opts: RefiOptions = {}): ExportSummary {
  const model = buildModel(store, { ...opts, documents: false });
  const xml = buildCodebook(model);
  writeAtomically(outFile, xml);
  return {
    file: outFile, codebookVersion: model.codebook.version, sources: 0, codes: codeCount(model),
    selections: 0, ruleCodings: 0, uncodedDocuments: model.uncodedDocuments, bytes: Buffer.byteLength(xml),
  };
}
