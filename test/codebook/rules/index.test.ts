// The registry: sorted, every rule documented, every rule tested, every example valid.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { RULE_TYPES, RULES } from '../../../src/codebook/rules/index.ts';
import { parseCodebook } from '../../../src/codebook/index.ts';
import { REPO_ROOT } from '../../helpers/shared.ts';
import { codebookWith } from './tester.ts';

describe('rule registry', () => {
  it('lists the seven rule types in sorted order', () => {
    expect(RULE_TYPES).toEqual(['glob', 'near', 'negation', 'not', 'phrase', 'regex', 'term']);
    expect(Object.keys(RULES)).toEqual(RULE_TYPES);
  });
  it.each(RULE_TYPES)('%s has meta, a test file and a loadable example', (type) => {
    const mod = RULES[type];
    expect(mod.meta.type).toBe(type);
    expect(mod.meta.description.length).toBeGreaterThan(20);
    expect(existsSync(resolve(REPO_ROOT, `test/codebook/rules/${type}.test.ts`))).toBe(true);
    const example = parse(mod.meta.example) as { type: string };
    const extra = type === 'not' || type === 'negation' ? [{ type: 'term', terms: ['x'] }] : [];
    const cb = parseCodebook(codebookWith([example, ...extra]), 'example.yml');
    expect(cb.codes[0].rules[0].type).toBe(type);
  });
});
