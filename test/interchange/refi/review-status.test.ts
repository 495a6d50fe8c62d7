// The review status a .qdpx export gives each rule coding (regression: every coding was exported
// as 'auto', and rejected ones too, whatever the coders decided).
import { describe, expect, it } from 'vitest';
import { finalReviewHook } from '../../../src/interchange/refi/review-status.ts';
import { decide } from '../../../src/review/index.ts';
import { reviewFixture, seg, V1 } from '../../review/fixture.ts';

describe('finalReviewHook', () => {
  it('marks kept codings accepted, leaves rejected ones out and untouched ones auto', () => {
    const { store, item } = reviewFixture();
    const codings = store.db
      .prepare('SELECT DISTINCT segment_id AS segmentId, code_id AS codeId FROM codings WHERE codebook_version = ? ORDER BY segment_id, code_id')
      .all(V1) as Array<{ segmentId: string; codeId: string }>;
    const [kept, rejected, untouched] = codings.filter((c) => c.segmentId.startsWith(seg('a', '')) || c.segmentId.startsWith(seg('c', '')));
    const itemOf = (segmentId: string) => item(segmentId.slice(0, 4) === seg('a', '').slice(0, 4) ? 'a' : 'c', segmentId.split(':')[1]!);
    decide(store, { item: itemOf(kept!.segmentId), coder: 'ann', action: 'accept', code: kept!.codeId });
    decide(store, { item: itemOf(rejected!.segmentId), coder: 'ann', action: 'reject', code: rejected!.codeId });
    const hook = finalReviewHook(store, V1);
    const subject = (c: { segmentId: string; codeId: string }) => ({
      codebookVersion: V1, document: '', start: 0, end: 0, codeId: c.codeId, codingIds: [], segmentIds: [c.segmentId],
    });
    expect(hook(subject(kept!))).toEqual({ status: 'accepted', coders: ['ann'] });
    expect(hook(subject(rejected!))).toBeNull();
    expect(hook(subject(untouched!))).toEqual({ status: 'auto' });
  });
});
