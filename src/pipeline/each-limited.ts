// Runs an async function over a list with p-limit's concurrency, handing p-limit one item per free
// slot instead of queueing the whole list at once: `Promise.all(files.map((f) => limit(...)))`
// held a pending promise and closure per file, 77 MB for 100,000 files (heap after gc), and the
// main thread's heap grew with the corpus (peak RSS 887 MB at 100,000 documents, npm run bench).
//
// After the first failure no new item is started; the ones running are awaited (so nothing is
// left writing behind the caller's back), then the first error is thrown.
import type { LimitFunction } from 'p-limit';

export async function eachLimited<T>(items: Iterable<T>, limit: LimitFunction, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  const running = new Set<Promise<void>>();
  let failure = null as { error: unknown } | null; // set in a callback: `as` keeps TS from narrowing it to null
  let index = 0;
  for (const item of items) {
    if (failure) break;
    const i = index++;
    const task: Promise<void> = limit(() => fn(item, i)).then(
      () => void running.delete(task),
      (error: unknown) => {
        running.delete(task);
        failure ??= { error };
      },
    );
    running.add(task);
    if (running.size >= limit.concurrency) await Promise.race(running);
  }
  await Promise.all(running);
  if (failure) throw failure.error;
}
