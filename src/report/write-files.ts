// Output files are written beside their target under a temporary name and renamed into place, so a
// reader, a killed run or a full disk never leaves half a file under the real name. When writing
// fails, the temporary files are removed and the error names the file that could not be written
// (Node's write() errors carry no path).
import { closeSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

// A fixed name (not per process): a temporary file left by a killed run is overwritten and renamed
// away by the next one instead of piling up.
const tmpName = (file: string): string => `${file}.tmp`;

/** Writes every file, then renames them all: a failure before the renames leaves the old set
 *  whole (no file of the set is replaced), and no temporary file behind. */
export function writeFilesAtomically(files: ReadonlyArray<{ file: string; content: string | Uint8Array }>): void {
  const written: string[] = [];
  try {
    for (const { file, content } of files) {
      const tmp = tmpName(file);
      written.push(tmp);
      withPath(file, () => writeFileSync(tmp, content));
    }
    for (const { file } of files) withPath(file, () => renameSync(tmpName(file), file));
  } catch (err) {
    for (const tmp of written) rmSync(tmp, { force: true });
    throw err;
  }
}

/** Streams one file through `write(emit)` (chunks written as they come, for large exports), then
 *  renames it into place; on failure the temporary file is removed. Returns what `write` returns. */
export function writeFileAtomically<T>(file: string, write: (emit: (chunk: string) => void) => T): T {
  const tmp = tmpName(file);
  let fd: number | null = null;
  try {
    fd = withPath(file, () => openSync(tmp, 'w'));
    const out = fd;
    // Chunks (often one line each) are gathered into writes of about 64 KB.
    let pending = '';
    const result = write((chunk) => {
      pending += chunk;
      if (pending.length >= 1 << 16) withPath(file, () => writeAll(out, pending)), (pending = '');
    });
    withPath(file, () => writeAll(out, pending));
    const closing = fd;
    fd = null;
    withPath(file, () => closeSync(closing));
    withPath(file, () => renameSync(tmp, file));
    return result;
  } catch (err) {
    if (fd !== null) closeSync(fd);
    rmSync(tmp, { force: true });
    throw err;
  }
}

/** mkdir -p, but a failure names the folder that could not be made and why (a recursive mkdir
 *  reports ENOENT for the target when the real cause is a read-only or full parent). */
export function ensureDir(dir: string): void {
  const abs = resolve(dir);
  if (statSync(abs, { throwIfNoEntry: false })?.isDirectory()) return;
  const parent = dirname(abs);
  if (parent !== abs) ensureDir(parent);
  try {
    mkdirSync(abs);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST' && statSync(abs).isDirectory()) return; // made meanwhile
    throw err;
  }
}

/** writeSync may write less than asked (a disk filling up): loop, so a short write is never a
 *  silently shorter file. */
function writeAll(fd: number, chunk: string): void {
  const bytes = Buffer.from(chunk, 'utf8');
  for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off, bytes.length - off);
}

/** Runs `fn`; a file-system error names `file` (the target the user asked for, not the temporary
 *  name, and write() errors carry no path at all). */
function withPath<T>(file: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e && typeof e.code === 'string') e.path = file;
    throw err;
  }
}
