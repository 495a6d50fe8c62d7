// Segment ids: stable across runs and codebook versions, so that reviews stay attached to their
// segments (DESIGN.md invariant 4). They depend only on the document hash, the kind and the
// offsets; never on ordinals, which shift when an earlier segment appears or goes.
import * as crypto from 'node:crypto';
import type { SegmentKind } from '../types.ts';

// crypto.hash (Node >= 20.12) is a one-shot digest, about twice as fast as createHash for these
// short strings; ids are a large share of segmentDocument's time. Same bytes either way.
const oneShot = (crypto as { hash?: (algorithm: string, data: string) => string }).hash;

/** First 16 hex chars of sha256(`${docHash}:${kind}:${start}:${end}`). */
export function segmentId(docHash: string, kind: SegmentKind, start: number, end: number): string {
  const input = `${docHash}:${kind}:${start}:${end}`;
  const hex = oneShot ? oneShot('sha256', input) : crypto.createHash('sha256').update(input).digest('hex');
  return hex.slice(0, 16);
}
