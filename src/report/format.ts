// Byte-stable text formats for tables: RFC 4180 CSV, GitHub Markdown tables, and numbers with a
// fixed number of decimals (never the locale: a table must read the same on every machine).

export type Cell = string | number | null;

/** One CSV record, CRLF-terminated (RFC 4180); a field is quoted when it holds a comma, a quote,
 *  CR or LF, or leading/trailing spaces; quotes are doubled. null is an empty field. */
export function csvRecord(cells: readonly Cell[]): string {
  return cells.map(csvField).join(',') + '\r\n';
}

function csvField(cell: Cell): string {
  const s = cell === null ? '' : String(cell);
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Rows may be a generator: they are turned into text one at a time and never all held as cells
 *  (a table of 100,000 documents x 49 codes built whole took `codeframe tables` to 404 MB). */
export function csv(header: readonly string[], rows: Iterable<readonly Cell[]>): string {
  let out = csvRecord(header);
  for (const row of rows) out += csvRecord(row);
  return out;
}

/** A Markdown table; `align` per column: 'l' or 'r'. Pipes and line breaks inside cells are escaped. */
export function markdownTable(header: readonly string[], rows: Iterable<readonly Cell[]>, align: readonly ('l' | 'r')[]): string {
  const line = (cells: readonly Cell[]) => `| ${cells.map(mdCell).join(' | ')} |\n`;
  let out = line(header) + `|${align.map((a) => (a === 'r' ? '---:' : ':---')).join('|')}|\n`;
  for (const row of rows) out += line(row);
  return out;
}

function mdCell(cell: Cell): string {
  const s = cell === null ? '' : String(cell);
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r\n|\r|\n/g, ' ');
}

/** A ratio with fixed decimals, or null (an empty cell) when the denominator is zero. */
export function ratio(num: number, den: number, decimals: number, scale = 1): string | null {
  return den === 0 ? null : ((num * scale) / den).toFixed(decimals);
}

/** 12345 → "12,345" without depending on the ICU locale data Node was built with. */
export function thousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
