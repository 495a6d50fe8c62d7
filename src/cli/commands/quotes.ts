// `codeframe quotes`: the passages behind a cell of the comparison, with document, page, offsets
// and rules; the quote is the stored segment text.
import type { CodedData, CodingsMode } from '../../report/compare/index.ts';
import { groupOf } from '../../report/compare/units.ts';
import { checkQuoteFilter, quotesMarkdown, quotesText, selectQuotes } from '../../report/quotes.ts';
import { EXIT, UsageError } from '../errors.ts';
import { codedDataOf } from './coded-data.ts';
import { openExistingStore } from './open-db.ts';

export interface QuotesFlags {
  db: string;
  code: string;
  actorGroup?: string;
  dimension?: string;
  level?: string;
  /** Further co-codes (repeatable --with). */
  with?: string[];
  limit?: number;
  codings?: CodingsMode;
  codebookVersion?: string;
  json?: boolean;
  md?: boolean;
}

export function quotesCommand(flags: QuotesFlags): number {
  if (flags.json && flags.md) throw new UsageError('Unexpected --json with --md, expected one output format');
  const store = openExistingStore(flags.db);
  try {
    const data = codedDataOf(store, flags);
    const filter = {
      code: flags.code,
      actorGroup: flags.actorGroup,
      with: [flags.dimension, flags.level, ...(flags.with ?? [])].filter((c): c is string => c !== undefined),
      limit: flags.limit,
    };
    const problems = [...checkGroup(data, 'dimension', flags.dimension), ...checkGroup(data, 'level', flags.level), ...checkQuoteFilter(data, filter)];
    if (problems.length) throw new UsageError(problems.join('\n'));
    const result = selectQuotes(data, filter);
    process.stdout.write(flags.json ? JSON.stringify(result, null, 2) + '\n' : flags.md ? quotesMarkdown(result) : quotesText(result));
    return EXIT.ok;
  } finally {
    store.close();
  }
}

/** --dimension and --level must name a code of the dimension / level group (a typo of one for the
 *  other would silently filter on the wrong thing). */
function checkGroup(data: CodedData, kind: 'dimension' | 'level', code: string | undefined): string[] {
  if (code === undefined) return [];
  const group = groupOf(data.codes, undefined, kind);
  const own = data.codes.find((c) => c.code_id === code);
  if (!own || own.group_id === group) return []; // an unknown code is reported by checkQuoteFilter
  const list = data.codes.filter((c) => c.group_id === group).map((c) => `\`${c.code_id}\``).join(', ');
  return [`Unexpected ${kind} \`${code}\` (a code of group \`${own.group_id}\`), expected a code of group \`${group ?? kind}\`: ${list || '(none)'}`];
}
