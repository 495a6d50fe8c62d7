// Deterministic GUIDs: REFI-QDA identifies every element by a GUID; ours are name-based
// (UUID version 5: SHA-1 of a fixed namespace and a name built from our own ids), so exporting
// the same database twice gives byte-identical files, and a code or document keeps its GUID
// across exports (a QDA tool can recognise it).
import { createHash } from 'node:crypto';

/** codeframe's namespace UUID (random, fixed forever: changing it changes every GUID). */
const NAMESPACE = Buffer.from('6f1c2a4e9b3d4c7e8a5f0d2b1e4c3a96', 'hex');

/** UUID v5 of `kind` and `parts` (joined with NUL, which none of our ids contain), lowercase. */
export function guidOf(kind: string, ...parts: Array<string | number>): string {
  const name = [kind, ...parts.map(String)].join('\u0000');
  const h = createHash('sha1').update(NAMESPACE).update(name, 'utf8').digest();
  h[6] = (h[6]! & 0x0f) | 0x50; // version 5
  h[8] = (h[8]! & 0x3f) | 0x80; // RFC 4122 variant
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}
