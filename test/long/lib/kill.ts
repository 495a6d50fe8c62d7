// Starting the real CLI as a separate process and killing it with SIGKILL at a chosen moment:
// when a condition on the database becomes true (polled), after a further delay.
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { REPO_ROOT } from '../../helpers/shared.ts';

const BIN = join(REPO_ROOT, 'src/cli/bin.mjs');
const live = new Set<ChildProcess>();

export interface Outcome {
  /** true: SIGKILL ended it; false: it finished before the kill came. */
  killed: boolean;
  code: number | null;
  signal: NodeJS.Signals | null;
  /** ms from start to the end of the process. */
  ms: number;
  stderr: string;
}

/** `codeframe ARGS` in its own process group (so the kill reaches everything it started). */
export function startCli(args: string[]): { child: ChildProcess; done: Promise<Outcome>; started: number; kill(): void } {
  const started = Date.now();
  const child = spawn(process.execPath, [BIN, ...args], { cwd: REPO_ROOT, detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  live.add(child);
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  let killedByUs = false;
  const done = new Promise<Outcome>((resolve) => {
    child.on('exit', (code, signal) => {
      live.delete(child);
      resolve({ killed: killedByUs && signal === 'SIGKILL', code, signal, ms: Date.now() - started, stderr });
    });
  });
  const kill = () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    killedByUs = true;
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // Already gone.
    }
  };
  return { child, done, started, kill };
}

/** Starts `codeframe ARGS` and kills it `delayMs` after `when()` first holds (polled every
 *  `pollMs`); `when` = null kills `delayMs` after the start; `arm` may kill it earlier. */
export async function runAndKill(
  args: string[],
  when: (() => boolean) | null,
  delayMs: number,
  opts: { pollMs?: number; arm?: (kill: () => void) => () => void } = {},
): Promise<Outcome & { pid: number }> {
  const pollMs = opts.pollMs ?? 15;
  const p = startCli(args);
  // An event-driven trigger (e.g. fs.watch) for moments too short to catch by polling.
  const disarm = opts.arm?.(p.kill);
  let finished = false;
  void p.done.then(() => (finished = true));
  void p.done.then(() => disarm?.());
  if (when) {
    while (!finished && !when()) await sleep(pollMs);
  }
  if (!finished) await Promise.race([sleep(delayMs), p.done]);
  p.kill();
  const outcome = await p.done;
  return { ...outcome, pid: p.child.pid! };
}

/** Processes of the group `pgid` still running (not zombies) once the group had up to `graceMs`
 *  to go: `pid comm state` each. A killed leader's helpers (e.g. an esbuild service process) are
 *  killed with it but reaped by init a moment later, so the group may outlive the leader briefly. */
export async function groupSurvivors(pgid: number, graceMs = 3000): Promise<string[]> {
  const deadline = Date.now() + graceMs;
  for (;;) {
    const members = readdirSync('/proc')
      .filter((d) => /^\d+$/.test(d))
      .flatMap((pid) => {
        try {
          const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
          const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
          const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
          return Number(pgrp) === pgid && state !== 'Z' && state !== 'X' ? [`${pid} ${comm} ${state}`] : [];
        } catch {
          return []; // gone meanwhile
        }
      });
    if (members.length === 0 || Date.now() > deadline) return members;
    await sleep(50);
  }
}

/** Kills every CLI process this module started that is still running (afterAll). */
export function killAll(): void {
  for (const child of live) {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // gone
    }
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms).unref());
}

/** One query on a database another process may be writing (or may have left mid-write):
 *  read-only, so the state is read as the next run would find it; undefined while it cannot be read. */
export function peek<T>(file: string, query: (db: Database.Database) => T): T | undefined {
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 200');
    return query(db);
  } catch {
    return undefined;
  } finally {
    db?.close();
  }
}
