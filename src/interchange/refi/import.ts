// Reads a REFI-QDA project (.qdpx) or codebook (.qdc): codes (with their nesting), text sources
// (with their text from sources/), coded text selections, users and notes. Positions are read
// as code points and converted to UTF-16 for codeframe; what does not line up is reported in
// `problems`, not thrown. Codeframe's own exports also restore every rule coding, from the
// "codeframe: {...}" provenance line of each selection.
import { readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import { RefiError } from './errors.ts';
import { codePointIndex } from './offsets.ts';
import { childNamed, childrenNamed, parseXml, type XmlNode } from './parse.ts';
import { asCodeProvenance, asSelectionProvenance, readProvenance, type SelectionProvenance } from './provenance.ts';

export interface ImportedCode {
  guid: string;
  name: string;
  isCodable: boolean;
  description: string | null;
  /** GUID of the enclosing code, null at the top. */
  parent: string | null;
  /** codeframe's ids, when the description carries them. */
  codeId: string | null;
  groupId: string | null;
}

export interface ImportedSource {
  guid: string;
  name: string;
  description: string | null;
  /** null when the text could not be found (a problem says why). */
  text: string | null;
  variables: Record<string, string>;
}

export interface ImportedSelection {
  guid: string;
  source: string;
  /** As written: code points. */
  startPosition: number;
  endPosition: number;
  /** UTF-16 offsets into the source text. */
  start: number;
  end: number;
  text: string;
  /** GUIDs of the codes applied (one per <Coding>). */
  codes: string[];
  creatingUser: string | null;
  modifyingUser: string | null;
  description: string | null;
  provenance: SelectionProvenance | null;
}

export interface ImportedProject {
  name: string;
  origin: string | null;
  users: Array<{ guid: string; name: string | null }>;
  codes: ImportedCode[];
  sources: ImportedSource[];
  selections: ImportedSelection[];
  notes: Array<{ guid: string; name: string | null; text: string | null }>;
  problems: string[];
}

const textOf = (n: XmlNode | undefined): string | null => (n ? n.text : null);
const normGuid = (g: string | undefined): string => (g ?? '').replace(/[{}]/g, '').toLowerCase();

function readCodes(parent: XmlNode, parentGuid: string | null, out: ImportedCode[]): void {
  for (const c of childrenNamed(parent, 'Code')) {
    const description = textOf(childNamed(c, 'Description'));
    const prov = asCodeProvenance(readProvenance(description));
    const guid = normGuid(c.attrs.guid);
    out.push({
      guid, name: c.attrs.name ?? '', isCodable: c.attrs.isCodable === 'true' || c.attrs.isCodable === '1', description,
      parent: parentGuid, codeId: prov?.code ?? null, groupId: prov?.group ?? null,
    });
    readCodes(c, guid, out);
  }
}

/** The codes of a .qdc (CodeBook root) or of a project's CodeBook. */
export function readCodebookXml(xml: string, where = 'codebook'): ImportedCode[] {
  const root = parseXml(xml, where);
  const codes = root.name === 'CodeBook' ? childNamed(root, 'Codes') : childNamed(childNamed(root, 'CodeBook') ?? root, 'Codes');
  const out: ImportedCode[] = [];
  if (codes) readCodes(codes, null, out);
  return out;
}

export function importQdc(file: string): ImportedCode[] {
  return readCodebookXml(readFileSync(file, 'utf8'), file);
}

/** A zip entry by internal:// path: the sources folder is "sources" or "Sources" in the wild. */
function internalFile(entries: Record<string, Uint8Array>, path: string): Uint8Array | undefined {
  const name = path.replace(/^internal:\/\//, '');
  const want = `sources/${name}`.toLowerCase();
  const hit = Object.keys(entries).find((k) => k.toLowerCase() === want || k.toLowerCase() === name.toLowerCase());
  return hit === undefined ? undefined : entries[hit];
}

const utf8 = new TextDecoder('utf-8');

export function readProject(entries: Record<string, Uint8Array>, where: string): ImportedProject {
  const qdeName = Object.keys(entries).find((k) => k.toLowerCase() === 'project.qde');
  if (!qdeName) throw new RefiError(`Unexpected ${where} without project.qde, expected a REFI-QDA .qdpx (a zip holding project.qde)`);
  const root = parseXml(utf8.decode(entries[qdeName]), `${where}:${qdeName}`);
  if (root.name !== 'Project') throw new RefiError(`Unexpected root <${root.name}> in ${where}:${qdeName}, expected <Project>`);
  const problems: string[] = [];

  const users = childrenNamed(childNamed(root, 'Users') ?? root, 'User').map((u) => ({ guid: normGuid(u.attrs.guid), name: u.attrs.name ?? null }));
  const userName = new Map(users.map((u) => [u.guid, u.name]));
  const codes: ImportedCode[] = [];
  const codesNode = childNamed(childNamed(root, 'CodeBook') ?? { name: '', attrs: {}, children: [], text: '' }, 'Codes');
  if (codesNode) readCodes(codesNode, null, codes);
  const variableName = new Map(
    childrenNamed(childNamed(root, 'Variables') ?? root, 'Variable').map((v) => [normGuid(v.attrs.guid), v.attrs.name ?? '']),
  );

  const readText = (n: XmlNode, label: string): string | null => {
    const inline = childNamed(n, 'PlainTextContent');
    if (inline) return inline.text;
    const path = n.attrs.plainTextPath;
    if (!path) return null;
    if (!path.startsWith('internal://')) {
      problems.push(`${label}: text at \`${path}\` is outside the .qdpx, expected internal://`);
      return null;
    }
    const bytes = internalFile(entries, path);
    if (!bytes) {
      problems.push(`${label}: unexpected missing file for \`${path}\`, expected it in sources/`);
      return null;
    }
    return utf8.decode(bytes);
  };

  const sources: ImportedSource[] = [];
  const selections: ImportedSelection[] = [];
  const readTextSource = (n: XmlNode, guid: string, name: string): void => {
    const label = `source \`${name}\``;
    const text = readText(n, label);
    const variables: Record<string, string> = {};
    for (const vv of childrenNamed(n, 'VariableValue')) {
      const ref = normGuid(childNamed(vv, 'VariableRef')?.attrs.targetGUID);
      const value = vv.children.find((c) => c.name.endsWith('Value'));
      if (value) variables[variableName.get(ref) ?? ref] = value.text;
    }
    sources.push({ guid, name, description: textOf(childNamed(n, 'Description')), text, variables });
    const index = text === null ? null : codePointIndex(text);
    for (const s of childrenNamed(n, 'PlainTextSelection')) {
      const startPosition = Number(s.attrs.startPosition);
      const endPosition = Number(s.attrs.endPosition);
      if (!index) continue;
      if (!(Number.isInteger(startPosition) && Number.isInteger(endPosition) && 0 <= startPosition && startPosition <= endPosition && endPosition <= index.length)) {
        problems.push(`${label}: unexpected selection [${s.attrs.startPosition}, ${s.attrs.endPosition}], expected positions within [0, ${index.length}]`);
        continue;
      }
      const start = index.toUtf16(startPosition);
      const end = index.toUtf16(endPosition);
      const description = textOf(childNamed(s, 'Description'));
      selections.push({
        guid: normGuid(s.attrs.guid), source: guid, startPosition, endPosition, start, end, text: text!.slice(start, end),
        codes: childrenNamed(s, 'Coding').map((c) => normGuid(childNamed(c, 'CodeRef')?.attrs.targetGUID)).filter((g) => g !== ''),
        creatingUser: userName.get(normGuid(s.attrs.creatingUser)) ?? null,
        modifyingUser: userName.get(normGuid(s.attrs.modifyingUser)) ?? null,
        description,
        provenance: asSelectionProvenance(readProvenance(description)),
      });
    }
  };
  for (const n of childNamed(root, 'Sources')?.children ?? []) {
    const guid = normGuid(n.attrs.guid);
    const name = n.attrs.name ?? guid;
    if (n.name === 'TextSource') readTextSource(n, guid, name);
    else if (n.name === 'PDFSource') {
      const rep = childNamed(n, 'Representation');
      if (rep) readTextSource(rep, guid, name);
    }
  }

  const notes = childrenNamed(childNamed(root, 'Notes') ?? root, 'Note').map((n) => ({
    guid: normGuid(n.attrs.guid), name: n.attrs.name ?? null, text: readText(n, `note \`${n.attrs.name ?? n.attrs.guid}\``),
  }));
  return { name: root.attrs.name ?? '', origin: root.attrs.origin ?? null, users, codes, sources, selections, notes, problems };
}

export function importQdpx(file: string): ImportedProject {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(readFileSync(file));
  } catch (err) {
    throw new RefiError(`Unexpected content in ${file} (${(err as Error).message}), expected a .qdpx zip`);
  }
  return readProject(entries, file);
}

/** One coding restored from an import, in codeframe's terms (UTF-16 offsets). */
export interface RestoredCoding {
  document: string | null;
  codebookVersion: string | null;
  segmentId: string | null;
  unit: 'sentence' | 'paragraph' | null;
  start: number;
  end: number;
  codeId: string;
  /** null: a coding made in a QDA tool (no codeframe provenance). */
  ruleId: string | null;
  runId: number | null;
  negated: boolean;
  spans: Array<[number, number]>;
  status: string | null;
  coder: string | null;
}

/** Every coding of the project: one per rule for codeframe's selections, one per code for others. */
export function restoreCodings(p: ImportedProject): RestoredCoding[] {
  const sources = new Map(p.sources.map((s) => [s.guid, s]));
  const codes = new Map(p.codes.map((c) => [c.guid, c]));
  const out: RestoredCoding[] = [];
  for (const s of p.selections) {
    const src = sources.get(s.source)!;
    const document = src.variables.sha256 ?? null;
    const prov = s.provenance;
    if (prov) {
      const index = codePointIndex(src.text!);
      for (const r of prov.rules) {
        out.push({
          document, codebookVersion: prov.version, segmentId: r.segment, unit: r.unit, start: s.start, end: s.end, codeId: prov.code,
          ruleId: r.rule, runId: r.run, negated: r.negated, spans: r.spans.map(([a, b]) => [index.toUtf16(a), index.toUtf16(b)]),
          status: prov.status, coder: prov.coder,
        });
      }
      // A coding people made where no rule fired: one per selection (each drawn span).
      if (prov.rules.length === 0 && prov.drawn) {
        out.push({
          document, codebookVersion: prov.version, segmentId: prov.drawn.segment, unit: prov.drawn.unit, start: s.start, end: s.end,
          codeId: prov.code, ruleId: null, runId: null, negated: prov.drawn.negated, spans: [[s.start, s.end]], status: prov.status, coder: prov.coder,
        });
      }
      continue;
    }
    for (const g of s.codes) {
      const code = codes.get(g);
      out.push({
        document, codebookVersion: null, segmentId: null, unit: null, start: s.start, end: s.end, codeId: code?.codeId ?? code?.name ?? g,
        ruleId: null, runId: null, negated: false, spans: [[s.start, s.end]], status: null, coder: s.modifyingUser ?? s.creatingUser,
      });
    }
  }
  return out;
}
