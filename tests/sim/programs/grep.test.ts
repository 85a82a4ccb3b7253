import { describe, expect, it } from 'vitest';
import { runShellScript } from '../../../src/sim/machine/run-script.ts';
import { compileMatcher, compilePattern, TOO_COMPLEX, translateRegex } from '../../../src/sim/programs/regex.ts';
import { out, run } from './harness.ts';

const matches = (pattern: string, syntax: 'basic' | 'extended', line: string) => {
  const re = compilePattern(pattern, { syntax, ignoreCase: false, word: false, line: false });
  if (typeof re === 'string') throw new Error(re);
  re.lastIndex = 0;
  return re.test(line);
};

describe('POSIX regular expressions in JavaScript', () => {
  it('in a BRE the bare ( { | + ? are literal and the escaped ones are operators', () => {
    expect(matches('a+', 'basic', 'a+')).toBe(true);
    expect(matches('a+', 'basic', 'aa')).toBe(false);
    expect(matches('a\\+', 'basic', 'aa')).toBe(true);
    expect(matches('\\(ab\\)\\{2\\}', 'basic', 'abab')).toBe(true);
    expect(matches('a\\|b', 'basic', 'b')).toBe(true);
    expect(matches('(x)', 'basic', '(x)')).toBe(true);
  });

  it('in an ERE they are operators', () => {
    expect(matches('(ab)+$', 'extended', 'xabab')).toBe(true);
    expect(matches('a{2}', 'extended', 'ab')).toBe(false);
    expect(matches('a{,2}b', 'extended', 'b')).toBe(true);
    expect(matches('cat|dog', 'extended', 'hotdog')).toBe(true);
  });

  it('gives POSIX meaning to what JavaScript reads differently', () => {
    expect(matches('*a', 'basic', '*a')).toBe(true); // nothing to repeat: a literal star
    expect(matches('x$y', 'basic', 'x$y')).toBe(true); // $ not at the end is literal in a BRE
    expect(matches('a^', 'basic', 'a^')).toBe(true);
    expect(matches('[[:digit:]]x', 'basic', '7x')).toBe(true);
    expect(matches('[\\d]', 'basic', '\\')).toBe(true); // a backslash is literal in brackets
    expect(matches('[]a]', 'basic', ']')).toBe(true);
    expect(matches('\\<ab', 'basic', 'x ab')).toBe(true);
    expect(matches('\\<ab', 'basic', 'cab')).toBe(false);
    expect(matches('a**', 'extended', 'aaa')).toBe(true);
    expect(matches('\\(a\\)\\1', 'basic', 'aa')).toBe(true);
  });

  it('accepts nested repetition on the automaton; only the back-reference engine still refuses it', () => {
    const how = { syntax: 'extended' as const, ignoreCase: false, word: false, line: false };
    const nested = compileMatcher('(a+)+b', how);
    expect(typeof nested === 'string' ? nested : nested.test(`${'a'.repeat(60)}!`)).toBe(false);
    expect(compileMatcher('(x|y*)*', how)).not.toBeTypeOf('string');
    expect(compileMatcher('\\(ab\\)\\1', { ...how, syntax: 'basic' })).not.toBeTypeOf('string');
    // A loop that goes round without reading a character is cut, so this one ends.
    const emptyLoop = compileMatcher('\\(a*\\)*\\1', { ...how, syntax: 'basic' });
    expect(typeof emptyLoop !== 'string' && emptyLoop.find('aab', 0)).toEqual([0, 2]);
    expect(compilePattern('(a+)+b', how)).toMatch(/exponential time; refused/);
    expect(compilePattern('(x|y*)*', how)).toMatch(/refused/);
    expect(compilePattern('(ab)+c', how)).toBeInstanceOf(RegExp);
    expect((compilePattern('a**', how) as RegExp).source).toBe('a*');
    expect((compilePattern('a+?', how) as RegExp).source).toBe('a*');
  });

  it('gives a back-reference search a step budget: past it the match fails and says the pattern is too complex', () => {
    const how = { syntax: 'extended' as const, ignoreCase: false, word: false, line: false };
    const m = compileMatcher('(a|a)*\\1!', how);
    if (typeof m === 'string') throw new Error(m);
    expect(m.test(`${'a'.repeat(40)}`)).toBe(false);
    expect(m.problem).toBe(TOO_COMPLEX);
    // Once it has given up, later lines fail at once rather than spending the budget again.
    expect(m.test('aa!')).toBe(false);
    const fine = compileMatcher('(ab)\\1', how);
    if (typeof fine === 'string') throw new Error(fine);
    expect(fine.test('xababy')).toBe(true);
    expect(fine.problem).toBeNull();
    // grep says so in the program's words and exits 2 (trouble), within the tick budget.
    const r = runShellScript(`printf '${'a'.repeat(40)}\\n' > f; grep -E '(a|a)*\\1!' f; echo "status $?"`, { maxTicks: 200_000 });
    expect(r.output).toContain(`grep: ${TOO_COMPLEX}\n`);
    expect(r.output).toContain('status 2\n');
  });

  it('reports malformed patterns in GNU\'s words', () => {
    expect(translateRegex('\\(a', 'basic')).toEqual({ error: 'Unmatched ( or \\(' });
    expect(translateRegex('(a', 'extended')).toEqual({ error: 'Unmatched ( or \\(' });
    expect(translateRegex('a\\)', 'basic')).toEqual({ error: 'Unmatched ) or \\)' });
    expect(translateRegex('[a-', 'basic')).toEqual({ error: 'Unmatched [, [^, [:, [., or [=' });
    expect(translateRegex('[[:nope:]]', 'basic')).toEqual({ error: 'Invalid character class name' });
    expect(translateRegex('\\1', 'basic')).toEqual({ error: 'Invalid back reference' });
    expect(translateRegex('a\\', 'basic')).toEqual({ error: 'Trailing backslash' });
  });
});

