// `codeframe status`: every document with its status and reason, and the totals.
import { EXIT } from '../errors.ts';
import { openExistingStore } from './open-db.ts';

export function statusCommand(flags: { db: string; json?: boolean }): number {
  const store = openExistingStore(flags.db);
  try {
    const status = store.status();
    if (flags.json) {
      process.stdout.write(JSON.stringify(status, null, 2) + '\n');
      return EXIT.ok;
    }
    const width = Math.min(70, Math.max(4, ...status.documents.map((d) => d.file.length)));
    const lines = [`${'file'.padEnd(width)}  status    segments  codings  reason`];
    for (const d of status.documents) {
      const reason = d.status === 'failed' ? `${d.failureCode}: ${d.reason}` : '';
      lines.push(`${d.file.padEnd(width)}  ${d.status.padEnd(8)}  ${String(d.segments).padStart(8)}  ${String(d.codings).padStart(7)}  ${reason}`);
    }
    lines.push('', Object.entries(status.totals).map(([k, v]) => `${k}: ${v}`).join(', '));
    process.stdout.write(lines.join('\n') + '\n');
    return EXIT.ok;
  } finally {
    store.close();
  }
}
