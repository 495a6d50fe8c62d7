// HTML text and attribute escaping. Everything that comes from documents, the manifest or the
// database goes through `esc` (titles, file names, codes, reasons): a title like
// `<script>alert(1)</script> & co` must print as text.

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function esc(s: string | number | null | undefined): string {
  if (s === null || s === undefined) return '';
  return String(s).replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** Inline Markdown code spans (`x`) of the compare module's sentences → <code>, the rest escaped. */
export function escCode(s: string): string {
  return s
    .split('`')
    .map((part, i) => (i % 2 === 1 ? `<code>${esc(part)}</code>` : esc(part)))
    .join('');
}

/** A fragment id from any string: lowercase letters, digits and hyphens. */
export function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'x';
}
