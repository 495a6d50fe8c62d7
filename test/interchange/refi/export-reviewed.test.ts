// The final-codings export carries the coders' work (regression: a code a coder added and the
// spans a coder drew were missing from the .qdpx, and no selection named its coder). Document d
// of the review fixture: "🤖 Robots 🇺🇦 here." (d:s0, no rule fired) "Economic transparency."
// (d:s1, rules: economic, transparency). 🤖 is 2 UTF-16 units and 1 code point, 🇺🇦 4 and 2.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareRoundTrip, exportQdpx, importQdpx, restoreCodings, type ImportedProject } from '../../../src/interchange/refi/index.ts';
import { finalReviewHook } from '../../../src/interchange/refi/review-status.ts';
import { decide } from '../../../src/review/index.ts';
import type { Store } from '../../../src/store/index.ts';
import { needShared } from '../../helpers/shared.ts';
import { reviewFixture, seg, sha, V1 } from '../../review/fixture.ts';
import { needXmllint, projectXsd, xmllint } from './xmllint.ts';

const tmp = mkdtempSync(join(tmpdir(), 'codeframe-refi-reviewed-'));
const finalFile = join(tmp, 'final.qdpx');
const autoFile = join(tmp, 'auto.qdpx');
let store: Store;
let qde: string;
let project: ImportedProject;

const exportFinal = (file: string) => exportQdpx(store, file, { codebookVersion: V1, review: finalReviewHook(store, V1) });

beforeAll(() => {
  const f = reviewFixture(join(tmp, 'review.db'));
  store = f.store;
  decide(store, { item: f.item('d', 's0'), coder: 'ann', action: 'add', code: 'security', spans: [[3, 9]] }); // "Robots"
  decide(store, { item: f.item('d', 's1'), coder: 'bob', action: 'respan', code: 'economic', spans: [[30, 42]] }); // "transparency"
  decide(store, { item: f.item('d', 's1'), coder: 'ann', action: 'reject', code: 'transparency' });
  decide(store, { item: f.item('a', 's0'), coder: 'ann', action: 'accept', code: 'security' });
  exportFinal(finalFile);
  exportQdpx(store, autoFile, { codebookVersion: V1 });
  qde = strFromU8(unzipSync(readFileSync(finalFile))['project.qde']!);
  project = importQdpx(finalFile);
});
afterAll(() => {
  store?.close();
  rmSync(tmp, { recursive: true, force: true });
});

const userGuid = (name: string): string => project.users.find((u) => u.name === name)!.guid;
const codeGuid = (id: string): string => project.codes.find((c) => c.codeId === id)!.guid;
const selectionsOf = (doc: string) => {
  const source = project.sources.find((s) => s.variables.sha256 === sha(doc))!;
  return project.selections.filter((s) => s.source === source.guid);
};
/** The raw <PlainTextSelection ...> start tag of a selection. */
const tagOf = (guid: string): string => new RegExp(`<PlainTextSelection guid="${guid}"[^>]*>`).exec(qde)![0];

describe('a .qdpx of the final codings', () => {
  it('has the code a coder added, at code point positions, created by that coder', () => {
    const added = selectionsOf('d').filter((s) => s.codes.includes(codeGuid('security')));
    expect(added).toHaveLength(1);
    const s = added[0]!;
    expect([s.startPosition, s.endPosition, s.start, s.end, s.text]).toEqual([2, 8, 3, 9, 'Robots']);
    expect(s.creatingUser).toBe('ann');
    expect(tagOf(s.guid)).toContain(`creatingUser="${userGuid('ann')}"`);
    expect(s.description).toContain('status added (ann)');
    expect(s.provenance).toMatchObject({ status: 'added', coder: 'ann', rules: [], drawn: { segment: seg('d', 's0'), unit: 'sentence', spans: [[2, 8]] } });
  });

  it('has the re-spanned coding over the new spans, modified by its coder, with its rule as provenance', () => {
    const economic = selectionsOf('d').filter((s) => s.codes.includes(codeGuid('economic')));
    expect(economic.map((s) => [s.startPosition, s.endPosition, s.text])).toEqual([[27, 39, 'transparency']]);
    expect(economic[0]!.creatingUser).toBe('codeframe rules');
    expect(economic[0]!.modifyingUser).toBe('bob');
    expect(economic[0]!.provenance).toMatchObject({ status: 'respanned', coder: 'bob', rules: [{ rule: 'r1', segment: seg('d', 's1') }] });
  });

  it('leaves the rejected coding out, and keeps the untouched and accepted ones', () => {
    expect(selectionsOf('d').filter((s) => s.codes.includes(codeGuid('transparency')))).toEqual([]);
    const a = selectionsOf('a').map((s) => [project.codes.find((c) => c.guid === s.codes[0])!.codeId, s.provenance!.status, s.modifyingUser]);
    expect(a).toContainEqual(['security', 'accepted', 'ann']);
    expect(a).toContainEqual(['transparency', 'auto', null]);
  });

  it('lists the coders as users, once each, after the rules user', () => {
    expect(project.users.map((u) => u.name)).toEqual(['codeframe rules', 'ann', 'bob']);
  });

  it('restores the added coding on import (no rule: ruleId null, UTF-16 spans)', () => {
    const restored = restoreCodings(project).filter((c) => c.segmentId === seg('d', 's0'));
    expect(restored).toEqual([
      expect.objectContaining({ codeId: 'security', ruleId: null, start: 3, end: 9, spans: [[3, 9]], status: 'added', coder: 'ann' }),
    ]);
  });

  it('is byte-identical when exported again', () => {
    const again = join(tmp, 'again.qdpx');
    exportFinal(again);
    expect(readFileSync(again).equals(readFileSync(finalFile))).toBe(true);
  });
});

describe('the auto export of the same database', () => {
  it('still has every rule coding and nothing added, and round-trips', () => {
    const p = importQdpx(autoFile);
    expect(p.users.map((u) => u.name)).toEqual(['codeframe rules']);
    expect(restoreCodings(p).some((c) => c.ruleId === null)).toBe(false);
    expect(compareRoundTrip(store, p, V1)).toMatchObject({ ok: true, codings: { expected: 11, restored: 11, missing: [], extra: [] } });
  });
});

describe.runIf(needShared('REFI-QDA schema validation') && needXmllint('REFI-QDA schema validation'))('validation with xmllint --schema', () => {
  it('the final-codings project.qde is valid against Project-mrt2019.xsd', () => {
    const file = join(tmp, 'final.qde');
    writeFileSync(file, qde);
    const r = xmllint(['--noout', '--schema', projectXsd(tmp), file]);
    expect(r.output).toContain('validates');
    expect(r.ok).toBe(true);
  });
});
