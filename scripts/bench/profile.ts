// Top functions by self time over V8 .cpuprofile files (node --cpu-prof writes one per thread):
// the evidence for where to optimize next.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { REPO_ROOT } from './lib.ts';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileEntry {
  name: string;
  /** file:line, relative to the repository (node_modules shortened). */
  where: string;
  /** `main` or `thread N` (node's thread id, from the file name): workers and loader threads. */
  thread: string;
  selfMs: number;
  /** Of all sampled time across the profiles. */
  percent: number;
}

/** Aggregates self time per function (name + location + thread kind) from sample time deltas. */
export function summarizeProfiles(files: string[], top: number): ProfileEntry[] {
  const totals = new Map<string, ProfileEntry>();
  let all = 0;
  for (const file of files) {
    const p = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
    // CPU.<date>.<time>.<pid>.<threadId>.<seq>.cpuprofile: thread 0 is the main thread.
    const parts = basename(file).split('.');
    const thread = parts.length >= 6 ? (parts[4] === '0' ? 'main' : `thread ${parts[4]}`) : 'main';
    const byId = new Map(p.nodes.map((n) => [n.id, n]));
    for (let i = 0; i < p.samples.length; i++) {
      const node = byId.get(p.samples[i]!);
      if (!node) continue;
      const ms = (p.timeDeltas[i + 1] ?? 0) / 1000; // delta i+1 is the time spent in sample i
      const { functionName, url, lineNumber } = node.callFrame;
      const where = url ? `${shorten(url)}:${lineNumber + 1}` : '';
      const name = functionName || '(anonymous)';
      if (name === '(idle)') continue; // a worker waiting for work is not cost
      const key = `${thread}|${name}|${where}`;
      const e = totals.get(key) ?? { name, where, thread, selfMs: 0, percent: 0 };
      e.selfMs += ms;
      totals.set(key, e);
      all += ms;
    }
  }
  const out = [...totals.values()].sort((a, b) => b.selfMs - a.selfMs).slice(0, top);
  for (const e of out) e.percent = all > 0 ? (100 * e.selfMs) / all : 0;
  return out;
}

function shorten(url: string): string {
  const path = url.replace(/^file:\/\//, '');
  const nm = path.lastIndexOf('/node_modules/');
  if (nm >= 0) return path.slice(nm + 1);
  return path.startsWith(REPO_ROOT + '/') ? path.slice(REPO_ROOT.length + 1) : path;
}
