// `codeframe codebook check | import`.
import { Command, Option } from 'commander';
import type { SetExit } from '../options.ts';

const load = {
  check: () => import('../commands/codebook-check.ts'),
  import: () => import('../commands/codebook-import.ts'),
};

export function defineCodebookCommands(program: Command, setExit: SetExit): void {
  const codebook = program.command('codebook').description('work with codebooks: check one, or import a dictionary as one');
  codebook
    .command('check')
    .description('validate a codebook and run its anchor examples as tests')
    .argument('<file>', 'codebook YAML')
    .option('--json', 'print the report as JSON')
    .action(async (file, o) => setExit((await load.check()).codebookCheckCommand(file, o)));

  codebook
    .command('import')
    .description('turn a dictionary (LIWC .dic, quanteda YAML, Lexicoder .lc3, WordStat .cat, ...) into a codebook YAML')
    .argument('<file>', 'dictionary file')
    .addOption(
      new Option('--format <format>', 'dictionary format (default: detected from content and extension)').choices([
        'liwc',
        'quanteda',
        'lexicoder',
        'wordstat',
        'yoshikoder',
        'wordlist',
        'afinn',
        'emfd',
      ]),
    )
    .option('--out <file>', 'write the codebook here (default: standard output)')
    .option('--lang <code>', 'language of the dictionary; set on every rule (e.g. en)')
    .option('--id <id>', 'codebook id (default: from the file name)')
    .addOption(new Option('--threshold <p>', 'eMFD: minimum probability for a word to count').argParser(Number))
    .action(async (file, o) => setExit((await load.import()).codebookImportCommand(file, o)));
}
