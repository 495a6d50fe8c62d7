// The extraction worker and its analyzer, bundled into plain ESM JavaScript for worker threads.
// Node 20 cannot run TypeScript, and registering tsx in every thread cost each one about a second
// of compiling and over 100 MB of memory (npm run bench profile). The bundle is built once with
// esbuild and cached under node_modules/.cache (packages stay external, so the bundle must live
// inside the repository to resolve them); a changed source gives a new bundle, never an edited one.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, extname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DEFAULT_BUNDLE_CACHE = join(REPO_ROOT, 'node_modules', '.cache', 'codeframe', 'workers');
const WORKER_ENTRY = fileURLToPath(new URL('./worker.ts', import.meta.url));
/** Bump when the build options below change: it is part of every cache key. */
const FORMAT = 1;
/** Bundles of sources changed since are removed after this long (a running process may still
 *  start a worker from its own, older bundle, so not at once). */
const STALE_MS = 7 * 24 * 3600 * 1000;

export interface WorkerBundle {
  /** file: URL of the bundled worker.ts (a Worker entry that needs no loader). */
  worker: string;
  /** file: URL of the bundled analyzer module; null when none was asked for. */
  analyzer: string | null;
  /** The folder holding them; named after a hash of every input. */
  dir: string;
  /** false: found in the cache, nothing was compiled. */
  built: boolean;
}

export interface WorkerBundleOptions {
  /** file: URL or path of a TypeScript/JavaScript module exporting createAnalyzer. */
  analyzer?: string;
  /** Where bundles are kept; default node_modules/.cache/codeframe/workers in the repository.
   *  It must sit where the packages the sources import resolve from. */
  cacheDir?: string;
  /** @internal Tests bundle a stand-in worker. */
  workerEntry?: string;
}

/** What the cache records for one pair of entry points: the files the bundle was made from. */
interface Pointer {
  format: number;
  dir: string;
  /** absolute path → sha256 of its contents when bundled */
  inputs: Record<string, string>;
}

/** The cached bundle when none of its inputs changed, otherwise a fresh one. Rejects when
 *  esbuild fails or the cache cannot be written; the caller falls back to tsx. */
