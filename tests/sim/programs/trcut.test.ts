import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseList } from '../../../src/sim/programs/cut.ts';
import { parseSet } from '../../../src/sim/programs/tr.ts';
import { out, run } from './harness.ts';

describe('tr', () => {
  it('translates, padding SET2 with its last character', () => {
    expect(out(['tr', 'a-z', 'A-Z'], { stdin: 'hello World\n' })).toBe('HELLO WORLD\n');
    expect(out(['tr', '[:lower:]', '[:upper:]'], { stdin: 'hello World\n' })).toBe('HELLO WORLD\n');
    expect(out(['tr', 'abc', 'x'], { stdin: 'aabbcc\n' })).toBe('xxxxxx\n');
    expect(out(['tr', '-t', 'abc', 'x'], { stdin: 'aabbcc\n' })).toBe('xxbbcc\n');
    expect(out(['tr', 'a-c', '[x*]'], { stdin: 'abcd\n' })).toBe('xxxd\n');
    expect(out(['tr', '\\n', ' '], { stdin: 'a\nb\n' })).toBe('a b ');
  });

  it('deletes, squeezes and complements', () => {
    expect(out(['tr', '-d', 'aeiou'], { stdin: 'hello world\n' })).toBe('hll wrld\n');
    expect(out(['tr', '-s', ' '], { stdin: 'a   b    c\n' })).toBe('a b c\n');
    expect(out(['tr', '-s', 'a-z', 'A-Z'], { stdin: 'aabbcc dd\n' })).toBe('ABC D\n');
    expect(out(['tr', '-ds', 'a', 'b'], { stdin: 'abbbcaab\n' })).toBe('bcb\n');
    expect(out(['tr', '-cd', 'a-z\\n'], { stdin: 'Hello, World!\n' })).toBe('elloorld\n');
    expect(out(['tr', '-c', 'a', 'x'], { stdin: 'abc\n' })).toBe('axxx');
  });

  it('explains what is missing or extra', () => {
    expect(run(['tr'])).toEqual({ out: '', err: "tr: missing operand\nTry 'tr --help' for more information.\n", status: 1 });
    expect(run(['tr', 'a']).err).toBe("tr: missing operand after 'a'\nTwo strings must be given when translating.\nTry 'tr --help' for more information.\n");
    expect(run(['tr', '-d', 'a', 'b']).err).toBe(
      "tr: extra operand 'b'\nOnly one string may be given when deleting without squeezing repeats.\nTry 'tr --help' for more information.\n",
    );
    expect(run(['tr', 'z-a', 'x'])).toEqual({ out: '', err: "tr: range-endpoints of 'z-a' are in reverse collating sequence order\n", status: 1 });
  });

  it('expands sets in order', () => {
    expect(parseSet('a-c\\n[x*2]', true)).toEqual({ chars: [97, 98, 99, 10, 120, 120], fill: null });
    expect(parseSet('[:digit:]', false)).toEqual({ chars: [...'0123456789'].map((c) => c.charCodeAt(0)), fill: null });
    expect(parseSet('[x*]', false)).toBe('the [c*] repeat construct may not appear in string1');
  });

  it('translates as a character map built in order would', () => {
    const letters = fc.string({ unit: fc.constantFrom(...'abcxyz'), minLength: 1, maxLength: 5 });
    fc.assert(
      fc.property(letters, letters, fc.string({ unit: fc.constantFrom(...'abcxyz \n'), maxLength: 40 }), (s1, s2, input) => {
        const map = new Map<string, string>();
        for (let i = 0; i < s1.length; i++) map.set(s1[i], s2[Math.min(i, s2.length - 1)]);
        const expected = [...input].map((c) => map.get(c) ?? c).join('');
        expect(out(['tr', s1, s2], { stdin: input })).toBe(expected);
      }),
      { numRuns: 30 },
    );
  });
});

describe('cut', () => {
  it('selects fields by delimiter, and characters by position', () => {
    const stdin = 'a:b:c:d\nnodelim\nx:y\n';
    expect(out(['cut', '-d', ':', '-f', '1,3'], { stdin })).toBe('a:c\nnodelim\nx\n');
    expect(out(['cut', '-s', '-d', ':', '-f', '2-'], { stdin })).toBe('b:c:d\ny\n');
    expect(out(['cut', '-f', '2'], { stdin: 'a\tb\tc\n' })).toBe('b\n');
    expect(out(['cut', '-c', '2-4'], { stdin: 'abcdef\nab\n' })).toBe('bcd\nb\n');
    expect(out(['cut', '-c', '-2,5-'], { stdin: 'abcdef\n' })).toBe('abef\n');
    expect(out(['cut', '-d', ',', '-f', '2', '--output-delimiter=|'], { stdin: 'a,b,c\n' })).toBe('b\n');
    expect(out(['cut', '-d', ',', '-f', '1,3', '--output-delimiter=|'], { stdin: 'a,b,c\n' })).toBe('a|c\n');
    expect(out(['cut', '--complement', '-c', '2'], { stdin: 'abc\n' })).toBe('ac\n');
    expect(out(['cut', '-b', '1-2'], { stdin: 'abc' })).toBe('ab\n');
  });

  it('words its complaints as GNU cut does', () => {
    const hint = "\nTry 'cut --help' for more information.\n";
    expect(run(['cut', 'f']).err).toBe(`cut: you must specify a list of bytes, characters, or fields${hint}`);
    expect(run(['cut', '-c', '0']).err).toBe(`cut: byte/character positions are numbered from 1${hint}`);
    expect(run(['cut', '-f', '3-1']).err).toBe(`cut: invalid decreasing range${hint}`);
    expect(run(['cut', '-d', 'ab', '-f', '1']).err).toBe(`cut: the delimiter must be a single character${hint}`);
    expect(run(['cut', '-d', ':', '-c', '1']).err).toBe(`cut: an input delimiter may be specified only when operating on fields${hint}`);
    expect(run(['cut', '-f', '1', 'nosuch'])).toEqual({ out: '', err: 'cut: nosuch: No such file or directory\n', status: 1 });
  });

  it('merges and sorts ranges', () => {
    expect(parseList('5-,1,2-3', true)).toEqual([
      [1, 3],
      [5, Number.POSITIVE_INFINITY],
    ]);
    expect(parseList('-', true)).toBe('invalid range with no endpoint: -');
  });

  it('selects the same fields as a reference implementation', () => {
    const field = fc.string({ unit: fc.constantFrom('a', 'b', ' '), maxLength: 3 });
    const lineArb = fc.array(field, { minLength: 1, maxLength: 5 }).map((fs) => fs.join(':'));
    const range = fc.tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 3 }));
    fc.assert(
      fc.property(fc.array(lineArb, { maxLength: 6 }), fc.array(range, { minLength: 1, maxLength: 3 }), (lines, ranges) => {
        const list = ranges.map(([lo, len]) => `${lo}-${lo + len}`).join(',');
        const pick = (i: number) => ranges.some(([lo, len]) => i >= lo && i <= lo + len);
        const expected = lines
          .map((l) => (l.includes(':') ? l.split(':').filter((_, i) => pick(i + 1)).join(':') : l))
          .map((l) => `${l}\n`)
          .join('');
        expect(out(['cut', '-d', ':', '-f', list], { stdin: lines.map((l) => `${l}\n`).join('') })).toBe(expected);
      }),
      { numRuns: 30 },
    );
  });
});