describe('grep', () => {
  const files = { f: 'abc\nxyz\nbcd\n', g: 'b\n' };

  it('prints matching lines, with names and numbers when asked or when there are several files', () => {
    expect(out(['grep', 'b', 'f'], { files })).toBe('abc\nbcd\n');
    expect(out(['grep', '-n', 'b', 'f', 'g'], { files })).toBe('f:1:abc\nf:3:bcd\ng:1:b\n');
    expect(out(['grep', '-h', 'b', 'f', 'g'], { files })).toBe('abc\nbcd\nb\n');
    expect(out(['grep', '-H', 'a'], { stdin: 'a\nb\n' })).toBe('(standard input):a\n');
  });

  it('inverts, ignores case, counts, lists and matches words and lines', () => {
    expect(out(['grep', '-v', 'b', 'f'], { files })).toBe('xyz\n');
    expect(out(['grep', '-i', 'B', 'f'], { files })).toBe('abc\nbcd\n');
    expect(out(['grep', '-c', 'b', 'f', 'g'], { files })).toBe('f:2\ng:1\n');
    expect(out(['grep', '-l', 'x', 'f', 'g'], { files })).toBe('f\n');
    expect(out(['grep', '-L', 'x', 'f', 'g'], { files })).toBe('g\n');
    expect(out(['grep', '-w', 'foo'], { stdin: 'foo bar\nfoobar\nbar-foo\n' })).toBe('foo bar\nbar-foo\n');
    expect(out(['grep', '-x', 'foo'], { stdin: 'foo\nfoo bar\n' })).toBe('foo\n');
    expect(out(['grep', '-m', '1', 'a'], { stdin: 'a1\na2\n' })).toBe('a1\n');
  });

  it('takes several patterns, fixed strings and extended expressions, and prints only the matches with -o', () => {
    expect(out(['grep', '-e', 'a', '-e', 'x', 'f'], { files })).toBe('abc\nxyz\n');
    expect(out(['grep', '-F', 'a.c'], { stdin: 'abc\na.c\n' })).toBe('a.c\n');
    expect(out(['grep', '-E', 'a+|x{2}'], { stdin: 'aa\nxx\nx\nb\n' })).toBe('aa\nxx\n');
    expect(out(['grep', '-o', '[0-9]\\+'], { stdin: 'a12b345\nnone\n7\n' })).toBe('12\n345\n7\n');
    expect(out(['grep', '-f', 'pats'], { files: { pats: 'z\nb\n' }, stdin: 'a\nb\nz\n' })).toBe('b\nz\n');
  });

  it('exits 1 when nothing matches, 0 at once with -q, and 2 on errors', () => {
    expect(run(['grep', 'zzz', 'f'], { files })).toEqual({ out: '', err: '', status: 1 });
    expect(run(['grep', '-q', 'b', 'f'], { files })).toEqual({ out: '', err: '', status: 0 });
    expect(run(['grep', '-L', 'q'], { stdin: 'x\n' })).toEqual({ out: '(standard input)\n', err: '', status: 1 });
    expect(run(['grep', 'a', 'nosuch', 'f'], { files })).toEqual({ out: 'f:abc\n', err: 'grep: nosuch: No such file or directory\n', status: 2 });
    expect(run(['grep', '-s', 'a', 'nosuch'])).toEqual({ out: '', err: '', status: 2 });
    expect(run(['grep', 'a', 'd'], { dirs: ['d'] })).toEqual({ out: '', err: 'grep: d: Is a directory\n', status: 2 });
    expect(run(['grep', '-E', '('])).toEqual({ out: '', err: 'grep: Unmatched ( or \\(\n', status: 2 });
  });

  it('words usage errors as GNU grep does', () => {
    const usage = "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n";
    expect(run(['grep'])).toEqual({ out: '', err: usage, status: 2 });
    expect(run(['grep', '-Q', 'x'])).toEqual({ out: '', err: `grep: invalid option -- 'Q'\n${usage}`, status: 2 });
  });
});
