import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sha256, sha256File } from '../../src/pipeline/hash.ts';
import { needShared, shared } from '../helpers/shared.ts';

const dir = mkdtempSync(join(tmpdir(), 'codeframe-hash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sha256File', () => {
  it.each([
    ['empty', 0],
    ['one byte', 1],
    ['small', 3000],
    ['exactly one read (1 MiB)', 1 << 20],
    ['several reads (2.5 MiB + 7)', 2.5 * (1 << 20) + 7],
  ])('%s: the same hash as the bytes read whole', async (_name, size) => {
    const bytes = Buffer.alloc(size);
    for (let i = 0; i < size; i++) bytes[i] = (i * 2654435761) >>> 24;
    const file = join(dir, `f${size}`);
    writeFileSync(file, bytes);
    expect(await sha256File(file)).toBe(sha256(bytes));
  });

  it('empty input hashes to the SHA-256 of nothing', async () => {
    const file = join(dir, 'empty');
    writeFileSync(file, '');
    expect(await sha256File(file)).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('rejects a missing file', async () => {
    await expect(sha256File(join(dir, 'missing'))).rejects.toThrow(/ENOENT/);
  });
});

describe.runIf(needShared('hashing the real corpus files'))('sha256File on ../shared/corpus', () => {
  it('equals hashing each file read whole', async () => {
    const files = readdirSync(shared('corpus')).sort();
    expect(files.length).toBeGreaterThan(15);
    for (const f of files) expect(await sha256File(shared('corpus', f)), f).toBe(sha256(readFileSync(shared('corpus', f))));
  });
});
