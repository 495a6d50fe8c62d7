// The round-trip check must be able to fail: tamper with an export and it says what was lost.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareRoundTrip, exportQdpx, importQdpx } from '../../../src/interchange/refi/index.ts';
import { openStore, type Store } from '../../../src/store/index.ts';
import { addMiniCodebook, addNonBmpDocument, addPlainDocuments, MINI_VERSION } from './fixture.ts';

const tmp = mkdtempSync(join(tmpdir(), 'codeframe-refi-rt-'));
const file = join(tmp, 'mini.qdpx');
let store: Store;
beforeAll(() => {
  store = openStore(join(tmp, 'mini.db'));
  addMiniCodebook(store);
  addNonBmpDocument(store, MINI_VERSION);
  addPlainDocuments(store);
  exportQdpx(store, file);
});
afterAll(() => {
  store.close();
  rmSync(tmp, { recursive: true, force: true });
});

/** A copy of the export with project.qde and/or one text changed. */
function tampered(name: string, edit: (qde: string) => string, text?: (t: string) => string): string {
  const entries = unzipSync(readFileSync(file));
  entries['project.qde'] = strToU8(edit(strFromU8(entries['project.qde']!)));
  if (text) {
    const k = Object.keys(entries).find((n) => strFromU8(entries[n]!).startsWith('🙂'))!;
    entries[k] = strToU8(text(strFromU8(entries[k]!)));
  }
  const out = join(tmp, name);
  writeFileSync(out, zipSync(entries));
  return out;
}

describe('compareRoundTrip', () => {
  it('is ok for an untouched export', () => {
    const r = compareRoundTrip(store, importQdpx(file), MINI_VERSION);
    expect(r).toMatchObject({ ok: true, codings: { expected: 8, restored: 8, missing: [], extra: [] } });
    expect(r.sources).toEqual({ expected: 2, restored: 2, missing: [], textDiffers: [] });
    expect(r.codes).toMatchObject({ expected: 3, restored: 3, missing: [], extra: [] });
  });

  it('names a coding whose rule was dropped from the provenance', () => {
    const f = tampered('drop-rule.qdpx', (q) => q.replace(/,\{"rule":"acc-words"[^}]*\}/, ''));
    const r = compareRoundTrip(store, importQdpx(f), MINI_VERSION);
    expect(r.ok).toBe(false);
    expect(r.codings.missing).toHaveLength(1);
    expect(r.codings.missing[0]).toContain('nb-s1 | sentence');
    expect(r.codings.missing[0]).toContain('accountability | acc-words');
  });

  it('notices a selection moved by one character (a UTF-16/code point mix-up)', () => {
    const f = tampered('shift.qdpx', (q) => q.replace(/startPosition="59"/, 'startPosition="60"'));
    const r = compareRoundTrip(store, importQdpx(f), MINI_VERSION);
    expect(r.ok).toBe(false);
    expect(r.codings.missing.length).toBe(2);
    expect(r.codings.extra.length).toBe(2);
  });

  it('notices a changed source text and a renamed code', () => {
    const f = tampered('text.qdpx', (q) => q.replace('name="Accountability"', 'name="Answerability"'), (t) => t.replace('call', 'CALL'));
    const r = compareRoundTrip(store, importQdpx(f), MINI_VERSION);
    expect(r.ok).toBe(false);
    expect(r.sources.textDiffers).toEqual(['hand/non-bmp.txt']);
    expect(r.codes.missing).toEqual(['accountability | Accountability | principle']);
    expect(r.codes.extra).toEqual(['accountability | Answerability | principle']);
  });
});
