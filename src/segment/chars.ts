// Character classes for the segment scanners, by UTF-16 code unit. ASCII and Cyrillic take a
// branch-only fast path; anything else falls back to a Unicode property regex (only reached at
// candidate boundaries, so its cost does not show in throughput).

const LETTER = /\p{L}/u;
const LOWER = /\p{Ll}/u;
const UPPER = /[\p{Lu}\p{Lt}]/u;

/** Whitespace as the paragraph/sentence scanners see it (incl. NBSP and the Unicode spaces). */
export function isSpace(c: number): boolean {
  if (c === 32 || (c >= 9 && c <= 13)) return true;
  if (c < 0x85) return false;
  return (
    c === 0x85 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

export function isLower(c: number): boolean {
  if (c >= 97 && c <= 122) return true;
  if (c < 0xc0) return false;
  if (c >= 0x430 && c <= 0x45f) return true; // Cyrillic а–я, ѐ–џ (і ї є; ґ goes to the regex)
  if (c >= 0x410 && c <= 0x42f) return false;
  return LOWER.test(String.fromCharCode(c));
}

export function isUpper(c: number): boolean {
  if (c >= 65 && c <= 90) return true;
  if (c < 0xc0) return false;
  if (c >= 0x400 && c <= 0x42f) return true; // Cyrillic Ѐ–Я
  if (c >= 0x430 && c <= 0x45f) return false;
  return UPPER.test(String.fromCharCode(c));
}

export function isLetter(c: number): boolean {
  if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90)) return true;
  if (c < 0xc0) return false;
  if (c >= 0x400 && c <= 0x4ff) return true;
  return LETTER.test(String.fromCharCode(c));
}

/** Marks that end a sentence when followed by whitespace (Latin, Cyrillic, Arabic, Devanagari...). */
export function isSpacedTerminal(c: number): boolean {
  return (
    c === 46 || // .
    c === 33 || // !
    c === 63 || // ?
    c === 0x2026 || // …
    c === 0x203c || // ‼
    c === 0x203d || // ‽
    (c >= 0x2047 && c <= 0x2049) || // ⁇ ⁈ ⁉
    c === 0x061f || // ؟ Arabic question mark
    c === 0x06d4 || // ۔ Arabic/Urdu full stop
    c === 0x0964 || // । Devanagari danda
    c === 0x0965 // ॥ double danda
  );
}

/** CJK full stops: they end a sentence without whitespace after them. */
export function isCjkTerminal(c: number): boolean {
  return c === 0x3002 || c === 0xff01 || c === 0xff1f || c === 0xff61; // 。！？｡
}

/** Closing quotes, brackets and Markdown emphasis that belong to the sentence before them. */
export function isCloser(c: number): boolean {
  return (
    c === 34 || // "
    c === 39 || // '
    c === 41 || // )
    c === 93 || // ]
    c === 125 || // }
    c === 42 || // * (Markdown emphasis: "**Abstract.**")
    c === 95 || // _
    c === 0x2019 || // ’
    c === 0x201d || // ”
    c === 0x00bb || // »
    c === 0x203a || // ›
    c === 0x300d || // 」
    c === 0x300f || // 』
    c === 0xff09 || // ）
    c === 0x3011 || // 】
    c === 0x3015 || // 〕
    c === 0x300b || // 》
    c === 0x3009 // 〉
  );
}

/** Opening quotes, brackets and emphasis skipped when looking at what starts the next sentence. */
export function isOpener(c: number): boolean {
  return (
    c === 34 ||
    c === 39 ||
    c === 40 || // (
    c === 91 || // [
    c === 123 || // {
    c === 42 ||
    c === 95 ||
    c === 0x2018 || // ‘
    c === 0x201c || // “
    c === 0x201e || // „
    c === 0x00ab || // «
    c === 0x2039 || // ‹
    c === 0x00bf || // ¿
    c === 0x00a1 || // ¡
    c === 0x300c || // 「
    c === 0x300e || // 『
    c === 0xff08 || // （
    c === 0x3010 || // 【
    c === 0x300a // 《
  );
}
