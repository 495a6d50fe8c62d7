// Deterministic benchmark corpora: text files cut from the real documents of ../shared/corpus
// (normalized texts, paragraph-aligned chunks) with varied metadata (actor groups, countries,
// dates, document types) in a manifest.csv. The same seed and sizes give the same bytes, so a
// corpus is generated once and reused while its stamp matches. Never written into git: out/.
//   npx tsx scripts/bench/generate-corpus.ts --out out/bench/corpus-x [--mb 100 | --docs 10000]
//                                            [--doc-kb 100] [--seed 1]
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { corpusTexts, REPO_ROOT, type CachedText } from './lib.ts';
import { mulberry32 } from '../../src/measure/agreement/bootstrap.ts';

export interface CorpusSpec {
  seed: number;
  /** Stop when this many documents are written ... */
  docs?: number;
  /** ... or when the text reaches this many bytes (whichever is given; both: the first reached). */
  bytes?: number;
  /** Mean document size; sizes vary log-normally around it (×0.25 .. ×4). */
  meanDocBytes: number;
}

export interface GeneratedCorpus {
  dir: string;
  docs: number;
  /** Bytes of the document files (the manifest not counted). */
  bytes: number;
  reused: boolean;
}

/** Stamp version: bump when the generator's output changes for the same spec. */
const GENERATOR_VERSION = 1;
const FILES_PER_FOLDER = 1000;

const GROUPS: Array<{ group: string; countries: string[]; issuers: string[] }> = [
  { group: 'major_power', countries: ['US', 'CN', 'EU', 'RU'], issuers: ['Government', 'Ministry of Foreign Affairs', 'Parliament'] },
  { group: 'global_south', countries: ['BR', 'IN', 'ZA', 'NG', 'ID', 'CO', 'KE', 'MX'], issuers: ['Ministry of Science', 'Presidency', 'Digital Agency'] },
  { group: 'multilateral', countries: ['UN', 'OECD', 'UNESCO', 'G20', 'AU'], issuers: ['General Assembly', 'Council', 'Secretariat'] },
  { group: 'other_advanced', countries: ['UK', 'JP', 'CA', 'KR', 'AU'], issuers: ['Cabinet Office', 'Department for Science', 'Prime Minister'] },
  { group: 'ukraine', countries: ['UA'], issuers: ['Ministry of Digital Transformation', 'Verkhovna Rada'] },
  { group: 'academic', countries: ['CH', 'DE', 'FR'], issuers: ['University', 'Research Institute'] },
];
const DOC_TYPES = ['strategy', 'regulation', 'speech', 'statement', 'resolution', 'report', 'news'];

/** The project's one seedable PRNG (mulberry32): the same sequence on every platform for a seed. */
export const rng = mulberry32;

function csvField(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Writes the corpus into `dir` (replacing what was there) unless a complete one with the same
 *  spec and sources is already there. */
export function generateCorpus(dir: string, spec: CorpusSpec, sources: CachedText[]): GeneratedCorpus {
  if (spec.docs === undefined && spec.bytes === undefined) {
    throw new Error('Unexpected corpus spec without docs or bytes, expected at least one limit');
  }
  if (sources.length === 0) throw new Error('Unexpected empty list of source texts, expected at least one document');
  // Beside the folder, not in it: every file in a corpus folder is a document to the pipeline.
  const stampFile = `${dir}.json`;
  const stamp = JSON.stringify({
    generator: GENERATOR_VERSION,
    spec,
    sources: sources.map((s) => [s.file, s.text.length]),
  });
  if (existsSync(stampFile)) {
    const old = JSON.parse(readFileSync(stampFile, 'utf8')) as { stamp: string; docs: number; bytes: number };
    if (old.stamp === stamp) return { dir, docs: old.docs, bytes: old.bytes, reused: true };
  }
  rmSync(dir, { recursive: true, force: true });
  rmSync(stampFile, { force: true });
  mkdirSync(join(dir, 'docs'), { recursive: true });

  const random = rng(spec.seed);
  const paragraphs = sources.map((s) => s.text.split('\n\n').filter((p) => p.trim() !== ''));
  // Documents are picked in proportion to their size, so the mix of languages follows the corpus.
  const weights = sources.map((s) => s.text.length);
  const total = weights.reduce((a, b) => a + b, 0);
  const pick = (): number => {
    let x = random() * total;
    for (let i = 0; i < weights.length; i++) if ((x -= weights[i]!) < 0) return i;
    return weights.length - 1;
  };

  const manifest = ['file,title,issuer,country,actor_group,date,doc_type,language'];
  let docs = 0;
  let bytes = 0;
  const maxDocs = spec.docs ?? Infinity;
  const maxBytes = spec.bytes ?? Infinity;
  while (docs < maxDocs && bytes < maxBytes) {
    const src = pick();
    const paras = paragraphs[src]!;
    // log-normal-ish size: mean × 2^(uniform in [-2, 2])
    const target = Math.max(200, Math.round(spec.meanDocBytes * 2 ** (random() * 4 - 2)));
    const g = GROUPS[Math.floor(random() * GROUPS.length)]!;
    const country = g.countries[Math.floor(random() * g.countries.length)]!;
    const issuer = `${country} ${g.issuers[Math.floor(random() * g.issuers.length)]!}`;
    const docType = DOC_TYPES[Math.floor(random() * DOC_TYPES.length)]!;
    const year = 2010 + Math.floor(random() * 16);
    const date = `${year}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`;
    const id = String(docs).padStart(6, '0');
    const title = `${country} ${docType} ${id} on artificial intelligence`;
    // The title line makes every file's bytes unique (the pipeline stores equal bytes once).
    const parts = [title];
    let size = title.length;
    for (let p = Math.floor(random() * paras.length); size < target; p = (p + 1) % paras.length) {
      parts.push(paras[p]!);
      size += paras[p]!.length + 2;
    }
    const body = parts.join('\n\n') + '\n';
    const rel = `docs/${String(Math.floor(docs / FILES_PER_FOLDER)).padStart(3, '0')}/${id}.txt`;
    if (docs % FILES_PER_FOLDER === 0) mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), body);
    bytes += Buffer.byteLength(body, 'utf8');
    manifest.push([rel, title, issuer, country, g.group, date, docType, sources[src]!.language ?? ''].map(csvField).join(','));
    docs++;
  }
  writeFileSync(join(dir, 'manifest.csv'), manifest.join('\n') + '\n');
  writeFileSync(stampFile, JSON.stringify({ stamp, docs, bytes }));
  return { dir, docs, bytes, reused: false };
}

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const args = process.argv.slice(2);
  const out = flag(args, '--out');
  const mb = flag(args, '--mb');
  const docs = flag(args, '--docs');
  if (!out || (mb === undefined && docs === undefined)) {
    console.error('usage: generate-corpus.ts --out DIR (--mb MB | --docs N) [--doc-kb KB] [--seed N]');
    process.exit(2);
  }
  const { texts } = await corpusTexts(join(REPO_ROOT, 'out/bench/texts'));
  const result = generateCorpus(resolve(out), {
    seed: Number(flag(args, '--seed') ?? 1),
    docs: docs === undefined ? undefined : Number(docs),
    bytes: mb === undefined ? undefined : Number(mb) * 1024 * 1024,
    meanDocBytes: Number(flag(args, '--doc-kb') ?? 100) * 1024,
  }, texts);
  console.log(`${result.reused ? 'reused' : 'wrote'} ${result.docs} documents, ${(result.bytes / 1024 / 1024).toFixed(1)} MB in ${result.dir}`);
}
