// Everything a study hands on from a database: every export format of `codeframe export` and the
// table files, collected as named byte strings so two databases can be compared byte for byte.
// Used by the determinism test (two fresh runs) and the crash/resume test (killed vs uninterrupted).
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { vi } from 'vitest';
import { main } from '../../../src/cli/main.ts';

/** Runs the CLI in this process with its standard output and error silenced; returns the exit code. */
export async function cli(args: string[]): Promise<number> {
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    return await main(args);
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

/** The exports of one codebook version (default: the latest), written under `dir`; name → bytes.
 *  qdpx entries are unzipped (`e.qdpx/<entry>`) so a difference names the file inside.
 *  `qdpxCodings: 'auto'`: the REFI-QDA project without review status (default: final, as the CLI). */
export async function exportsOf(db: string, dir: string, version?: string, opts: { qdpxCodings?: 'auto' | 'final' } = {}): Promise<Map<string, Buffer>> {
  mkdirSync(dir, { recursive: true });
  const v = version ? ['--codebook-version', version] : [];
  const files: Array<[string, string[]]> = [
    ['e.jsonl', ['--format', 'jsonl']],
    ['e.csv', ['--format', 'csv']],
    ['e-auto.csv', ['--format', 'csv', '--codings', 'auto']],
    ['e.matrix.csv', ['--format', 'matrix']],
    ['e.qdc', ['--format', 'qdc']],
    ['e.qdpx', ['--format', 'qdpx', '--codings', opts.qdpxCodings ?? 'final']],
  ];
  const out = new Map<string, Buffer>();
  for (const [name, args] of files) {
    const file = join(dir, name);
    const code = await cli(['export', ...args, ...v, '--db', db, '--out', file]);
    if (code !== 0) throw new Error(`codeframe export ${args.join(' ')} --db ${db} exited ${code}`);
    if (name.endsWith('.qdpx')) {
      for (const [entry, bytes] of Object.entries(unzipSync(readFileSync(file)))) out.set(`${name}/${entry}`, Buffer.from(bytes));
    } else out.set(name, readFileSync(file));
  }
  return out;
}

/** Every file directly in `dir` (e.g. OUT/tables), name → bytes. */
export function filesOf(dir: string, prefix = ''): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const name of readdirSync(dir).sort()) out.set(prefix + name, readFileSync(join(dir, name)));
  return out;
}

/** REFI-QDA carries when each source and coding was created (the run's start, the document's
 *  ingestion) and lists the runs behind the codings: provenance, true of each database and so
 *  different between two runs. Masked here so the rest of the project is compared byte for byte. */
export function maskProvenance(name: string, bytes: Buffer, opts: { runs?: boolean } = {}): Buffer {
  // The project note (a source of its own, and the project's description) lists the runs.
  if (!name.startsWith('e.qdpx/')) return bytes;
  let text = strFromU8(bytes).replace(/(creation|modified)DateTime="[^"]*"/g, '$1DateTime="…"');
  text = text.replace(/: started [^,\n]*, finished [^,\n]*,/g, ': started …, finished …,');
  // After a crash the same codings were written by different runs (each killed run kept what it committed).
  if (opts.runs) text = text.replace(/^ {2}run \d+ \(.*$\n/gm, '').replace(/"run":\d+/g, '"run":…');
  return Buffer.from(text);
}

/** The names whose bytes differ (or that only one side has), each with the first differing line. */
export function differences(a: Map<string, Buffer>, b: Map<string, Buffer>, opts: { runs?: boolean } = {}): string[] {
  const names = [...new Set([...a.keys(), ...b.keys()])].sort();
  const out: string[] = [];
  for (const name of names) {
    const x = a.get(name);
    const y = b.get(name);
    if (!x || !y) {
      out.push(`${name}: only in ${x ? 'the first' : 'the second'}`);
      continue;
    }
    const mx = maskProvenance(name, x, opts);
    const my = maskProvenance(name, y, opts);
    if (mx.equals(my)) continue;
    const lx = mx.toString('utf8').split('\n');
    const ly = my.toString('utf8').split('\n');
    const i = lx.findIndex((line, k) => line !== ly[k]);
    const at = i === -1 ? lx.length : i;
    out.push(`${name}: line ${at + 1} differs:\n  - ${(lx[at] ?? '(end)').slice(0, 300)}\n  + ${(ly[at] ?? '(end)').slice(0, 300)}`);
  }
  return out;
}
