// Ways to make a disk read-only or full for the fault tests, with what this machine allows:
//   read-only file:   chattr +i as root (root ignores chmod), else chmod 444
//   read-only folder: a read-only bind mount as root (else chattr +i), else chmod 555
//   full disk:        a size-limited tmpfs (root with CAP_SYS_ADMIN), else a file size limit
//                     (`ulimit -f`: writes past it fail with EFBIG; Node ignores SIGXFSZ)
// Each tells which method it used, so a test can say honestly what it covered.
import { spawnSync } from 'node:child_process';
import { chmodSync, closeSync, ftruncateSync, fstatSync, mkdirSync, openSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'vitest';
import { REPO_ROOT } from '../helpers/shared.ts';
import { buildFixture, CODEBOOK_V2, coding, docInput } from './fixture.ts';

export const IS_ROOT = process.getuid?.() === 0;
export const BIN = join(REPO_ROOT, 'src/cli/bin.mjs');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** The real CLI in a child process; `fsizeKb` runs it under `ulimit -f` (1 KB blocks in bash). */
export function cli(args: string[], opts: { fsizeKb?: number } = {}): CliResult {
  const r =
    opts.fsizeKb === undefined
      ? spawnSync(process.execPath, [BIN, ...args], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 240_000 })
      : spawnSync('bash', ['-c', `ulimit -f ${opts.fsizeKb} && exec "$0" "$@"`, process.execPath, BIN, ...args], {
          cwd: REPO_ROOT,
          encoding: 'utf8',
          timeout: 240_000,
        });
  return { code: r.status ?? -1, stdout: r.stdout ?? '', stderr: (r.stderr ?? '') + (r.error ? String(r.error) : '') };
}

function run(cmd: string, ...args: string[]): boolean {
  return spawnSync(cmd, args, { encoding: 'utf8' }).status === 0;
}

/** Mounts a tmpfs of `bytes` on `dir` (created if needed); false where mounting is not allowed. */
export function mountTmpfs(dir: string, bytes: number): boolean {
  mkdirSync(dir, { recursive: true });
  return IS_ROOT && run('mount', '-t', 'tmpfs', '-o', `size=${bytes}`, 'tmpfs', dir);
}

export function unmount(dir: string): void {
  if (!run('umount', dir)) run('umount', '-l', dir);
}

/** Fills the file system holding `dir` until only about `leave` bytes are free (4 KB pages);
 *  returns a function that frees the space again. */
export function fillDisk(dir: string, leave: number): () => void {
  const filler = join(dir, '.filler');
  const fd = openSync(filler, 'w');
  try {
    for (const size of [1 << 20, 1 << 16, 1 << 12]) {
      const chunk = Buffer.alloc(size);
      try {
        for (;;) writeSync(fd, chunk);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
      }
    }
    ftruncateSync(fd, Math.max(0, fstatSync(fd).size - leave));
  } finally {
    closeSync(fd);
  }
  return () => rmSync(filler, { force: true });
}

export type Undo = () => void;

/** Makes one file unwritable for this process's user; returns how, and how to undo it. */
export function readOnlyFile(file: string): { method: string; undo: Undo } | null {
  if (!IS_ROOT) {
    chmodSync(file, 0o444);
    return { method: 'chmod 444', undo: () => chmodSync(file, 0o644) };
  }
  if (run('chattr', '+i', file)) return { method: 'chattr +i (root)', undo: () => void run('chattr', '-i', file) };
  return null;
}

/** Makes a folder read-only (its files stay writable only where the method allows). */
export function readOnlyDir(dir: string): { method: string; undo: Undo } | null {
  if (!IS_ROOT) {
    chmodSync(dir, 0o555);
    return { method: 'chmod 555', undo: () => chmodSync(dir, 0o755) };
  }
  // chattr +i on the folder: no new entries (no -wal, no -shm), its files stay writable.
  if (run('chattr', '+i', dir)) return { method: 'chattr +i on the folder (root)', undo: () => void run('chattr', '-i', dir) };
  if (run('mount', '--bind', dir, dir)) {
    if (run('mount', '-o', 'remount,bind,ro', dir)) return { method: 'read-only bind mount (root)', undo: () => unmount(dir) };
    unmount(dir);
  }
  return null;
}

/** A message for a test that could not set up its fault: said loudly, never silently passed. */
export function skipNote(what: string): void {
  console.warn(`\n*** NOT COVERED on this machine: ${what} ***\n`);
}

