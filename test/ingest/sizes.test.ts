// Size messages for files over the limit: the `codeframe text` reader and the pipeline say the same.
import { describe, expect, it } from 'vitest';
import { oversizeReason } from '../../src/ingest/sizes.ts';

describe('oversizeReason', () => {
  it.each([
    [2048, 1024, '2.0 KB, larger than the limit of 1.0 KB'],
    [300 * 1024 * 1024, 200 * 1024 * 1024, '300.0 MB, larger than the limit of 200.0 MB'],
    [2000, 1000, '2.0 KB, larger than the limit of 1000 bytes'],
    // regression: one byte over 200 MB read "200.0 MB, larger than the limit of 200.0 MB"
    [200 * 1024 * 1024 + 1, 200 * 1024 * 1024, '209715201 bytes, larger than the limit of 209715200 bytes'],
  ])('%d over %d', (size, limit, want) => expect(oversizeReason(size, limit)).toBe(want));
});
