import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { compileGlob, globLeftmostLongest, globMatchEnds, globMatches, globToRegExp, type GlobWork, matchGlob, matchPattern, patternBody } from '../../../src/sim/libc/fnmatch.ts';

/** The regular expression the shell's patterns used to compile to: the reference the matcher must agree with. */
const reference = (pattern: string, pathname: boolean) => new RegExp(`^${patternBody(pattern, pathname)}$`, 'u');

const patternArb = fc.array(fc.constantFrom('a', 'b', '.', '/', '*', '?', '[ab]', '[!a]', '[^/]', '[[:digit:]]', '\\*', '[', ']', '-', '1', '😀'), { maxLength: 10 }).map((p) => p.join(''));
const textArb = fc.array(fc.constantFrom('a', 'b', '.', '/', '*', '1', '[', '-', '😀'), { maxLength: 12 }).map((t) => t.join(''));

describe('shell patterns on the linear-time matcher', () => {
  test.prop([patternArb, textArb], { numRuns: 2000 })('match exactly what the old regular expressions matched', (pattern, text) => {
    expect(matchPattern(pattern, text)).toBe(reference(pattern, false).test(text));
    expect(globMatches(compileGlob(pattern, true), text)).toBe(reference(pattern, true).test(text));
    expect(matchGlob(pattern, text)).toBe(globToRegExp(pattern).test(text));
  });

  test.prop([patternArb, textArb.filter((t) => !/[\ud800-\udfff]/.test(t)), fc.nat(12)], { numRuns: 1000 })(
    'find every end of a match from a position, as testing each slice did',
    (pattern, text, at) => {
      const from = Math.min(at, text.length);
      const re = reference(pattern, false);
      const expected: number[] = [];
      for (let j = from; j <= text.length; j++) if (re.test(text.slice(from, j))) expected.push(j);
      expect(globMatchEnds(compileGlob(pattern, false), text, from)).toEqual(expected);
    },
  );

  it('does work linear in the text on patterns that make a backtracking matcher explode', () => {
    for (const pattern of ['*a*a*a*a*a*a*a*a*b', '*?*?*?*?*?*?*?*?*?!', `${'*a'.repeat(20)}!`]) {
      const steps = compileGlob(pattern, false);
      const cost = (n: number) => {
        const work: GlobWork = { count: 0 };
        expect(globMatches(steps, 'a'.repeat(n), work)).toBe(false);
        return work.count;
      };
      const [c2, c4, c8] = [cost(2000), cost(4000), cost(8000)];
      // Past the first few characters (while the live steps fill up), each character costs
      // the same: 4,000 more characters cost twice what 2,000 more did...
      expect(c8 - c4).toBeLessThanOrEqual(2 * (c4 - c2) + steps.length);
      // ...and never more than one step per pattern step per character.
      expect(c8).toBeLessThanOrEqual((steps.length + 1) * 8001);
    }
  });
});

describe('the leftmost-longest match a pattern substitution replaces', () => {
  test.prop([patternArb, textArb.filter((t) => !/[\ud800-\udfff]/.test(t)), fc.nat(12)], { numRuns: 1000 })(
    'is the first start with a non-empty match, and its longest end, as trying every slice finds',
    (pattern, text, at) => {
      const from = Math.min(at, text.length);
      const re = reference(pattern, false);
      let expected: { start: number; end: number } | null = null;
      for (let s = from; s < text.length && expected === null; s++) {
        for (let e = text.length; e > s; e--) {
          if (re.test(text.slice(s, e))) {
            expected = { start: s, end: e };
            break;
          }
        }
      }
      expect(globLeftmostLongest(compileGlob(pattern, false), text, from)).toEqual(expected);
    },
  );

  it('reads each character once per live step, however many starts it tries', () => {
    for (const pattern of ['a*b', '*a*a*a*a*b', '?????????!', '[ab]*[ab]!']) {
      const steps = compileGlob(pattern, false);
      const cost = (n: number) => {
        const work: GlobWork = { count: 0 };
        expect(globLeftmostLongest(steps, 'a'.repeat(n), 0, work)).toBe(null);
        return work.count;
      };
      const [c2, c4, c8] = [cost(2000), cost(4000), cost(8000)];
      expect(c8 - c4).toBeLessThanOrEqual(2 * (c4 - c2) + steps.length);
      expect(c8).toBeLessThanOrEqual((steps.length + 1) * 8001);
    }
  });
});
