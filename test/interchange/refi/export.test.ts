// End to end: the real pipeline over the shipped demo corpus plus a hand-made document with
// non-BMP characters, exported to .qdpx/.qdc, validated with xmllint against the official
// schemas, checked quote by quote through character positions, re-imported, and exported again.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareRoundTrip, exportQdc, exportQdpx, importQdc, importQdpx, qdpxBytes, type ImportedProject } from '../../../src/interchange/refi/index.ts';
import { buildDemoDb } from '../../helpers/demo-db.ts';
import { openStore, type Store } from '../../../src/store/index.ts';
import { needShared } from '../../helpers/shared.ts';
import { NON_BMP_SHA, NON_BMP_TEXT, SEGMENTS, addNonBmpDocument } from './fixture.ts';
import { fixedCodebookXsd, needXmllint, projectXsd, xmllint } from './xmllint.ts';

const tmp = mkdtempSync(join(tmpdir(), 'codeframe-refi-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let store: Store;
let version: string;
const qdpx = join(tmp, 'study.qdpx');
const qdc = join(tmp, 'study.qdc');
let entries: Record<string, Uint8Array>;
let project: ImportedProject;
const utf8 = new TextDecoder();

beforeAll(async () => {
  const db = join(tmp, 'codeframe.db');
  await buildDemoDb(db, tmp);
  store = openStore(db);
  version = store.latestCodebookVersion()!;
  addNonBmpDocument(store, version);
  exportQdpx(store, qdpx);
  exportQdc(store, qdc);
  entries = unzipSync(readFileSync(qdpx));
  project = importQdpx(qdpx);
});
afterAll(() => store?.close());

const count = (sql: string, ...params: unknown[]): number => (store.db.prepare(sql).get(...params) as { n: number }).n;

describe('the .qdpx archive', () => {
  it('holds project.qde and one UTF-8 text per coded document, byte for byte the normalized text', () => {
    const docs = store.db
      .prepare(`SELECT sha256, text FROM current_documents d WHERE EXISTS (SELECT 1 FROM coding_done k WHERE k.document = d.sha256 AND k.codebook_version = ?)`)
      .all(version) as Array<{ sha256: string; text: string }>;
    expect(docs.length).toBeGreaterThanOrEqual(6);
    expect(Object.keys(entries)[0]).toBe('project.qde');
    const texts = Object.entries(entries).filter(([k]) => /^sources\/[0-9a-f-]{36}\.txt$/.test(k));
    expect(texts.length).toBe(docs.length + 1); // + the export's provenance note
    for (const d of docs) {
      const src = project.sources.find((s) => s.variables.sha256 === d.sha256)!;
      const bytes = entries[`sources/${src.guid}.txt`]!;
      expect(Buffer.from(bytes).equals(Buffer.from(d.text, 'utf8')), d.sha256).toBe(true); // no BOM, no CRLF
    }
  });

  it('is byte-identical when exported twice, in any time zone', () => {
    const again = join(tmp, 'again.qdpx');
    const tz = process.env.TZ;
    try {
      for (const zone of ['UTC', 'Pacific/Auckland', 'America/Los_Angeles']) {
        process.env.TZ = zone;
        exportQdpx(store, again);
        expect(readFileSync(again).equals(readFileSync(qdpx)), zone).toBe(true);
      }
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
    exportQdc(store, join(tmp, 'again.qdc'));
    expect(readFileSync(join(tmp, 'again.qdc'), 'utf8')).toBe(readFileSync(qdc, 'utf8'));
  });
});

describe('character positions (REFI-QDA counts code points, codeframe stores UTF-16)', () => {
  it('every selection, cut from the source text by code points, is the stored quote of its segments', () => {
    const segmentText = store.db.prepare('SELECT text FROM segments WHERE id = ?').pluck();
    let checked = 0;
    for (const s of project.selections) {
      const text = utf8.decode(entries[`sources/${s.source}.txt`]);
      const cut = Array.from(text).slice(s.startPosition, s.endPosition).join('');
      for (const r of s.provenance!.rules) {
        expect(cut).toBe(segmentText.get(r.segment));
        checked++;
      }
    }
    expect(checked).toBe(count('SELECT count(*) AS n FROM codings WHERE codebook_version = ?', version));
  });

  it('converts the offsets after emoji, flags, skin tones and math letters', () => {
    const src = project.sources.find((s) => s.variables.sha256 === NON_BMP_SHA)!;
    const cp = (u: number): number => Array.from(NON_BMP_TEXT.slice(0, u)).length;
    const mine = project.selections.filter((s) => s.source === src.guid);
    const s1 = SEGMENTS.find((s) => s.id === 'nb-s1')!;
    const sel = mine.find((s) => s.provenance!.rules.some((r) => r.segment === 'nb-s1'))!;
    expect([sel.startPosition, sel.endPosition]).toEqual([cp(s1.start), cp(s1.end)]);
    // Pinned: 🙂 and 13 Fraktur letters before "Next": UTF-16 counts 14 more units than REFI-QDA.
    expect(s1.start - sel.startPosition).toBe(14);
    expect(sel.startPosition).toBe(59);
    expect(sel.text).toBe('Next 👍🏽 sentence: no accountability 𝔁.');
    // The matched spans inside the provenance are code points too.
    const span = sel.provenance!.rules[0]!.spans[0]!;
    expect(Array.from(NON_BMP_TEXT).slice(span[0], span[1]).join('')).toBe('accountability');
  });

  it('writes one selection per unit range and code: a one-sentence paragraph and its sentence share it', () => {
    const src = project.sources.find((s) => s.variables.sha256 === NON_BMP_SHA)!;
    const mine = project.selections.filter((s) => s.source === src.guid);
    expect(mine.map((s) => [Array.from(s.text).slice(0, 10).join(''), s.provenance!.code, s.provenance!.rules.map((r) => `${r.segment}:${r.rule}`).join(' ')])).toEqual([
      ['🙂 𝔘𝔫𝔦𝔱𝔢𝔡 𝔑', 'accountability', 'nb-s0:acc-words'],
      ['🙂 𝔘𝔫𝔦𝔱𝔢𝔡 𝔑', 'transparency', 'nb-s0:tra-words'],
      ['🙂 𝔘𝔫𝔦𝔱𝔢𝔡 𝔑', 'transparency', 'nb-p0:tra-para'],
      ['Next 👍🏽 se', 'accountability', 'nb-s1:acc-globs nb-s1:acc-words'],
      ['🇺🇦 Ukraine', 'transparency', 'nb-p1:tra-para nb-s2:tra-words'],
    ]);
    expect(mine.every((s) => s.codes.length === 1)).toBe(true);
  });
});

describe('re-import', () => {
  it('restores every coding, span, source text and code without loss', () => {
    const report = compareRoundTrip(store, project, version);
    expect(report.codings.missing).toEqual([]);
    expect(report.codings.extra).toEqual([]);
    expect(report.codings.restored).toBe(count('SELECT count(*) AS n FROM codings WHERE codebook_version = ?', version));
    expect(report.sources).toMatchObject({ missing: [], textDiffers: [] });
    expect(report.codes).toMatchObject({ missing: [], extra: [], restored: count('SELECT count(*) AS n FROM codes WHERE codebook_version = ?', version) });
    expect(report.ok).toBe(true);
    expect(project.problems).toEqual([]);
  });

  it('keeps the metadata as source variables and groups sources into one case per actor group', () => {
    const src = project.sources.find((s) => s.variables.sha256 === NON_BMP_SHA)!;
    expect(src.variables).toEqual({
      file: 'hand/non-bmp.txt', sha256: NON_BMP_SHA, title: 'Emoji & <math> "letters"\nsecond line\tand a tab',
      actor_group: 'global_south', date: '2025', doc_type: 'test', language: 'en',
    });
    expect(src.name).toBe('non-bmp.txt'); // base name: QualCoder copies sources to documents/<name>
    expect(src.description).toBe('Emoji & <math> "letters"\nsecond line\tand a tab');
    expect(project.users.map((u) => u.name)).toEqual(['codeframe rules']);
    expect(project.notes[0]!.text).toContain(`version ${version}`);
  });

  it('reads the .qdc back to the same code tree as the project', () => {
    const strip = (c: { guid: string; name: string; parent: string | null; codeId: string | null; isCodable: boolean }) => [c.guid, c.name, c.parent, c.codeId, c.isCodable];
    expect(importQdc(qdc).map(strip)).toEqual(project.codes.map(strip));
  });
});

describe.runIf(needShared('REFI-QDA schema validation') && needXmllint('REFI-QDA schema validation'))('validation with xmllint --schema', () => {
  it('project.qde is valid against the official Project-mrt2019.xsd', () => {
    const qde = join(tmp, 'project.qde');
    writeFileSync(qde, entries['project.qde']!);
    const r = xmllint(['--noout', '--schema', projectXsd(tmp), qde]);
    expect(r.output).toContain('validates');
    expect(r.ok).toBe(true);
  });

  it('the .qdc is valid against the Codebook schema, once its upstream copy-paste damage is repaired', () => {
    const { raw, fixed } = fixedCodebookXsd(tmp);
    expect(xmllint(['--noout', raw]).ok).toBe(false); // the shipped copy is not XML at all
    const r = xmllint(['--noout', '--schema', fixed, qdc]);
    expect(r.output).toContain('validates');
    expect(r.ok).toBe(true);
  });

  it('a project whose codings carry a reviewer (a second <User>, modifyingUser) is valid too', () => {
    const { bytes } = qdpxBytes(store, { review: (c) => (c.codeId === 'transparency' ? { status: 'accepted', coder: 'Ana & Bo' } : { status: 'auto' }) });
    const qde = join(tmp, 'reviewed.qde');
    writeFileSync(qde, unzipSync(bytes)['project.qde']!);
    const r = xmllint(['--noout', '--schema', projectXsd(tmp), qde]);
    expect(r.output).toContain('validates');
    expect(readFileSync(qde, 'utf8')).toContain('name="Ana &amp; Bo"');
  });

  it('the validation can fail: a selection without its required endPosition is rejected', () => {
    const bad = join(tmp, 'bad.qde');
    writeFileSync(bad, utf8.decode(entries['project.qde']).replace(/ endPosition="\d+"/, ''));
    const r = xmllint(['--noout', '--schema', projectXsd(tmp), bad]);
    expect(r.ok).toBe(false);
    expect(r.output).toContain('endPosition');
  });
});
