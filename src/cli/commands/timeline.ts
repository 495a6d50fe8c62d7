// `codeframe timeline`: a chronology of the documents coded with a code (optionally together with
// another), with quotes, actor group and page, and the counts per period for a plot; written to
// OUT/tables/timeline_<code>[_with_<code>]_<period>.{md|html,csv}.
import type { CodingsMode } from '../../report/compare/index.ts';
import { checkQuoteFilter } from '../../report/quotes.ts';
import { buildTimeline, writeTimeline, type Period } from '../../report/timeline.ts';
import { EXIT, UsageError } from '../errors.ts';
import { codedDataOf } from './coded-data.ts';
import { openExistingStore } from './open-db.ts';

export interface TimelineFlags {
  db: string;
  out: string;
  code: string;
  with?: string;
  format?: 'md' | 'html';
  period?: Period;
  codings?: CodingsMode;
  codebookVersion?: string;
  json?: boolean;
}

export function timelineCommand(flags: TimelineFlags): number {
  const store = openExistingStore(flags.db);
  try {
    const data = codedDataOf(store, flags);
    const problems = checkQuoteFilter(data, { code: flags.code, with: flags.with ? [flags.with] : [] });
    if (problems.length) throw new UsageError(problems.join('\n'));
    const timeline = buildTimeline(data, { code: flags.code, with: flags.with, period: flags.period ?? 'year' });
    const files = writeTimeline(timeline, flags.out, flags.format ?? 'md');
    process.stdout.write(
      flags.json
        ? JSON.stringify({ files, ...timeline }, null, 2) + '\n'
        : `${timeline.basis}\n${timeline.entries.length} document(s), ${timeline.counts.reduce((n, c) => n + c.units, 0)} ${timeline.unit}(s).\n` +
            timeline.notes.map((n) => `${n}\n`).join('') +
            files.join('\n') +
            '\n',
    );
    return EXIT.ok;
  } finally {
    store.close();
  }
}
