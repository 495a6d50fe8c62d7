import { describe, expect, it } from 'vitest';
import { TOOL_VERSION } from '../../src/version.ts';

describe('tool version', () => {
  it('is read from package.json', () => {
    expect(TOOL_VERSION).toMatch(/^\d+\.\d+\.\d+/);
  });
});
