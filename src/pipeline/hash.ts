// Document identity is the SHA-256 of the file's bytes (DESIGN.md invariant 3).
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Largest read while hashing: oversized files are recorded, never read whole. */
const CHUNK = 1 << 20;

/** Hash without holding the file in memory. Reads into one buffer of the file's size (at most
 *  CHUNK): a read stream allocated 64 KB per file however small, and hashing the 100,000 files of
 *  a corpus before ingest drove the main thread's peak memory (670 MB, npm run bench). */
export async function sha256File(path: string): Promise<string> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const buffer = Buffer.allocUnsafe(Math.max(1, Math.min(size, CHUNK)));
    const hash = createHash('sha256');
    // Until the end of the file, not `size`: a file that grows while it is read is hashed whole.
    for (;;) {
      const { bytesRead } = await file.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
    }
    return hash.digest('hex');
  } finally {
    await file.close();
  }
}
