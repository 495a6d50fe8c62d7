// `codeframe agreement --data FILE.csv`: agreement statistics for a reliability table (units × coders)
// from any source; percent agreement (both definitions), Cohen, Fleiss, Krippendorff's alpha.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { agreementReport, formatRows, readReliabilityTable, reportRows, ROW_HEADER } from '../../measure/agreement/index.ts';
import type { Level } from '../../measure/agreement/index.ts';
import { csv } from '../../report/format.ts';
import { EXIT, UsageError } from '../errors.ts';

export interface AgreementFlags {
  data: string;
  level: Level;
  json?: boolean;
  out?: string;
  bootstrap?: number;
  seed?: number;
}

export function agreementCommand(flags: AgreementFlags): number {
  let text: string;
  try {
    text = readFileSync(flags.data, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${flags.data}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const table = readReliabilityTable(text, flags.level);
  if (!table.ok) throw new UsageError(`${flags.data}: ${table.message}`);
  const report = agreementReport(table.matrix, {
    levels: flags.level === 'nominal' ? ['nominal'] : ['nominal', flags.level],
    bootstrapSamples: flags.bootstrap,
    seed: flags.seed,
  });
  const rows = reportRows(report);
  if (flags.out) {
    mkdirSync(flags.out, { recursive: true });
    writeFileSync(join(flags.out, 'agreement.csv'), csv([...ROW_HEADER], rows));
  }
  process.stdout.write(flags.json ? JSON.stringify(report, null, 2) + '\n' : formatRows(ROW_HEADER, rows) + '\n');
  return EXIT.ok;
}
