// `codeframe codebook check FILE`: validate, then run the anchor examples as tests of the rules.
import { checkExamples, loadCodebook } from '../../codebook/index.ts';
import { EXIT } from '../errors.ts';

export function codebookCheckCommand(file: string, flags: { json?: boolean }): number {
  const codebook = loadCodebook(file); // a CodebookError is reported by main() with file:line:col
  const report = checkExamples(codebook);
  const rules = codebook.codes.reduce((n, c) => n + c.rules.length, 0);
  if (flags.json) {
    process.stdout.write(
      JSON.stringify({ file, version: codebook.version, codes: codebook.codes.length, rules, ...report }, null, 2) + '\n',
    );
  } else {
    const out: string[] = [
      `${file}: valid; version ${codebook.version}; ${codebook.codes.length} codes in ${codebook.groups.length} groups, ${rules} rules`,
      `anchor examples: ${report.passed}/${report.total} pass`,
    ];
    for (const f of report.failures) {
      const got = f.got.length
        ? f.got.map((g) => `${g.codeId} by ${g.ruleId} on "${g.matched.join('", "')}"${g.negated ? ' (negated)' : ''}`).join('; ')
        : 'no codes';
      out.push(`  FAIL ${f.codeId} ${f.kind} [${f.lang}]: "${f.text}"`, `       ${f.reason}; got: ${got}`);
    }
    process.stdout.write(out.join('\n') + '\n');
  }
  return report.failures.length > 0 ? EXIT.failures : EXIT.ok;
}
