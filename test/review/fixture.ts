// The store's hand-built fixture (test/store/fixture.ts), with coders and a v1 queue of every
// sentence unit (coded and never coded), so that expected values follow from that file alone:
// current sentence units a:s0 a:s1 a:s2 (global_south), b:s0 (global_south, uncoded),
// c:s0 c:s1 (major_power), d:s0 (uncoded) d:s1 (no actor group), e:s0 (major_power, uncoded).
import { buildFixture, CODEBOOK_V1, sha } from '../store/fixture.ts';
import type { Store } from '../../src/store/index.ts';
import { buildQueue, createCoder, queueItems } from '../../src/review/index.ts';

export { CODEBOOK_V1, CODEBOOK_V2, sha } from '../store/fixture.ts';

export const V1 = CODEBOOK_V1.version;

/** Segment id of the fixture: seg('a', 's0'). */
export const seg = (doc: string, id: string): string => `${sha(doc).slice(0, 4)}:${id}`;

export function reviewFixture(file = ':memory:'): { store: Store; queue: string; item: (doc: string, id: string) => number } {
  const store = buildFixture(file);
  for (const c of ['ann', 'bob', 'cy', 'judge']) createCoder(store, c);
  const queue = buildQueue(store, { name: 'all units', codebookVersion: V1, include: 'all' });
  const items = new Map(queueItems(store, queue).map((i) => [i.segmentId, i.id]));
  return { store, queue, item: (doc, id) => items.get(seg(doc, id))! };
}
