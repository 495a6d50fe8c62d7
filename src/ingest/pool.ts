// Extraction on worker threads. PDF parsing is synchronous CPU work inside pdf.js, so
// concurrency in one thread (p-limit) never uses a second core, and one pathological file
// would stall the batch. Each worker extracts one file at a time under a time limit; a worker
// that overruns is terminated and replaced, one that crashes is replaced, and the file gets
// an outcome either way. Results are those of extractBytes() on the main thread.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ExtractedText, FailureCode } from '../types.ts';
import type { ExtractRequest, WorkerMessage } from './worker.ts';
import { prepareWorkerBundle, type WorkerBundle } from './worker-bundle.ts';

export type ExtractOutcome =
  | { ok: true; extracted: ExtractedText; analysis?: unknown }
  | { ok: false; code: FailureCode; reason: string };

/** Later stages that run on the worker right after extraction, so they use both cores too.
 *  The pool knows nothing of them: `module` (a file URL) exports
 *  `createAnalyzer(options) → (extracted, context) → analysis`, loaded once per worker. */
export interface AnalyzerSpec {
  module: string;
  options: unknown;
}

export interface ExtractorPool {
  /** Extract one file on a worker. Never rejects for bad input: it becomes `{ ok: false }`.
   *  Takes ownership of `bytes`: when they span their whole ArrayBuffer it is moved to the
   *  worker and is detached (length 0) in the caller as soon as extract() returns; otherwise
   *  they are copied. Hash the bytes first, or pass a copy (`new Uint8Array(bytes)`) to keep them. */
  extract(bytes: Uint8Array, fileName: string, context?: unknown): Promise<ExtractOutcome>;
  /** Wait for the files already accepted, then stop the workers. */
  close(): Promise<void>;
}

export interface ExtractorPoolOptions {
  /** Worker threads; default min(2, available cores). */
  threads?: number;
  /** Per-file limit in ms, counted from the moment a ready worker gets the file; default 60 000. */
  timeoutMs?: number;
  /** Run this analyzer on each extracted text whose extract() call gives a context. */
  analyzer?: AnalyzerSpec;
  /** How threads load the TypeScript: 'bundle' (default) runs a precompiled bundle of worker.ts
   *  and the analyzer (worker-bundle.ts), falling back to 'tsx' (each thread compiles the
   *  sources) when it cannot be built. CODEFRAME_WORKER_BOOT=tsx chooses 'tsx' too. */
  boot?: 'bundle' | 'tsx';
  /** @internal Where bundles are cached (tests). */
  bundleCacheDir?: string;
  /** @internal Tests replace the worker to exercise crashes. */
  spawnWorker?: () => Worker;
}

export const DEFAULT_TIMEOUT_MS = 60_000;
/** workerData marker: only a thread started by the pool answers extraction requests. */
export const EXTRACTOR_ROLE = 'codeframe-extractor';

const WORKER_URL = new URL('./worker-boot.mjs', import.meta.url);
/** A heap limit per thread turns a PDF that eats memory into a crash of its worker (→ the file
 *  is 'corrupt', the pool goes on) instead of an out-of-memory abort of the whole process. */
const WORKER_HEAP_MB = 2048;

/** What a thread is started with: the bundle's worker, or none (worker-boot.mjs compiles worker.ts). */
interface Boot {
  bundle: string | undefined;
  analyzer: AnalyzerSpec | undefined;
}

function spawnExtractorWorker(boot: Boot): Worker {
  return new Worker(WORKER_URL, {
    workerData: { role: EXTRACTOR_ROLE, analyzer: boot.analyzer, bundle: boot.bundle },
    resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
  });
}

let bundleNoticeShown = false;

/** The bundle if it can be had, else the tsx boot, with one line on stderr (never stdout: it
 *  may carry --json) saying why; the files are extracted the same way either way. */
async function prepareBoot(opts: ExtractorPoolOptions): Promise<Boot> {
  const analyzer = opts.analyzer;
  const mode = opts.boot ?? (process.env.CODEFRAME_WORKER_BOOT === 'tsx' ? 'tsx' : 'bundle');
  if (mode === 'tsx') return { bundle: undefined, analyzer };
  let bundle: WorkerBundle;
  try {
    bundle = await prepareWorkerBundle({ analyzer: analyzer?.module, cacheDir: opts.bundleCacheDir });
  } catch (err) {
    if (!bundleNoticeShown) {
      bundleNoticeShown = true;
      const reason = (err instanceof Error ? err.message : String(err)).split('\n')[0];
      process.stderr.write(`codeframe: notice: worker threads compile their TypeScript themselves (slower start, more memory): the worker bundle could not be prepared: ${reason}\n`);
    }
    return { bundle: undefined, analyzer };
  }
  return { bundle: bundle.worker, analyzer: analyzer && { module: bundle.analyzer!, options: analyzer.options } };
}

interface Job {
  id: number;
  bytes: Uint8Array;
  fileName: string;
  context: unknown;
  resolve: (outcome: ExtractOutcome) => void;
  reject: (err: Error) => void;
}

interface Slot {
  worker: Worker | null;
  ready: boolean;
  job: Job | null;
  timer: NodeJS.Timeout | null;
}

