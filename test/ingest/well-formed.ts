// The output convention of every reader (types.ts ExtractedText, PageRange), checked in one place.
import { expect } from 'vitest';
import type { PageRange } from '../../src/types.ts';

export function expectWellFormed(r: { text: string; pages: PageRange[] }): void {
  const { text, pages } = r;
  expect(text).toBe(text.trim());
  expect(text).not.toMatch(/\n{3,}/);
  expect(text).not.toMatch(/(?<!\n)\n(?!\n)/); // a lone "\n" would sit inside a paragraph
  expect(text).not.toMatch(/[ \t]{2,}|\t| \n|\n /);
  expect(pages.length).toBeGreaterThan(0);
  expect(pages[0]!.start).toBe(0);
  expect(pages.at(-1)!.end).toBe(text.length);
  for (let i = 0; i < pages.length; i++) {
    expect(pages[i]!.start).toBeLessThanOrEqual(pages[i]!.end);
    if (i > 0) expect(pages[i]!.start).toBe(pages[i - 1]!.end);
  }
}

/** The page a position falls in (the range that contains it). */
export function pageAt(pages: PageRange[], pos: number): number | undefined {
  return pages.find((p) => p.start <= pos && pos < p.end)?.page;
}
