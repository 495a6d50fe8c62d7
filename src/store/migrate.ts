// Numbered migrations: src/store/migrations/NNN_name.sql, applied in name order, each recorded
// with the sha256 of its text. A database whose applied migrations are not a prefix of the files
// (a file edited after it shipped, or a database written by a newer codeframe) is refused rather
// than guessed at.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';

export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

const NAME = /^(\d{3})_[a-z0-9_]+\.sql$/;

export interface Migration {
  name: string;
  sha256: string;
  sql: string;
}

/** A database the store cannot use as it is; the message says why and what to do. */
export class StoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreError';
  }
}

/** The migration files in order. Line endings are normalized before hashing so a checkout with
 *  CRLF (git autocrlf on Windows) hashes the same as the shipped file. */
export function readMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  const names = readdirSync(dir).filter((n) => n.endsWith('.sql')).sort();
  return names.map((name, i) => {
    const m = NAME.exec(name);
    if (!m) throw new StoreError(`Unexpected migration file name \`${name}\` in ${dir}, expected NNN_name.sql`);
    if (Number(m[1]) !== i + 1) {
      throw new StoreError(`Unexpected migration \`${name}\` in ${dir}, expected number ${String(i + 1).padStart(3, '0')} (no gaps)`);
    }
    const sql = readFileSync(join(dir, name), 'utf8').replace(/\r\n?/g, '\n');
    return { name, sql, sha256: createHash('sha256').update(sql).digest('hex') };
  });
}

const LEDGER = `CREATE TABLE IF NOT EXISTS schema_migrations (
  name TEXT PRIMARY KEY, sha256 TEXT NOT NULL, applied_at TEXT NOT NULL)`;

function ledgerExists(db: Database.Database): boolean {
  return db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'`).get() !== undefined;
}

/** Tables, views, indexes and triggers of someone else: a database without the ledger should be empty. */
function foreignObjects(db: Database.Database): string[] {
  return db
    .prepare(`SELECT name FROM sqlite_master WHERE substr(name, 1, 7) <> 'sqlite_' ORDER BY name`)
    .pluck()
    .all() as string[];
}

/** Refuses another application's database (tables but no codeframe ledger): adding codeframe's
 *  tables to it would change a file the user did not mean to give us, and its own tables would be
 *  ignored without a word. Cheap; call it before anything that writes (journal_mode = WAL). */
export function checkNotForeign(db: Database.Database, where: string = db.name): void {
  if (ledgerExists(db)) return;
  const foreign = foreignObjects(db);
  if (foreign.length === 0) return;
  const shown = foreign.slice(0, 5).map((n) => `\`${n}\``).join(', ') + (foreign.length > 5 ? `, … (${foreign.length} in all)` : '');
  throw new StoreError(
    `Unexpected tables in ${where} (${shown}), expected an empty file or a codeframe database: ` +
      "it looks like another application's database, and codeframe did not add its tables to it; pass --db with a new file name or a codeframe database",
  );
}

/** Migrations recorded in the database that do not match the files, or files not yet applied. */
function compare(db: Database.Database, files: Migration[], where: string): Migration[] {
  checkNotForeign(db, where);
  const hasLedger = ledgerExists(db);
  const applied = hasLedger
    ? (db.prepare('SELECT name, sha256 FROM schema_migrations ORDER BY name').all() as Array<{ name: string; sha256: string }>)
    : [];
  applied.forEach((a, i) => {
    const f = files[i];
    if (!f) {
      throw new StoreError(
        `Unexpected migration \`${a.name}\` applied to ${where}, expected at most ${files.length} migration(s): ` +
          'the database was written by a newer codeframe; upgrade codeframe or use another database file',
      );
    }
    if (f.name !== a.name || f.sha256 !== a.sha256) {
      throw new StoreError(
        `Unexpected migration \`${a.name}\` (sha256 ${a.sha256.slice(0, 12)}) applied to ${where}, ` +
          `expected \`${f.name}\` (sha256 ${f.sha256.slice(0, 12)}): the migration files and the database disagree ` +
          '(a shipped migration was edited, or the database comes from a different codeframe); use another database file',
      );
    }
  });
  return files.slice(applied.length);
}

/** Applies the pending migrations in one transaction; returns the names applied. */
export function migrate(db: Database.Database, opts: { dir?: string; where?: string } = {}): string[] {
  const files = readMigrations(opts.dir);
  const where = opts.where ?? db.name;
  const run = db.transaction(() => {
    const pending = compare(db, files, where);
    db.exec(LEDGER);
    const record = db.prepare('INSERT INTO schema_migrations (name, sha256, applied_at) VALUES (?, ?, ?)');
    for (const m of pending) {
      db.exec(m.sql);
      record.run(m.name, m.sha256, new Date().toISOString());
    }
    return pending.map((m) => m.name);
  });
  // IMMEDIATE: two processes opening a fresh database must not both apply 001.
  return run.immediate();
}

/** For a read-only connection: the schema must be exactly the files, nothing pending. */
export function checkMigrated(db: Database.Database, opts: { dir?: string; where?: string } = {}): void {
  const files = readMigrations(opts.dir);
  const where = opts.where ?? db.name;
  const pending = compare(db, files, where);
  if (pending.length > 0) {
    throw new StoreError(
      `Unexpected schema in ${where}: ${pending.length} migration(s) not applied (${pending.map((m) => `\`${m.name}\``).join(', ')}), ` +
        'expected an up-to-date database; open it once for writing (e.g. `codeframe ingest`) to migrate it',
    );
  }
}