export function createExtractorPool(opts: ExtractorPoolOptions = {}): ExtractorPool {
  const threads = Math.max(1, Math.floor(opts.threads ?? Math.min(2, availableParallelism())));
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  // Workers start once the boot is known: the bundle is looked up (and built if need be) when
  // the first file arrives, not at creation, so a pool that never extracts costs nothing.
  let boot: Boot | null = null;
  let booting = false;
  const spawnWorker = opts.spawnWorker ?? (() => spawnExtractorWorker(boot!));
  const bootReady = (): boolean => {
    if (opts.spawnWorker || boot) return true;
    if (!booting) {
      booting = true;
      prepareBoot(opts).then((b) => {
        boot = b;
        pump();
      }, fail);
    }
    return false;
  };
  const slots: Slot[] = Array.from({ length: threads }, () => ({ worker: null, ready: false, job: null, timer: null }));
  const queue: Job[] = [];
  const exiting = new Set<Promise<number>>();
  let nextId = 1;
  let closed = false;
  let broken: Error | null = null;
  let drained: (() => void) | null = null;

  function spawn(slot: Slot): void {
    const worker = spawnWorker();
    slot.worker = worker;
    slot.ready = false;
    const current = () => slot.worker === worker;
    worker.on('message', (msg: WorkerMessage) => {
      if (!current()) return;
      if (msg.type === 'ready') {
        slot.ready = true;
        pump();
      } else if (slot.job && msg.id === slot.job.id) {
        finish(slot, msg.outcome);
        pump();
      }
    });
    worker.on('error', (err: Error) => {
      if (!current()) return;
      if (!slot.ready) return fail(new Error(`extractor worker failed to start: ${err.message}`, { cause: err }));
      if (!slot.job) return;
      // Out of heap (WORKER_HEAP_MB) is the file's size or structure, not damage to it.
      if ((err as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY') {
        finish(slot, { ok: false, code: 'oversized', reason: `reading this file needed more than ${WORKER_HEAP_MB} MB of memory` });
      } else finish(slot, { ok: false, code: 'corrupt', reason: `the extractor crashed on this file: ${err.message}` });
    });
    worker.on('exit', (code: number) => {
      if (!current()) return;
      slot.worker = null;
      if (!slot.ready) return fail(new Error(`extractor worker exited with code ${code} before it was ready`));
      slot.ready = false;
      if (slot.job) finish(slot, { ok: false, code: 'corrupt', reason: `the extractor exited (code ${code}) while reading this file` });
      pump();
    });
  }

  function finish(slot: Slot, outcome: ExtractOutcome): void {
    const job = slot.job;
    if (!job) return;
    if (slot.timer) clearTimeout(slot.timer);
    slot.job = null;
    slot.timer = null;
    job.resolve(outcome);
  }

  function stop(slot: Slot): void {
    const worker = slot.worker;
    slot.worker = null;
    slot.ready = false;
    if (!worker) return;
    const exited = worker.terminate();
    exiting.add(exited);
    void exited.finally(() => exiting.delete(exited));
  }

  function onTimeout(slot: Slot): void {
    finish(slot, {
      ok: false,
      code: 'timeout',
      reason: `extraction took longer than the per-file limit of ${formatMs(timeoutMs)}; stopped`,
    });
    stop(slot); // pdf.js cannot be interrupted mid-page: the thread itself has to go
    pump();
  }

  /** Give waiting files to ready workers; start workers where files wait; let idle ones sleep. */
  function pump(): void {
    if (broken) return;
    for (const slot of slots) {
      if (slot.job) continue;
      if (queue.length === 0) {
        slot.worker?.unref(); // an idle pool must not keep the process alive
        continue;
      }
      if (!slot.worker) {
        if (!bootReady()) return;
        spawn(slot);
      }
      const worker = slot.worker!;
      worker.ref();
      if (!slot.ready) continue;
      const job = queue.shift()!;
      slot.job = job;
      slot.timer = setTimeout(() => onTimeout(slot), timeoutMs);
      worker.postMessage({ id: job.id, bytes: job.bytes, fileName: job.fileName, context: job.context } satisfies ExtractRequest, [
        job.bytes.buffer as ArrayBuffer,
      ]);
    }
    if (drained && queue.length === 0 && slots.every((s) => !s.job)) drained();
  }

  /** A worker that cannot even start is an installation problem, not a property of a file. */
  function fail(err: Error): void {
    broken = err;
    for (const slot of slots) {
      if (slot.job) slot.job.reject(err);
      if (slot.timer) clearTimeout(slot.timer);
      slot.job = null;
      slot.timer = null;
      stop(slot);
    }
    for (const job of queue.splice(0)) job.reject(err);
    drained?.();
  }

  return {
    extract(bytes, fileName, context) {
      if (closed) return Promise.reject(new Error('extract() called after close()'));
      if (broken) return Promise.reject(broken);
      const owned = takeBytes(bytes);
      return new Promise<ExtractOutcome>((resolve, reject) => {
        queue.push({ id: nextId++, bytes: owned, fileName, context, resolve, reject });
        pump();
      });
    },
    async close() {
      closed = true;
      if (!broken && (queue.length > 0 || slots.some((s) => s.job))) {
        await new Promise<void>((resolve) => {
          drained = resolve;
        });
      }
      for (const slot of slots) stop(slot);
      await Promise.all(exiting);
    },
  };
}

/** Move the bytes into a buffer of their own that can be transferred, without a copy when
 *  they already own their whole ArrayBuffer (a Node Buffer usually shares a pooled one). */
function takeBytes(bytes: Uint8Array): Uint8Array {
  const whole =
    bytes.buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  if (whole) {
    try {
      return structuredClone(bytes, { transfer: [bytes.buffer] });
    } catch {
      // marked untransferable (Node's Buffer pool): fall through to a copy
    }
  }
  return new Uint8Array(bytes); // a copy; Buffer#slice() would be a view
}

function formatMs(ms: number): string {
  return ms >= 1000 && ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
