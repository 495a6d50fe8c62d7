import { describe, expect, it, vi } from 'vitest';
import { countMarks, PlotError, renderSvg, renumberIds } from '../../../src/report/plots/render.ts';
import { heatmap } from '../../../src/report/plots/heatmap.ts';

describe('renderSvg', () => {
  it('refuses a spec that would load data from a URL, without any network access', async () => {
    const fetch = vi.fn(() => Promise.reject(new Error('network')));
    vi.stubGlobal('fetch', fetch);
    try {
      const spec = { data: { url: 'https://example.com/data.csv' }, mark: 'point', encoding: { x: { field: 'a', type: 'quantitative' } } } as const;
      await expect(renderSvg(spec as never, 'p')).rejects.toThrow(PlotError);
      await expect(renderSvg(spec as never, 'p')).rejects.toThrow(/example\.com\/data\.csv/);
      expect(fetch).not.toHaveBeenCalled();
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('refuses an id prefix that could break the SVG', async () => {
    await expect(renderSvg({ data: { values: [] }, mark: 'point' }, '1"x')).rejects.toThrow(/id prefix/);
  });

  it('regression: vega numbers clip paths and gradients process-wide; the same plot renders to the same bytes twice', async () => {
    const cells = [
      { row: 'a', column: 'x', value: 1 },
      { row: 'b', column: 'x', value: 2 },
    ];
    const first = await heatmap(cells, { id: 'h' });
    const second = await heatmap(cells, { id: 'h' });
    expect(second).toBe(first);
    expect(first).toMatch(/id="h-1"/);
  });
});

describe('renumberIds', () => {
  it.each([
    ['<svg><defs><clipPath id="clip7"/></defs><g clip-path="url(#clip7)"/></svg>', '<svg><defs><clipPath id="p-1"/></defs><g clip-path="url(#p-1)"/></svg>'],
    ['<svg><linearGradient id="gradient_3"/><path fill="url(#gradient_3)"/><use href="#gradient_3"/></svg>', '<svg><linearGradient id="p-1"/><path fill="url(#p-1)"/><use href="#p-1"/></svg>'],
    ['<svg><path d="M0,0"/></svg>', '<svg><path d="M0,0"/></svg>'],
  ])('%s', (input, expected) => {
    expect(renumberIds(input, 'p')).toBe(expected);
  });
});

describe('countMarks', () => {
  it('counts the items of every group of a named mark, and 0 for an unknown name', () => {
    const svg = '<g class="mark-line role-mark l_marks"><path d=""/></g><g class="mark-line role-mark l_marks"><path d=""/></g><g class="mark-rect role-mark r_marks"><path/><path/><path/></g>';
    expect(countMarks(svg, 'l_marks')).toBe(2);
    expect(countMarks(svg, 'r_marks')).toBe(3);
    expect(countMarks(svg, 'nope')).toBe(0);
  });
});
