import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expandEscapes, formatPrintf } from '../../../src/sim/programs/format.ts';

const f = (format: string, ...args: string[]) => formatPrintf(format, args);

describe('printf formatting (as bash\'s printf builtin does it)', () => {
  it('pads strings and cuts them to the precision', () => {
    expect(f('%5s|%-5s|%.2s\\n', 'ab', 'cd', 'efgh').text).toBe('   ab|cd   |ef\n');
  });

  it('formats integers in every base, with flags', () => {
    expect(f('%d %i %x %X %o %u\\n', '42', '-3', '255', '255', '8', '-1').text).toBe('42 -3 ff FF 10 18446744073709551615\n');
    expect(f('%05d|%+d|% d|%-5d|', '42', '42', '42', '42').text).toBe('00042|+42| 42|42   |');
    expect(f('%#x %#o %x', '255', '8', '-1').text).toBe('0xff 010 ffffffffffffffff');
    expect(f('%.3d|%5.3d', '7', '-7').text).toBe('007| -007');
    expect(f('%d %d %d', "'A", '0x1f', '010').text).toBe('65 31 8');
  });

  it('formats floating point as C does', () => {
    expect(f('%f %e %g %g %g', '3.14159', '31415.9', '0.0001', '100000', '1e-5').text).toBe(
      '3.141590 3.141590e+04 0.0001 100000 1e-05',
    );
    expect(f('%.3f %10.2e %G', '2.5', '12345', '1e20').text).toBe('2.500   1.23e+04 1E+20');
    expect(f('%05.1f|%-8.3g|', '3.14159', '2').text).toBe('003.1|2       |');
  });

  it('rounds the long double that strtold reads, ties to even, as bash and glibc do', () => {
    expect(f('%.0f %.0f %.0f %.0f', '0.5', '1.5', '2.5', '-0.5').text).toBe('0 2 2 -0');
    expect(f('%.1f %.1f %.2f %.2f', '0.15', '0.25', '2.675', '0.125').text).toBe('0.2 0.2 2.67 0.12');
    expect(f('%e|%.3e|%g', '9.9999995', '0.000099995', '5e-324').text).toBe('1.000000e+01|1.000e-04|5e-324');
    expect(f('%.0f', '1e21').text).toBe('1000000000000000000000');
    expect(f('%f %f %e', 'inf', '-inf', 'nan').text).toBe('inf -inf nan');
  });

  it('cuts absurd widths and precisions short instead of allocating them', () => {
    expect(f('%999999999d', '1').text.length).toBe(4096);
    expect(f('%.999999999d', '1').text.length).toBe(4096);
  });

  it('takes width and precision from the arguments with *', () => {
    expect(f('%*d|%-*d|%.*s', '5', '1', '4', '2', '2', 'abc').text).toBe('    1|2   |ab');
  });

  it('reuses the format while arguments remain, and fills in missing ones', () => {
    expect(f('%s\\n', 'a', 'b', 'c').text).toBe('a\nb\nc\n');
    expect(f('%s %s\\n', 'a', 'b', 'c').text).toBe('a b\nc \n');
    expect(f('%s-%d\\n').text).toBe('-0\n');
    expect(f('plain\\n', 'ignored').text).toBe('plain\n');
  });

  it('understands escapes in the format and in %b', () => {
    expect(f('\\x41\\101\\t\\\\\\"\\n').text).toBe('AA\t\\"\n');
    expect(f('%b|', 'a\\tb\\0101').text).toBe('a\tbA|');
    expect(f('%b', 'one\\ctwo').text).toBe('one');
    expect(f('%c%c', 'hello', 'world').text).toBe('hw');
    expect(f('%c|', '').text).toBe('\0|');
    expect(f('%q', "a b'c").text).toBe("a\\ b\\'c");
  });

  it('reports bad numbers and bad conversions as bash does', () => {
    expect(f('%d\\n', '12abc')).toEqual({ text: '12\n', errors: ['12abc: invalid number'], fatal: false });
    expect(f('a%kb')).toEqual({ text: 'a', errors: ["`k': invalid format character"], fatal: true });
    expect(f('%y')).toEqual({ text: '', errors: ["`y': invalid format character"], fatal: true });
  });

  it('prints any integer as String does, and any string unchanged with %s', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 62n), max: 2n ** 62n }), fc.string({ unit: 'binary-ascii' }), (n, s) => {
        expect(f('%d', n.toString()).text).toBe(n.toString());
        expect(f('%s', s).text).toBe(s);
      }),
    );
  });
});

describe('echo -e escapes', () => {
  it('accepts \\0NNN but not \\NNN, and stops at \\c', () => {
    expect(expandEscapes('\\0101\\101', 'echo')).toEqual({ text: 'A\\101', stop: false });
    expect(expandEscapes('a\\cb', 'echo')).toEqual({ text: 'a', stop: true });
    expect(expandEscapes('\\e[0m\\u00e9', 'echo').text).toBe('\x1b[0m\u00e9');
  });
});
