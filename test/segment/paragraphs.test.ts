// Paragraph splitting: blank lines separate, a single line break is a wrapped line.
import { describe, expect, it } from 'vitest';
import { splitParagraphs } from '../../src/segment/index.ts';

const CASES: Array<{ name: string; text: string; paragraphs: string[] }> = [
  { name: 'the ingest convention', text: 'One. Two.\n\nThree.', paragraphs: ['One. Two.', 'Three.'] },
  { name: 'a single line break is a wrapped line', text: 'One wrapped\nline.\n\nTwo.', paragraphs: ['One wrapped\nline.', 'Two.'] },
  { name: 'CRLF', text: 'One.\r\n\r\nTwo.\r\nstill two.', paragraphs: ['One.', 'Two.\r\nstill two.'] },
  { name: 'lone CR line breaks', text: 'One.\r\rTwo.', paragraphs: ['One.', 'Two.'] },
  { name: 'several blank lines', text: 'One.\n\n\n\n\nTwo.', paragraphs: ['One.', 'Two.'] },
  { name: 'blank lines holding spaces', text: 'One.  \n \t \n  Two.', paragraphs: ['One.', 'Two.'] },
  { name: 'leading and trailing whitespace', text: '\n\n   One.   \n\n\t Two. \n', paragraphs: ['One.', 'Two.'] },
  { name: 'form feed and U+2029', text: 'One.\fTwo.\u2029Three.', paragraphs: ['One.', 'Two.', 'Three.'] },
  { name: 'NBSP and ideographic space are whitespace', text: '\u00a0One.\u3000\n\n\u00a0Two.', paragraphs: ['One.', 'Two.'] },
  { name: 'empty text', text: '', paragraphs: [] },
  { name: 'whitespace only', text: ' \n\n \r\n ', paragraphs: [] },
];

describe('splitParagraphs', () => {
  it.each(CASES)('$name', ({ text, paragraphs }) => {
    expect(splitParagraphs(text).map(([s, e]) => text.slice(s, e))).toEqual(paragraphs);
  });

  it('returns offsets, not copies', () => {
    expect(splitParagraphs('  ab\n\ncd')).toEqual([
      [2, 4],
      [6, 8],
    ]);
  });

  // Array.prototype.map passes (item, index): the exported function must ignore extra arguments.
  it('is safe to pass to map', () => {
    expect(['a\n\nb', 'c'].map(splitParagraphs)).toEqual([[[0, 1], [3, 4]], [[0, 1]]]);
  });
});
