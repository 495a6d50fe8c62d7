import { describe, expect, it } from 'vitest';
import { countMarks } from '../../../src/report/plots/render.ts';
import { heatmap, HEATMAP_MARKS } from '../../../src/report/plots/heatmap.ts';

const codes = ['transparency', 'accountability', 'interoperability'];
const groups = ['major_power', 'global_south', 'multilateral', '(unassigned)'];

describe('heatmap', () => {
  it('draws one rect and one label per cell, a missing value included', async () => {
    const cells = codes.flatMap((row, i) => groups.map((column, j) => ({ row, column, value: i === 1 && j === 2 ? null : i * 4 + j, label: `${i}-${j}` })));
    const svg = await heatmap(cells, { id: 'hm', valueTitle: 'per 1,000 words' });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.endsWith('</svg>')).toBe(true);
    expect(countMarks(svg, HEATMAP_MARKS)).toBe(12);
    expect(countMarks(svg, 'heatmap_labels_marks')).toBe(12);
    expect(svg.match(/fill="#f0f0f0"/g)).toHaveLength(1); // the missing cell, drawn grey
    expect(svg).toContain('aria-label="accountability, multilateral: 1-2"');
  });

  it('writes "n/a" in a cell without a value and colours it grey', async () => {
    const svg = await heatmap([{ row: 'a', column: 'x', value: null }, { row: 'a', column: 'y', value: 3 }], { id: 'hm2' });
    expect(countMarks(svg, HEATMAP_MARKS)).toBe(2);
    expect(svg).toContain('>n/a<');
    expect(svg).toContain('fill="#f0f0f0"');
  });

  it('escapes labels and axis names (a label is text, never markup)', async () => {
    const svg = await heatmap([{ row: '<script>x</script>', column: 'a & b', value: 1, label: '<b>&' }], { id: 'hm3' });
    expect(svg).not.toContain('<script>');
    expect(svg).not.toContain('<b>');
    expect(svg).toContain('&lt;script&gt;');
    expect(svg).toContain('a &amp; b');
  });

  it('keeps the given row order and shows display labels', async () => {
    const svg = await heatmap(
      [{ row: 'b', column: 'x', value: 1 }, { row: 'a', column: 'x', value: 2 }],
      { id: 'hm4', rows: ['a', 'b'], rowLabels: { a: 'Alpha', b: 'Beta' } },
    );
    expect(svg.indexOf('>Alpha<')).toBeGreaterThan(-1);
    expect(svg.indexOf('>Alpha<')).toBeLessThan(svg.indexOf('>Beta<'));
  });
});
