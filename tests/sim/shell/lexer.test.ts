import { describe, expect, it } from 'vitest';
import { type Token, tokenize } from '../../../src/sim/shell/lexer.ts';

/** Each token as a short string: `w:text`, the operator itself, `r:2>`, `nl`, `eof`, or `error:...`. */
function shapes(src: string): string[] {
  return tokenize(src).map(shape);
}

function shape(t: Token): string {
  switch (t.kind) {
    case 'word':
      return `w:${t.text}`;
    case 'control':
      return t.op;
    case 'redirect':
      return `r:${t.fd ?? ''}${t.op}`;
    case 'newline':
      return 'nl';
    case 'eof':
      return 'eof';
    case 'error':
      return `error:${t.error.message}`;
  }
}

describe('the lexer', () => {
  it('matches every operator, longest first', () => {
    expect(shapes('a|b||c&&d;e;;f&g(h)i')).toEqual(['w:a', '|', 'w:b', '||', 'w:c', '&&', 'w:d', ';', 'w:e', ';;', 'w:f', '&', 'w:g', '(', 'w:h', ')', 'w:i', 'eof']);
    expect(shapes('<a >b >>c <&0 >&1 &>d &>>e')).toEqual(['r:<', 'w:a', 'r:>', 'w:b', 'r:>>', 'w:c', 'r:<&', 'w:0', 'r:>&', 'w:1', 'r:&>', 'w:d', 'r:&>>', 'w:e', 'eof']);
  });

  it('takes digits touching < or > as the fd of the redirection', () => {
    expect(shapes('x 2>e 10<f 2 >g a2>h "2">i')).toEqual(['w:x', 'r:2>', 'w:e', 'r:10<', 'w:f', 'w:2', 'r:>', 'w:g', 'w:a2', 'r:>', 'w:h', 'w:"2"', 'r:>', 'w:i', 'eof']);
  });

  it('never takes a redirection target as an fd', () => {
    expect(shapes('2>&1>f')).toEqual(['r:2>&', 'w:1', 'r:>', 'w:f', 'eof']);
  });

  it('ends a word at blanks, newlines and operators but not inside quotes', () => {
    expect(shapes('a"b c"d\'e|f\'g\th\ni')).toEqual(['w:a"b c"d\'e|f\'g', 'w:h', 'nl', 'w:i', 'eof']);
  });

  it('starts a comment only where a token could start', () => {
    expect(shapes('a#b #c d\ne')).toEqual(['w:a#b', 'nl', 'w:e', 'eof']);
    expect(shapes('x;#c\ny')).toEqual(['w:x', ';', 'nl', 'w:y', 'eof']);
    expect(shapes('echo $#')).toEqual(['w:echo', 'w:$#', 'eof']);
  });

  it('ignores a backslash-newline in a comment: the comment still ends at that newline', () => {
    expect(shapes('a # c \\\nb')).toEqual(['w:a', 'nl', 'w:b', 'eof']);
  });

  it('joins lines at backslash-newline, even inside an operator', () => {
    expect(shapes('a &\\\n& b\\\nc')).toEqual(['w:a', '&&', 'w:b\\\nc', 'eof']);
    const word = tokenize('b\\\nc')[0];
    expect(word.kind === 'word' && word.word).toEqual({ parts: [{ kind: 'literal', text: 'bc' }] });
  });

  it('gives every token its line and column', () => {
    const tokens = tokenize('ls -l\n  (cat)\tx>y');
    expect(tokens.map((t) => (t.kind === 'error' ? null : [t.pos.line, t.pos.column]))).toEqual([
      [1, 1],
      [1, 4],
      [1, 6],
      [2, 3],
      [2, 4],
      [2, 7],
      [2, 9],
      [2, 10],
      [2, 11],
      [2, 12],
    ]);
  });

  it('stops at the first error and makes it the last token', () => {
    expect(shapes("a 'b")).toEqual(['w:a', "error:unexpected EOF while looking for matching `''"]);
    expect(shapes('a <<b c')).toEqual(['w:a', 'r:<<', 'w:b', 'w:c', "error:here-document delimited by end-of-file (wanted `b')\nsyntax error: unexpected end of file"]);
  });

  it('treats a dollar sign that starts no parameter as plain text', () => {
    const [t] = tokenize('$.$-$');
    expect(t.kind === 'word' && t.word.parts).toEqual([{ kind: 'literal', text: '$.$-$' }]);
  });

  it('reads a name as far as it goes, and one digit after $', () => {
    const [t] = tokenize('$ab_1-$123');
    expect(t.kind === 'word' && t.word.parts).toEqual([
      { kind: 'param', name: 'ab_1', braced: false },
      { kind: 'literal', text: '-' },
      { kind: 'param', name: '1', braced: false },
      { kind: 'literal', text: '23' },
    ]);
  });

  it('reads carriage returns and control characters as word characters', () => {
    expect(shapes('a\r b\x00c')).toEqual(['w:a\r', 'w:b\x00c', 'eof']);
  });
});
