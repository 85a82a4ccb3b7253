import { test } from '@fast-check/vitest';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { compileNfa, findMatch, testMatch } from '../../../src/sim/programs/nfa.ts';
import { compileMatcher, type RegexSyntax } from '../../../src/sim/programs/regex.ts';

/**
 * A pattern with no operator in it is searched for as a string, not run on the automaton.
 * Both must give the same answers: whether a line matches, and the leftmost-longest match
 * from every position, in every syntax.
 */

const text = (max: number) => fc.array(fc.constantFrom('a', 'b', '7', ' ', '-'), { maxLength: max }).map((cs) => cs.join(''));
const syntax = fc.constantFrom<RegexSyntax | 'fixed'>('basic', 'extended', 'fixed');

test.prop([text(4).filter((p) => p.length > 0), syntax, fc.array(text(12), { maxLength: 6 })], { numRuns: 300 })(
  'a plain-text pattern finds what the automaton finds',
  (pattern, how, lines) => {
    const matcher = compileMatcher(pattern, { syntax: how, ignoreCase: false, word: false, line: false });
    const prog = compileNfa(pattern, how);
    if (typeof matcher === 'string' || 'error' in prog) throw new Error('a plain-text pattern must compile');
    for (const line of lines) {
      expect(matcher.test(line)).toBe(testMatch(prog, line));
      for (let from = 0; from <= line.length; from++) expect(matcher.find(line, from)).toEqual(findMatch(prog, line, from));
    }
  },
);

it.each([
  ['a.b', 'axb'],
  ['a*', 'b'],
  ['[7]', '7'],
  ['a{2}', 'aa'],
  ['a|b', 'b'],
  ['^a', 'ab'],
])('an operator is not read as text: %s matches %s', (pattern, line) => {
  const matcher = compileMatcher(pattern, { syntax: 'extended', ignoreCase: false, word: false, line: false });
  if (typeof matcher === 'string') throw new Error(matcher);
  expect(line.includes(pattern)).toBe(false);
  expect(matcher.test(line)).toBe(true);
});
