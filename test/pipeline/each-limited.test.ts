import pLimit from 'p-limit';
import { describe, expect, it } from 'vitest';
import { eachLimited } from '../../src/pipeline/each-limited.ts';

const tick = () => new Promise<void>((r) => setImmediate(r));

describe('eachLimited', () => {
  it('runs every item once, with its index, never more than the concurrency at a time', async () => {
    const limit = pLimit(3);
    let active = 0;
    let most = 0;
    const seen: Array<[string, number]> = [];
    const items = Array.from({ length: 50 }, (_, i) => `f${i}`);
    await eachLimited(items, limit, async (item, i) => {
      active++;
      most = Math.max(most, active);
      await tick();
      seen.push([item, i]);
      active--;
    });
    expect(seen.length).toBe(50);
    expect(new Map(seen)).toEqual(new Map(items.map((f, i) => [f, i])));
    expect(most).toBe(3);
  });

  it('hands p-limit one item per free slot: the queue never holds the whole list', async () => {
    const limit = pLimit(2);
    let queued = 0;
    await eachLimited(Array.from({ length: 200 }, (_, i) => i), limit, async () => {
      queued = Math.max(queued, limit.activeCount + limit.pendingCount);
      await tick();
    });
    expect(queued).toBeLessThanOrEqual(2);
  });

  it('starts nothing after the first failure, waits for the running ones, then throws the first error', async () => {
    const limit = pLimit(2);
    const started: number[] = [];
    const finished: number[] = [];
    const run = eachLimited(Array.from({ length: 20 }, (_, i) => i), limit, async (i) => {
      started.push(i);
      await tick();
      if (i === 3) throw new Error('boom 3');
      if (i === 4) throw new Error('boom 4');
      await tick();
      finished.push(i);
    });
    await expect(run).rejects.toThrow('boom 3');
    expect(Math.max(...started)).toBeLessThanOrEqual(5);
    // every item that started and did not throw ran to its end before eachLimited returned
    expect(finished.sort((a, b) => a - b)).toEqual(started.filter((i) => i !== 3 && i !== 4).sort((a, b) => a - b));
  });

  it('does nothing for an empty list', async () => {
    let calls = 0;
    await eachLimited([], pLimit(2), async () => void calls++);
    expect(calls).toBe(0);
  });
});
