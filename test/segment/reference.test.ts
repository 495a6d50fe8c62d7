// The compromise reference splitter and the text preparation used by the quality tests.
import { describe, expect, it } from 'vitest';
import { compromiseSentences, plainParagraphs, seedEnglishBody } from '../../src/segment/reference.ts';

describe('compromiseSentences', () => {
  // Regression: compromise's own offsets drift after contractions; ours are located by text.
  it('returns offsets that slice out its sentences, also after contractions', () => {
    const text = "It's clear. We're sure it’s fine.  They'd agree.";
    expect(compromiseSentences(text).map(([s, e]) => text.slice(s, e))).toEqual(["It's clear.", "We're sure it’s fine.", "They'd agree."]);
  });
});

describe('plainParagraphs', () => {
  it('drops front matter, joins wrapped lines and separates paragraphs by one blank line', () => {
    const raw = '---\ntitle: "X"\n---\n \n     By the authority\nvested in me.  \n  \n\n\nSec. 2.  Policy.\r\n';
    expect(plainParagraphs(raw)).toBe('By the authority vested in me.\n\nSec. 2. Policy.');
  });
});

describe('seedEnglishBody', () => {
  it('cuts from the introduction to the references', () => {
    expect(seedEnglishBody('Title\n\n**Introduction.** Body.\n\n**References:**\n\nZeng')).toBe('**Introduction.** Body.');
    expect(() => seedEnglishBody('no markers')).toThrow(/expected "\*\*Introduction\.\*\*"/);
  });
});
