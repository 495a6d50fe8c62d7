// `codeframe text FILE`: what ingest makes of one file, without a database, to check extraction by eye or script.
import { extractFile } from '../../ingest/extract.ts';
import { IngestError } from '../../types.ts';
import { EXIT } from '../errors.ts';

export async function textCommand(file: string, flags: { pages?: boolean; json?: boolean }): Promise<number> {
  try {
    const doc = await extractFile(file);
    if (flags.json) {
      process.stdout.write(JSON.stringify(doc, null, 2) + '\n');
    } else if (flags.pages) {
      process.stdout.write('page\tstart\tend\tchars\n');
      for (const p of doc.pages) process.stdout.write(`${p.page}\t${p.start}\t${p.end}\t${p.end - p.start}\n`);
    } else {
      process.stdout.write(doc.text + '\n');
    }
    for (const w of doc.warnings) process.stderr.write(`codeframe: ${file}: ${w}\n`);
    return EXIT.ok;
  } catch (err) {
    if (err instanceof IngestError) {
      process.stderr.write(`codeframe: ${file}: ${err.code}: ${err.message}\n`);
      return EXIT.failures;
    }
    throw err;
  }
}
