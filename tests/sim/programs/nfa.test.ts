import { test } from '@fast-check/vitest';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileNfa, findMatch, matchGroups, type Program, type Steps, testMatch } from '../../../src/sim/programs/nfa.ts';

/**
 * The linear-time matcher against JavaScript's engine, on random extended patterns over
 * a small alphabet where the two agree on what matches (whether a line matches, where the
 * leftmost match starts); the longest end is checked against every end JavaScript accepts.
 * Then the bound itself: steps counted on adversarial patterns grow linearly with the line.
 */

function compile(pattern: string, syntax: 'basic' | 'extended' = 'extended'): Program {
  const p = compileNfa(pattern, syntax);
  if ('error' in p) throw new Error(p.error);
  return p;
}

const atom = fc.constantFrom('a', 'b', '.', '[ab]', '[^a]');
const pattern: fc.Arbitrary<string> = fc.letrec((tie) => ({
  re: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    atom,
    fc.tuple(tie('re'), tie('re')).map(([x, y]) => `${x}${y}`),
    fc.tuple(tie('re'), tie('re')).map(([x, y]) => `(${x}|${y})`),
    fc.tuple(tie('re'), fc.constantFrom('*', '+', '?', '{1,2}')).map(([x, q]) => `(${x})${q}`),
  ),
})).re as fc.Arbitrary<string>;
const text = fc.string({ unit: fc.constantFrom('a', 'b', 'c'), maxLength: 12 });

describe('the linear-time regex engine', () => {
  test.prop([pattern, text], { numRuns: 400 })('matches where JavaScript matches, starting where it starts', (p, t) => {
    const prog = compile(p);
    const js = new RegExp(p);
    expect(testMatch(prog, t)).toBe(js.test(t));
    const m = findMatch(prog, t);
    const jm = js.exec(t);
    expect(m?.[0] ?? null).toBe(jm ? jm.index : null);
    if (m) {
      // The end is the longest one from that start that matches the whole pattern.
      const whole = new RegExp(`^(?:${p})$`);
      const ends = Array.from({ length: t.length - m[0] + 1 }, (_, k) => m[0] + k).filter((e) => whole.test(t.slice(m[0], e)));
      expect(m[1]).toBe(Math.max(...ends));
    }
  });

  test.prop([pattern, text], { numRuns: 200 })('gives the groups JavaScript gives for the same span', (p, t) => {
    const prog = compile(p);
    const m = findMatch(prog, t);
    if (!m) return;
    const groups = matchGroups(prog, t, m[0], m[1]);
    expect(groups[0]).toBe(t.slice(m[0], m[1]));
    const js = new RegExp(`^(?:${p})$`).exec(t.slice(m[0], m[1]));
    expect(js).not.toBeNull();
    expect(groups.length).toBe(js!.length);
  });

  it('takes the POSIX leftmost-longest match where JavaScript takes the first alternative', () => {
    expect(findMatch(compile('a|ab'), 'xabc')).toEqual([1, 3]);
    expect(findMatch(compile('(a|ab)(c|bcd)'), 'abcd')).toEqual([0, 4]);
    expect(matchGroups(compile('\\(a*\\)\\(b\\)', 'basic'), 'aab', 0, 3)).toEqual(['aab', 'aa', 'b']);
  });

  it('handles anchors, word edges and classes', () => {
    expect(testMatch(compile('^b'), 'ab')).toBe(false);
    expect(testMatch(compile('a$'), 'ba')).toBe(true);
    expect(findMatch(compile('\\<is\\>', 'basic'), 'this is')).toEqual([5, 7]);
    expect(testMatch(compile('[[:digit:]]+x'), 'ab12x')).toBe(true);
  });

  it('refuses a pattern that would compile to a program past the limit', () => {
    expect(compileNfa('(a{1000}){1000}', 'extended')).toEqual({ error: 'Regular expression too big' });
  });

  /** Steps for a line of n characters, and the same for 2n: doubling the line at most doubles the work (plus slack). */
  function growth(p: string, line: (n: number) => string, syntax: 'basic' | 'extended' = 'extended'): number {
    const prog = compile(p, syntax);
    const count = (n: number): number => {
      const steps: Steps = { count: 0 };
      testMatch(prog, line(n), steps);
      findMatch(prog, line(n), 0, steps);
      return steps.count;
    };
    return count(4000) / count(2000);
  }

  it.each([
    ['(.*a){20}!!', (n: number) => 'a'.repeat(n)],
    ['a*a*a*a*a*a*a*a*b', (n: number) => 'a'.repeat(n)],
    ['(a|a)*$', (n: number) => `${'a'.repeat(n)}!`],
    ['(a+)+b', (n: number) => 'a'.repeat(n)],
    ['(x+x+)+y', (n: number) => 'x'.repeat(n)],
  ])('runs %s in steps linear in the line', (p, line) => {
    expect(growth(p, line)).toBeLessThan(2.2);
  });

  it('bounds the work by pattern size times line length', () => {
    const prog = compile('(.*a){20}!!');
    const steps: Steps = { count: 0 };
    testMatch(prog, 'a'.repeat(57), steps);
    expect(steps.count).toBeLessThan(prog.insts.length * 58 * 3);
  });
});
