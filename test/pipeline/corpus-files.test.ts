import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listCorpusFiles } from '../../src/pipeline/corpus-files.ts';

const tmp = mkdtempSync(join(tmpdir(), 'codeframe-corpus-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function makeCorpus(): string {
  const root = join(tmp, `c${Math.random().toString(36).slice(2)}`);
  mkdirSync(join(root, 'b'), { recursive: true });
  mkdirSync(join(root, 'out'), { recursive: true });
  for (const f of ['manifest.yml', 'README.md', 'z.txt', 'a.md', 'b/c.pdf', '.hidden.txt', 'out/codeframe.db', 'out/codeframe.db-wal'])
    writeFileSync(join(root, f), 'x');
  writeFileSync(join(tmp, 'secret.txt'), 'outside');
  symlinkSync(join(tmp, 'secret.txt'), join(root, 'link-out.txt'));
  symlinkSync(join(root, 'a.md'), join(root, 'link-in.md'));
  return root;
}

describe('listCorpusFiles', () => {
  it('lists documents in a stable order, leaving out manifest, README and hidden files', () => {
    const root = makeCorpus();
    const { files } = listCorpusFiles(root, [join(root, 'out')]);
    expect(files.map((f) => f.rel)).toEqual(['a.md', 'b/c.pdf', 'link-in.md', 'z.txt']);
  });

  it('does not follow a symbolic link that leaves the corpus, and says why', () => {
    const root = makeCorpus();
    const { skipped } = listCorpusFiles(root);
    expect(skipped).toEqual([{ rel: 'link-out.txt', reason: expect.stringMatching(/points outside the corpus/) }]);
  });

  it('leaves out the database and output folder inside the corpus, but not a folder that contains the corpus', () => {
    const root = makeCorpus();
    const withDb = listCorpusFiles(root, [join(root, 'out', 'codeframe.db')]).files.map((f) => f.rel);
    expect(withDb).not.toContain('out/codeframe.db');
    expect(withDb).not.toContain('out/codeframe.db-wal');
    expect(listCorpusFiles(root, [tmp]).files.length).toBeGreaterThan(0);
  });
});
