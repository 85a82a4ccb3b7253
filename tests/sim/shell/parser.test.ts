// biome-ignore-all lint/suspicious/noTemplateCurlyInString: shell source is full of ${...}, and these strings are shell source.
import { describe, expect, it } from 'vitest';
import type { Script } from '../../../src/sim/shell/ast.ts';
import { parseScript } from '../../../src/sim/shell/parser.ts';
import { printScript } from '../../../src/sim/shell/printer.ts';
import {
  append,
  assign,
  bg,
  both,
  chain,
  cmd,
  dq,
  dupIn,
  dupOut,
  esc,
  from,
  not,
  param,
  pipe,
  script,
  simple,
  sq,
  sub,
  to,
  word,
} from './build.ts';

/** Source text and the exact tree it must parse to. */
const cases: [string, Script][] = [
  // Empty input, blank lines and comments.
  ['', script()],
  ['  \n\n\t\n', script()],
  ['# only a comment', script()],
  ['ls # the rest is a comment', script(cmd('ls'))],
  ['echo a#b', script(cmd('echo', 'a#b'))],
  ['echo #a b', script(cmd('echo'))],
  ['ls;#c\npwd', script(cmd('ls'), cmd('pwd'))],
  // Words.
  ['ls', script(cmd('ls'))],
  ['ls -l   /tmp', script(cmd('ls', '-l', '/tmp'))],
  ['echo {a,b} ~ =x @%+,.:', script(cmd('echo', '{a,b}', '~', '=x', '@%+,.:'))],
  ["echo 'single $x \\ \"'", script(cmd('echo', word(sq('single $x \\ "'))))],
  ['echo "a $x ${y}z"', script(cmd('echo', word(dq('a ', param('x'), ' ', param('y', true), 'z'))))],
  ['echo "\\$ \\" \\\\ \\` \\a"', script(cmd('echo', word(dq(esc('$'), ' ', esc('"'), ' ', esc('\\'), ' ', esc('`'), ' \\a'))))],
  ['echo \\$x \\\\ \\ a', script(cmd('echo', word(esc('$'), 'x'), word(esc('\\')), word(esc(' '), 'a')))],
  ["echo a'b'\"c\"d\\e", script(cmd('echo', word('a', sq('b'), dq('c'), 'd', esc('e'))))],
  ["echo '' \"\"", script(cmd('echo', word(sq('')), word(dq())))],
  ['echo \\é \\😀x', script(cmd('echo', word(esc('é')), word(esc('😀'), 'x')))],
  ['echo trailing\\', script(cmd('echo', word('trailing', esc('\\'))))],
  // Parameters.
  [
    'echo $? $$ $! $# $0 $9 $10 ${10} $* $@',
    script(
      cmd(
        'echo',
        word(param('?')),
        word(param('$')),
        word(param('!')),
        word(param('#')),
        word(param('0')),
        word(param('9')),
        word(param('1'), '0'),
        word(param('10', true)),
        word(param('*')),
        word(param('@')),
      ),
    ),
  ],
  ['echo $HOME/x $a_1b ${x}y $x.y', script(cmd('echo', word(param('HOME'), '/x'), word(param('a_1b')), word(param('x', true), 'y'), word(param('x'), '.y')))],
  ['echo $ a$ $- "$" $%', script(cmd('echo', '$', 'a$', '$-', word(dq('$')), '$%'))],
  // Line continuations vanish, except inside single quotes.
  ['echo a\\\nb', script(cmd('echo', 'ab'))],
  ['ls \\\n  -l', script(cmd('ls', '-l'))],
  ["echo 'a\\\nb'", script(cmd('echo', word(sq('a\\\nb'))))],
  ['echo "a\\\nb"', script(cmd('echo', word(dq('ab'))))],
  ['echo "a\nb"', script(cmd('echo', word(dq('a\nb'))))],
  ['a &\\\n& b', script(chain(cmd('a'), ['&&', cmd('b')]))],
  // Pipelines and negation.
  ['ls | wc -l', script(pipe(cmd('ls'), cmd('wc', '-l')))],
  ['a|b|c', script(pipe(cmd('a'), cmd('b'), cmd('c')))],
  ['a |\n\n b', script(pipe(cmd('a'), cmd('b')))],
  ['a | # why\n b', script(pipe(cmd('a'), cmd('b')))],
  ['a && # why\n b', script(chain(cmd('a'), ['&&', cmd('b')]))],
  ['! grep x f', script(not(cmd('grep', 'x', 'f')))],
  ['! a | b', script(not(cmd('a'), cmd('b')))],
  ['! ! true', script(pipe(cmd('true')))],
  ['!ls', script(cmd('!ls'))],
  ['echo ! x', script(cmd('echo', '!', 'x'))],
  ['a | ! b', script(pipe(cmd('a'), cmd('!', 'b')))],
  ["'!' x", script(cmd(word(sq('!')), 'x'))],
  // And-or lists.
  ['a && b || c', script(chain(cmd('a'), ['&&', cmd('b')], ['||', cmd('c')]))],
  ['a || b && c', script(chain(cmd('a'), ['||', cmd('b')], ['&&', cmd('c')]))],
  ['a &&\n\n b', script(chain(cmd('a'), ['&&', cmd('b')]))],
  ['! a && b | c', script(chain(not(cmd('a')), ['&&', pipe(cmd('b'), cmd('c'))]))],
  // Separators and background.
  ['a; b; c', script(cmd('a'), cmd('b'), cmd('c'))],
  ['a;', script(cmd('a'))],
  ['a\nb\n', script(cmd('a'), cmd('b'))],
  ['a;\n\nb', script(cmd('a'), cmd('b'))],
  ['sleep 10 &', script(bg(cmd('sleep', '10')))],
  ['a & b', script(bg(cmd('a')), cmd('b'))],
  ['a && b & c || d;', script(bg(chain(cmd('a'), ['&&', cmd('b')])), chain(cmd('c'), ['||', cmd('d')]))],
  ['a&&b||c;d&e', script(chain(cmd('a'), ['&&', cmd('b')], ['||', cmd('c')]), bg(cmd('d')), cmd('e'))],
  ['a &\nb &', script(bg(cmd('a')), bg(cmd('b')))],
  // Subshells.
  ['(a; b)', script(sub([cmd('a'), cmd('b')]))],
  ['(a;)', script(sub([cmd('a')]))],
  ['(\n a\n b\n)', script(sub([cmd('a'), cmd('b')]))],
  ['(a) | b', script(pipe(sub([cmd('a')]), cmd('b')))],
  ['(a && b) > out 2>&1 &', script(bg(sub([chain(cmd('a'), ['&&', cmd('b')])], [to('out'), dupOut(2, 1)])))],
  ['(a)>f', script(sub([cmd('a')], [to('f')]))],
  ['((a))', script(sub([sub([cmd('a')])]))],
  ['a | (b; c &) | d', script(pipe(cmd('a'), sub([cmd('b'), bg(cmd('c'))]), cmd('d')))],
  ['! (false)', script(not(sub([cmd('false')])))],
  // Assignments.
  ['x=1', script(simple({ assign: [assign('x', '1')] }))],
  ['x=1 y=$z cmd', script(simple({ assign: [assign('x', '1'), assign('y', param('z'))], words: ['cmd'] }))],
  ['x= cmd', script(simple({ assign: [assign('x')], words: ['cmd'] }))],
  ['x="a b"', script(simple({ assign: [assign('x', dq('a b'))] }))],
  ['_A9=a=b', script(simple({ assign: [assign('_A9', 'a=b')] }))],
  ['cmd x=1', script(cmd('cmd', 'x=1'))],
  ['"x"=1 cmd', script(cmd(word(dq('x'), '=1'), 'cmd'))],
  ['\\x=1', script(cmd(word(esc('x'), '=1')))],
  ['9x=1', script(cmd('9x=1'))],
  ['x=1 >f', script(simple({ assign: [assign('x', '1')], redirects: [to('f')] }))],
  ['>f x=1 cmd', script(simple({ assign: [assign('x', '1')], words: ['cmd'], redirects: [to('f')] }))],
  // Redirections, in every position.
  ['>out echo hi', script(simple({ words: ['echo', 'hi'], redirects: [to('out')] }))],
  ['echo >out hi', script(simple({ words: ['echo', 'hi'], redirects: [to('out')] }))],
  ['echo hi 2>err >>log <in', script(simple({ words: ['echo', 'hi'], redirects: [to('err', 2), append('log'), from('in')] }))],
  ['cat < in > out', script(simple({ words: ['cat'], redirects: [from('in'), to('out')] }))],
  ['cmd 2>>e 3>f 10<g 4<h', script(simple({ words: ['cmd'], redirects: [append('e', 2), to('f', 3), from('g', 10), from('h', 4)] }))],
  ['cmd 2>&1 >&2 3<&0 <&3 4>&- 5<&-', script(simple({ words: ['cmd'], redirects: [dupOut(2, 1), dupOut(1, 2), dupIn(3, 0), dupIn(0, 3), dupOut(4, 'close'), dupIn(5, 'close')] }))],
  ['cmd 2>& 1', script(simple({ words: ['cmd'], redirects: [dupOut(2, 1)] }))],
  ['cmd &>all &>>more', script(simple({ words: ['cmd'], redirects: [both('all'), both('more', '&>>')] }))],
  ['echo 2 >f', script(simple({ words: ['echo', '2'], redirects: [to('f')] }))],
  ['echo a2>f', script(simple({ words: ['echo', 'a2'], redirects: [to('f')] }))],
  ['echo "2">f', script(simple({ words: ['echo', word(dq('2'))], redirects: [to('f')] }))],
  ['echo x>y<z', script(simple({ words: ['echo', 'x'], redirects: [to('y'), from('z')] }))],
  // After `>&` a number is the target, even when a redirection follows without a space.
  ['cmd 2>&1>f', script(simple({ words: ['cmd'], redirects: [dupOut(2, 1), to('f')] }))],
  ['cmd >2>f', script(simple({ words: ['cmd'], redirects: [to('2'), to('f')] }))],
  ['> "my file" < $in', script(simple({ redirects: [to(word(dq('my file'))), from(word(param('in')))] }))],
  ['>f', script(simple({ redirects: [to('f')] }))],
  ['>f !', script(simple({ words: ['!'], redirects: [to('f')] }))],
  ['cmd >&-', script(simple({ words: ['cmd'], redirects: [dupOut(1, 'close')] }))],
  // Everything at once, over several lines.
  [
    'cd /tmp && ls -l | wc -l > count &\n(echo "$HOME"; false) || echo failed 2>&1\nx=1',
    script(
      bg(chain(cmd('cd', '/tmp'), ['&&', pipe(cmd('ls', '-l'), simple({ words: ['wc', '-l'], redirects: [to('count')] }))])),
      chain(sub([cmd('echo', word(dq(param('HOME')))), cmd('false')]), ['||', simple({ words: ['echo', 'failed'], redirects: [dupOut(2, 1)] })]),
      simple({ assign: [assign('x', '1')] }),
    ),
  ],
];

describe('the parser', () => {
  it.each(cases)('parses %j', (source, expected) => {
    const r = parseScript(source);
    expect(r).toEqual({ ok: true, script: expected });
  });

  it('has a table of at least 40 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  it.each(cases)('prints %j back to source that parses to the same tree', (source) => {
    const r = parseScript(source);
    if (!r.ok) throw new Error(r.error.message);
    const again = parseScript(printScript(r.script));
    expect(again).toEqual(r);
  });

  it('produces plain JSON data', () => {
    const r = parseScript('a=1 b | (c "$d" \'e\') >f 2>&1 && ! g &');
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });

  it('keeps redirections in the order they were written', () => {
    const r = parseScript('cmd >a 2>&1 >b');
    expect(r.ok && r.script.body[0].head.commands[0].redirects).toEqual([to('a'), dupOut(2, 1), to('b')]);
  });

  it('allows subshells nested up to the limit', () => {
    const deep = `${'('.repeat(100)}x${')'.repeat(100)}`;
    expect(parseScript(deep).ok).toBe(true);
  });

  it('leaves a literal part as one merged run of text', () => {
    const r = parseScript('a$-b\\c');
    expect(r).toEqual({ ok: true, script: script(cmd(word('a$-b', esc('c')))) });
  });
});
