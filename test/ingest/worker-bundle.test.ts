import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createExtractorPool, type ExtractOutcome } from '../../src/ingest/pool.ts';
import { prepareWorkerBundle } from '../../src/ingest/worker-bundle.ts';
import { needShared, REPO_ROOT, shared } from '../helpers/shared.ts';

const temp = mkdtempSync(join(tmpdir(), 'codeframe-worker-bundle-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** A stand-in worker and analyzer in a folder of their own, so a test can change a source. */
function standIn(name: string): { dir: string; worker: string; analyzer: string; cache: string } {
  const dir = join(temp, name);
  const src = join(dir, 'src');
  mkdirSync(src, { recursive: true });
  writeFileSync(join(src, 'worker.ts'), `import { shared } from './shared.ts';\nexport const role: string = 'worker:' + shared;\n`);
  writeFileSync(join(src, 'analyzer.ts'), `import { shared, here } from './shared.ts';\nexport const role: string = 'analyzer:' + shared;\nexport { here };\n`);
  writeFileSync(join(src, 'shared.ts'), `export const shared: string = 'v1';\nexport const here: string = new URL('./x.json', import.meta.url).href;\n`);
  return { dir, worker: join(src, 'worker.ts'), analyzer: join(src, 'analyzer.ts'), cache: join(dir, 'cache') };
}

/** The text of the bundle's one shared chunk (worker and analyzer both import shared.ts). */
function chunkOf(dir: string): string {
  return readFileSync(join(dir, readdirSync(dir).find((n) => n.startsWith('chunk-'))!), 'utf8');
}

describe('prepareWorkerBundle', () => {
  it('builds once, reuses the bundle while no input changed, and builds anew when one did', async () => {
    const s = standIn('cache');
    const first = await prepareWorkerBundle({ workerEntry: s.worker, analyzer: pathToFileURL(s.analyzer).href, cacheDir: s.cache });
    expect(first.built).toBe(true);
    expect(readdirSync(first.dir).sort()).toEqual(expect.arrayContaining(['analyzer.js', 'worker.js']));
    const again = await prepareWorkerBundle({ workerEntry: s.worker, analyzer: s.analyzer, cacheDir: s.cache });
    expect(again).toEqual({ ...first, built: false });

    writeFileSync(join(s.dir, 'src', 'shared.ts'), `export const shared: string = 'v2';\nexport const here = '';\n`);
    const changed = await prepareWorkerBundle({ workerEntry: s.worker, analyzer: s.analyzer, cacheDir: s.cache });
    expect(changed.built).toBe(true);
    expect(changed.dir).not.toBe(first.dir);
    expect(chunkOf(changed.dir)).toContain('"v2"');
    expect(chunkOf(first.dir)).toContain('"v1"');
    // The old bundle stays: a running process may still start a worker from it.
    expect(existsSync(fileURLToPath(first.worker))).toBe(true);
  });

  it('pins import.meta.url to the source file, so relative files resolve as in the sources', async () => {
    const s = standIn('meta');
    const b = await prepareWorkerBundle({ workerEntry: s.worker, analyzer: s.analyzer, cacheDir: s.cache });
    expect(chunkOf(b.dir)).not.toContain('import.meta');
    const analyzer = (await import(b.analyzer!)) as { here: string; role: string };
    expect(analyzer).toMatchObject({ role: 'analyzer:v1', here: pathToFileURL(join(s.dir, 'src', 'x.json')).href });
  });

  it('two builds at once in one empty cache both succeed with the same bundle', async () => {
    const s = standIn('race');
    const [a, b] = await Promise.all([
      prepareWorkerBundle({ workerEntry: s.worker, analyzer: s.analyzer, cacheDir: s.cache }),
      prepareWorkerBundle({ workerEntry: s.worker, analyzer: s.analyzer, cacheDir: s.cache }),
    ]);
    expect(a.dir).toBe(b.dir);
    expect(readdirSync(s.cache).filter((n) => n.startsWith('.tmp'))).toEqual([]);
  });

  it.each([
    ['a source that does not compile', 'syntax', /Expected|Unexpected/],
    ['a cache folder that cannot be created', 'unwritable', /ENOTDIR|EEXIST/],
  ])('rejects on %s', async (_, name, message) => {
    const s = standIn(name);
    let cache = s.cache;
    if (name === 'syntax') writeFileSync(s.worker, 'export const = ;\n');
    else {
      writeFileSync(join(s.dir, 'file'), '');
      cache = join(s.dir, 'file', 'cache');
    }
    await expect(prepareWorkerBundle({ workerEntry: s.worker, cacheDir: cache })).rejects.toThrow(message);
  });
});

const enc = (s: string) => new TextEncoder().encode(s);

describe('createExtractorPool boot', () => {
  it('falls back to tsx in the threads, with one notice on stderr, when the bundle cannot be made', async () => {
    const blocker = join(temp, 'blocker');
    writeFileSync(blocker, '');
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const pool = createExtractorPool({ threads: 1, bundleCacheDir: join(blocker, 'cache') });
    try {
      const outcome = await pool.extract(enc('Transparency matters.\n'), 'a.txt');
      expect(outcome.ok && outcome.extracted.text).toBe('Transparency matters.');
      const notices = stderr.mock.calls.map((c) => String(c[0])).filter((t) => t.includes('worker bundle'));
      expect(notices).toEqual([expect.stringMatching(/^codeframe: notice: .*could not be prepared: .*\n$/)]);
    } finally {
      stderr.mockRestore();
      await pool.close();
    }
  });
});

describe.runIf(needShared('bundled and tsx workers on real files'))('bundled workers against tsx workers', () => {
  it('give the same extraction and the same segments and codings', async () => {
    const files = [
      'UN_2024-03-21_A-RES-78-265_safe-secure-trustworthy-AI.pdf',
      'CN_2023-07-10_CAC_Interim-Measures-Generative-AI-Services_zh.html',
      'US_2023-11-01_Harris_London_AI_speech.md',
    ];
    const analyzer = {
      module: pathToFileURL(join(REPO_ROOT, 'src/pipeline/analyze.ts')).href,
      options: { codebook: join(REPO_ROOT, 'codebook/study.yml') },
    };
    const runAll = async (boot: 'bundle' | 'tsx'): Promise<ExtractOutcome[]> => {
      const pool = createExtractorPool({ threads: 1, boot, analyzer });
      try {
        return await Promise.all(
          files.map((f) => {
            const bytes = readFileSync(shared('corpus', f));
            const sha256 = createHash('sha256').update(bytes).digest('hex');
            return pool.extract(new Uint8Array(bytes), f, { sha256, manifest: undefined });
          }),
        );
      } finally {
        await pool.close();
      }
    };
    const stderr = vi.spyOn(process.stderr, 'write');
    const bundled = await runAll('bundle');
    // no fallback notice: the threads really ran the bundle
    expect(stderr.mock.calls.map((c) => String(c[0])).filter((t) => t.includes('worker bundle'))).toEqual([]);
    stderr.mockRestore();
    const compiled = await runAll('tsx');
    expect(bundled.map((o) => o.ok)).toEqual([true, true, true]);
    const codings = bundled.flatMap((o) => (o.ok ? ((o.analysis as { codings: unknown[] }).codings ?? []) : []));
    expect(codings.length).toBeGreaterThan(0);
    expect(bundled).toEqual(compiled);
  }, 120_000);
});
