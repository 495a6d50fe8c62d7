import { describe, expect, it } from 'vitest';
import { countMarks } from '../../../src/report/plots/render.ts';
import { LINE_MARKS, POINT_MARKS, timelineChart } from '../../../src/report/plots/timeline-chart.ts';

describe('timelineChart', () => {
  it('draws one line per code and one point per (period, code)', async () => {
    const counts = ['2018', '2023', '2024'].flatMap((period, i) => [
      { period, code: 'transparency', units: i },
      { period, code: 'accountability', units: 2 * i },
    ]);
    const svg = await timelineChart(counts, { id: 'tl' });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(countMarks(svg, LINE_MARKS)).toBe(2);
    expect(countMarks(svg, POINT_MARKS)).toBe(6);
  });

  it('puts periods in the given order, not alphabetically', async () => {
    const svg = await timelineChart(
      [{ period: 'later', code: 'a', units: 1 }, { period: 'earlier', code: 'a', units: 2 }],
      { id: 'tl2', periods: ['later', 'earlier'] },
    );
    expect(svg.indexOf('>later<')).toBeLessThan(svg.indexOf('>earlier<'));
  });
});
