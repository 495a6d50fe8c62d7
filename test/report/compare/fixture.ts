// A hand-built database for the comparison, quotes and timeline tests: a codebook with principle,
// dimension and level groups, five documents in three actor groups with full, partial and missing
// dates, and codings written by hand, so every expected number follows from this file alone.
//
//   doc    actor group   date         sentences (codes)
//   a.txt  global_south  2024-05      s0 transparency+security · s1 interoperability+selective · s2 (none)
//   b.txt  global_south  2021         s0 transparency+universal · s1 (none)
//   c.txt  major_power   2024-05-13   s0 interoperability+selective · s1 security · s2 interoperability+economic
//   d.txt  major_power   (none)       s0 transparency (negated) · s1 interoperability
//   e.txt  multilateral  2024         s0 interoperability+universal · s1 (none)
// Sentence ids are `<4 letters>:s<n>` (aaaa:s0). Units per group: global_south 5, major_power 5,
// multilateral 2. Words (letter runs: the emoji and digits are not words): a 11, b 5, c 9, d 4, e 4,
// so global_south 16, major_power 13, multilateral 4.
import type { Coding } from '../../../src/types.ts';
import { openStore, type Store } from '../../../src/store/index.ts';
import { coding, docInput, sha } from '../../store/fixture.ts';

export const CMP = {
  version: 'cmp000000001',
  id: 'cmp',
  title: 'Comparison fixture',
  file: 'codebook/cmp.yml',
  source: 'codebook: cmp\n',
  json: '{"codebook":"cmp"}',
  codes: [
    { id: 'security', label: 'Security policy', group: 'dimension', definition: 'Defence.' },
    { id: 'economic', label: 'Economic policy', group: 'dimension', definition: 'Markets.' },
    { id: 'transparency', label: 'Transparency', group: 'principle', definition: 'Openness.' },
    { id: 'interoperability', label: 'Interoperability', group: 'principle', definition: 'Working together.' },
    { id: 'universal', label: 'Universal', group: 'level', definition: 'UN.' },
    { id: 'selective', label: 'Selective', group: 'level', definition: 'Coalitions.' },
  ],
};

export const TITLE_A = 'A <b>&"x"</b>';

export function buildCompareFixture(file = ':memory:'): Store {
  const store = openStore(file);
  store.saveCodebook(CMP);
  const run = store.startRun({ command: 'run', toolVersion: '0.1.0', codebookVersion: CMP.version, options: {} });
  const put = (d: ReturnType<typeof docInput>, codings: Coding[]) => {
    d.coding = { codebookVersion: CMP.version, unit: 'sentence', codings };
    store.storeDocument(d);
  };
  const a = docInput(sha('a'), 'a.txt', [['🤖 Transparency in security matters.', 'Interoperability via coalitions of states.'], ['Nothing here.']], { actor_group: 'global_south', date: '2024-05', title: TITLE_A }, run);
  put(a, [coding(a.seg('s0'), 'transparency'), coding(a.seg('s0'), 'security', 'sec1'), coding(a.seg('s1'), 'interoperability'), coding(a.seg('s1'), 'interoperability', 'r2'), coding(a.seg('s1'), 'selective')]);
  const b = docInput(sha('b'), 'b.txt', [['Transparency at the UN.', 'Plain.']], { actor_group: 'global_south', date: '2021' }, run);
  put(b, [coding(b.seg('s0'), 'transparency'), coding(b.seg('s0'), 'universal')]);
  const c = docInput(sha('c'), 'c.txt', [['Interop in G7.', 'Security first.', 'Interoperable markets and trade 2024.']], { actor_group: 'major_power', date: '2024-05-13' }, run);
  put(c, [coding(c.seg('s0'), 'interoperability'), coding(c.seg('s0'), 'selective'), coding(c.seg('s1'), 'security'), coding(c.seg('s2'), 'interoperability'), coding(c.seg('s2'), 'economic')]);
  const d = docInput(sha('d'), 'd.txt', [['Transparency, undated.', 'Interop undated.']], { actor_group: 'major_power' }, run);
  put(d, [coding(d.seg('s0'), 'transparency', 'r1', true), coding(d.seg('s1'), 'interoperability')]);
  const e = docInput(sha('e'), 'e.txt', [['Interoperability at UN.', 'Other.']], { actor_group: 'multilateral', date: '2024' }, run);
  put(e, [coding(e.seg('s0'), 'interoperability'), coding(e.seg('s0'), 'universal')]);
  store.finishRun(run, 'completed', {});
  return store;
}
