// Schema validation with xmllint (Debian: libxml2-utils). Tests that need it skip loudly where it
// is missing and fail under CI=true, like needShared. The schemas are copied into a temp folder,
// never into the repository; the Codebook schema is repaired in that copy (see fixedCodebookXsd).
import { spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { shared } from '../../helpers/shared.ts';

export const HAS_XMLLINT = spawnSync('xmllint', ['--version']).status === 0;

export function needXmllint(what: string): boolean {
  if (HAS_XMLLINT) return true;
  if (process.env.CI === 'true') throw new Error(`${what}: xmllint is missing (apt-get install libxml2-utils), and CI=true requires it`);
  console.warn(`\n*** SKIPPING ${what}: xmllint not found (apt-get install libxml2-utils) ***\n`);
  return false;
}

export function xmllint(args: string[]): { ok: boolean; output: string } {
  const r = spawnSync('xmllint', args, { encoding: 'utf8' });
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
}

/** The official Project schema, copied as is. */
export function projectXsd(dir: string): string {
  const out = join(dir, 'Project.xsd');
  copyFileSync(shared('refi-qda', 'Project-mrt2019.xsd'), out);
  return out;
}

/**
 * The Codebook schema as QualCoder embeds it was copy-pasted from the standard's PDF: comments
 * close with U+2010 hyphens ("‐‐>"), the GUID/RGB patterns use U+2010 where "-" is meant (so no
 * real GUID would match), and two attributes lack the space before them (`"origin"type=`).
 * This repairs exactly that, in a temp copy.
 */
export function fixedCodebookXsd(dir: string): { raw: string; fixed: string } {
  const raw = join(dir, 'Codebook-raw.xsd');
  const fixed = join(dir, 'Codebook.xsd');
  const text = readFileSync(shared('refi-qda', 'Codebook_qualcoder-2025-xsd.py-string.xsd'), 'utf8');
  writeFileSync(raw, text);
  writeFileSync(fixed, text.replaceAll('\u2010', '-').replace(/(="[^"]*")(?=[A-Za-z])/g, '$1 '));
  return { raw, fixed };
}