/** A folder whose disk can be made full (fill) and freed again (free). */
export interface FullDisk {
  method: string;
  dir: string;
  /** Extra CLI options that apply the fault (a file size limit); none for tmpfs. */
  cliOpts: { fsizeKb?: number };
  fill: () => void;
  free: () => void;
}

/** `dir` on a tmpfs of `tmpfsBytes` where mounting is allowed (fill() leaves `leaveBytes` free;
 *  the mount is added to `mounts` for afterAll), else — or with `force: 'ulimit'` — a file size
 *  limit of `limitKb` on the CLI child (writes past it fail with EFBIG, as a full disk's with ENOSPC). */
export function fullDisk(
  dir: string,
  mounts: string[],
  opts: { leaveBytes: number; limitKb: number; tmpfsBytes?: number; force?: 'ulimit' },
): FullDisk {
  if (opts.force !== 'ulimit' && mountTmpfs(dir, opts.tmpfsBytes ?? 4 << 20)) {
    mounts.push(dir);
    let free = (): void => {};
    return {
      method: `tmpfs, ${opts.leaveBytes} bytes left`,
      dir,
      cliOpts: {},
      fill: () => (free = fillDisk(dir, opts.leaveBytes)),
      free: () => free(),
    };
  }
  if (opts.force !== 'ulimit') skipNote(`tmpfs mount (${IS_ROOT ? 'refused' : 'not root'}): the full disk is simulated with ulimit -f`);
  mkdirSync(dir, { recursive: true });
  const cliOpts: { fsizeKb?: number } = {};
  return {
    method: `ulimit -f ${opts.limitKb}`,
    dir,
    cliOpts,
    fill: () => (cliOpts.fsizeKb = opts.limitKb),
    free: () => delete cliOpts.fsizeKb,
  };
}

/** What a disk-full message says (ENOSPC from a full disk, EFBIG from a file size limit). */
export const DISK_FULL = /(no space left on the device \(ENOSPC\)|file too large .* \(EFBIG\)); free space \(or raise the limit\) and run the command again/;

/** Keeps a connection to `db` open around `fn`: its -shm file then exists at full size, so a
 *  child under a file size limit fails on the file it writes, not on setting up the -shm. */
export function holdingOpen<T>(db: string, fn: () => T): T {
  const held = new Database(db, { readonly: true });
  try {
    held.prepare('SELECT count(*) FROM sqlite_master').get();
    return fn();
  } finally {
    held.close();
  }
}

/** Exit 2, the expected words, and no stack trace (an environment fault is not a bug). */
export function expectEnvironmentError(r: CliResult, what: RegExp, label: string): void {
  expect(r.stderr, label).toMatch(what);
  expect(r.stderr, label).not.toMatch(/internal error|\n\s+at .*:\d+:\d+/);
  expect(r.code, `${label}\n${r.stderr}`).toBe(2);
}

/** integrity_check and the number of runs, documents, segments and codings. */
export function dbState(db: string): { integrity: string; runs: number; documents: number; segments: number; codings: number } {
  const d = new Database(db, { readonly: true, fileMustExist: true });
  try {
    const count = (t: string) => (d.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
    return {
      integrity: d.pragma('integrity_check', { simple: true }) as string,
      runs: count('runs'),
      documents: count('documents'),
      segments: count('segments'),
      codings: count('codings'),
    };
  } finally {
    d.close();
  }
}

/** Files named *.tmp anywhere under `dir` (a write that was not cleaned up). */
export const tmpFiles = (dir: string): string[] => readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.tmp'));

/** The store fixture (fixture.ts) plus 120 documents coded with v2 (the latest version), so an
 *  export is over 100 KB: more than the room the disk-full cases leave. 126 files in all. */
export function buildBigFixture(file: string): void {
  const store = buildFixture(file);
  const run = store.startRun({ command: 'code', toolVersion: '0.1.0', codebookVersion: CODEBOOK_V2.version, options: {} });
  for (let i = 0; i < 120; i++) {
    const sha256 = (0x1000 + i).toString(16) + 'b'.repeat(60); // distinct first 4 characters: distinct segment ids
    const sentences = Array.from({ length: 10 }, (_, k) => `Sentence ${k} of bulk document ${i} on transparency and security policy.`);
    const d = docInput(sha256, `bulk/${String(i).padStart(3, '0')}.txt`, [sentences], { actor_group: i % 2 ? 'global_south' : 'major_power' }, run);
    d.coding = { codebookVersion: CODEBOOK_V2.version, unit: 'paragraph', codings: [coding(d.seg('p0'), 'transparency'), coding(d.seg('s3'), 'security')] };
    store.storeDocument(d);
  }
  store.finishRun(run, 'completed', {});
  store.close();
}
