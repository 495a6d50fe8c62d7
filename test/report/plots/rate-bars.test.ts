import { describe, expect, it } from 'vitest';
import { countMarks } from '../../../src/report/plots/render.ts';
import { BAR_MARKS, INTERVAL_MARKS, rateBars } from '../../../src/report/plots/rate-bars.ts';

describe('rateBars', () => {
  it('draws one bar per row with a rate and one whisker per row with an interval', async () => {
    const rows = [
      { code: 'transparency', group: 'major_power', rate: 4.2, lo: 2.1, hi: 6.3 },
      { code: 'transparency', group: 'global_south', rate: 1.5, lo: null, hi: null },
      { code: 'accountability', group: 'major_power', rate: 0, lo: 0, hi: 0 },
      { code: 'accountability', group: 'global_south', rate: null, lo: null, hi: null },
    ];
    const svg = await rateBars(rows, { id: 'rb', valueTitle: 'sentences per 1,000 words' });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(countMarks(svg, BAR_MARKS)).toBe(3);
    expect(countMarks(svg, INTERVAL_MARKS)).toBe(2);
    expect(svg).toContain('sentences per 1,000 words');
  });

  it('gives a group the same colour whichever groups have data', async () => {
    const groups = ['major_power', 'global_south'];
    const a = await rateBars([{ code: 'x', group: 'global_south', rate: 1, lo: null, hi: null }], { id: 'a', groups });
    const b = await rateBars([{ code: 'x', group: 'global_south', rate: 1, lo: null, hi: null }, { code: 'x', group: 'major_power', rate: 2, lo: null, hi: null }], { id: 'b', groups });
    const fillOf = (svg: string) => /<g class="mark-rect role-mark rate_bars_marks"[^>]*><path[^>]*fill="(#[0-9A-Fa-f]{6})"/.exec(svg)?.[1];
    // global_south is the second colour of the palette in both.
    expect(fillOf(a)).toBe('#E69F00');
    expect(b).toContain('fill="#E69F00"');
    expect(b).toContain('fill="#0072B2"');
  });
});
