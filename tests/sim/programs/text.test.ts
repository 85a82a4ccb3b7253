import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { out, run, runAll } from './harness.ts';

/**
 * The text commands, run as processes through the kernel. Expected outputs are what GNU
 * coreutils (and bash's echo and printf) print for the same command lines.
 */

describe('cat', () => {
  it('copies files, or standard input for none and for -', () => {
    expect(out(['cat', 'a', 'b'], { files: { a: 'one\n', b: 'two' } })).toBe('one\ntwo');
    expect(out(['cat'], { stdin: 'typed\n' })).toBe('typed\n');
    expect(out(['cat', 'a', '-', 'a'], { files: { a: 'A\n' }, stdin: 'in\n' })).toBe('A\nin\nA\n');
  });

  it('numbers lines across files, and squeezes and shows what was asked', () => {
    const files = { f: 'a\nb', g: 'c\n\n\nd\n' };
    expect(out(['cat', '-n', 'f', 'g'], { files })).toBe('     1\ta\n     2\tbc\n     3\t\n     4\t\n     5\td\n');
    expect(out(['cat', '-b', 'g'], { files })).toBe('     1\tc\n\n\n     2\td\n');
    expect(out(['cat', '-s', 'g'], { files })).toBe('c\n\nd\n');
    expect(out(['cat', '-A'], { stdin: 'a\tb\x01\x80\n' })).toBe('a^Ib^AM-^@$\n');
  });

  it('reports a missing file or a directory, goes on, and exits 1', () => {
    const r = run(['cat', 'nosuch', 'a', 'd'], { files: { a: 'A\n' }, dirs: ['d'] });
    expect(r).toEqual({ out: 'A\n', err: 'cat: nosuch: No such file or directory\ncat: d: Is a directory\n', status: 1 });
  });

  it('rejects an unknown option with GNU\'s hint', () => {
    expect(run(['cat', '-z'])).toEqual({ out: '', err: "cat: invalid option -- 'z'\nTry 'cat --help' for more information.\n", status: 1 });
    expect(run(['cat', '--help']).out).toMatch(/^Usage: cat \[OPTION\]\.\.\. \[FILE\]\.\.\.\n/);
  });
});

describe('wc', () => {
  it('counts lines, words and bytes, padded as GNU pads them', () => {
    const files = { f: 'hello world\nfoo\n', g: 'x' };
    expect(out(['wc', 'f'], { files })).toBe(' 2  3 16 f\n');
    expect(out(['wc', '-l', 'f'], { files })).toBe('2 f\n');
    expect(out(['wc', 'f', 'g'], { files })).toBe(' 2  3 16 f\n 0  1  1 g\n 2  4 17 total\n');
    expect(out(['wc', '-c'], { stdin: 'a b c\nd\n' })).toBe('8\n');
    // A pipe is not a regular file: at least 7 wide.
    expect(out(['sh', '-c', "printf 'one two\\nthree\\n' | wc"])).toBe('      2       3      14\n');
    expect(out(['wc', '-L', 'f'], { files: { f: 'a\tb\nlonger line\n' } })).toBe('11 f\n');
  });

  it('reports a missing file without a count line, and a directory with zeros', () => {
    expect(run(['wc', '-w', 'f', 'nosuch'], { files: { f: 'a b\n' } })).toEqual({
      out: '2 f\n2 total\n',
      err: 'wc: nosuch: No such file or directory\n',
      status: 1,
    });
    expect(run(['wc', 'd'], { dirs: ['d'] })).toEqual({ out: '      0       0       0 d\n', err: 'wc: d: Is a directory\n', status: 1 });
  });

  it('counts exactly the bytes written', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary-ascii', maxLength: 300 }), (text) => {
        expect(out(['wc', '-c'], { stdin: text })).toBe(`${text.length}\n`);
      }),
      { numRuns: 25 },
    );
  });
});

describe('head and tail', () => {
  const files = { f: '1\n2\n3\n4\n', g: 'a\nb\nc' };

  it('head takes the first lines or bytes, or all but the last', () => {
    expect(out(['head', '-n', '2', 'f'], { files })).toBe('1\n2\n');
    expect(out(['head', '-c', '3', 'f'], { files })).toBe('1\n2');
    expect(out(['head', '-n', '-1', 'f'], { files })).toBe('1\n2\n3\n');
    expect(out(['head', '-2', 'f', 'g'], { files })).toBe('==> f <==\n1\n2\n\n==> g <==\na\nb\n');
    expect(out(['head'], { stdin: Array.from({ length: 12 }, (_, i) => `${i + 1}\n`).join('') })).toBe(
      '1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n',
    );
  });

  it('tail takes the last lines or bytes, or from line N on', () => {
    expect(out(['tail', '-n', '2', 'f'], { files })).toBe('3\n4\n');
    expect(out(['tail', '-n', '+2', 'f'], { files })).toBe('2\n3\n4\n');
    expect(out(['tail', '-2', 'g'], { files })).toBe('b\nc');
    expect(out(['tail', '-c', '+3', 'f'], { files })).toBe('2\n3\n4\n');
    expect(out(['tail', '-n', '0', 'f'], { files })).toBe('');
    expect(out(['tail', 'f', 'g'], { files })).toBe('==> f <==\n1\n2\n3\n4\n\n==> g <==\na\nb\nc');
  });

  it('word their errors as GNU does', () => {
    expect(run(['head', 'nosuch'])).toEqual({ out: '', err: "head: cannot open 'nosuch' for reading: No such file or directory\n", status: 1 });
    expect(run(['tail', 'd'], { dirs: ['d'] })).toEqual({ out: '', err: "tail: error reading 'd': Is a directory\n", status: 1 });
    expect(run(['head', '-n', 'x', 'f'], { files })).toEqual({ out: '', err: "head: invalid number of lines: 'x'\n", status: 1 });
    expect(run(['head', '-n']).err).toBe("head: option requires an argument -- 'n'\nTry 'head --help' for more information.\n");
  });

  it('tail -f prints what another process appends, until killed', () => {
    const [follow] = runAll([{ argv: ['sh', '-c', '(sleep 5; echo more >> f) & tail -f -s 2 f'], timeout: 40 }], { files: { f: 'first\n' } });
    expect(follow.out).toBe('first\nmore\n');
  });
});

