// Preloaded into `codeframe run` by the end-to-end measure (node --import): at exit, writes the
// process's peak resident set (VmHWM, all threads, no child processes) to $CODEFRAME_BENCH_RSS_FILE.
// /usr/bin/time's %M is the max over the process *and* its children (tsx's esbuild service), so
// it can report esbuild's peak instead of codeframe's.
import { readFileSync, writeFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

const out = process.env.CODEFRAME_BENCH_RSS_FILE;
if (out && isMainThread) {
  process.on('exit', () => {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    writeFileSync(out, m ? m[1] : '');
  });
}
