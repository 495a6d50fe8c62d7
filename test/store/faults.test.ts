// Disk and database faults through the real CLI (issue 6 item 8), one CLI call per fault: a
// read-only database file or folder, a --db that is a folder, a damaged or foreign database, and a
// full disk or read-only folder while writing tables and exports. Each ends with exit 2 and a
// message that names the path and says what to do, and leaves nothing half-written.
// Every command × every fault, the ulimit method, and a full disk during ingest (with a resumed
// run compared byte for byte) are in test/long/disk-full.test.ts. Methods: see fault-env.ts.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportJsonl } from '../../src/report/export-jsonl.ts';
import { writeTables } from '../../src/report/tables.ts';
import { openStore } from '../../src/store/index.ts';
import { CODEBOOK_V1 } from './fixture.ts';
import {
  buildBigFixture, cli, dbState, DISK_FULL, expectEnvironmentError, fullDisk, holdingOpen, readOnlyDir, readOnlyFile, skipNote, tmpFiles, unmount,
} from './fault-env.ts';

const tmp = mkdtempSync(join(tmpdir(), 'codeframe-faults-'));
const mounts: string[] = [];
afterAll(() => {
  for (const m of mounts) unmount(m);
  rmSync(tmp, { recursive: true, force: true });
});

const FIXTURE = join(tmp, 'fixture.db');
beforeAll(() => buildBigFixture(FIXTURE));

let n = 0;
/** A private copy of the fixture database in its own folder. */
function dbCopy(): { dir: string; db: string } {
  const dir = join(tmp, `case${n++}`);
  mkdirSync(dir);
  const db = join(dir, 'codeframe.db');
  copyFileSync(FIXTURE, db);
  return { dir, db };
}

