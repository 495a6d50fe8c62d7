// Disk and database faults, the long part (issue 6 item 8; the quick one-call-per-fault cases are
// in test/store/faults.test.ts):
//   - a full disk during `codeframe run` (the database grows during ingest; tables are written
//     into the same full folder): exit 2 with a message, the database passes integrity_check,
//     every document is whole or absent, and a second run after freeing space ends in the same
//     database content as an uninterrupted run (exports and tables byte for byte);
//   - a full disk while `run` writes only its tables;
//   - every database fault × status, export, run;
//   - the exports and tables under the other disk-full method (ulimit -f) and the CSV/REFI exports.
// Methods (tmpfs, ulimit, chattr, bind mount) depend on the machine: see test/store/fault-env.ts.
import { spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvExport } from '../../src/report/export-csv.ts';
import { exportJsonl } from '../../src/report/export-jsonl.ts';
import { writeTables } from '../../src/report/tables.ts';
import { openStore } from '../../src/store/index.ts';
import {
  BIN, buildBigFixture, cli, DISK_FULL, expectEnvironmentError, fullDisk, holdingOpen, readOnlyDir, readOnlyFile, skipNote, tmpFiles, unmount,
  type CliResult, type FullDisk,
} from '../store/fault-env.ts';
import { REPO_ROOT } from '../helpers/shared.ts';

const tmp = mkdtempSync(join(tmpdir(), 'codeframe-disk-full-'));
const mounts: string[] = [];
afterAll(() => {
  for (const m of mounts) unmount(m);
  rmSync(tmp, { recursive: true, force: true });
});

/** Any of the ways a full disk (or file size limit) is reported: the database could not grow, a
 *  disk error on it, or an output file that could not be written. */
const ANY_DISK_FULL = new RegExp(`cannot grow: the disk is full \\(SQLITE_FULL\\)|a disk error while writing or reading the database .* \\(SQLITE_IOERR|${DISK_FULL.source}`);

const run = (db: string, out: string, opts: { fsizeKb?: number } = {}): CliResult =>
  cli(['run', '--corpus', 'corpus', '--codebook', 'codebook/study.yml', '--db', db, '--out', out, '--json'], opts);

function exportOf(db: string): Buffer {
  const file = join(tmp, `export-${createHash('sha256').update(db).digest('hex').slice(0, 8)}.jsonl`);
  const r = cli(['export', '--format', 'jsonl', '--db', db, '--out', file]);
  expect(r.code, r.stderr).toBe(0);
  return readFileSync(file);
}

const tablesOf = (out: string): Record<string, string> =>
  Object.fromEntries(readdirSync(join(out, 'tables')).sort().map((f) => [f, readFileSync(join(out, 'tables', f), 'utf8')]));

/** The uninterrupted run everything is compared with. */
const base = { db: join(tmp, 'base', 'codeframe.db'), out: join(tmp, 'base', 'out'), export: Buffer.alloc(0) as Buffer, tables: {} as Record<string, string>, segments: new Map<string, number>() };
beforeAll(() => {
  const r = run(base.db, base.out);
  expect(r.code, r.stderr).toBe(0);
  base.export = exportOf(base.db);
  base.tables = tablesOf(base.out);
  base.segments = segmentsPerDocument(base.db);
  expect(base.segments.size).toBe(8);
});

function segmentsPerDocument(db: string): Map<string, number> {
  const d = new Database(db, { readonly: true });
  try {
    const rows = d.prepare(`SELECT d.sha256, (SELECT count(*) FROM segments s WHERE s.document = d.sha256) AS n FROM documents d WHERE d.status = 'ingested'`).all() as Array<{ sha256: string; n: number }>;
    return new Map(rows.map((r) => [r.sha256, r.n]));
  } finally {
    d.close();
  }
}

/** integrity_check, foreign keys, and each stored document whole (all its segments, coded) or absent.
 *  A database whose first migration was rolled back (the disk filled at once) has no tables: no documents. */
