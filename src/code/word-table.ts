// A memo from the words of a text (as written) to small integers, looked up without slicing the
// text: open addressing over one Int32Array, keys kept as UTF-16 code units in one Uint16Array
// pool. A lookup touches one 16-byte slot and the key's code units; the first version (keys as
// strings, hashes and values in three arrays, String.prototype.startsWith to compare) spent
// most of the code stage's time on cache misses and the startsWith call.
//
// Exact, never probabilistic: a hash match is always confirmed code unit by code unit.

/** FNV-1a over UTF-16 code units; callers fold each code unit in with `hashStep`. */
export const HASH_SEED = 0x811c9dc5 | 0;
export const HASH_PRIME = 0x01000193;

/** The final avalanche (from murmur3): FNV's low bits alone cluster on short words. */
export function hashFinish(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h | 0;
}

/** A slot: [hash, entry + 1 (0 = empty), length × 4 + tag, then the word's code units packed two
 *  to an int when it has at most INLINE of them, else its offset in the pool]. Nine words in ten
 *  fit: a lookup then reads one 32-byte slot and the text, and nothing else. */
const SLOT = 8;
const INLINE = 10;
/** Tags are small: two bits beside the length. */
export const MAX_TAG = 3;

export class WordTable {
  private slots: Int32Array;
  private mask: number; // of the slot index (slots.length / SLOT - 1)
  private pool: Uint16Array;
  private poolUsed = 0;
  /** Entries since the last start-over. */
  size = 0;
  /** Bumped on every start-over: ids handed out before are void. */
  generation = 0;
  /** The tag of the entry the last successful find() returned. */
  tag = 0;

  /** maxEntries / maxPool bound memory on huge vocabularies: past either the table starts over
   *  (callers must then drop the ids they hold, see `generation`). */
  constructor(
    private readonly maxEntries: number,
    private readonly maxPool: number,
    initialSlots = 1 << 12,
  ) {
    this.slots = new Int32Array(initialSlots * SLOT);
    this.mask = initialSlots - 1;
    this.pool = new Uint16Array(1 << 12);
  }

  /** The entry id of text[start, end) (hashed to `h` with hashFinish), or -1; sets `tag`. */
  find(text: string, start: number, end: number, h: number): number {
    const slots = this.slots;
    const len = end - start;
    let i = h & this.mask;
    for (;;) {
      const at = i * SLOT;
      const e = slots[at + 1];
      if (e === 0) return -1;
      const lt = slots[at + 2];
      if (slots[at] === h && lt >> 2 === len && (len <= INLINE ? sameInline(slots, at + 3, text, start, len) : this.samePooled(slots[at + 3], text, start, len))) {
        this.tag = lt & 3;
        return e - 1;
      }
      i = (i + 1) & this.mask;
    }
  }

  private samePooled(off: number, text: string, start: number, len: number): boolean {
    const pool = this.pool;
    for (let k = 0; k < len; k++) if (pool[off + k] !== text.charCodeAt(start + k)) return false;
    return true;
  }

  /** Adds text[start, end) (not present; hashed to `h`) with a caller's tag as the next entry id;
   *  returns it, or -1 when the word is too long to keep (the caller then computes its value
   *  every time). May start the table over first (bumping `generation`). */
  add(text: string, start: number, end: number, h: number, tag: number): number {
    if (!(tag >= 0 && tag <= MAX_TAG)) throw new RangeError(`Unexpected tag ${tag}, expected 0..${MAX_TAG}`);
    const len = end - start;
    const pooled = len > INLINE ? len : 0;
    if (pooled > this.maxPool >> 4) return -1;
    if (this.poolUsed + pooled > this.maxPool || (this.size + 1) * 2 > this.mask + 1) {
      if (this.size >= this.maxEntries || this.poolUsed + pooled > this.maxPool) this.startOver();
      else this.grow();
    }
    let off = 0;
    if (pooled > 0) {
      if (this.poolUsed + len > this.pool.length) {
        let size = this.pool.length * 2;
        while (size < this.poolUsed + len) size *= 2;
        const pool = new Uint16Array(Math.min(size, this.maxPool));
        pool.set(this.pool.subarray(0, this.poolUsed));
        this.pool = pool;
      }
      off = this.poolUsed;
      for (let k = 0; k < len; k++) this.pool[off + k] = text.charCodeAt(start + k);
      this.poolUsed += len;
    }
    const id = this.size++;
    const at = this.freeSlot(h);
    const slots = this.slots;
    slots[at] = h;
    slots[at + 1] = id + 1;
    slots[at + 2] = len * 4 + tag;
    if (pooled > 0) slots[at + 3] = off;
    else for (let k = 0; k < len; k += 2) slots[at + 3 + (k >> 1)] = text.charCodeAt(start + k) | (k + 1 < len ? text.charCodeAt(start + k + 1) << 16 : 0);
    return id;
  }

  private freeSlot(h: number): number {
    let i = h & this.mask;
    while (this.slots[i * SLOT + 1] !== 0) i = (i + 1) & this.mask;
    return i * SLOT;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2);
    this.mask = (old.length * 2) / SLOT - 1;
    for (let from = 0; from < old.length; from += SLOT) {
      if (old[from + 1] === 0) continue;
      const to = this.freeSlot(old[from]);
      for (let k = 0; k < SLOT; k++) this.slots[to + k] = old[from + k];
    }
  }

  private startOver(): void {
    this.slots.fill(0);
    this.poolUsed = 0;
    this.size = 0;
    this.generation++;
  }
}

/** text[start, start + len) equals the code units packed two to an int at slots[at..]. */
function sameInline(slots: Int32Array, at: number, text: string, start: number, len: number): boolean {
  let k = 0;
  for (; k + 1 < len; k += 2) {
    if (slots[at + (k >> 1)] !== (text.charCodeAt(start + k) | (text.charCodeAt(start + k + 1) << 16))) return false;
  }
  return k === len || slots[at + (k >> 1)] === text.charCodeAt(start + k);
}