const sha = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('a database that cannot be written', () => {
  it('regression: a read-only database file made `run` exit 70 as an internal error', () => {
    const { dir, db } = dbCopy();
    const before = dbState(db);
    const ro = readOnlyFile(db);
    if (!ro) return skipNote('read-only database file (chattr +i failed as root)');
    try {
      const r = cli(['run', '--db', db, '--out', join(dir, 'out')]);
      expectEnvironmentError(r, new RegExp(`the database ${db} cannot be written \\(SQLITE_READONLY\\): the file is not writable`), `run (${ro.method})`);
    } finally {
      ro.undo();
    }
    expect(dbState(db)).toEqual(before);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('regression: a database in a read-only folder (no -wal/-shm possible) was "cannot be opened as a codeframe database"', () => {
    const { dir, db } = dbCopy();
    const ro = readOnlyDir(dir);
    if (!ro) return skipNote('read-only database folder');
    try {
      const r = cli(['status', '--db', db]);
      expectEnvironmentError(r, new RegExp(`the database ${db} cannot be opened \\(SQLITE_CANTOPEN\\): its folder ${dir} is not writable \\(E(ROFS|PERM|ACCES)`), `status (${ro.method})`);
      expect(r.stderr).toMatch(/codeframe\.db-wal and .*codeframe\.db-shm beside the database/);
    } finally {
      ro.undo();
    }
    expect(readdirSync(dir)).toEqual(['codeframe.db']);
    expect(dbState(db).integrity).toBe('ok');
  });

  it('a --db that is a folder is named as such', () => {
    const dir = join(tmp, 'a-folder.db');
    mkdirSync(dir);
    expectEnvironmentError(cli(['status', '--db', dir]), new RegExp(`the database ${dir} cannot be opened \\(SQLITE_CANTOPEN\\): ${dir} is a folder, expected a database file`), 'status');
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('a damaged or foreign database', () => {
  const cases: Array<{ name: string; bytes: () => Buffer; message: RegExp }> = [
    { name: 'random bytes', bytes: () => Buffer.from(Array.from({ length: 64 * 1024 }, (_, i) => (i * 7919 + 13) % 251)), message: /is not a SQLite database \(SQLITE_NOTADB\)/ },
    { name: 'regression: a truncated database exited 70 as an internal error', bytes: () => readFileSync(FIXTURE).subarray(0, 50_000), message: /is damaged \(SQLITE_CORRUPT: database disk image is malformed\)/ },
  ];
  for (const c of cases) {
    it(`${c.name}: exit 2 with what to do, and the file is not touched`, () => {
      const dir = join(tmp, `bad${n++}`);
      mkdirSync(dir);
      const db = join(dir, 'bad.db');
      writeFileSync(db, c.bytes());
      const before = sha(db);
      const r = cli(['status', '--db', db]);
      expectEnvironmentError(r, c.message, c.name);
      expect(r.stderr).toMatch(/pass --db|another --db/);
      expect(sha(db)).toBe(before);
    });
  }

  it("regression: another application's database was silently given codeframe's tables (and read as empty)", () => {
    const db = join(tmp, 'other-app.db');
    const other = new Database(db);
    other.exec("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO users VALUES (1, 'ada'); CREATE INDEX users_name ON users (name)");
    other.close();
    const r = cli(['run', '--db', db, '--out', join(tmp, 'other-out')]);
    expectEnvironmentError(r, new RegExp(`Unexpected tables in ${db} \\(\`users\`, \`users_name\`\\), expected an empty file or a codeframe database`), 'run');
    const after = new Database(db, { readonly: true });
    expect(after.prepare("SELECT name FROM sqlite_master WHERE substr(name, 1, 7) <> 'sqlite_' ORDER BY name").pluck().all()).toEqual(['users', 'users_name']);
    expect(after.prepare('SELECT * FROM users').all()).toEqual([{ id: 1, name: 'ada' }]);
    after.close();
    expect(existsSync(join(tmp, 'other-out'))).toBe(false);
  });
});

describe('a full disk or read-only folder while writing tables and exports', () => {
  it('regression: tables on a full disk exited 70, left a .tmp file and mixed new tables with old ones', () => {
    const ref = join(tmp, 'ref-tables');
    const store = openStore(FIXTURE, { readonly: true });
    writeTables(store, ref, {}); // the latest version (v2), on a disk with room
    const refFiles = readdirSync(join(ref, 'tables')).sort();
    // The tables of an earlier run, of another codebook version: a mixed set would show.
    const disk = fullDisk(join(tmp, 'full-tables'), mounts, { leaveBytes: 8 * 1024, limitKb: 1 });
    const out = join(disk.dir, 'out');
    writeTables(store, out, { codebookVersion: CODEBOOK_V1.version });
    store.close();
    const old = Object.fromEntries(readdirSync(join(out, 'tables')).map((f) => [f, readFileSync(join(out, 'tables', f), 'utf8')]));
    expect(Object.keys(old).sort()).toEqual(refFiles);
    expect(old['document_code_counts.csv']).not.toBe(readFileSync(join(ref, 'tables', 'document_code_counts.csv'), 'utf8'));

    disk.fill();
    const r = holdingOpen(FIXTURE, () => cli(['tables', '--db', FIXTURE, '--out', out], disk.cliOpts));
    expectEnvironmentError(r, DISK_FULL, `tables (${disk.method})`);
    expect(r.stderr).toContain(join(out, 'tables'));
    expect(tmpFiles(out)).toEqual([]);
    for (const [f, content] of Object.entries(old)) expect(readFileSync(join(out, 'tables', f), 'utf8'), f).toBe(content);

    disk.free();
    const again = cli(['tables', '--db', FIXTURE, '--out', out]);
    expect(again.code, again.stderr).toBe(0);
    for (const f of refFiles) expect(readFileSync(join(out, 'tables', f), 'utf8'), f).toBe(readFileSync(join(ref, 'tables', f), 'utf8'));
  });

  it('regression: export --format jsonl on a full disk exited 70 and left half a file', () => {
    const store = openStore(FIXTURE, { readonly: true });
    const lines: string[] = [];
    exportJsonl(store, (l) => lines.push(l));
    store.close();
    const reference = lines.join('');
    expect(reference.length).toBeGreaterThan(64 * 1024); // more than the room left: the write fails midway
    const disk = fullDisk(join(tmp, 'full-jsonl'), mounts, { leaveBytes: 16 * 1024, limitKb: 16 });
    const out = join(disk.dir, 'segments.jsonl');
    disk.fill();
    const r = holdingOpen(FIXTURE, () => cli(['export', '--format', 'jsonl', '--db', FIXTURE, '--out', out], disk.cliOpts));
    expectEnvironmentError(r, DISK_FULL, `export jsonl (${disk.method})`);
    expect(r.stderr).toContain(out);
    expect(readdirSync(disk.dir).filter((f) => f !== '.filler')).toEqual([]); // neither the export nor a temporary file
    disk.free();
    const again = cli(['export', '--format', 'jsonl', '--db', FIXTURE, '--out', out]);
    expect(again.code, again.stderr).toBe(0);
    expect(readFileSync(out, 'utf8') === reference, 'the export after freeing space equals the reference byte for byte').toBe(true);
  });

  it('regression: tables into a folder that cannot be made said "no such file or folder" (ENOENT)', () => {
    const parent = join(tmp, 'ro-parent');
    mkdirSync(parent);
    const ro = readOnlyDir(parent);
    if (!ro) return skipNote('read-only output folder');
    try {
      const out = join(parent, 'out');
      const r = cli(['tables', '--db', FIXTURE, '--out', out]);
      expectEnvironmentError(r, new RegExp(`${out}: (read-only file system \\(EROFS\\)|permission denied \\(EACCES\\)|operation not permitted \\(EPERM\\))`), `tables (${ro.method})`);
      expect(r.stderr).not.toMatch(/ENOENT/);
    } finally {
      ro.undo();
    }
  });
});