export async function prepareWorkerBundle(opts: WorkerBundleOptions = {}): Promise<WorkerBundle> {
  const entries = entryPoints(opts);
  const cacheDir = resolve(opts.cacheDir ?? DEFAULT_BUNDLE_CACHE);
  const pointerFile = join(cacheDir, `${sha256(JSON.stringify({ FORMAT, entries, node: process.versions.node })).slice(0, 16)}.json`);
  const cached = readPointer(pointerFile);
  if (cached && unchanged(cached.inputs) && complete(join(cacheDir, cached.dir), entries)) {
    return located(join(cacheDir, cached.dir), entries, false);
  }

  const { outputs, inputs } = await bundle(entries);
  const dir = sha256(JSON.stringify({ FORMAT, entries, inputs, node: process.versions.node })).slice(0, 16);
  const target = join(cacheDir, dir);
  mkdirSync(cacheDir, { recursive: true });
  if (!complete(target, entries)) {
    // Another process may build the same bundle at the same moment: each writes a folder of its
    // own and renames it into place; the loser finds the winner's (identical) folder there.
    const temp = join(cacheDir, `.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
    try {
      for (const [name, text] of outputs) {
        mkdirSync(dirname(join(temp, name)), { recursive: true });
        writeFileSync(join(temp, name), text);
      }
      renameSync(temp, target);
    } catch (err) {
      if (!complete(target, entries)) throw err;
    } finally {
      rmSync(temp, { recursive: true, force: true });
    }
  }
  writeAtomically(pointerFile, JSON.stringify({ format: FORMAT, dir, inputs } satisfies Pointer));
  pruneStale(cacheDir);
  return located(target, entries, true);
}

type Entries = Record<'worker' | 'analyzer', string | undefined>;

function entryPoints(opts: WorkerBundleOptions): Entries {
  const analyzer = opts.analyzer === undefined ? undefined : opts.analyzer.startsWith('file:') ? fileURLToPath(opts.analyzer) : resolve(opts.analyzer);
  return { worker: resolve(opts.workerEntry ?? WORKER_ENTRY), analyzer };
}

/** Output names: worker.js, analyzer.js and shared chunk-*.js in one folder. */
function located(dir: string, entries: Entries, built: boolean): WorkerBundle {
  return {
    worker: pathToFileURL(join(dir, 'worker.js')).href,
    analyzer: entries.analyzer === undefined ? null : pathToFileURL(join(dir, 'analyzer.js')).href,
    dir,
    built,
  };
}

function complete(dir: string, entries: Entries): boolean {
  return existsSync(join(dir, 'worker.js')) && (entries.analyzer === undefined || existsSync(join(dir, 'analyzer.js')));
}

async function bundle(entries: Entries): Promise<{ outputs: Array<[string, Uint8Array]>; inputs: Record<string, string> }> {
  const esbuild = await import('esbuild');
  const inputs: Record<string, string> = {};
  // esbuild reads the nearest tsconfig.json; a changed one may compile differently.
  const tsconfig = join(REPO_ROOT, 'tsconfig.json');
  if (existsSync(tsconfig)) inputs[tsconfig] = sha256(readFileSync(tsconfig));
  const result = await esbuild.build({
    entryPoints: Object.entries(entries)
      .filter((e): e is [string, string] => e[1] !== undefined)
      .map(([out, path]) => ({ in: path, out })),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: `node${process.versions.node.split('.')[0]}`,
    // Packages are imported from node_modules at run time, as from the sources: pdf.js and the
    // like are not recompiled, and keep their own import.meta.url.
    packages: 'external',
    splitting: true, // the worker and the analyzer share the modules both import
    chunkNames: 'chunk-[hash]',
    outdir: '/', // write: false; the paths only name the outputs
    write: false,
    logLevel: 'silent',
    plugins: [sourceLocations(inputs)],
  });
  const outputs = result.outputFiles.map((f): [string, Uint8Array] => [relative('/', f.path), f.contents]);
  // esbuild loads files in parallel: the order of the record is not the same twice.
  return { outputs, inputs: Object.fromEntries(Object.entries(inputs).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) };
}

const IMPORT_META = /\bimport\.meta\.(url|filename|dirname)\b/g;

/** Loads each source file itself: records its hash (the cache key), and pins its import.meta
 *  to the source file, so `new URL('../package.json', import.meta.url)` and createRequire mean
 *  in the bundle what they mean in the sources, wherever the bundle lies. */
function sourceLocations(inputs: Record<string, string>): import('esbuild').Plugin {
  const loaders: Record<string, 'ts' | 'js'> = { '.ts': 'ts', '.mts': 'ts', '.cts': 'ts', '.js': 'js', '.mjs': 'js', '.cjs': 'js' };
  return {
    name: 'codeframe-source-locations',
    setup(build) {
      build.onLoad({ filter: /.*/, namespace: 'file' }, (args) => {
        const bytes = readFileSync(args.path);
        inputs[args.path] = sha256(bytes);
        const loader = loaders[extname(args.path)];
        if (!loader) return { contents: bytes, loader: 'default' };
        const url = pathToFileURL(args.path).href;
        const pinned = { url, filename: args.path, dirname: dirname(args.path) } as const;
        const contents = bytes.toString('utf8').replace(IMPORT_META, (_, key: keyof typeof pinned) => JSON.stringify(pinned[key]));
        return { contents, loader };
      });
    },
  };
}

function readPointer(file: string): Pointer | null {
  try {
    const p = JSON.parse(readFileSync(file, 'utf8')) as Pointer;
    return p.format === FORMAT && typeof p.dir === 'string' && p.inputs && typeof p.inputs === 'object' ? p : null;
  } catch {
    return null;
  }
}

function unchanged(inputs: Record<string, string>): boolean {
  for (const [path, hash] of Object.entries(inputs)) {
    try {
      if (sha256(readFileSync(path)) !== hash) return false;
    } catch {
      return false;
    }
  }
  return true;
}

function writeAtomically(file: string, text: string): void {
  const temp = `${file}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  try {
    writeFileSync(temp, text);
    renameSync(temp, file);
  } finally {
    rmSync(temp, { force: true });
  }
}

/** Bundle folders no pointer names any more, and leftovers of interrupted builds, once old. */
function pruneStale(cacheDir: string): void {
  try {
    const named = new Set(
      readdirSync(cacheDir)
        .filter((n) => n.endsWith('.json'))
        .map((n) => readPointer(join(cacheDir, n))?.dir),
    );
    const now = Date.now();
    for (const name of readdirSync(cacheDir)) {
      if (name.endsWith('.json') || named.has(name)) continue;
      const path = join(cacheDir, name);
      if (now - statSync(path).mtimeMs > STALE_MS) rmSync(path, { recursive: true, force: true });
    }
  } catch {
    // tidying is optional
  }
}

function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
