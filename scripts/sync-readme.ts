// Copies the codebook format (src/codebook/README.md) and the database schema (src/store/SCHEMA.md)
// into README.md between their markers, so the README tells the same truth as the code's own docs.
// `npx tsx scripts/sync-readme.ts` rewrites README.md; `--check` exits 1 when it is out of date
// (test/scripts/sync-readme.test.ts runs the check).
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

export const SECTIONS = [
  { marker: 'CODEBOOK', source: 'src/codebook/README.md', heading: '## Codebook format' },
  { marker: 'SCHEMA', source: 'src/store/SCHEMA.md', heading: '## Database schema' },
] as const;

/** README text with each marked section replaced by its source, headings moved one level down. */
export function syncedReadme(readme: string, read: (file: string) => string = (f) => readFileSync(join(ROOT, f), 'utf8')): string {
  let out = readme;
  for (const { marker, source, heading } of SECTIONS) {
    const begin = `<!-- BEGIN ${marker} (generated from ${source} by scripts/sync-readme.ts) -->`;
    const end = `<!-- END ${marker} -->`;
    const body = read(source)
      .replace(/^#[^\n]*\n+/, '') // the source's own title: the README has its heading
      .replace(/^(#+) /gm, '#$1 ')
      .trimEnd();
    const block = `${begin}\n${heading}\n\n${body}\n${end}`;
    const pattern = new RegExp(`<!-- BEGIN ${marker} [^>]*-->[\\s\\S]*?<!-- END ${marker} -->|<!-- ${marker} -->`);
    if (!pattern.test(out)) throw new Error(`README.md has no <!-- ${marker} --> marker`);
    out = out.replace(pattern, () => block);
  }
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const file = join(ROOT, 'README.md');
  const current = readFileSync(file, 'utf8');
  const next = syncedReadme(current);
  if (process.argv.includes('--check')) {
    if (next !== current) {
      console.error('README.md is out of date: run `npx tsx scripts/sync-readme.ts`');
      process.exit(1);
    }
  } else if (next !== current) {
    writeFileSync(file, next);
    console.log('README.md updated');
  }
}
