// `codeframe export --format qdpx|qdc` (src/cli/commands/export-qdpx.ts).
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { exportQdpxCommand } from '../../../src/cli/commands/export-qdpx.ts';
import { EXIT, UsageError } from '../../../src/cli/errors.ts';
import { importQdc, importQdpx } from '../../../src/interchange/refi/index.ts';
import { openStore } from '../../../src/store/index.ts';
import { addMiniCodebook, addNonBmpDocument, MINI_VERSION } from './fixture.ts';

const tmp = mkdtempSync(join(tmpdir(), 'codeframe-refi-cli-'));
const db = join(tmp, 'codeframe.db');
beforeAll(() => {
  const store = openStore(db);
  addMiniCodebook(store);
  addNonBmpDocument(store, MINI_VERSION);
  store.close();
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function run(flags: Parameters<typeof exportQdpxCommand>[0]): { code: number; stdout: string; stderr: string } {
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    const code = exportQdpxCommand(flags);
    return { code, stdout: out.mock.calls.map((c) => String(c[0])).join(''), stderr: err.mock.calls.map((c) => String(c[0])).join('') };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describe('exportQdpxCommand', () => {
  it('writes a .qdpx and says what is in it', () => {
    const out = join(tmp, 'p.qdpx');
    const r = run({ format: 'qdpx', db, out });
    expect(r.code).toBe(EXIT.ok);
    expect(r.stderr).toContain('1 source, 3 codes, 5 coded selections (7 rule codings), codebook mini00000001');
    expect(importQdpx(out).selections).toHaveLength(5);
    expect(readdirSync(tmp).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('writes a .qdc, with a JSON summary on request', () => {
    const out = join(tmp, 'c.qdc');
    const r = run({ format: 'qdc', db, out, json: true, codebookVersion: MINI_VERSION });
    expect(JSON.parse(r.stdout)).toMatchObject({ codebookVersion: MINI_VERSION, codes: 3 });
    expect(importQdc(out).map((c) => c.codeId ?? `(group ${c.groupId})`)).toEqual(['(group principle)', 'transparency', 'accountability', 'misc']);
  });

  it.each([
    ['no --out', { format: 'qdpx' as const, db }, /--out FILE is required/],
    ['a .qdpx name for a codebook', { format: 'qdc' as const, db, out: join(tmp, 'x.qdpx') }, /expected a file name ending in \.qdc/],
    ['an unknown format', { format: 'nvivo' as unknown as 'qdpx', db, out: join(tmp, 'x.qdpx') }, /expected qdpx or qdc/],
    ['a missing database', { format: 'qdpx' as const, db: join(tmp, 'none.db'), out: join(tmp, 'x.qdpx') }, /no database at/],
    ['an unknown codebook version', { format: 'qdpx' as const, db, out: join(tmp, 'x.qdpx'), codebookVersion: 'feedbeef' }, /codebook version `feedbeef`/],
  ])('refuses %s as a usage error, writing nothing', (_name, flags, message) => {
    expect(() => run(flags)).toThrow(UsageError);
    expect(() => run(flags)).toThrow(message);
    expect(existsSync(join(tmp, 'x.qdpx'))).toBe(false);
  });
});
