import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, nestsDeeperThan, parseJson } from '../../shared/json';

/** The depth of a parsed value, by the definition: a scalar is 0, a container one more than its deepest member. */
function depthOf(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  const members: unknown[] = Array.isArray(value) ? value : Object.values(value);
  return 1 + Math.max(0, ...members.map(depthOf));
}

describe('nestsDeeperThan', () => {
  it('agrees with the depth of the parsed value on any JSON, strings full of brackets, quotes and backslashes included', () => {
    const tricky = fc.string({ unit: fc.constantFrom('[', ']', '{', '}', '"', '\\', 'a', '\\"', '\\\\') });
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        tricky,
        fc.integer(),
        fc.constant(null),
        fc.array(tie('node'), { maxLength: 3 }),
        fc.dictionary(tricky, tie('node'), { maxKeys: 3 }),
      ),
    })).node;
    fc.assert(
      fc.property(value, fc.integer({ min: 0, max: 6 }), (v, limit) => {
        const text = JSON.stringify(v);
        expect(nestsDeeperThan(text, limit)).toBe(depthOf(v) > limit);
      }),
      { numRuns: 500 },
    );
  });

  it('measures 7,000 levels without recursion', () => {
    const deep = `${'['.repeat(7000)}${']'.repeat(7000)}`;
    expect(nestsDeeperThan(deep, MAX_JSON_DEPTH)).toBe(true);
    expect(nestsDeeperThan(deep, 7000)).toBe(false);
  });
});

describe('parseJson', () => {
  it('parses up to the depth limit and refuses one level more, before parsing', () => {
    const nested = (levels: number) => `${'['.repeat(levels)}1${']'.repeat(levels)}`;
    expect(parseJson(nested(MAX_JSON_DEPTH))).toMatchObject({ ok: true });
    expect(parseJson(nested(MAX_JSON_DEPTH + 1))).toEqual({
      ok: false,
      reason: 'too-deep',
      problem: `nests arrays or objects more than ${MAX_JSON_DEPTH} levels deep`,
    });
    expect(parseJson('{"a":')).toEqual({ ok: false, reason: 'invalid', problem: 'is not valid JSON' });
  });
});
