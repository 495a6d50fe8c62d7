// `codeframe review` as a real child process (node src/cli/bin.mjs review ...), for tests that need
// the shipped thing: a separate process with its own database connection that can be kill -9'd.
// Resolves once the server prints its URL; collects stdout and stderr for assertions.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '../../helpers/shared.ts';

export const BIN = join(REPO_ROOT, 'src/cli/bin.mjs');

export interface ReviewChild {
  child: ChildProcess;
  port: number;
  stdout: () => string;
  stderr: () => string;
  /** SIGTERM (a clean stop), resolving with the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL: no clean-up of any kind, like a power cut of the process. */
  kill9(): Promise<void>;
}

/** Starts `codeframe review ARGS` and waits (at most `timeoutMs`) for its `open http://...` line. */
export function startReviewChild(args: string[], timeoutMs = 60_000): Promise<ReviewChild> {
  const child = spawn(process.execPath, [BIN, 'review', ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`codeframe review printed no URL in ${timeoutMs} ms:\n${out}\n${err}`));
    }, timeoutMs);
    const onData = () => {
      const m = /open http:\/\/[^\s/]+:(\d+)\//.exec(out);
      if (!m) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      resolve({
        child, port: Number(m[1]), stdout: () => out, stderr: () => err,
        stop: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          return exited;
        },
        kill9: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
          await exited;
        },
      });
    };
    child.stdout!.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`codeframe review exited ${code} before printing its URL:\n${out}\n${err}`));
    });
  });
}

/** Runs `codeframe ARGS` to completion (synchronously); returns exit code and output. */
export function cli(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: REPO_ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
