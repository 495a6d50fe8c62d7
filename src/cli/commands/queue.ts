// `codeframe coder add|list` and `codeframe queue build|list|assign|progress`: setting up review
// work from the terminal. Each is a thin call into src/review; a ReviewError (an unknown code,
// coder or queue) is the user's mistake and becomes a UsageError.
import { assign, buildQueue, createCoder, getQueue, listCoders, progress, queueItems, ReviewError, type QueueSpec, type Stratum } from '../../review/index.ts';
import { listQueues } from '../../review/queue-list.ts';
import type { Store } from '../../store/index.ts';
import { EXIT, UsageError } from '../errors.ts';
import { openExistingStore } from './open-db.ts';

/** Commander collector for a repeatable option; each value may also be a comma-separated list. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((v) => v.trim()).filter(Boolean)];
}

/** Commander collector for a repeatable option whose values may contain commas (file paths). */
export function collectEach(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Opens the database, runs `fn`, closes; review API misuse becomes a UsageError. */
export function withStore<T>(db: string, fn: (store: Store) => T): T {
  const store = openExistingStore(db);
  try {
    return fn(store);
  } catch (err) {
    if (err instanceof ReviewError) throw new UsageError(err.message);
    throw err;
  } finally {
    store.close();
  }
}

const print = (text: string) => process.stdout.write(text.endsWith('\n') ? text : text + '\n');

export function coderAddCommand(name: string, flags: { db: string; label?: string; json?: boolean }): number {
  return withStore(flags.db, (store) => {
    const existed = listCoders(store).some((c) => c.name === name);
    const coder = createCoder(store, name, flags.label ?? null);
    print(flags.json ? JSON.stringify({ ...coder, created: !existed }) : existed ? `coder ${name} exists (unchanged)` : `coder ${name} added`);
    return EXIT.ok;
  });
}

export function coderListCommand(flags: { db: string; json?: boolean }): number {
  return withStore(flags.db, (store) => {
    const coders = listCoders(store);
    if (flags.json) print(JSON.stringify(coders, null, 2));
    else print(coders.length ? coders.map((c) => `${c.name}${c.label ? `  ${c.label}` : ''}`).join('\n') : '(no coders yet: codeframe coder add NAME)');
    return EXIT.ok;
  });
}

export interface QueueBuildFlags {
  db: string;
  name: string;
  code?: string[] | string;
  group?: string[] | string;
  actorGroup?: string[] | string;
  docType?: string[] | string;
  document?: string[] | string;
  include?: 'coded' | 'uncoded' | 'all';
  sample?: number;
  seed?: string;
  stratify?: string[] | string;
  run?: number;
  codebookVersion?: string;
  unit?: 'sentence' | 'paragraph';
  json?: boolean;
}

/** The flags as a QueueSpec; refuses combinations that would make a queue nobody can rebuild. */
export function queueSpecOf(flags: QueueBuildFlags): QueueSpec {
  const list = (v: string[] | string | undefined, split = true) =>
    v === undefined ? undefined : (typeof v === 'string' ? [v] : v).flatMap((x) => (split ? collect(x) : [x]));
  const stratify = list(flags.stratify);
  if (flags.seed !== undefined && flags.sample === undefined) throw new UsageError('Unexpected --seed without --sample, expected --sample N --seed S');
  if (stratify?.length && flags.sample === undefined) throw new UsageError('Unexpected --stratify without --sample, expected --sample N --seed S --stratify ...');
  if (flags.sample !== undefined && flags.seed === undefined) {
    throw new UsageError('Unexpected --sample without --seed, expected a seed so the same sample can be drawn again (e.g. --seed 1)');
  }
  for (const s of stratify ?? []) {
    if (s !== 'actor_group' && s !== 'doc_type') throw new UsageError(`Unexpected --stratify \`${s}\`, expected actor_group, doc_type or both`);
  }
  return {
    name: flags.name,
    run: flags.run,
    codebookVersion: flags.codebookVersion,
    unit: flags.unit,
    codes: list(flags.code),
    groups: list(flags.group),
    actorGroups: list(flags.actorGroup),
    docTypes: list(flags.docType),
    documents: list(flags.document, false),
    include: flags.include,
    sample: flags.sample === undefined ? undefined : { size: flags.sample, seed: flags.seed!, stratify: (stratify ?? []) as Stratum[] },
  };
}

export function queueBuildCommand(flags: QueueBuildFlags): number {
  const spec = queueSpecOf(flags);
  return withStore(flags.db, (store) => {
    const before = new Set(listQueues(store).map((q) => q.id));
    const id = buildQueue(store, spec);
    const queue = getQueue(store, id);
    const items = queueItems(store, id);
    if (flags.json) {
      print(JSON.stringify({ id, created: !before.has(id), items: items.length, queue }, null, 2));
    } else {
      const strata = new Map<string, number>();
      for (const i of items) if (i.stratum !== null) strata.set(i.stratum, (strata.get(i.stratum) ?? 0) + 1);
      print(
        [
          `${before.has(id) ? 'queue exists (same spec)' : 'queue built'}: ${id}  "${queue.name}"`,
          `${items.length} ${queue.unit}(s), codebook ${queue.codebookVersion}${queue.runId !== null ? `, run ${queue.runId}` : ''}`,
          ...[...strata].sort().map(([s, n]) => `  stratum ${s}: ${n}`),
          `next: codeframe queue assign ${id} --coders A,B   or   codeframe review --cli --queue ${id} --coder NAME`,
        ].join('\n'),
      );
    }
    return EXIT.ok;
  });
}

export function queueListCommand(flags: { db: string; json?: boolean }): number {
  return withStore(flags.db, (store) => {
    const queues = listQueues(store);
    if (flags.json) print(JSON.stringify(queues, null, 2));
    else if (queues.length === 0) print('(no queues yet: codeframe queue build --name NAME ...)');
    else {
      const lines = queues.map((q) => [q.id, String(q.items).padStart(6), q.unit.padEnd(9), q.codebookVersion, q.assigned.join(',') || '(open)', q.name]);
      print(['id             items  unit       codebook      coders  name', ...lines.map((l) => l.join('  '))].join('\n'));
    }
    return EXIT.ok;
  });
}

export function queueAssignCommand(queue: string, flags: { db: string; coders: string | string[]; perItem?: number; json?: boolean }): number {
  const coders = Array.isArray(flags.coders) ? flags.coders : collect(flags.coders);
  return withStore(flags.db, (store) => {
    const added = assign(store, queue, coders, { perItem: flags.perItem });
    const report = progress(store, queue);
    if (flags.json) print(JSON.stringify({ queue, added, progress: report }, null, 2));
    else print([`${added} assignment(s) added to ${queue}`, ...report.map((p) => `  ${p.coder}: ${p.items} item(s)`)].join('\n'));
    return EXIT.ok;
  });
}

export function queueProgressCommand(queue: string, flags: { db: string; json?: boolean }): number {
  return withStore(flags.db, (store) => {
    const q = getQueue(store, queue);
    const total = queueItems(store, queue).length;
    const report = progress(store, queue);
    if (flags.json) {
      print(JSON.stringify({ queue: q.id, name: q.name, items: total, coders: report }, null, 2));
      return EXIT.ok;
    }
    const width = Math.max(5, ...report.map((p) => p.coder.length));
    const lines = [`${q.id} "${q.name}": ${total} item(s)`, `${'coder'.padEnd(width)}  items  complete  remaining  percent`];
    for (const p of report) {
      const pct = p.items === 0 ? '—' : `${((100 * p.complete) / p.items).toFixed(1)}%`;
      lines.push(`${p.coder.padEnd(width)}  ${String(p.items).padStart(5)}  ${String(p.complete).padStart(8)}  ${String(p.remaining).padStart(9)}  ${pct.padStart(7)}`);
    }
    if (report.length === 0) lines.push('(nobody assigned or started yet)');
    print(lines.join('\n'));
    return EXIT.ok;
  });
}
