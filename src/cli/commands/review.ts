// `codeframe review`: start the review web server on a queue and run until Ctrl+C. Finds the queue
// (--queue ID, the only queue of the database, or one built with --build), creates the coders it
// is told about, optionally assigns every unit to several coders (blind double coding), and
// refuses a non-loopback address without per-coder access tokens.
import { readFileSync } from 'node:fs';
import { listQueues } from '../../review/catalog.ts';
import { assign, buildQueue, createCoder, getQueue, ReviewError, type QueueSpec } from '../../review/index.ts';
import { DEFAULT_PORT, parseTokenFile, SecurityError, startReviewServer } from '../../review/server/index.ts';
import { EXIT, UsageError } from '../errors.ts';
import { openExistingStore } from './open-db.ts';

export interface ReviewFlags {
  db: string;
  queue?: string;
  coder?: string;
  host?: string;
  port?: number;
  tokenFile?: string;
  /** Comma-separated coders who may adjudicate. */
  adjudicator?: string;
  /** Build the default queue (every coded unit of the latest coded codebook version). */
  build?: boolean;
  /** With --build: a seeded random sample of N units, stratified by actor group. */
  sample?: number;
  seed?: string;
  /** Comma-separated coders: each unit of the queue is assigned to all of them (blind double coding). */
  assign?: string;
}


const list = (s: string | undefined): string[] => (s ? s.split(',').map((x) => x.trim()).filter(Boolean) : []);

export async function reviewCommand(
  flags: ReviewFlags,
  opts: { signal?: AbortSignal; log?: (line: string) => void } = {},
): Promise<number> {
  const log = opts.log ?? ((line: string) => process.stdout.write(line + '\n'));
  const store = openExistingStore(flags.db);
  try {
    let tokens: Map<string, string> | null = null;
    if (flags.tokenFile) {
      let text: string;
      try {
        text = readFileSync(flags.tokenFile, 'utf8');
      } catch (err) {
        throw new UsageError(`cannot read the token file ${flags.tokenFile}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      }
      tokens = parseTokenFile(text, flags.tokenFile);
    }
    const adjudicators = list(flags.adjudicator);
    const assignees = list(flags.assign);
    for (const c of new Set([...(flags.coder ? [flags.coder] : []), ...adjudicators, ...assignees, ...(tokens?.values() ?? [])])) createCoder(store, c);

    const queueId = findQueue(store, flags);
    const queue = getQueue(store, queueId);
    if (assignees.length > 0) {
      const added = assign(store, queueId, assignees);
      log(`assigned: ${added} new assignments (${assignees.join(', ')} on every unit)`);
    }
    const server = await startReviewServer({
      store, queueId, host: flags.host ?? '127.0.0.1', port: flags.port ?? DEFAULT_PORT, tokens,
      defaultCoder: flags.coder ?? null, adjudicators,
    }).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') throw new UsageError(`port ${flags.port ?? DEFAULT_PORT} is in use; pass another --port (0 picks a free one)`);
      if (err.code === 'EADDRNOTAVAIL') throw new UsageError(`cannot listen on ${flags.host}: no such address on this machine`);
      throw err;
    });
    const items = store.db.prepare('SELECT count(*) FROM queue_items WHERE queue_id = ?').pluck().get(queueId) as number;
    log(`codeframe review: queue "${queue.name}" (${queueId}, ${items} units, codebook ${queue.codebookVersion})`);
    log(`open ${server.url}${tokens ? '  (coders log in with their token from ' + flags.tokenFile + ')' : ''}`);
    log('Ctrl+C stops the server; every decision is already saved.');

    await new Promise<void>((resolve) => {
      const stop = () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        resolve();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
      opts.signal?.addEventListener('abort', stop, { once: true });
      if (opts.signal?.aborted) stop();
    });
    await server.close();
    return EXIT.ok;
  } catch (err) {
    if (err instanceof ReviewError || err instanceof SecurityError) throw new UsageError(err.message);
    throw err;
  } finally {
    store.close();
  }
}

function findQueue(store: ReturnType<typeof openExistingStore>, flags: ReviewFlags): string {
  if (flags.queue) return getQueue(store, flags.queue).id;
  if (flags.build) {
    const spec: QueueSpec = flags.sample
      ? { name: `sample of ${flags.sample} (seed ${flags.seed ?? '1'})`, sample: { size: flags.sample, seed: flags.seed ?? '1', stratify: ['actor_group'] } }
      : { name: 'all coded units' };
    return buildQueue(store, spec);
  }
  if (flags.sample) throw new UsageError('--sample needs --build');
  const queues = listQueues(store);
  if (queues.length === 1) return queues[0]!.id;
  if (queues.length === 0) throw new UsageError('the database has no review queue yet; pass --build (every coded unit) or --build --sample N --seed S');
  throw new UsageError(`the database has ${queues.length} review queues; pass --queue ID:\n${queues.map((q) => `  ${q.id}  ${q.name} (${q.items} units)`).join('\n')}`);
}
