// A document's metadata: the manifest is the researcher's word and wins; what the file says about
// itself (front matter, <title>, PDF info) fills the gaps.
import { META_KEYS, type DocumentMeta } from '../types.ts';

export function mergeMeta(manifest: Partial<DocumentMeta> | undefined, fromFile: Partial<DocumentMeta>): DocumentMeta {
  const out = {} as DocumentMeta;
  for (const key of META_KEYS) {
    const chosen = nonEmpty(manifest?.[key]) ?? nonEmpty(fromFile[key]);
    out[key] = chosen;
  }
  return out;
}

function nonEmpty(v: string | null | undefined): string | null {
  if (v === undefined || v === null) return null;
  const t = String(v).trim();
  return t === '' ? null : t;
}
