import { describe, expect, it } from 'vitest';
import { type OptionSpec, parseArgs } from '../../../src/sim/programs/args.ts';
import { absolutePath, baseName, dirName, isWithin, joinPath } from '../../../src/sim/programs/paths.ts';
import { quote, quotef, splitLines } from '../../../src/sim/programs/stdio.ts';

const LS: OptionSpec = { flags: 'lai1', values: 'w', long: { all: 'a', 'width=': 'w', 'almost-all': 'A' }, usage: ['ls'] };

describe('option parsing, as GNU getopt_long does it', () => {
  it('combines short flags, and takes values attached or as the next word', () => {
    expect(parseArgs(['-la', 'x'], LS)).toEqual({ opts: { l: [''], a: [''] }, operands: ['x'] });
    expect(parseArgs(['-w5', '-w', '7'], LS)).toEqual({ opts: { w: ['5', '7'] }, operands: [] });
    expect(parseArgs(['-lw', '9'], LS)).toEqual({ opts: { l: [''], w: ['9'] }, operands: [] });
  });

  it('permutes: options may follow operands, until --', () => {
    expect(parseArgs(['x', '-l', 'y', '--', '-a'], LS)).toEqual({ opts: { l: [''] }, operands: ['x', 'y', '-a'] });
    expect(parseArgs(['-', '-l'], LS)).toEqual({ opts: { l: [''] }, operands: ['-'] });
  });

  it('stops at the first operand when the rest is a command to run', () => {
    const spec: OptionSpec = { values: 'n', inOrder: true, usage: ['nice'] };
    expect(parseArgs(['-n', '5', 'ls', '-l'], spec)).toEqual({ opts: { n: ['5'] }, operands: ['ls', '-l'] });
  });

  it('reads long options with = or the next word, and unambiguous abbreviations', () => {
    expect(parseArgs(['--all', '--width=3'], LS)).toEqual({ opts: { a: [''], w: ['3'] }, operands: [] });
    expect(parseArgs(['--wid', '4'], LS)).toEqual({ opts: { w: ['4'] }, operands: [] });
    expect(parseArgs(['--al'], LS)).toEqual({ error: "option '--al' is ambiguous; possibilities: '--all' '--almost-all'" });
    expect(parseArgs(['--help', 'x'], LS)).toEqual({ help: true });
  });

  it('words errors as glibc does', () => {
    expect(parseArgs(['-z'], LS)).toEqual({ error: "invalid option -- 'z'" });
    expect(parseArgs(['-w'], LS)).toEqual({ error: "option requires an argument -- 'w'" });
    expect(parseArgs(['--nope'], LS)).toEqual({ error: "unrecognized option '--nope'" });
    expect(parseArgs(['--all=1'], LS)).toEqual({ error: "option '--all' doesn't allow an argument" });
    expect(parseArgs(['--width'], LS)).toEqual({ error: "option '--width' requires an argument" });
  });

  it('takes -N as a numeric option, and negative numbers as operands where asked', () => {
    expect(parseArgs(['-5', 'f'], { values: 'n', numeric: 'n', usage: [] })).toEqual({ opts: { n: ['5'] }, operands: ['f'] });
    expect(parseArgs(['-3', '-w', '3'], { flags: 'w', negativeNumbers: true, usage: [] })).toEqual({ opts: { w: [''] }, operands: ['-3', '3'] });
  });
});

describe('path names', () => {
  it('basename and dirname follow POSIX', () => {
    const cases: Array<[string, string, string]> = [
      ['/a/b/', 'b', '/a'],
      ['a', 'a', '.'],
      ['/', '/', '/'],
      ['//', '/', '/'],
      ['a//b//', 'b', 'a'],
      ['/a', 'a', '/'],
      ['', '', '.'],
    ];
    for (const [path, base, dir] of cases) {
      expect([baseName(path), dirName(path)], path).toEqual([base, dir]);
    }
  });

  it('joins, folds and compares paths', () => {
    expect(joinPath('/', 'a')).toBe('/a');
    expect(joinPath('d', 'a')).toBe('d/a');
    expect(absolutePath('/w', '../tmp/./x')).toBe('/tmp/x');
    expect(absolutePath('/w', '/a/b/..')).toBe('/a');
    expect(isWithin('/a', '/a/b')).toBe(true);
    expect(isWithin('/a', '/ab')).toBe(false);
    expect(isWithin('/', '/x')).toBe(true);
  });
});

describe('stdio helpers', () => {
  it('quotes names as GNU does in messages', () => {
    expect(quote('a')).toBe("'a'");
    expect(quote("it's")).toBe('"it\'s"');
    expect(quotef('plain.txt')).toBe('plain.txt');
    expect(quotef('a b')).toBe("'a b'");
    expect(quotef('a:b')).toBe("'a:b'");
  });

  it('splits lines without inventing an empty last one', () => {
    expect(splitLines('')).toEqual([]);
    expect(splitLines('a\nb\n')).toEqual(['a', 'b']);
    expect(splitLines('a\n\nb')).toEqual(['a', '', 'b']);
  });
});
