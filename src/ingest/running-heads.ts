// Removes what a printer put on every page rather than what the author wrote: running heads and
// footers (journal heads, "EN OJ L, 12.7.2024"), page numbers ("12", "Page 3 of 10", "- 4 -",
// "12/144") and browser-print chrome (date/time + title on top, URL + "1/5" at the bottom).
//
// The rule: on a document of >= 3 pages, a line that (digits masked, case and spacing ignored)
// sits among the first or last 3 non-blank lines of >= 40% of the pages — or of >= 40% of the odd
// or of the even pages, since recto/verso heads alternate — is a running head. It is removed
// wherever it appears on a page (footnotes push the Official Journal's footer block up). Only the
// zones count as evidence, so a heading such as "Article 5", frequent in bodies (on 49% of the AI
// Act's pages, but among the first/last lines of 13%), never goes just because it is frequent.
// Bare page numbers are removed from the first/last 2 non-blank lines of any multi-page document.

const ZONE = 3;
const NUMBER_ZONE = 2;
const MAX_ZONE = 6;

const PAGE_NUMBER_RES: RegExp[] = [
  /^\d{1,4}$/,
  /^[-–—]\s?\d{1,4}\s?[-–—]$/,
  /^\d{1,4}\s?(?:\/|of)\s?\d{1,4}$/i,
  /^(?:page|p\.|pg\.?|seite|página|pagina|strona|страница|сторінка)\s?\d{1,4}(?:\s?(?:of|\/|de|von|sur|di|из|з)\s?\d{1,4})?$/i,
  /^[ivxlc]{1,7}$/, // lowercase roman front-matter numbers only: "I" or "C" alone may be text
  /^\[\d{1,4}\]$/,
];

// Browser print chrome: a URL with "n/m" (Chrome) or "Page n of m" (Safari), and a leading
// date + time line (Chrome "9/8/18, 2:14 PM Title", Safari "2018/09/08 14)14 Title").
const CHROME_RES: RegExp[] = [
  /^(?:page \d{1,4} of \d{1,4} )?(?:https?:\/\/|file:\/\/|www\.)\S+(?: \d{1,4}\/\d{1,4}| page \d{1,4} of \d{1,4})?$/i,
  /^\d{1,4}\/\d{1,4} (?:https?:\/\/|file:\/\/|www\.)\S+$/i,
  /^\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4},? \d{1,2}[:)h.]\d{2}(?: ?[ap]\.?m\.?)?(?: |$)/i,
];

export function isPageNumberLine(line: string): boolean {
  return PAGE_NUMBER_RES.some((re) => re.test(line));
}

function isChromeLine(line: string): boolean {
  return CHROME_RES.some((re) => re.test(line));
}

/** Digits masked, case and spacing ignored: "2/144 ELI: ..." and "3/144 ELI: ..." are one head. */
export function headKey(line: string): string {
  return line.toLowerCase().replace(/\d+/g, '#').replace(/\s+/g, ' ').trim();
}

export interface HeadRemoval {
  /** Per page, the lines kept (blank lines included, as "" ). */
  pages: string[][];
  headsRemoved: number;
  pageNumbersRemoved: number;
}

function nonBlankIndices(lines: string[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < lines.length; i++) if (lines[i] !== '') out.push(i);
  return out;
}

function zoneOf(idx: number[]): number[] {
  if (idx.length <= 2 * ZONE) return idx;
  return [...idx.slice(0, ZONE), ...idx.slice(-ZONE)];
}

function findHeadKeys(pages: string[][]): Set<string> {
  const n = pages.length;
  const heads = new Set<string>();
  if (n < 3) return heads;
  const all = new Map<string, number>();
  const byParity = [new Map<string, number>(), new Map<string, number>()];
  pages.forEach((lines, i) => {
    const keys = new Set(zoneOf(nonBlankIndices(lines)).map((j) => headKey(lines[j]!)));
    for (const k of keys) {
      if (!/[\p{L}\p{N}#]/u.test(k)) continue;
      all.set(k, (all.get(k) ?? 0) + 1);
      const m = byParity[i % 2]!;
      m.set(k, (m.get(k) ?? 0) + 1);
    }
  });
  const need = (pagesOfKind: number) => Math.max(2, Math.ceil(0.4 * pagesOfKind));
  for (const [k, c] of all) if (c >= need(n)) heads.add(k);
  const parityPages = [Math.ceil(n / 2), Math.floor(n / 2)];
  byParity.forEach((m, p) => {
    if (parityPages[p]! < 3) return;
    for (const [k, c] of m) if (c >= need(parityPages[p]!)) heads.add(k);
  });
  return heads;
}

/** Removes running heads/footers and page numbers; lines must already be space-collapsed. */
export function removeRunningHeads(pages: string[][]): HeadRemoval {
  const out: HeadRemoval = { pages: [], headsRemoved: 0, pageNumbersRemoved: 0 };
  if (pages.length < 2) {
    out.pages = pages;
    return out;
  }
  const heads = findHeadKeys(pages);
  // masking shortens a line by at most 9 characters per "#" (digit runs up to 10 long), so most
  // lines are ruled out by length before their key is computed
  let longest = -1;
  let shortest = Infinity;
  for (const k of heads) {
    longest = Math.max(longest, k.length + 9 * (k.split('#').length - 1));
    shortest = Math.min(shortest, k.length);
  }
  const isHead = (line: string) => line.length >= shortest && line.length <= longest && heads.has(headKey(line));

  for (const lines of pages) {
    const idx = nonBlankIndices(lines);
    const drop = new Set<number>();
    let heads = 0;
    let numbers = 0;
    // kind of removal for one line, or null to keep it
    const classify = (line: string, pos: number): 'head' | 'number' | null => {
      if (pos < NUMBER_ZONE && isPageNumberLine(line)) return 'number';
      if (isHead(line) || (pos < NUMBER_ZONE && isChromeLine(line))) return 'head';
      return null;
    };
    const scan = (order: number[]) => {
      let budget = ZONE;
      for (let k = 0; k < order.length && k < budget; k++) {
        const i = order[k]!;
        if (drop.has(i)) continue;
        const kind = classify(lines[i]!, Math.min(k, order.length - 1 - k));
        if (kind === null) continue;
        drop.add(i);
        if (kind === 'head') heads++;
        else numbers++;
        budget = Math.min(MAX_ZONE, budget + 1);
      }
    };
    scan(idx);
    scan([...idx].reverse());
    // mid-page: footnotes below push the footer block up (Official Journal), and a first-page
    // masthead can hold one of the heads; a line established as a head goes wherever it is
    for (const i of idx) {
      if (!drop.has(i) && isHead(lines[i]!)) {
        drop.add(i);
        heads++;
      }
    }
    // a page made only of "heads" is content repeated page after page (slides, labels, a
    // "Hello world" test file): nothing on it is the head of anything
    if (drop.size === idx.length) {
      out.pages.push(lines);
      continue;
    }
    out.headsRemoved += heads;
    out.pageNumbersRemoved += numbers;
    out.pages.push(drop.size === 0 ? lines : lines.filter((_, i) => !drop.has(i)));
  }
  return out;
}
