// `codeframe run | ingest | code`: the pipeline with a summary for people or JSON for scripts.
import { resolve } from 'node:path';
import { existsSync, statSync } from 'node:fs';
import { runPipeline, type PipelineSummary, type Unit } from '../../pipeline/run.ts';
import { terminalProgress } from '../../pipeline/progress.ts';
import { EXIT, UsageError } from '../errors.ts';

interface Flags {
  corpus?: string;
  codebook?: string;
  db: string;
  out?: string;
  unit?: Unit;
  threads?: number;
  timeout?: number;
  maxMb?: number;
  retryFailed?: boolean;
  json?: boolean;
}

export async function pipelineCommand(
  command: string,
  flags: Flags,
  stages: { ingest: boolean; code: boolean; tables: boolean },
): Promise<number> {
  if (stages.ingest && flags.corpus && !existsSync(flags.corpus)) {
    throw new UsageError(`corpus folder not found: ${flags.corpus}`);
  }
  if (stages.ingest && flags.corpus && !statSync(flags.corpus).isDirectory()) {
    throw new UsageError(`--corpus ${flags.corpus} is a file, expected a folder of documents`);
  }
  if (stages.code && flags.codebook && !existsSync(flags.codebook)) {
    throw new UsageError(`codebook not found: ${flags.codebook}`);
  }
  if (!stages.ingest && !existsSync(flags.db)) {
    throw new UsageError(`no database at ${flags.db}; run \`codeframe run\` or \`codeframe ingest\` first`);
  }
  const summary = await runPipeline({
    command,
    corpus: resolve(flags.corpus ?? 'corpus'),
    codebook: flags.codebook ?? 'codebook/study.yml',
    db: flags.db,
    out: flags.out ?? 'out',
    stages,
    unit: flags.unit,
    threads: flags.threads,
    timeoutMs: flags.timeout !== undefined ? flags.timeout * 1000 : undefined,
    maxBytes: flags.maxMb !== undefined ? flags.maxMb * 1024 * 1024 : undefined,
    retryFailed: flags.retryFailed,
    progress: flags.json ? undefined : terminalProgress(),
  });
  process.stdout.write(flags.json ? JSON.stringify(summary, null, 2) + '\n' : formatSummary(summary, flags.db));
  return summary.failures.length > 0 ? EXIT.failures : EXIT.ok;
}

export function formatSummary(s: PipelineSummary, db: string): string {
  const d = s.documents;
  const lines: string[] = [];
  if (d.files > 0 || d.ingested > 0) {
    lines.push(
      `documents: ${d.files} files — ${d.ingested} ingested, ${d.skipped} already stored, ${d.failed} failed` +
        (d.duplicates ? `, ${d.duplicates} duplicate` : '') +
        (d.metadataUpdated ? ` (metadata updated for ${d.metadataUpdated})` : ''),
    );
  }
  if (s.codebookVersion) {
    lines.push(`coding:    codebook ${s.codebookVersion}, unit ${s.unit}; ${s.documentsCoded} documents coded, ${s.codings} codings added`);
  }
  if (s.segments) lines.push(`segments:  ${s.segments} added`);
  if (s.failures.length) {
    lines.push('', `failed (${s.failures.length}); the reasons are stored, see \`codeframe status --db ${db}\`:`);
    for (const f of s.failures) lines.push(`  ${f.file}: ${f.code}: ${f.reason}`);
  }
  if (s.unlisted.length) {
    lines.push('', `not in the manifest (${s.unlisted.length}), ingested without metadata:`);
    for (const f of s.unlisted) lines.push(`  ${f}`);
  }
  if (s.missingSources.length) {
    lines.push('', `listed in the manifest but not present yet (${s.missingSources.length}); download them into the corpus folder:`);
    for (const m of s.missingSources) lines.push(`  ${m.file}${m.source_url ? `  <${m.source_url}>` : ''}`);
  }
  if (s.skippedPaths.length) {
    lines.push('', 'left out of the corpus:');
    for (const p of s.skippedPaths) lines.push(`  ${p.rel}: ${p.reason}`);
  }
  if (s.manifestProblems.length) {
    lines.push('', 'manifest notes:');
    for (const p of s.manifestProblems) lines.push(`  ${p}`);
  }
  if (s.tables.length) lines.push('', `tables:    ${s.tables.join(', ')}`);
  lines.push('', `database:  ${db} (run ${s.runId}, ${s.seconds} s)`);
  return lines.join('\n') + '\n';
}
