// The codebook version: a content hash of the validated codebook, so comments, key order and
// whitespace do not change it, and writing a default explicitly does not either.
import { createHash } from 'node:crypto';

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.keys(value)
    .sort()
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
  return `{${entries.join(',')}}`;
}

export function codebookVersion(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex').slice(0, 12);
}
