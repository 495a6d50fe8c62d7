import { describe, expect, it } from 'vitest';
import { csvRecord, markdownTable, ratio, thousands } from '../../src/report/format.ts';

describe('csvRecord (RFC 4180)', () => {
  it.each([
    [['plain', 1, null], 'plain,1,\r\n'],
    [['a,b'], '"a,b"\r\n'],
    [['say "hi"'], '"say ""hi"""\r\n'],
    [['two\nlines'], '"two\nlines"\r\n'],
    [['cr\r'], '"cr\r"\r\n'],
    [[' padded'], '" padded"\r\n'],
    [['🤖 ünïcode'], '🤖 ünïcode\r\n'],
    [[''], '\r\n'],
  ])('%j → %j', (cells, expected) => {
    expect(csvRecord(cells)).toBe(expected);
  });
});

describe('markdownTable', () => {
  it('escapes pipes, backslashes and line breaks inside cells', () => {
    expect(markdownTable(['a', 'b'], [['x|y', 'back\\slash\nnext'], [null, 3]], ['l', 'r'])).toBe(
      '| a | b |\n|:---|---:|\n| x\\|y | back\\\\slash next |\n|  | 3 |\n',
    );
  });
});

describe('numbers', () => {
  it.each([
    [1, 3, 4, 1, '0.3333'],
    [2, 13, 3, 1000, '153.846'],
    [0, 8, 3, 1000, '0.000'],
    [1, 0, 3, 1000, null],
  ])('ratio(%d, %d, %d, %d) = %j', (num, den, decimals, scale, expected) => {
    expect(ratio(num, den, decimals, scale)).toBe(expected);
  });
  it.each([
    [0, '0'],
    [999, '999'],
    [1000, '1,000'],
    [1234567, '1,234,567'],
  ])('thousands(%d) = %s', (n, s) => expect(thousands(n)).toBe(s));
});