function expectConsistent(db: string): number {
  const d = new Database(db, { readonly: true });
  try {
    expect(d.pragma('integrity_check', { simple: true })).toBe('ok');
    if (d.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'documents'`).get() === undefined) return 0;
    expect(d.pragma('foreign_key_check')).toEqual([]);
    const notCoded = d.prepare(`SELECT count(*) AS n FROM documents d WHERE d.status = 'ingested' AND NOT EXISTS (SELECT 1 FROM coding_done k WHERE k.document = d.sha256)`).get();
    expect(notCoded).toEqual({ n: 0 });
  } finally {
    d.close();
  }
  const stored = segmentsPerDocument(db);
  for (const [sha256, n] of stored) expect(n, sha256).toBe(base.segments.get(sha256));
  return stored.size;
}

/** After freeing space: a second run completes and the database says what an uninterrupted one says. */
function expectResumes(db: string, out: string): void {
  const r = run(db, out);
  expect(r.code, r.stderr).toBe(0);
  expect(expectConsistent(db)).toBe(8);
  expect(exportOf(db).equals(base.export), 'export after resuming equals the uninterrupted run byte for byte').toBe(true);
  expect(tablesOf(out)).toEqual(base.tables);
  expect(tmpFiles(out)).toEqual([]);
}

describe('a full disk during `codeframe run`', () => {
  // Free space at the start of the run: at 160 KB the database cannot even take its schema and
  // the codebook (measured: 0 of 8 documents stored), at 480 KB the write-ahead log fills during
  // ingest (2 of 8); under ulimit -f 500 the log hits the size limit during ingest (2 of 8).
  // Whatever stage it hits, the outcome must be the same. (The tables alone: the test after.)
  const levels: Array<{ leaveBytes: number; limitKb: number; force?: 'ulimit' }> = [
    { leaveBytes: 160 * 1024, limitKb: 0 },
    { leaveBytes: 480 * 1024, limitKb: 0 },
    { leaveBytes: 0, limitKb: 500, force: 'ulimit' },
  ];
  const stopped: number[] = [];
  let k = 0;
  for (const level of levels) {
    const label = level.force === 'ulimit' ? `ulimit -f ${level.limitKb}` : `${level.leaveBytes / 1024} KB free`;
    it(`${label}: exit 2 and a message, whole documents or none, and a second run after freeing space equals an uninterrupted run`, () => {
      const dir = join(tmp, `ingest${k++}`);
      let disk: FullDisk | null = fullDisk(dir, mounts, { ...level, limitKb: level.limitKb || 500 });
      if (!level.force && disk.method.startsWith('ulimit')) disk = null; // the ulimit case below covers it once
      if (!disk) return skipNote(`full disk during ingest at ${label}: no tmpfs here`);
      const db = join(dir, 'codeframe.db');
      const out = join(dir, 'out');
      disk.fill();
      const r = run(db, out, disk.cliOpts);
      if (r.code !== 0) expectEnvironmentError(r, ANY_DISK_FULL, `run (${disk.method})`);
      const stored = expectConsistent(db);
      stopped.push(r.code === 0 ? 8 : stored);
      console.log(`disk full during run (${disk.method}): exit ${r.code}, ${stored}/8 documents stored; ${r.stderr.trim().slice(0, 160)}`);
      if (r.code === 0) expect(stored).toBe(8);
      disk.free();
      expectResumes(db, out);
    });
  }
  it('at least one fault hit the middle of ingest (some documents stored, not all)', () => {
    expect(stopped.some((s) => s > 0 && s < 8), `documents stored when the disk filled: ${stopped.join(', ')}`).toBe(true);
  });

  it('a full disk while `run` writes only its tables: exit 2, no half-written table, the run recorded as failed, and the next run writes them', () => {
    const dir = join(tmp, 'tables-only');
    mkdirSync(dir);
    const db = join(dir, 'codeframe.db');
    copyFileSync(base.db, db); // everything stored: this run has only the tables left to write
    const disk = fullDisk(join(dir, 'out-disk'), mounts, { leaveBytes: 4 * 1024, limitKb: 1 });
    if (disk.method.startsWith('ulimit')) return skipNote('full disk for the tables of `run` alone (a file size limit also stops the database)');
    const out = join(disk.dir, 'out');
    disk.fill();
    const r = run(db, out);
    expectEnvironmentError(r, DISK_FULL, `run (${disk.method})`);
    expect(r.stderr).toContain(join(out, 'tables'));
    expect(tmpFiles(disk.dir)).toEqual([]);
    const d = new Database(db, { readonly: true });
    expect(d.prepare('SELECT status FROM runs ORDER BY id DESC LIMIT 1').pluck().get()).toBe('failed');
    d.close();
    disk.free();
    expectResumes(db, out);
  });
});

describe('every database fault × status, export, run', () => {
  const FIXTURE = join(tmp, 'fixture.db');
  beforeAll(() => buildBigFixture(FIXTURE));
  const sha = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');
  let k = 0;
  /** A folder with the database file `bytes` (or a copy of the fixture); returns its paths. */
  const place = (bytes?: Buffer): { dir: string; db: string } => {
    const dir = join(tmp, `matrix${k++}`);
    mkdirSync(dir);
    const db = join(dir, 'codeframe.db');
    if (bytes) writeFileSync(db, bytes);
    else copyFileSync(FIXTURE, db);
    return { dir, db };
  };
  const commands = (db: string, dir: string): Array<[string, string[]]> => [
    ['status', ['status', '--db', db]],
    ['export', ['export', '--format', 'jsonl', '--db', db, '--out', join(dir, 'x.jsonl')]],
    ['run', ['run', '--db', db, '--out', join(dir, 'out')]],
  ];
  const foreign = (): Buffer => {
    const file = join(tmp, `foreign${k++}.db`);
    const d = new Database(file);
    d.exec("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO users VALUES (1, 'ada')");
    d.close();
    return readFileSync(file);
  };
  const faults: Array<{
    name: string;
    make: () => { dir: string; db: string; undo: () => void; method: string } | null;
    expect: Record<string, RegExp | 0>;
  }> = [
    {
      name: 'read-only database file',
      make: () => {
        const p = place();
        const ro = readOnlyFile(p.db);
        return ro && { ...p, ...ro };
      },
      // Reading works (SQLite opens an unwritable file read-only); writing says why it cannot.
      expect: { status: 0, export: 0, run: /cannot be written \(SQLITE_READONLY\): the file is not writable/ },
    },
    {
      name: 'read-only database folder',
      make: () => {
        const p = place();
        const ro = readOnlyDir(p.dir);
        return ro && { ...p, ...ro };
      },
      expect: Object.fromEntries(['status', 'export', 'run'].map((c) => [c, /cannot be opened \(SQLITE_CANTOPEN\): its folder .* is not writable/])),
    },
    ...[
      { name: 'random bytes', bytes: () => Buffer.from(Array.from({ length: 64 * 1024 }, (_, i) => (i * 7919 + 13) % 251)), message: /is not a SQLite database \(SQLITE_NOTADB\)/ },
      { name: 'truncated database (header intact)', bytes: () => readFileSync(FIXTURE).subarray(0, 50_000), message: /is damaged \(SQLITE_CORRUPT/ },
      { name: 'database cut inside its first page', bytes: () => readFileSync(FIXTURE).subarray(0, 100), message: /is damaged \(SQLITE_CORRUPT/ },
      { name: "another application's database", bytes: foreign, message: /Unexpected tables in .* \(`users`\), expected an empty file or a codeframe database/ },
    ].map((c) => ({
      name: c.name,
      make: () => ({ ...place(c.bytes()), undo: () => {}, method: 'file content' }),
      expect: Object.fromEntries(['status', 'export', 'run'].map((cmd) => [cmd, c.message])),
    })),
  ];
  for (const f of faults) {
    it(`${f.name}: each command exits 2 with a message naming the database (or reads it), and the file is not changed`, () => {
      const made = f.make();
      if (!made) return skipNote(f.name);
      const before = sha(made.db);
      try {
        for (const [name, args] of commands(made.db, made.dir)) {
          const r = cli(args);
          const want = f.expect[name]!;
          if (want === 0) expect(r.code, `${name}: ${r.stderr}`).toBe(0);
          else {
            expectEnvironmentError(r, want, `${f.name}: ${name} (${made.method})`);
            expect(r.stderr).toContain(made.db);
          }
        }
      } finally {
        made.undo();
      }
      expect(sha(made.db)).toBe(before);
    });
  }

  // store.ts set journal_mode = WAL before migrate() refused the foreign database, which rewrote
  // the file's header (and left -wal/-shm); it now calls checkNotForeign() first.
  it("regression: another application's database is switched to WAL mode before it is refused", () => {
    const { db } = place(foreign());
    const before = sha(db);
    expectEnvironmentError(cli(['status', '--db', db]), /Unexpected tables in/, 'status');
    const d = new Database(db, { readonly: true });
    expect(d.prepare('SELECT * FROM users').all()).toEqual([{ id: 1, name: 'ada' }]);
    d.close();
    expect(sha(db)).toBe(before);
  });

  it('a --db that is a folder: each command names it as a folder', () => {
    const dir = join(tmp, 'folder.db');
    mkdirSync(dir);
    for (const [name, args] of commands(dir, join(tmp, 'folder-cmds'))) {
      expectEnvironmentError(cli(args), /is a folder, expected a database file/, name);
    }
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('exports and tables on a full disk, both methods', () => {
  const FIXTURE = join(tmp, 'fixture-exports.db');
  beforeAll(() => buildBigFixture(FIXTURE));
  const reference = (format: 'jsonl' | 'csv'): string => {
    const store = openStore(FIXTURE, { readonly: true });
    try {
      if (format === 'csv') return csvExport(store, 'csv', { codings: 'final' });
      const lines: string[] = [];
      exportJsonl(store, (l) => lines.push(l));
      return lines.join('');
    } finally {
      store.close();
    }
  };
  let k = 0;
  for (const force of [undefined, 'ulimit'] as const) {
    for (const format of ['jsonl', 'csv'] as const) {
      it(`export --format ${format} (${force ?? 'tmpfs where allowed'}): exit 2, no file, and after freeing space the same bytes`, () => {
        const ref = reference(format);
        const disk = fullDisk(join(tmp, `exp${k++}`), mounts, { leaveBytes: 16 * 1024, limitKb: 16, force });
        const out = join(disk.dir, `export.${format}`);
        disk.fill();
        const r = holdingOpen(FIXTURE, () => cli(['export', '--format', format, '--db', FIXTURE, '--out', out], disk.cliOpts));
        expectEnvironmentError(r, DISK_FULL, `export ${format} (${disk.method})`);
        expect(r.stderr).toContain(out);
        expect(readdirSync(disk.dir).filter((f) => f !== '.filler')).toEqual([]);
        disk.free();
        const again = cli(['export', '--format', format, '--db', FIXTURE, '--out', out]);
        expect(again.code, again.stderr).toBe(0);
        expect(readFileSync(out, 'utf8') === ref).toBe(true);
      });
    }
  }

  it('tables under a file size limit (ulimit -f 1): exit 2, the old tables whole, no .tmp', () => {
    const disk = fullDisk(join(tmp, 'tables-ulimit'), mounts, { leaveBytes: 0, limitKb: 1, force: 'ulimit' });
    const out = join(disk.dir, 'out');
    const store = openStore(FIXTURE, { readonly: true });
    writeTables(store, out, { codebookVersion: 'v1aaaaaaaaaa' });
    store.close();
    const old = tablesOf(out);
    disk.fill();
    const r = holdingOpen(FIXTURE, () => cli(['tables', '--db', FIXTURE, '--out', out], disk.cliOpts));
    expectEnvironmentError(r, DISK_FULL, `tables (${disk.method})`);
    expect(tmpFiles(out)).toEqual([]);
    expect(tablesOf(out)).toEqual(old);
  });

  // bin.mjs rethrew every standard-output error but EPIPE, so `codeframe export --format jsonl >
  // FILE` on a full disk ended with a stack trace and exit 1 ("some documents failed"); now exit 2.
  it('regression: export to standard output redirected onto a full disk exits 1 with a stack trace', () => {
    const disk = fullDisk(join(tmp, 'stdout'), mounts, { leaveBytes: 16 * 1024, limitKb: 16 });
    disk.fill();
    const fd = openSync(join(disk.dir, 'redirected.jsonl'), 'w');
    try {
      const args = [BIN, 'export', '--format', 'jsonl', '--db', FIXTURE];
      const r = disk.cliOpts.fsizeKb === undefined
        ? spawnSync(process.execPath, args, { cwd: REPO_ROOT, stdio: ['ignore', fd, 'pipe'], encoding: 'utf8' })
        : spawnSync('bash', ['-c', `ulimit -f ${disk.cliOpts.fsizeKb} && exec "$0" "$@"`, process.execPath, ...args], { cwd: REPO_ROOT, stdio: ['ignore', fd, 'pipe'], encoding: 'utf8' });
      expectEnvironmentError({ code: r.status ?? -1, stdout: '', stderr: r.stderr ?? '' }, /standard output.*(ENOSPC|EFBIG)/, `export to stdout (${disk.method})`);
    } finally {
      closeSync(fd);
      disk.free();
    }
  });

  // refi/export.ts writeAtomically neither removed its temporary file when the write failed nor
  // named the file; it now goes through writeFilesAtomically().
  it('regression: export --format qdpx on a full disk leaves its .tmp file behind', () => {
    const disk = fullDisk(join(tmp, 'qdpx'), mounts, { leaveBytes: 4 * 1024, limitKb: 4 });
    const out = join(disk.dir, 'project.qdpx');
    disk.fill();
    const r = holdingOpen(FIXTURE, () => cli(['export', '--format', 'qdpx', '--db', FIXTURE, '--out', out], disk.cliOpts));
    disk.free();
    expectEnvironmentError(r, DISK_FULL, `export qdpx (${disk.method})`);
    expect(r.stderr).toContain(out);
    expect(readdirSync(disk.dir).filter((f) => f !== '.filler')).toEqual([]);
  });
});
