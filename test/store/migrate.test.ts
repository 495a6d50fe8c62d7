import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { checkMigrated, MIGRATIONS_DIR, migrate, readMigrations } from '../../src/store/migrate.ts';
import { openStore } from '../../src/store/index.ts';

const tmp = mkdtempSync(join(tmpdir(), 'codeframe-migrate-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
/** A private copy of the shipped migrations, to tamper with. */
function migrationsCopy(): string {
  const dir = join(tmp, `m${n++}`);
  cpSync(MIGRATIONS_DIR, dir, { recursive: true });
  return dir;
}
// The tests hold for any number of shipped migrations: new ones are numbered after the last shipped.
const SHIPPED = readMigrations();
const nextName = (k: number, name: string) => `${String(SHIPPED.length + k).padStart(3, '0')}_${name}.sql`;
const ledger = (db: Database.Database) => db.prepare('SELECT name, sha256 FROM schema_migrations ORDER BY name').all() as Array<{ name: string; sha256: string }>;

describe('migrations', () => {
  it('creates folders and a WAL database with foreign keys on, and records each shipped migration with its sha256', () => {
    const file = join(tmp, 'deep/er/codeframe.db');
    const store = openStore(file);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(store.db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    expect(SHIPPED[0]!.name).toBe('001_init.sql');
    expect(ledger(store.db)).toEqual(SHIPPED.map((m) => ({ name: m.name, sha256: m.sha256 })));
    store.close();
  });

  it('re-opening applies nothing and keeps the data', () => {
    const file = join(tmp, 'reopen.db');
    const a = openStore(file);
    a.startRun({ command: 'ingest', toolVersion: 't', codebookVersion: null, options: {} });
    a.close();
    const b = openStore(file);
    expect(migrate(b.db)).toEqual([]);
    expect(ledger(b.db)).toHaveLength(SHIPPED.length);
    expect(b.db.prepare('SELECT count(*) AS n FROM runs').get()).toEqual({ n: 1 });
    b.close();
  });

  it('opens read-only an up-to-date database, and refuses a missing one', () => {
    const file = join(tmp, 'ro.db');
    openStore(file).close();
    const ro = openStore(file, { readonly: true });
    expect(ro.status().totals.files).toBe(0);
    expect(() => ro.db.exec("INSERT INTO runs (command, started_at, tool_version) VALUES ('x', 'y', 'z')")).toThrow(/readonly/);
    ro.close();
    expect(() => openStore(join(tmp, 'missing.db'), { readonly: true })).toThrow();
  });

  it('applies a new numbered file after the shipped ones', () => {
    const dir = migrationsCopy();
    const db = new Database(':memory:');
    expect(migrate(db, { dir })).toEqual(SHIPPED.map((m) => m.name));
    writeFileSync(join(dir, nextName(1, 'more')), 'CREATE TABLE extra (x INTEGER);\n');
    expect(migrate(db, { dir })).toEqual([nextName(1, 'more')]);
    expect(ledger(db).map((m) => m.name)).toEqual([...SHIPPED.map((m) => m.name), nextName(1, 'more')]);
  });

  it('refuses a database whose applied migration was edited afterwards (tampered file)', () => {
    const dir = migrationsCopy();
    const db = new Database(':memory:');
    migrate(db, { dir });
    appendFileSync(join(dir, '001_init.sql'), '-- an innocent-looking edit\n');
    expect(() => migrate(db, { dir, where: 'test.db' })).toThrow(
      /Unexpected migration `001_init.sql` \(sha256 [0-9a-f]{12}\) applied to test.db, expected `001_init.sql` \(sha256 [0-9a-f]{12}\).*edited/,
    );
  });

  it('refuses a database with a migration the files do not know (written by a newer codeframe)', () => {
    const file = join(tmp, 'newer.db');
    openStore(file).close();
    const raw = new Database(file);
    raw.prepare("INSERT INTO schema_migrations VALUES (?, 'abc', 'now')").run(nextName(1, 'future'));
    raw.close();
    expect(() => openStore(file)).toThrow(new RegExp(`Unexpected migration \`${nextName(1, 'future')}\` applied to .*newer.db.*newer codeframe`));
    expect(() => openStore(file, { readonly: true })).toThrow(/newer codeframe/);
  });

  it('refuses a database whose applied migration has another name than the file in its place', () => {
    const dir = migrationsCopy();
    const db = new Database(':memory:');
    migrate(db, { dir });
    db.prepare("UPDATE schema_migrations SET name = '001_other.sql' WHERE name = '001_init.sql'").run();
    expect(() => migrate(db, { dir })).toThrow(/Unexpected migration `001_other.sql`.*expected `001_init.sql`/);
  });

  it('rolls back every pending migration when one fails', () => {
    const dir = migrationsCopy();
    writeFileSync(join(dir, nextName(1, 'ok')), 'CREATE TABLE ok (x INTEGER);\n');
    writeFileSync(join(dir, nextName(2, 'bad')), 'CREATE TABLE bad (x INTEGER;\n');
    const db = new Database(':memory:');
    expect(() => migrate(db, { dir })).toThrow(/syntax error/);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name IN ('ok', 'documents', 'schema_migrations')").all()).toEqual([]);
  });

  it('refuses a read-only open of a database with pending migrations', () => {
    const dir = migrationsCopy();
    const file = join(tmp, 'behind.db');
    openStore(file).close();
    writeFileSync(join(dir, nextName(1, 'more')), 'CREATE TABLE extra (x INTEGER);\n');
    const db = new Database(file, { readonly: true });
    expect(() => checkMigrated(db, { dir })).toThrow(new RegExp(`1 migration\\(s\\) not applied \\(\`${nextName(1, 'more')}\`\\)`));
    expect(() => checkMigrated(db)).not.toThrow();
    db.close();
  });

  it.each([
    ['a bad name', '2_more.sql', /Unexpected migration file name `2_more.sql`/],
    ['a gap in the numbers', nextName(2, 'more'), new RegExp(`Unexpected migration \`${nextName(2, 'more')}\`.*expected number ${nextName(1, 'x').slice(0, 3)}`)],
  ])('refuses migration files with %s', (_, name, error) => {
    const dir = migrationsCopy();
    writeFileSync(join(dir, name), 'SELECT 1;\n');
    expect(() => readMigrations(dir)).toThrow(error);
  });

  it('regression: a CRLF checkout of a migration hashes the same as the shipped file', () => {
    const dir = migrationsCopy();
    const file = join(dir, '001_init.sql');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/\n/g, '\r\n'));
    expect(readMigrations(dir)[0]!.sha256).toBe(readMigrations()[0]!.sha256);
  });
});

describe('regression: a database that older SQLite readers could not open', () => {
  // json_group_array(... ORDER BY ...) needs SQLite 3.44; Debian 12's sqlite3 and Python's sqlite3
  // module (3.40) then refused the whole schema ("malformed database schema (v_suggestions)").
  const python = spawnSync('python3', ['-c', 'import sqlite3; print(sqlite3.sqlite_version)'], { encoding: 'utf8' });
  it.runIf(python.status === 0)(`every view reads under the system SQLite (${python.stdout?.trim() || 'none'})`, () => {
    const file = join(tmp, 'old-reader.db');
    openStore(file).close();
    const script = [
      'import sqlite3, sys',
      'c = sqlite3.connect(sys.argv[1])',
      "views = [r[0] for r in c.execute(\"SELECT name FROM sqlite_master WHERE type = 'view' ORDER BY name\")]",
      'for v in views: c.execute(f"SELECT * FROM {v} LIMIT 1").fetchall()',
      'print(len(views))',
    ].join('\n');
    const r = spawnSync('python3', ['-c', script, file], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(Number(r.stdout.trim())).toBeGreaterThan(5);
  });
});
