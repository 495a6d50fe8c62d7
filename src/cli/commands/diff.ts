// `codeframe diff RUN_A RUN_B`: the hits that appeared and disappeared between the codings of two
// runs (their codebook versions), per code and rule, then hit by hit with file, page and quote.
import { diffRuns, ReviewError } from '../../review/index.ts';
import { EXIT, UsageError } from '../errors.ts';
import { openExistingStore } from './open-db.ts';

export function diffCommand(runA: string, runB: string, flags: { db: string; json?: boolean; hits?: boolean }): number {
  const [a, b] = [runA, runB].map((r) => {
    if (!/^\d+$/.test(r)) throw new UsageError(`Unexpected run \`${r}\`, expected a run id (a number; see the runs table)`);
    return Number(r);
  }) as [number, number];
  const store = openExistingStore(flags.db);
  try {
    let diff;
    try {
      diff = diffRuns(store, a, b);
    } catch (err) {
      if (err instanceof ReviewError) throw new UsageError(err.message);
      throw err;
    }
    if (flags.json) {
      process.stdout.write(JSON.stringify(diff, null, 2) + '\n');
      return EXIT.ok;
    }
    const lines = [
      `run ${a} (codebook ${diff.versionA}) -> run ${b} (codebook ${diff.versionB}): ${diff.documents} document(s) compared` +
        (diff.onlyInA || diff.onlyInB ? `, ${diff.onlyInA} coded only in run ${a}, ${diff.onlyInB} only in run ${b} (not compared)` : ''),
      '',
    ];
    const width = Math.max(10, ...diff.byRule.map((r) => `${r.codeId} / ${r.ruleId}`.length));
    lines.push(`${'code / rule'.padEnd(width)}  appeared  disappeared`);
    for (const r of diff.byRule) lines.push(`${`${r.codeId} / ${r.ruleId}`.padEnd(width)}  ${String(r.appeared).padStart(8)}  ${String(r.disappeared).padStart(11)}`);
    if (diff.byRule.length === 0) lines.push('(no hit appeared or disappeared)');
    if (flags.hits) {
      for (const [sign, list] of [['+', diff.appeared], ['-', diff.disappeared]] as const) {
        for (const h of list) {
          const quote = h.spans.map(([s, e]) => h.text.slice(s - h.start, e - h.start)).join(' … ');
          lines.push(`${sign} ${h.codeId} / ${h.ruleId}  ${h.file} p.${h.page} [${h.start},${h.end})  "${quote}"${h.reviews ? `  (${h.reviews} review(s))` : ''}`);
        }
      }
    }
    process.stdout.write(lines.join('\n') + '\n');
    return EXIT.ok;
  } finally {
    store.close();
  }
}
