import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { scanBracket } from '../../../src/sim/libc/bracket.ts';
import { matchPattern } from '../../../src/sim/libc/fnmatch.ts';
import { compileNfa, testMatch } from '../../../src/sim/programs/nfa.ts';

describe('bracket expressions in regular expressions', () => {
  it('reads members, ranges, classes and elements, and where the bracket ends', () => {
    expect(scanBracket('[]a-c[:digit:][=e=][.f.]-]x', 0, 'regex')).toEqual({
      negate: false,
      items: [
        { kind: 'char', ch: ']' },
        { kind: 'range', lo: 'a', hi: 'c' },
        { kind: 'class', name: 'digit' },
        { kind: 'element', text: 'e' },
        { kind: 'element', text: 'f' },
        { kind: 'char', ch: '-' },
      ],
      end: 26,
    });
    expect(scanBracket('x[^\\]', 1, 'regex')).toEqual({ negate: true, items: [{ kind: 'char', ch: '\\' }], end: 5 });
  });

  it('gives GNU grep words for what is wrong', () => {
    expect(scanBracket('[abc', 0, 'regex')).toEqual({ error: 'Unmatched [, [^, [:, [., or [=' });
    expect(scanBracket('[[:alpha]', 0, 'regex')).toEqual({ error: 'Unmatched [, [^, [:, [., or [=' });
    expect(scanBracket('[[:vowel:]]', 0, 'regex')).toEqual({ error: 'Invalid character class name' });
    expect(scanBracket('[[:__proto__:]]', 0, 'regex')).toEqual({ error: 'Invalid character class name' });
    expect(scanBracket('[z-a]', 0, 'regex')).toEqual({ error: 'Invalid range end' });
  });
});

describe('bracket expressions in shell patterns', () => {
  it('negate with ! or ^, let a backslash quote, and read characters whole', () => {
    expect(scanBracket('[!\\]a-😀]', 0, 'glob')).toEqual({
      negate: true,
      items: [
        { kind: 'char', ch: ']' },
        { kind: 'range', lo: 'a', hi: '😀' },
      ],
      end: 9,
    });
    expect(scanBracket('[^x]', 0, 'glob')).toMatchObject({ negate: true });
  });

  it('leave out what cannot match instead of failing, and are no bracket at all when unclosed', () => {
    expect(scanBracket('[[:vowel:]x]', 0, 'glob')).toEqual({ negate: false, items: [{ kind: 'char', ch: 'x' }], end: 12 });
    expect(scanBracket('[z-ax]', 0, 'glob')).toEqual({ negate: false, items: [{ kind: 'char', ch: 'x' }], end: 6 });
    expect(scanBracket('[[=a=]]', 0, 'glob')).toEqual({ negate: false, items: [{ kind: 'char', ch: '[' }, { kind: 'char', ch: '=' }, { kind: 'char', ch: 'a' }, { kind: 'char', ch: '=' }], end: 6 });
    expect(scanBracket('[abc', 0, 'glob')).toBe(null);
    expect(matchPattern('[abc', '[abc')).toBe(true);
  });
});

describe('one scanner, both matchers', () => {
  const bracketArb = fc
    .array(fc.constantFrom('a', 'c', 'z', '-', ']', '^', '!', '\\', '[:digit:]', '[:alpha:]', '[:punct:]', '[=a=]', '[', ':'), { minLength: 1, maxLength: 6 })
    .map((parts) => `[${parts.join('')}]`);
  const charArb = fc.constantFrom('a', 'b', 'c', 'z', '-', ']', '^', '!', '\\', '5', ':', '[', '=', '\n', ' ');

  test.prop([bracketArb, charArb], { numRuns: 2000 })('agree with JavaScript on a bracket both can read', (bracket, ch) => {
    const scanned = scanBracket(bracket, 0, 'regex');
    if (scanned === null || 'error' in scanned || scanned.end !== bracket.length) return;
    // What a JavaScript class means by the same members, each written as a code.
    const code = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
    const classes: Record<string, string> = { digit: '0-9', alpha: 'A-Za-z', punct: '!-\\/:-@\\[-`{-~' };
    const members = scanned.items
      .map((i) => (i.kind === 'char' ? code(i.ch) : i.kind === 'range' ? `${code(i.lo)}-${code(i.hi)}` : i.kind === 'class' ? classes[i.name] : code(i.text)))
      .join('');
    const expected = new RegExp(`^[${scanned.negate ? '^' : ''}${members}]$`).test(ch) && !(scanned.negate && ch === '\n');
    const prog = compileNfa(bracket, 'basic');
    if ('error' in prog) throw new Error(prog.error);
    expect(testMatch(prog, ch)).toBe(expected);
  });
});
