import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareNumeric } from '../../../src/sim/programs/sortkeys.ts';
import { out, run, runAll } from './harness.ts';

describe('sort', () => {
  it('sorts in byte order, reversed, uniquely or folding case', () => {
    expect(out(['sort'], { stdin: 'b\na\nC\nc\n\nB\n' })).toBe('\nB\nC\na\nb\nc\n');
    expect(out(['sort', '-r'], { stdin: 'b\na\nc\n' })).toBe('c\nb\na\n');
    expect(out(['sort', '-u'], { stdin: 'b\na\nb\na\n' })).toBe('a\nb\n');
    expect(out(['sort', '-f'], { stdin: 'b\na\nB\nA\n' })).toBe('A\na\nB\nb\n');
    expect(out(['sort', '-fu'], { stdin: 'b\na\nB\nA\n' })).toBe('a\nb\n');
    expect(out(['sort', 'f', 'g'], { files: { f: 'b\n', g: 'a\nc' } })).toBe('a\nb\nc\n');
  });

  it('sorts numbers by value', () => {
    expect(out(['sort', '-n'], { stdin: '10\n9\n-1\n2.5\nx\n\n010\n' })).toBe('-1\n\nx\n2.5\n9\n010\n10\n');
    expect(out(['sort', '-rn'], { stdin: '10\n9\n-1\n2.5\n' })).toBe('10\n9\n2.5\n-1\n');
    expect(out(['sort', '-g'], { stdin: '1e3\n5\nx\n-2\n' })).toBe('x\n-2\n5\n1e3\n');
  });

  it('sorts by keys, fields found by separator or by blanks', () => {
    expect(out(['sort', '-k', '2'], { stdin: 'x b 1\ny a 2\nz b 0\n' })).toBe('y a 2\nz b 0\nx b 1\n');
    expect(out(['sort', '-k2,2', '-k3n'], { stdin: 'x b 10\ny a 2\nz b 9\n' })).toBe('y a 2\nz b 9\nx b 10\n');
    expect(out(['sort', '-t', ':', '-k', '2n'], { stdin: 'a:10\nb:9\nc:100\n' })).toBe('b:9\na:10\nc:100\n');
    // Field 2 of "a xb" is " xb": its first character is the blank.
    expect(out(['sort', '-k', '2.2'], { stdin: 'a xb\nb ya\nc za\n' })).toBe('a xb\nb ya\nc za\n');
    expect(out(['sort', '-k', '2.3'], { stdin: 'a xb\nb ya\nc za\n' })).toBe('b ya\nc za\na xb\n');
    // A field includes its leading blanks unless b says otherwise.
    expect(out(['sort', '-k', '2'], { stdin: 'a   b\nb a\n' })).toBe('a   b\nb a\n');
    expect(out(['sort', '-k', '2b'], { stdin: 'a   b\nb a\n' })).toBe('b a\na   b\n');
  });

  it('breaks ties by the whole line, unless -s or -u', () => {
    expect(out(['sort', '-k', '1,1'], { stdin: 'a 2\nb 1\na 1\n' })).toBe('a 1\na 2\nb 1\n');
    expect(out(['sort', '-s', '-k', '1,1'], { stdin: 'a 2\nb 1\na 1\n' })).toBe('a 2\na 1\nb 1\n');
    expect(out(['sort', '-u', '-k', '1,1'], { stdin: 'a 2\nb 1\na 1\n' })).toBe('a 2\nb 1\n');
  });

  it('checks order with -c, and writes its input back over itself with -o', () => {
    expect(run(['sort', '-c'], { stdin: 'a\nc\nb\n' })).toEqual({ out: '', err: 'sort: -:3: disorder: b\n', status: 1 });
    expect(run(['sort', '-c'], { stdin: 'a\nb\n' }).status).toBe(0);
    const [r, check] = runAll([['sort', '-o', 'f', 'f'], ['cat', 'f']], { files: { f: 'b\na\n' } });
    expect(r).toEqual({ out: '', err: '', status: 0 });
    expect(check.out).toBe('a\nb\n');
  });

  it('exits 2 on errors, printing nothing', () => {
    expect(run(['sort', 'nosuch'])).toEqual({ out: '', err: 'sort: cannot read: nosuch: No such file or directory\n', status: 2 });
    expect(run(['sort', 'd'], { dirs: ['d'] })).toEqual({ out: '', err: 'sort: read failed: d: Is a directory\n', status: 2 });
    expect(run(['sort', '-k', '0'])).toEqual({ out: '', err: "sort: field number is zero: invalid field specification '0'\n", status: 2 });
    expect(run(['sort', '-t', 'ab'])).toEqual({ out: '', err: "sort: multi-character tab 'ab'\n", status: 2 });
    expect(run(['sort', '-Q']).status).toBe(2);
  });

  it('outputs a sorted permutation of its input', () => {
    const line = fc.string({ unit: fc.constantFrom('a', 'b', 'B', ' ', '1', '9', '-', '.'), maxLength: 6 });
    fc.assert(
      fc.property(fc.array(line, { maxLength: 12 }), fc.boolean(), (lines, numeric) => {
        const text = lines.map((l) => `${l}\n`).join('');
        const sorted = out(numeric ? ['sort', '-n'] : ['sort'], { stdin: text }).split('\n').slice(0, -1);
        expect([...sorted].sort()).toEqual([...lines].sort());
        for (let i = 1; i < sorted.length; i++) {
          const c = numeric ? compareNumeric(sorted[i - 1], sorted[i]) || (sorted[i - 1] <= sorted[i] ? -1 : 1) : sorted[i - 1] <= sorted[i] ? -1 : 1;
          expect(c).toBeLessThanOrEqual(0);
        }
      }),
      { numRuns: 30 },
    );
  });
});

describe('uniq', () => {
  const stdin = 'a\na\nb\na\n';

  it('collapses adjacent repeats, counts them, or keeps only repeated or unique lines', () => {
    expect(out(['uniq'], { stdin })).toBe('a\nb\na\n');
    expect(out(['uniq', '-c'], { stdin })).toBe('      2 a\n      1 b\n      1 a\n');
    expect(out(['uniq', '-d'], { stdin })).toBe('a\n');
    expect(out(['uniq', '-u'], { stdin })).toBe('b\na\n');
    expect(out(['uniq', '-D'], { stdin: 'a\na\nb\nc\nc\nc\n' })).toBe('a\na\nc\nc\nc\n');
    expect(out(['uniq', '-i'], { stdin: 'a\nA\nb\n' })).toBe('a\nb\n');
    expect(out(['uniq', '-f', '1'], { stdin: '1 a\n2 a\n3 b\n' })).toBe('1 a\n3 b\n');
    expect(out(['uniq'], { stdin: 'x\nx\ny' })).toBe('x\ny\n');
  });

  it('reads INPUT and writes OUTPUT when named', () => {
    const [r, check] = runAll([['uniq', 'in', 'o'], ['cat', 'o']], { files: { in: stdin } });
    expect(r.out).toBe('');
    expect(check.out).toBe('a\nb\na\n');
  });

  it('reports a missing file and an extra operand', () => {
    expect(run(['uniq', 'nosuch'])).toEqual({ out: '', err: 'uniq: nosuch: No such file or directory\n', status: 1 });
    expect(run(['uniq', 'a', 'b', 'c']).err).toBe("uniq: extra operand 'c'\nTry 'uniq --help' for more information.\n");
  });
});
