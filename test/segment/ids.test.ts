// Segment ids: stable, derived only from (docHash, kind, start, end).
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { segmentId } from '../../src/segment/index.ts';

describe('segmentId', () => {
  it('is the first 16 hex chars of sha256("docHash:kind:start:end")', () => {
    const full = createHash('sha256').update('abc123:sentence:10:42').digest('hex');
    expect(segmentId('abc123', 'sentence', 10, 42)).toBe(full.slice(0, 16));
    // Pinned value: changing the recipe would orphan every stored review.
    expect(segmentId('abc123', 'sentence', 10, 42)).toBe('4b5c8cec81930dc1');
  });

  it('differs when any input differs', () => {
    const ids = new Set([
      segmentId('abc123', 'sentence', 10, 42),
      segmentId('abc124', 'sentence', 10, 42),
      segmentId('abc123', 'paragraph', 10, 42),
      segmentId('abc123', 'sentence', 11, 42),
      segmentId('abc123', 'sentence', 10, 43),
      // "1:12" vs "11:2": the separator keeps offsets apart
      segmentId('abc123', 'sentence', 1, 12),
      segmentId('abc123', 'sentence', 11, 2),
    ]);
    expect(ids.size).toBe(7);
  });
});
