// The entry of every extraction thread. Normally it loads the worker precompiled to JavaScript
// (workerData.bundle, see worker-bundle.ts). Without one it falls back to compiling worker.ts in
// this thread: worker threads do not inherit the TypeScript loader of the main thread (`--import
// tsx` in a Worker's execArgv is ignored), so the thread registers tsx itself; that costs about a
// second and 100+ MB per thread.
import { workerData } from 'node:worker_threads';

const bundle = workerData?.bundle;
if (!bundle) {
  const { register } = await import('tsx/esm/api');
  register();
}
// tsx turns on Node's source-map support, and the first Error that pdf.js creates makes Node parse
// pdf.mjs's 9 MB inline source map into 1.4 M arrays: 150 MB of heap per thread, kept for the life
// of the thread (heap snapshot, scripts/bench). A worker's stack traces point into transpiled code
// instead; the main thread keeps source maps. Off in a bundled thread too, whatever the parent's
// flags (`--enable-source-maps`).
process.setSourceMapsEnabled(false);
await import(bundle ?? './worker.ts');
