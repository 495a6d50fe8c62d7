// REFI-QDA counts positions in Unicode code points ("the first codepoint in the file has the
// number 0", REFI-QDA 1.5 §10.2); codeframe stores UTF-16 offsets (DESIGN invariant 1). This is
// the one place that converts between the two, exactly, in both directions: an offset that falls
// inside a surrogate pair is refused rather than shifted (like spaCy's char_span).
import { RefiError } from './errors.ts';

export interface CodePointIndex {
  /** Length of the text in code points. */
  readonly length: number;
  /** UTF-16 offset → code point offset. */
  toCodePoint(utf16: number): number;
  /** Code point offset → UTF-16 offset. */
  toUtf16(codePoint: number): number;
}

const isHigh = (c: number): boolean => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff;

/** Number of entries of the sorted array `a` that are < x. */
function countBelow(a: number[], x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Builds the conversion for one text. Only surrogate pairs make the two counts differ, so the
 * index keeps just their positions: O(pairs) memory, O(log pairs) per conversion, and the
 * identity for texts without non-BMP characters. A lone surrogate counts as one code point in
 * both units (it is written to UTF-8 as U+FFFD, also one code point).
 */
export function codePointIndex(text: string): CodePointIndex {
  // UTF-16 index of the second unit of every surrogate pair, ascending.
  const seconds: number[] = [];
  for (let i = 1; i < text.length; i++) {
    if (isLow(text.charCodeAt(i)) && isHigh(text.charCodeAt(i - 1))) {
      seconds.push(i);
      i++; // a low surrogate cannot start another pair
    }
  }
  // Code point index at which pair k starts (strictly increasing).
  const starts = seconds.map((s, k) => s - 1 - k);
  const length = text.length - seconds.length;
  return {
    length,
    toCodePoint(utf16: number): number {
      if (!Number.isInteger(utf16) || utf16 < 0 || utf16 > text.length) {
        throw new RefiError(`Unexpected UTF-16 offset ${utf16}, expected an integer in [0, ${text.length}]`);
      }
      const k = countBelow(seconds, utf16);
      if (seconds[k] === utf16) {
        throw new RefiError(`Unexpected UTF-16 offset ${utf16} inside a surrogate pair, expected a character boundary`);
      }
      return utf16 - k;
    },
    toUtf16(codePoint: number): number {
      if (!Number.isInteger(codePoint) || codePoint < 0 || codePoint > length) {
        throw new RefiError(`Unexpected character position ${codePoint}, expected an integer in [0, ${length}]`);
      }
      return codePoint + countBelow(starts, codePoint);
    },
  };
}
