import { describe, expect, it } from 'vitest';
import { guidOf } from '../../../src/interchange/refi/guid.ts';

// The GUID pattern of the REFI-QDA schemas (GUIDType), and RFC 4122 version 5.
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('guidOf', () => {
  it('is deterministic and UUID v5 shaped', () => {
    expect(guidOf('code', 'study', 'transparency')).toBe(guidOf('code', 'study', 'transparency'));
    expect(guidOf('code', 'study', 'transparency')).toMatch(GUID);
  });

  it('pins the value, so GUIDs stay the same across releases', () => {
    expect(guidOf('user', 'codeframe rules')).toBe('91d9479a-6838-5e87-af9a-d0b93e2e665c');
  });

  it.each([
    [['code', 'a', 'bc'], ['code', 'ab', 'c']],
    [['code', 'study', 'x'], ['group', 'study', 'x']],
    [['selection', 'v', 'doc', 1, 2, 'c'], ['selection', 'v', 'doc', 12, '', 'c']],
  ])('keeps distinct names apart: %j vs %j', (a, b) => {
    expect(guidOf(...(a as [string, ...string[]]))).not.toBe(guidOf(...(b as [string, ...string[]])));
  });
});
