import { afterEach, describe, expect, it } from 'vitest';
import { allocate } from '../../src/review/sample.ts';
import { assign, buildQueue, decide, progress, queueItems, ReviewError } from '../../src/review/index.ts';
import type { Store } from '../../src/store/index.ts';
import { reviewFixture, seg, V1 } from './fixture.ts';

let store: Store;
afterEach(() => store?.close());

const segments = (queue: string) => queueItems(store, queue).map((i) => i.segmentId);

describe('buildQueue filters', () => {
  it.each([
    [{}, ['a:s0', 'a:s1', 'a:s2', 'c:s0', 'c:s1', 'd:s1']],
    [{ codes: ['security'] }, ['a:s0', 'c:s0', 'c:s1']],
    [{ groups: ['dimensions'] }, ['a:s0', 'a:s2', 'c:s0', 'c:s1', 'd:s1']],
    [{ documents: ['c.txt'] }, ['c:s0', 'c:s1']],
    [{ actorGroups: ['global_south'] }, ['a:s0', 'a:s1', 'a:s2']],
    [{ include: 'uncoded' }, ['b:s0', 'd:s0', 'e:s0']],
    [{ include: 'all', codes: ['economic'] }, ['a:s2', 'b:s0', 'd:s0', 'd:s1', 'e:s0']],
  ])('%j', (spec, expected) => {
    store = reviewFixture().store;
    const q = buildQueue(store, { name: 'q', codebookVersion: V1, ...spec } as never);
    expect(segments(q)).toEqual(expected.map((e) => seg(e[0]!, e.slice(2))));
  });

  it('refuses unknown codes and groups, naming what was expected', () => {
    store = reviewFixture().store;
    expect(() => buildQueue(store, { name: 'q', codebookVersion: V1, codes: ['transparancy'] })).toThrow(
      'Unexpected code `transparancy` in queue spec, expected one of transparency, accountability, security, economic',
    );
    expect(() => buildQueue(store, { name: 'q', codebookVersion: V1, groups: ['x'] })).toThrow(ReviewError);
  });

  it('gives the same spec the same queue (id and items), without writing it twice', () => {
    store = reviewFixture().store;
    const a = buildQueue(store, { name: 'q', codebookVersion: V1, codes: ['security', 'economic'] });
    const b = buildQueue(store, { name: 'q', codebookVersion: V1, codes: ['economic', 'security'] });
    expect(a).toBe(b);
    expect(store.db.prepare('SELECT count(*) AS n FROM queues WHERE id = ?').get(a)).toEqual({ n: 1 });
  });
});

describe('seeded stratified sample', () => {
  const spec = (seed: number) => ({ name: 's', codebookVersion: V1, include: 'all' as const, sample: { size: 6, seed, stratify: ['actor_group' as const] } });

  it('allocates in proportion to stratum size (largest remainder)', () => {
    // 9 units: global_south 4, major_power 3, (unassigned) 2 -> 6 * (4, 3, 2) / 9 = 2.67, 2, 1.33
    store = reviewFixture().store;
    const items = queueItems(store, buildQueue(store, spec(1)));
    const count = (s: string) => items.filter((i) => i.stratum === s).length;
    expect([count('global_south'), count('major_power'), count('(unassigned)')]).toEqual([3, 2, 1]);
    expect(allocate(new Map([['x', 1], ['y', 1], ['z', 1]]), 2)).toEqual(new Map([['x', 1], ['y', 1], ['z', 0]]));
    expect(allocate(new Map([['x', 2]]), 5)).toEqual(new Map([['x', 2]]));
  });

  it('is reproducible for a seed, across databases, and varies with the seed', () => {
    store = reviewFixture().store;
    const first = segments(buildQueue(store, spec(42)));
    const other = reviewFixture();
    const again = queueItems(other.store, buildQueue(other.store, spec(42))).map((i) => i.segmentId);
    other.store.close();
    expect(again).toEqual(first);
    const seeds = [1, 2, 3, 4, 5].map((s) => segments(buildQueue(store, spec(s))).join());
    expect(new Set(seeds).size).toBeGreaterThan(1);
  });
});

describe('progress', () => {
  it('counts items and completed items per coder', () => {
    const f = reviewFixture();
    store = f.store;
    const q = buildQueue(store, { name: 'c', codebookVersion: V1, documents: ['c.txt'] });
    assign(store, q, ['ann', 'bob', 'cy'], { perItem: 2 }); // item 0 -> ann, bob; item 1 -> cy, ann
    const [i0, i1] = queueItems(store, q);
    decide(store, { item: i0!.id, coder: 'ann', action: 'accept', code: 'security' });
    expect(progress(store, q)).toEqual([
      { coder: 'ann', items: 2, complete: 0, remaining: 2 },
      { coder: 'bob', items: 1, complete: 0, remaining: 1 },
      { coder: 'cy', items: 1, complete: 0, remaining: 1 },
    ]);
    decide(store, { item: i0!.id, coder: 'ann', action: 'accept', code: 'accountability' });
    decide(store, { item: i1!.id, coder: 'cy', action: 'reject', code: 'security' });
    expect(progress(store, q).map((p) => [p.coder, p.complete])).toEqual([['ann', 1], ['bob', 0], ['cy', 1]]);
  });
});
