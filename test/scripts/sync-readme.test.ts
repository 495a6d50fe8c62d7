import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { syncedReadme } from '../../scripts/sync-readme.ts';
import { REPO_ROOT } from '../helpers/shared.ts';

describe('README', () => {
  it('carries the current codebook format and database schema (run `npx tsx scripts/sync-readme.ts`)', () => {
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    expect(syncedReadme(readme)).toBe(readme);
  });

  it('a change in a source document makes the check fail', () => {
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    const changed = syncedReadme(readme, (f) => readFileSync(join(REPO_ROOT, f), 'utf8') + '\nA new line.\n');
    expect(changed).not.toBe(readme);
    expect(changed).toContain('A new line.');
  });
});
