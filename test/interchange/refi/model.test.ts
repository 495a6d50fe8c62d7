// The export model on a hand-made store: which documents and codings go in, how codes nest,
// and the review-status hook the review module will plug into.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModel, buildProject, RefiError, type ReviewSubject } from '../../../src/interchange/refi/index.ts';
import { xsdDateTime } from '../../../src/interchange/refi/model.ts';
import { openStore, type Store } from '../../../src/store/index.ts';
import { addMiniCodebook, addNonBmpDocument, addPlainDocuments, MINI_VERSION, NON_BMP_SHA } from './fixture.ts';

let store: Store;
beforeAll(() => {
  store = openStore(':memory:');
  addMiniCodebook(store);
  addNonBmpDocument(store, MINI_VERSION);
  addPlainDocuments(store);
});
afterAll(() => store.close());

describe('buildModel', () => {
  it('takes the current documents coded with the version, and counts the others', () => {
    const m = buildModel(store);
    expect(m.codebook.version).toBe(MINI_VERSION);
    expect(m.documents.map((d) => d.row.file)).toEqual(['hand/non-bmp.txt', 'hand/plain.txt']);
    expect(m.uncodedDocuments).toBe(1);
  });

  it('nests codes under their group and keeps codes of unlisted groups at the top', () => {
    const m = buildModel(store);
    expect(m.groups.map((g) => [g.id, g.codes.map((c) => c.id)])).toEqual([['principle', ['transparency', 'accountability']]]);
    expect(m.ungrouped.map((c) => c.id)).toEqual(['misc']);
    expect(m.groups[0]!.codes[0]).toMatchObject({ include: ['openness'], exclude: ['glass <windows>'] });
  });

  it('marks every coding auto and made by the rules user when no review hook is given', () => {
    const m = buildModel(store);
    const sels = m.documents.flatMap((d) => d.selections);
    expect(sels.length).toBe(6);
    expect(new Set(sels.map((s) => `${s.status}/${s.coder}`))).toEqual(new Set(['auto/null']));
    expect(m.rulesUser.name).toBe('codeframe rules');
    expect(m.coders).toEqual([]);
  });

  it('asks the review hook about each unit × code, records status and coder, and leaves out what it drops', () => {
    const asked: ReviewSubject[] = [];
    const m = buildModel(store, {
      review: (s) => {
        asked.push(s);
        if (s.codeId === 'misc') return null; // rejected
        return s.codeId === 'accountability' ? { status: 'accepted', coder: 'alice' } : { status: 'auto' };
      },
    });
    expect(asked.length).toBe(6);
    expect(asked.find((s) => s.segmentIds.includes('nb-p1'))).toMatchObject({ document: NON_BMP_SHA, codeId: 'transparency', segmentIds: ['nb-p1', 'nb-s2'] });
    const sels = m.documents.flatMap((d) => d.selections);
    expect(sels.map((s) => s.codeId).sort()).toEqual(['accountability', 'accountability', 'transparency', 'transparency', 'transparency']);
    expect(sels.filter((s) => s.coder === 'alice').every((s) => s.status === 'accepted' && s.codeId === 'accountability')).toBe(true);
    expect(m.coders.map((c) => c.name)).toEqual(['alice']);

    const { qde } = buildProject(m);
    const alice = m.coders[0]!.guid;
    expect(qde).toContain(`<User guid="${alice}" name="alice"/>`);
    expect(qde.match(new RegExp(`modifyingUser="${alice}"`, 'g'))!.length).toBe(2);
    expect(qde).toContain('status accepted (alice)');
  });

  it('names sources by base name, and by path where two base names collide', () => {
    const m = buildModel(store);
    expect(buildProject(m).qde).toMatch(/<TextSource [^>]*name="non-bmp\.txt"/);
    const clash = { ...m, documents: m.documents.map((d, i) => ({ ...d, row: { ...d.row, file: `${'ab'[i]}/same.txt` } })) };
    const { qde } = buildProject(clash);
    expect([...qde.matchAll(/<TextSource [^>]*name="([^"]+)"/g)].map((x) => x[1])).toEqual(['a_same.txt', 'b_same.txt']);
  });

  it('refuses a codebook version the database does not hold', () => {
    expect(() => buildModel(store, { codebookVersion: 'nope' })).toThrow(RefiError);
    expect(() => buildModel(store, { codebookVersion: 'nope' })).toThrow('Unexpected codebook version `nope`, expected one stored in the database');
  });

  it('refuses an empty database', () => {
    const empty = openStore(':memory:');
    try {
      expect(() => buildModel(empty)).toThrow(/without a coded run/);
    } finally {
      empty.close();
    }
  });
});

describe('xsdDateTime', () => {
  it.each([
    ['2026-11-27T14:46:56.315Z', '2026-11-27T14:46:56Z'],
    ['2026-11-27T14:46:56Z', '2026-11-27T14:46:56Z'],
    ['2026-11-27', null],
    [null, null],
  ])('%s → %s', (input, out) => {
    expect(xsdDateTime(input)).toBe(out);
  });
});
