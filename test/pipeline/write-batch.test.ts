import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WriteBatch, type WriteBatchLimits } from '../../src/pipeline/write-batch.ts';

let dir: string;
let db: Database.Database;
let reader: Database.Database;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'codeframe-write-batch-'));
  db = new Database(join(dir, 'x.db'));
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE t (n INTEGER NOT NULL CHECK (n >= 0))');
  // A second connection sees only what is committed, as the next run after a kill would.
  reader = new Database(join(dir, 'x.db'), { readonly: true });
});

afterEach(() => {
  reader.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const committed = () => reader.prepare('SELECT n FROM t ORDER BY rowid').pluck().all();
const insert = (n: number) => () => void db.prepare('INSERT INTO t (n) VALUES (?)').run(n);
const limits = (l: Partial<WriteBatchLimits>): WriteBatchLimits => ({ maxWrites: 1000, maxChars: 1e9, maxAgeMs: 1e9, ...l });

describe('WriteBatch', () => {
  it('commits every maxWrites writes, in the order they were added, and the rest on flush', () => {
    const w = new WriteBatch(db, limits({ maxWrites: 3 }));
    for (let n = 0; n < 7; n++) w.add(insert(n));
    expect(committed()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(w.waiting).toBe(1);
    expect(w.commits).toBe(2);
    w.flush();
    expect(committed()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(w.commits).toBe(3);
    w.flush(); // nothing waiting: no empty transaction
    expect(w.commits).toBe(3);
  });

  it('commits once the waiting writes carry maxChars of text', () => {
    const w = new WriteBatch(db, limits({ maxChars: 100 }));
    w.add(insert(1), 60);
    expect(committed()).toEqual([]);
    w.add(insert(2), 40);
    expect(committed()).toEqual([1, 2]);
    w.add(insert(3), 99);
    expect(committed()).toEqual([1, 2]); // the count starts again after a commit
  });

  it('commits when the oldest waiting write is maxAgeMs old, at the next add', () => {
    let now = 0;
    const w = new WriteBatch(db, limits({ maxAgeMs: 1000 }), () => now);
    w.add(insert(1));
    now = 999;
    w.add(insert(2));
    expect(committed()).toEqual([]);
    now = 1000;
    w.add(insert(3));
    expect(committed()).toEqual([1, 2, 3]);
    now = 1500; // the age counts from the first write of the new batch
    w.add(insert(4));
    expect(committed()).toEqual([1, 2, 3]);
  });

  it('a batch that fails is run again a write per transaction: what comes before the failing write is kept, its error thrown', () => {
    const w = new WriteBatch(db, limits({ maxWrites: 4 }));
    w.add(insert(1));
    w.add(insert(2));
    w.add(insert(-1)); // violates the CHECK
    expect(() => w.add(insert(3))).toThrow(/CHECK constraint failed/);
    // as with a transaction per document: the writes before the failure kept, the rest not run
    expect(committed()).toEqual([1, 2]);
    expect(w.waiting).toBe(0);
    w.add(insert(5));
    w.flush();
    expect(committed()).toEqual([1, 2, 5]);
  });

  it('a batch that fails once but whose writes each pass on their own is kept whole, without an error', () => {
    const w = new WriteBatch(db, limits({}));
    let failOnce = true;
    w.add(insert(1));
    w.add(() => {
      if (failOnce) {
        failOnce = false;
        throw new Error('SQLITE_BUSY (once)');
      }
      insert(2)();
    });
    expect(() => w.flush()).not.toThrow();
    expect(committed()).toEqual([1, 2]);
  });

  it('flushAfterFailure keeps the writes done before a failure elsewhere, and stays quiet when committing fails', () => {
    const w = new WriteBatch(db, limits({}));
    w.add(insert(7));
    w.flushAfterFailure();
    expect(committed()).toEqual([7]);
    w.add(insert(-1));
    expect(() => w.flushAfterFailure()).not.toThrow();
    expect(committed()).toEqual([7]);
  });
});
