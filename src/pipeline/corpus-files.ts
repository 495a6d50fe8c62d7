// Lists the documents of a corpus folder, in a stable order, without reading them.
import { lstatSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';

export interface CorpusFile {
  /** Path relative to the corpus folder, with "/" separators: the manifest's `file`. */
  rel: string;
  abs: string;
  size: number;
}

export interface CorpusListing {
  files: CorpusFile[];
  /** Entries left out, with the reason (symlinks leaving the corpus, unreadable folders). */
  skipped: Array<{ rel: string; reason: string }>;
}

/** Files that describe the corpus rather than belong to it. */
const NOT_DOCUMENTS = /^(manifest\.(ya?ml|csv)|readme(\.[a-z]+)?|sources\.md|\.gitkeep)$/i;

/** `exclude`: paths never taken as documents, e.g. the database and output folder when they sit
 *  inside the corpus (otherwise a second run would ingest the first run's tables). */
export function listCorpusFiles(corpusDir: string, exclude: string[] = []): CorpusListing {
  const root = realpathSync(corpusDir);
  // Only paths inside the corpus matter; an output folder that *contains* the corpus must not hide it.
  const excluded = exclude.map((p) => resolve(p)).filter((p) => p.startsWith(root + sep));
  const files: CorpusFile[] = [];
  const skipped: CorpusListing['skipped'] = [];

  const walk = (dir: string): void => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch (err) {
      skipped.push({ rel: toRel(root, dir), reason: `cannot list folder: ${(err as Error).message}` });
      return;
    }
    for (const name of names.sort()) {
      if (name.startsWith('.')) continue;
      const abs = join(dir, name);
      const rel = toRel(root, abs);
      if (excluded.some((x) => abs === x || abs.startsWith(x + sep) || abs.startsWith(x + '-'))) continue;
      let st = lstatSync(abs);
      if (st.isSymbolicLink()) {
        // A link may point anywhere on the machine; only follow it inside the corpus.
        let target: string;
        try {
          target = realpathSync(abs);
        } catch {
          skipped.push({ rel, reason: 'broken symbolic link' });
          continue;
        }
        if (target !== root && !target.startsWith(root + sep)) {
          skipped.push({ rel, reason: `symbolic link points outside the corpus (${target})` });
          continue;
        }
        st = statSync(abs);
      }
      if (st.isDirectory()) walk(abs);
      else if (st.isFile() && !(dir === root && NOT_DOCUMENTS.test(name))) files.push({ rel, abs, size: st.size });
    }
  };
  walk(root);
  return { files, skipped };
}

function toRel(root: string, abs: string): string {
  return relative(root, abs).split(sep).join('/');
}
