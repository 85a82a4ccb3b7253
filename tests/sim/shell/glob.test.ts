import { describe, expect, it } from 'vitest';
import { globToRegExp, hasGlobChars, matchGlob } from '../../../src/sim/libc/fnmatch.ts';

/** Pattern, name, and whether the pattern matches the name. */
const table: [string, string, boolean][] = [
  ['*', 'anything', true],
  ['*', '', true],
  ['*.txt', 'notes.txt', true],
  ['*.txt', 'notes.txt.bak', false],
  ['a*b*c', 'aXbYc', true],
  ['a*b*c', 'acb', false],
  ['?', 'x', true],
  ['?', '', false],
  ['?', 'xy', false],
  ['??.c', 'ab.c', true],
  ['?', '😀', true],
  ['[abc]', 'b', true],
  ['[abc]', 'd', false],
  ['[a-c]x', 'bx', true],
  ['[a-c]x', 'dx', false],
  ['[!a-c]', 'd', true],
  ['[!a-c]', 'a', false],
  ['[^a]', 'b', true],
  ['[]]', ']', true],
  ['[!]]', ']', false],
  ['[!]]', 'x', true],
  ['[a-]', '-', true],
  ['[z-a]', 'm', false],
  ['[[:digit:]][[:alpha:]]', '7q', true],
  ['[[:digit:]]', 'x', false],
  ['[[:upper:][:space:]]', ' ', true],
  ['[[:punct:]]', '`', true],
  ['[[:nosuch:]]', 'n', false],
  ['[\\]]', ']', true],
  ['[ab', '[ab', true],
  ['[ab', 'a', false],
  ['\\*', '*', true],
  ['\\*', 'x', false],
  ['a\\?', 'a?', true],
  ['a\\?', 'ab', false],
  ['x\\', 'x\\', true],
  ['a.b(c)+{d}|^$', 'a.b(c)+{d}|^$', true],
  ['a.b', 'aXb', false],
  ['é*', 'ecole', false],
  ['é*', 'émile', true],
  // A leading dot is matched only explicitly, and `.`/`..` only by name.
  ['*', '.profile', false],
  ['?profile', '.profile', false],
  ['[.]profile', '.profile', false],
  ['.*', '.profile', true],
  ['\\.*', '.profile', true],
  ['.*', '.', false],
  ['.*', '..', false],
  ['.?', '..', false],
  ['.', '.', true],
  ['..', '..', true],
  ['a*', 'a.b', true],
];

describe('glob patterns', () => {
  it.each(table)('%j against %j is %s', (pattern, name, expected) => {
    expect(matchGlob(pattern, name)).toBe(expected);
    expect(globToRegExp(pattern).test(name)).toBe(expected);
  });

  it.each([
    ['*.c', true],
    ['a?', true],
    ['[ab]', true],
    ['plain', false],
    ['\\*', false],
    ['[ab', false],
    ['a\\[b]', false],
    ['~/x', false],
  ])('hasGlobChars(%j) is %s', (pattern, expected) => {
    expect(hasGlobChars(pattern)).toBe(expected);
  });
});