describe('tee', () => {
  it('copies standard input to standard output and to files, appending with -a', () => {
    const [first, again, check] = runAll(
      [{ argv: ['tee', 'x', 'y'], stdin: 'hi\n' }, { argv: ['tee', '-a', 'x'], stdin: 'more\n' }, ['cat', 'x', 'y']],
    );
    expect(first).toEqual({ out: 'hi\n', err: '', status: 0 });
    expect(again.out).toBe('more\n');
    expect(check.out).toBe('hi\nmore\nhi\n');
  });

  it('reports a file it cannot open and still copies to the others', () => {
    expect(run(['tee', 'no/such', 'ok'], { stdin: 'x\n' })).toEqual({ out: 'x\n', err: 'tee: no/such: No such file or directory\n', status: 1 });
  });
});

describe('echo and printf', () => {
  it('echo takes only leading -n, -e and -E words as options', () => {
    expect(out(['echo', '-n', 'a', 'b'])).toBe('a b');
    expect(out(['echo', '-e', 'a\\tb\\c', 'x'])).toBe('a\tb');
    expect(out(['echo', '--', '-n'])).toBe('-- -n\n');
    expect(out(['echo', '-nx'])).toBe('-nx\n');
    expect(out(['echo'])).toBe('\n');
  });

  it('printf formats, reports bad numbers with status 1, and needs a format', () => {
    expect(out(['printf', '%s=%d\\n', 'a', '1', 'b', '2'])).toBe('a=1\nb=2\n');
    expect(run(['printf', '%d\\n', '12abc'])).toEqual({ out: '12\n', err: 'printf: 12abc: invalid number\n', status: 1 });
    expect(run(['printf'])).toEqual({ out: '', err: 'printf: usage: printf format [arguments]\n', status: 2 });
    expect(out(['printf', '--', '-x'])).toBe('-x');
  });
});

describe('seq and yes', () => {
  it('seq counts up or down, by any step, exactly', () => {
    expect(out(['seq', '3'])).toBe('1\n2\n3\n');
    expect(out(['seq', '5', '-2', '1'])).toBe('5\n3\n1\n');
    expect(out(['seq', '-w', '8', '10'])).toBe('08\n09\n10\n');
    expect(out(['seq', '-s', ',', '0', '0.1', '0.5'])).toBe('0.0,0.1,0.2,0.3,0.4,0.5\n');
    expect(out(['seq', '-3', '-1'])).toBe('-3\n-2\n-1\n');
    expect(out(['seq', '-f', '%03g', '2'])).toBe('001\n002\n');
    expect(out(['seq', '5', '1'])).toBe('');
  });

  it('seq stops when its output cannot be written', () => {
    const r = run(['seq', '100000000']);
    expect(r.status).toBe(1);
    expect(r.out.startsWith('1\n2\n3\n')).toBe(true);
  });

  it('seq refuses bad operands', () => {
    expect(run(['seq', 'x']).err).toBe("seq: invalid floating point argument: 'x'\nTry 'seq --help' for more information.\n");
    expect(run(['seq', '1', '0', '5']).err).toBe("seq: invalid Zero increment value: '0'\nTry 'seq --help' for more information.\n");
    expect(run(['seq']).status).toBe(1);
  });

  it('yes repeats its arguments until a write fails: here the disk fills up', () => {
    const r = run(['yes', 'a', 'b']);
    // The complaint goes to standard error, a file on the same full disk, so it is lost.
    expect(r.status).toBe(1);
    expect(r.out.length).toBeGreaterThan(1000);
    expect(new Set(r.out.split('\n').slice(0, -1))).toEqual(new Set(['a b']));
  });

  it('yes runs until it is killed when its output goes nowhere', () => {
    expect(run(['sh', '-c', 'yes > /dev/null'], { timeout: 5 }).status).toBe(128 + 9);
  });

  it('yes | head ends when head has enough', () => {
    expect(out(['sh', '-c', 'yes | head -n 3'])).toBe('y\ny\ny\n');
  });
});

describe('basename and dirname', () => {
  it('strip directories and suffixes as POSIX says', () => {
    expect(out(['basename', '/a/b/'])).toBe('b\n');
    expect(out(['basename', 'a.txt', '.txt'])).toBe('a\n');
    expect(out(['basename', '.txt', '.txt'])).toBe('.txt\n');
    expect(out(['basename', '-s', '.c', 'a.c', 'b/c.c'])).toBe('a\nc\n');
    expect(out(['dirname', 'a/b', '/a', 'a', '/', 'a/b/'])).toBe('a\n/\n.\n/\na\n');
  });

  it('complain about missing and extra operands', () => {
    expect(run(['basename'])).toEqual({ out: '', err: "basename: missing operand\nTry 'basename --help' for more information.\n", status: 1 });
    expect(run(['basename', 'a', 'b', 'c']).err).toBe("basename: extra operand 'c'\nTry 'basename --help' for more information.\n");
    expect(run(['dirname']).status).toBe(1);
  });
});
