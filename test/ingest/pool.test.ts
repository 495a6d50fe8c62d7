import { readFileSync, readdirSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { extractBytes } from '../../src/ingest/extract.ts';
import { createExtractorPool, type ExtractOutcome } from '../../src/ingest/pool.ts';
import { IngestError } from '../../src/types.ts';
import { needShared, shared } from '../helpers/shared.ts';

async function mainThreadOutcome(bytes: Uint8Array, fileName: string): Promise<ExtractOutcome> {
  try {
    return { ok: true, extracted: await extractBytes(bytes, fileName) };
  } catch (err) {
    if (err instanceof IngestError) return { ok: false, code: err.code, reason: err.message };
    throw err;
  }
}

/** A stand-in worker speaking the pool's protocol, to crash and hang on demand. */
const FAKE_WORKER = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', (req) => {
  if (req.fileName === 'throw.pdf') throw new Error('boom in the parser');
  if (req.fileName === 'exit.pdf') process.exit(7);
  if (req.fileName === 'hang.pdf') for (;;) {}
  const text = new TextDecoder().decode(req.bytes);
  parentPort.postMessage({ type: 'done', id: req.id, outcome: { ok: true, extracted: { format: 'text', text, pages: [], meta: {}, warnings: [] } } });
});
parentPort.postMessage({ type: 'ready' });
`;
const fakeWorker = () => new Worker(FAKE_WORKER, { eval: true });
const enc = (s: string) => new TextEncoder().encode(s);

describe('createExtractorPool: recovery (stand-in worker)', () => {
  it.each([
    ['throw.pdf', 'the extractor crashed on this file: boom in the parser'],
    ['exit.pdf', 'the extractor exited (code 7) while reading this file'],
  ])('%s: the file gets corrupt with the crash message, the next file is extracted', async (fileName, reason) => {
    const pool = createExtractorPool({ threads: 1, spawnWorker: fakeWorker });
    const [crashed, next] = await Promise.all([pool.extract(enc('x'), fileName), pool.extract(enc('after'), 'a.txt')]);
    expect(crashed).toEqual({ ok: false, code: 'corrupt', reason });
    expect(next).toMatchObject({ ok: true, extracted: { text: 'after' } });
    await pool.close();
  });

  it('terminates a worker that overruns the time limit, reports timeout, goes on', async () => {
    const pool = createExtractorPool({ threads: 1, timeoutMs: 200, spawnWorker: fakeWorker });
    const outcomes = await Promise.all([
      pool.extract(enc('x'), 'hang.pdf'),
      pool.extract(enc('second'), 'b.txt'),
      pool.extract(enc('x'), 'hang.pdf'),
      pool.extract(enc('fourth'), 'd.txt'),
    ]);
    expect(outcomes.map((o) => (o.ok ? o.extracted.text : o.code))).toEqual(['timeout', 'second', 'timeout', 'fourth']);
    expect(outcomes[0]).toEqual({
      ok: false,
      code: 'timeout',
      reason: 'extraction took longer than the per-file limit of 200 ms; stopped',
    });
    await pool.close();
  });

  it('rejects (a bug, not bad input) when the worker cannot start', async () => {
    const pool = createExtractorPool({ threads: 1, spawnWorker: () => new Worker('throw new Error("no tsx")', { eval: true }) });
    await expect(pool.extract(enc('x'), 'a.txt')).rejects.toThrow('extractor worker failed to start: no tsx');
    await pool.close();
  });

  it('takes ownership of the bytes: a whole buffer is moved, a view is copied', async () => {
    const pool = createExtractorPool({ threads: 1, spawnWorker: fakeWorker });
    const whole = enc('moved');
    const backing = enc('..copied..');
    const view = backing.subarray(2, 8);
    const done = Promise.all([pool.extract(whole, 'a.txt'), pool.extract(view, 'b.txt')]);
    expect(whole.byteLength).toBe(0); // detached at once, not when a worker picks it up
    expect(new TextDecoder().decode(backing)).toBe('..copied..');
    expect((await done).map((o) => o.ok && o.extracted.text)).toEqual(['moved', 'copied']);
    await pool.close();
  });

  it('refuses work after close()', async () => {
    const pool = createExtractorPool({ threads: 1, spawnWorker: fakeWorker });
    await pool.close();
    await expect(pool.extract(enc('x'), 'a.txt')).rejects.toThrow('extract() called after close()');
  });
});

describe.runIf(needShared('extractor pool on real files'))('createExtractorPool (real workers)', () => {
  const pool = createExtractorPool({ threads: 2 });
  afterAll(() => pool.close());

  it('gives exactly the main thread’s results, failures included', async () => {
    const files = [
      ['pdfs', 'tracemonkey.pdf'],
      ['pdfs', 'copy_paste_ligatures.pdf'],
      ['pdfs', 'pr6531_1.pdf'],
      ['pdfs', 'issue7200.pdf'],
      ['pdfs', 'FAKE-PDF_html-404-page_ASEAN_Guide_AI_Governance_Ethics_2024.pdf'],
      ['pdfs', 'REDHAT-1531897-0.pdf'],
      ['corpus', 'ID_2023_SE-Kominfo-9-2023_Etika-Kecerdasan-Artifisial_SCANNED-OCR_id.pdf'],
      ['corpus', 'UN_2024-03-21_A-RES-78-265_safe-secure-trustworthy-AI.pdf'],
      ['corpus', 'CN_2023-07-10_CAC_Interim-Measures-Generative-AI-Services_zh.html'],
      ['corpus', 'US_2023-11-01_Harris_London_AI_speech.md'],
    ];
    const viaPool = await Promise.all(files.map(([dir, f]) => pool.extract(readFileSync(shared(dir, f)), f)));
    for (const [i, [dir, f]] of files.entries()) {
      const expected = await mainThreadOutcome(readFileSync(shared(dir, f)), f);
      expect([f, viaPool[i]]).toEqual([f, expected]);
    }
    expect(viaPool.map((o) => (o.ok ? o.extracted.format : o.code))).toEqual([
      'pdf', 'pdf', 'encrypted', 'image_only', 'misnamed', 'corrupt', 'pdf', 'pdf', 'html', 'markdown',
    ]);
  }, 300_000);

  it('stops a big PDF at the time limit and extracts the next file', async () => {
    // 250 ms is far below the 144-page AI Act's parse time; a short text file needs ~1 ms.
    const strict = createExtractorPool({ threads: 1, timeoutMs: 250 });
    const eu = 'EU_2024-06-13_AI-Act_Regulation-2024-1689_OJ.pdf';
    const first = await strict.extract(readFileSync(shared('corpus', eu)), eu);
    const next = await strict.extract(enc('Transparency and accountability.\n'), 'note.txt');
    await strict.close();
    expect(first).toEqual({ ok: false, code: 'timeout', reason: 'extraction took longer than the per-file limit of 250 ms; stopped' });
    expect(next).toMatchObject({ ok: true, extracted: { format: 'text', text: expect.stringContaining('Transparency and accountability.') } });
  }, 120_000);

  it('extracts every PDF of the corpus (and prints pages/s with 2 threads)', async () => {
    const files = readdirSync(shared('corpus')).filter((f) => f.endsWith('.pdf'));
    const measured = createExtractorPool({ threads: 2 });
    await measured.extract(enc('warm\n'), 'warm.txt'); // start the threads outside the clock
    const t0 = performance.now();
    const cpu0 = process.cpuUsage(); // the whole process, worker threads included
    const outcomes = await Promise.all(files.map((f) => measured.extract(readFileSync(shared('corpus', f)), f)));
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    await measured.close();
    const failed = outcomes.flatMap((o, i) => (o.ok ? [] : [`${files[i]}: ${o.code} ${o.reason}`]));
    expect(failed).toEqual([]);
    const pages = outcomes.reduce((n, o) => n + (o.ok ? o.extracted.pages.length : 0), 0);
    console.info(
      `[measure] pool, 2 threads: ${files.length} PDFs, ${pages} pages in ${seconds.toFixed(2)} s wall ` +
        `= ${(pages / seconds).toFixed(0)} pages/s; ${cpuSeconds.toFixed(1)} s CPU = ${(pages / cpuSeconds).toFixed(0)} pages per CPU-second`,
    );
  }, 300_000);
});

describe('the analyzer hook (later stages on the worker)', () => {
  it('runs the analyzer after extraction when a context is given, and reports its bugs on the file', async () => {
    const pool = createExtractorPool({
      threads: 1,
      analyzer: { module: new URL('../fixtures/analyzer.ts', import.meta.url).href, options: { tag: 't1' } },
    });
    try {
      const text = () => new TextEncoder().encode('Transparency matters.\n');
      const plain = await pool.extract(text(), 'a.txt');
      expect(plain.ok && plain.analysis).toBeUndefined();
      const analysed = await pool.extract(text(), 'a.txt', { doc: 'x' });
      expect(analysed.ok && analysed.analysis).toEqual({ tag: 't1', context: { doc: 'x' }, chars: 'Transparency matters.'.length });
      const broken = await pool.extract(text(), 'a.txt', { fail: true });
      expect(broken).toEqual({ ok: false, code: 'corrupt', reason: expect.stringMatching(/analysis failed unexpectedly.*analyzer bug/) });
    } finally {
      await pool.close();
    }
  });
});
