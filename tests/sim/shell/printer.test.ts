// biome-ignore-all lint/suspicious/noTemplateCurlyInString: shell source is full of ${...}, and these strings are shell source.
import { describe, expect, it } from 'vitest';
import { parseScript } from '../../../src/sim/shell/parser.ts';
import { printAndOr, printCommand, printRedirect, printScript, printWord } from '../../../src/sim/shell/printer.ts';
import { assign, bg, chain, cmd, dq, dupIn, dupOut, esc, not, param, pipe, script, simple, sq, sub, to, word } from './build.ts';

function reprint(source: string): string {
  const r = parseScript(source);
  if (!r.ok) throw new Error(r.error.message);
  return printScript(r.script);
}

describe('the printer', () => {
  it.each([
    ['ls   -l|wc', 'ls -l | wc'],
    ['a&&b||c', 'a && b || c'],
    ['a;b&c', 'a; b & c'],
    ['a\nb\n\n', 'a; b'],
    ['sleep 1&', 'sleep 1 &'],
    ['!  a', '! a'],
    ['>out  echo hi', 'echo hi >out'],
    ['cmd 1>a 0<b 2>&1 1>&2 0<&3 2>&- &>c &>> d', 'cmd >a <b 2>&1 >&2 <&3 2>&- &>c &>>d'],
    ['x=1   y="a b" cmd', 'x=1 y="a b" cmd'],
    ['( a ; b ) >f', '(a; b) >f'],
    ['((a))', '( (a))'],
    ['echo "a $x ${y}z \\$" \'q\' \\;', 'echo "a $x ${y}z \\$" \'q\' \\;'],
    ['echo a\\\nb # comment', 'echo ab'],
  ])('prints %j as %j', (source, printed) => {
    expect(reprint(source)).toBe(printed);
  });

  it('prints each level on its own, as job listings need', () => {
    const list = bg(chain(pipe(cmd('a'), cmd('b')), ['||', cmd('c')]));
    expect(printAndOr(list)).toBe('a | b || c');
    expect(printScript(script(list))).toBe('a | b || c &');
    expect(printCommand(sub([cmd('x')], [to('f', 2)]))).toBe('(x) 2>f');
    expect(printRedirect(dupIn(4, 'close'))).toBe('4<&-');
    expect(printWord(word(param('HOME'), '/x'))).toBe('$HOME/x');
  });

  describe('trees built by hand', () => {
    it('escapes what would otherwise end or change a word', () => {
      expect(printWord(word('a b|c;d&e(f)g<h>i\'j"k\\l`m'))).toBe('a\\ b\\|c\\;d\\&e\\(f\\)g\\<h\\>i\\\'j\\"k\\\\l\\`m');
      expect(printWord(word('#x'))).toBe('\\#x');
      expect(printWord(word('x#'))).toBe('x#');
      expect(printWord(word('a\nb'))).toBe("a'\n'b");
      expect(printWord(word('$x', '$'))).toBe('\\$x$');
      expect(printWord(word('$', param('x')))).toBe('\\$$x');
    });

    it('braces a parameter when text after it would lengthen its name', () => {
      expect(printWord(word(param('x'), 'y'))).toBe('${x}y');
      expect(printWord(word(param('x'), '.y'))).toBe('$x.y');
      expect(printWord(word(param('10')))).toBe('${10}');
      expect(printWord(word(dq(param('x'), 'y')))).toBe('"${x}y"');
    });

    it('quotes single quotes, odd escapes and empty words so they survive', () => {
      expect(printWord(word(sq("it's")))).toBe("'it'\\''s'");
      expect(printWord(word(esc('\n')))).toBe("'\n'");
      expect(printWord(word(esc('ab')))).toBe("'ab'");
      expect(printWord(word())).toBe("''");
      expect(printWord(word(''))).toBe("''");
      expect(printWord(word(dq('say "hi" `x` \\n \\', esc('$'))))).toBe('"say \\"hi\\" \\`x\\` \\n \\\\\\$"');
    });

    it('keeps a first word that looks like an assignment or `!` a plain word', () => {
      const printed = printScript(script(not(cmd('a=1')), cmd('!', 'x'), pipe(cmd('a'), cmd('!'))));
      expect(printed).toBe('! \\a=1; \\! x; a | !');
      const r = parseScript(printed);
      expect(r.ok && r.script.body.map((item) => item.head.commands.map((c) => c.kind === 'simple' && c.assignments.length))).toEqual([[0], [0], [0, 0]]);
      expect(r.ok && r.script.body.map((item) => item.head.negated)).toEqual([true, false, false]);
    });

    it('prints assignments with their values', () => {
      expect(printCommand(simple({ assign: [assign('a'), assign('b', dq('x y')), assign('c', '~/bin')], redirects: [dupOut(2, 1)] }))).toBe(
        'a= b="x y" c=~/bin 2>&1',
      );
    });
  });
});
