import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nestsDeeperThan } from '../../api/json-body';

/** The nesting depth of a parsed value, the slow obvious way. */
function depthOf(value: unknown): number {
  if (Array.isArray(value)) return 1 + Math.max(0, ...value.map(depthOf));
  if (value && typeof value === 'object') return 1 + Math.max(0, ...Object.values(value).map(depthOf));
  return 0;
}

const utf8 = (text: string) => Buffer.from(text, 'utf8');

describe('nestsDeeperThan: the depth scan of a raw JSON body', () => {
  it('agrees with the parsed value for any JSON, strings with brackets, quotes and backslashes included', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), fc.integer({ min: 0, max: 9 }), (value, max) => {
        const text = JSON.stringify(value);
        expect(nestsDeeperThan(utf8(text), max)).toBe(depthOf(value) > max);
      }),
      { numRuns: 500 },
    );
  });

  it('counts brackets outside strings only, whatever the escapes', () => {
    expect(nestsDeeperThan(utf8('{"a":"[[[[\\"[[[["}'), 1)).toBe(false);
    expect(nestsDeeperThan(utf8('["\\\\",[[]]]'), 2)).toBe(true);
    expect(nestsDeeperThan(utf8('["\\\\",[[]]]'), 3)).toBe(false);
    expect(nestsDeeperThan(utf8('"é ü [ 漢字"'), 0)).toBe(false);
  });

  it('is linear: five million levels are scanned in well under a second', () => {
    const deep = utf8('['.repeat(5_000_000) + ']'.repeat(5_000_000));
    const flat = utf8(`[${'"[{",'.repeat(2_000_000)}0]`);
    const start = performance.now();
    expect(nestsDeeperThan(deep, 32)).toBe(true);
    expect(nestsDeeperThan(flat, 32)).toBe(false);
    expect(performance.now() - start).toBeLessThan(1_000);
  });
});
