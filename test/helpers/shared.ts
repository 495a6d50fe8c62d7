// Tests that read the real files in ../shared (beside the repository) skip loudly where it is
// absent (a user's fresh clone) and fail under CI=true, where it must be present.
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const SHARED = resolve(REPO_ROOT, '../shared');
export const HAS_SHARED = existsSync(resolve(SHARED, 'DESIGN.md'));

/** Path inside ../shared. */
export function shared(...parts: string[]): string {
  return resolve(SHARED, ...parts);
}

/** Call at the top of a test file that needs ../shared; returns true when tests should run. */
export function needShared(what: string): boolean {
  if (HAS_SHARED) return true;
  if (process.env.CI === 'true') {
    throw new Error(`${what}: ../shared is missing at ${SHARED}, and CI=true requires it`);
  }
  console.warn(`\n*** SKIPPING ${what}: ../shared not found at ${SHARED} ***\n`);
  return false;
}
