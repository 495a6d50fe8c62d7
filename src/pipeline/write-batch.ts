// The pipeline's database writes, grouped: one transaction for a batch of documents instead of
// one per document. A commit costs much the same whatever it holds: it writes every page the
// transaction touched, and each document touches pages all over the indexes (segment ids are
// hashes, so their index pages are hit at random). On 10,000 small documents the commits took
// 26 s of the main thread's 60 s (`node --cpu-prof`, `npm run bench` corpus-10000docs).
//
// A batch is one transaction, so after a kill each document is still whole or absent; a kill
// loses at most the writes of the batch not yet committed, and the next run does those again.
// A batch that fails to commit (a full disk) is tried again a write at a time, so what fits is
// kept as it was with a transaction per document.
// Writes run in the order they were added. There is no timer: a batch is committed when it is
// full or old at the next add(), and by flush(), so a failing write throws to whoever added or
// flushed, never from a callback nobody awaits.
import type Database from 'better-sqlite3';

export interface WriteBatchLimits {
  /** Commit once this many writes are waiting. */
  maxWrites: number;
  /** ... or once the waiting writes carry this much text (bounds the memory a batch holds). */
  maxChars: number;
  /** ... or once the oldest waiting write is this old (bounds what a kill can lose). */
  maxAgeMs: number;
}

export const DEFAULT_WRITE_BATCH: WriteBatchLimits = { maxWrites: 200, maxChars: 4_000_000, maxAgeMs: 1000 };

export class WriteBatch {
  private pending: Array<() => void> = [];
  private chars = 0;
  private oldest = 0;
  private committed = 0;

  constructor(
    private readonly db: Database.Database,
    private readonly limits: WriteBatchLimits = DEFAULT_WRITE_BATCH,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  /** Queues a write (a function of store calls); `chars`: the text it stores, for the size limit. */
  add(write: () => void, chars = 0): void {
    if (this.pending.length === 0) this.oldest = this.clock();
    this.pending.push(write);
    this.chars += chars;
    const { maxWrites, maxChars, maxAgeMs } = this.limits;
    if (this.pending.length >= maxWrites || this.chars >= maxChars || this.clock() - this.oldest >= maxAgeMs) this.flush();
  }

  /** Runs every waiting write in one transaction. If that fails, the writes run again one
   *  transaction each, up to the first that fails, whose error goes to the caller: what was kept
   *  is what per-document transactions would have kept (on a full disk, the documents that still
   *  fit). A write must therefore be safe to run again after a rollback: database calls only. */
  flush(): void {
    if (this.pending.length === 0) return;
    const writes = this.pending;
    this.pending = [];
    this.chars = 0;
    try {
      this.db.transaction(() => {
        for (const write of writes) write();
      })();
      this.committed++;
    } catch (err) {
      if (writes.length === 1) throw err;
      for (const write of writes) {
        this.db.transaction(write)();
        this.committed++;
      }
      // Each write passed on its own (the batch failed for a reason that did not last): all kept.
    }
  }

  /** After a failure elsewhere: keep what was done before it, unless committing is what fails
   *  (then the first error is the one to report, and this one is dropped). */
  flushAfterFailure(): void {
    try {
      this.flush();
    } catch {
      // see above
    }
  }

  /** Writes waiting for the next commit. */
  get waiting(): number {
    return this.pending.length;
  }

  /** Transactions committed so far. */
  get commits(): number {
    return this.committed;
  }
}
