import { describe, expect, it } from 'vitest';
import { asCodeProvenance, asSelectionProvenance, readProvenance, withProvenance } from '../../../src/interchange/refi/provenance.ts';

const sel = {
  code: 'transparency', codebook: 'study', version: 'abc', status: 'auto', coder: null,
  rules: [{ rule: 'tra-words', segment: 's1', unit: 'sentence' as const, run: 3, negated: false, spans: [[1, 5]] as Array<[number, number]> }],
};

describe('provenance lines', () => {
  it('reads back what it writes, after the human text', () => {
    const d = withProvenance('Transparency: coded by codeframe rule tra-words', sel);
    expect(asSelectionProvenance(readProvenance(d))).toEqual(sel);
  });

  it.each([
    ['no description', null],
    ['another tool\'s memo', 'A memo written in NVivo'],
    ['a memo edited after the line', `${withProvenance('x', sel)}\nand a later remark`],
    ['broken JSON', 'x\ncodeframe: {"code":'],
  ])('gives null for %s', (_name, d) => {
    expect(readProvenance(d)).toBeNull();
  });

  it('tolerates CRLF and trailing blank lines (a tool that rewrote line endings)', () => {
    const d = withProvenance('x', { code: 'c', group: 'g' }).replace('\n', '\r\n') + '\r\n\r\n';
    expect(asCodeProvenance(readProvenance(d))).toEqual({ code: 'c', group: 'g' });
  });

  it.each([
    ['a rule without spans', { ...sel, rules: [{ ...sel.rules[0], spans: undefined }] }],
    ['a fractional span', { ...sel, rules: [{ ...sel.rules[0], spans: [[1.5, 2]] }] }],
    ['an unknown unit', { ...sel, rules: [{ ...sel.rules[0], unit: 'page' }] }],
    ['no code', { ...sel, code: 3 }],
  ])('refuses a selection provenance with %s', (_name, v) => {
    expect(asSelectionProvenance(v)).toBeNull();
  });
});
