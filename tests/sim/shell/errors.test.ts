// biome-ignore-all lint/suspicious/noTemplateCurlyInString: shell source is full of ${...}, and these strings are shell source.
import { describe, expect, it } from 'vitest';
import { isIncomplete } from '../../../src/sim/shell/errors.ts';
import { parseScript } from '../../../src/sim/shell/parser.ts';

/** Source, the exact message, line and column, and whether more input could complete it. */
const errors: [string, string, number, number, boolean][] = [
  // Unexpected tokens.
  ['| ls', "syntax error near unexpected token '|' (column 1)", 1, 1, false],
  ['ls | | wc', "syntax error near unexpected token '|' (column 6)", 1, 6, false],
  ['ls || && x', "syntax error near unexpected token '&&' (column 7)", 1, 7, false],
  [';;', "syntax error near unexpected token ';;' (column 1)", 1, 1, false],
  ['ls ;;', "syntax error near unexpected token ';;' (column 4)", 1, 4, false],
  ['; ls', "syntax error near unexpected token ';' (column 1)", 1, 1, false],
  ['ls; ;', "syntax error near unexpected token ';' (column 5)", 1, 5, false],
  ['ls & &', "syntax error near unexpected token '&' (column 6)", 1, 6, false],
  ['&', "syntax error near unexpected token '&' (column 1)", 1, 1, false],
  [')', "syntax error near unexpected token ')' (column 1)", 1, 1, false],
  ['ls )', "syntax error near unexpected token ')' (column 4)", 1, 4, false],
  ['()', "syntax error near unexpected token ')' (column 2)", 1, 2, false],
  ['( ; )', "syntax error near unexpected token ';' (column 3)", 1, 3, false],
  ['(ls) foo', "syntax error near unexpected token 'foo' (column 6)", 1, 6, false],
  ['ls (', "syntax error near unexpected token '(' (column 4)", 1, 4, false],
  ['! \n', "syntax error near unexpected token 'newline' (column 3)", 1, 3, false],
  ['echo a\nls )', "syntax error near unexpected token ')' (line 2, column 4)", 2, 4, false],
  // Lexing is lazy: the `)` is reported, not the unterminated quote after it.
  [") 'abc", "syntax error near unexpected token ')' (column 1)", 1, 1, false],
  // Missing redirection targets.
  ['ls >', "syntax error: missing target for redirection '>' (column 4)", 1, 4, false],
  ['ls 2>', "syntax error: missing target for redirection '2>' (column 4)", 1, 4, false],
  ['ls > | wc', "syntax error: missing target for redirection '>' (column 4)", 1, 4, false],
  ['ls >>\nx', "syntax error: missing target for redirection '>>' (column 4)", 1, 4, false],
  ['ls &> ;', "syntax error: missing target for redirection '&>' (column 4)", 1, 4, false],
  ['cat < > x', "syntax error: missing target for redirection '<' (column 5)", 1, 5, false],
  ['echo > #x', "syntax error: missing target for redirection '>' (column 6)", 1, 6, false],
  ['ls >&x', "syntax error: '>&' needs a file descriptor number or '-', not 'x' (column 6)", 1, 6, false],
  ['ls 2>&"1"', "syntax error: '>&' needs a file descriptor number or '-', not '\"1\"' (column 7)", 1, 7, false],
  ['ls <&', "syntax error: missing target for redirection '<&' (column 4)", 1, 4, false],
  ['ls 99999999999>f', 'syntax error: file descriptor number too large (column 4)', 1, 4, false],
  // Input that ends too early: an interactive shell asks for another line.
  ['ls &&', "syntax error: unexpected end of input after '&&' (column 6)", 1, 6, true],
  ['ls ||', "syntax error: unexpected end of input after '||' (column 6)", 1, 6, true],
  ['ls |', "syntax error: unexpected end of input after '|' (column 5)", 1, 5, true],
  ['ls |\n', "syntax error: unexpected end of input after '|' (line 2, column 1)", 2, 1, true],
  ['a &&\n\n', "syntax error: unexpected end of input after '&&' (line 3, column 1)", 3, 1, true],
  ['( ls', "syntax error: '(' is never closed (column 1)", 1, 1, true],
  ['echo ok\n(ls\n', "syntax error: '(' is never closed (line 2, column 1)", 2, 1, true],
  ['(a; (b)', "syntax error: '(' is never closed (column 1)", 1, 1, true],
  ["echo 'abc", 'syntax error: unterminated single quote (column 6)', 1, 6, true],
  ["echo \"a\" 'b", 'syntax error: unterminated single quote (column 10)', 1, 10, true],
  ['echo "abc', 'syntax error: unterminated double quote (column 6)', 1, 6, true],
  ['echo "a\\"', 'syntax error: unterminated double quote (column 6)', 1, 6, true],
  ["echo 'a\nb", 'syntax error: unterminated single quote (column 6)', 1, 6, true],
  ['x\n  "y', 'syntax error: unterminated double quote (line 2, column 3)', 2, 3, true],
  ['echo ${x', "syntax error: unterminated '${' (column 6)", 1, 6, true],
  ['ls \\\n', "syntax error: unexpected end of input after '\\' line continuation (column 4)", 1, 4, true],
  ['ls\\\n', "syntax error: unexpected end of input after '\\' line continuation (column 3)", 1, 3, true],
  // `!` must be followed by a command on the same line.
  ['!', "syntax error: unexpected end of input after '!' (column 2)", 1, 2, false],
  // What the shell does not support says so.
  ['echo ${}', "syntax error: bad substitution '${}' (column 6)", 1, 6, false],
  ['echo ${a-b}', "syntax error: bad substitution '${a-b}' (column 6)", 1, 6, false],
  ['echo "${ x }"', "syntax error: bad substitution '${ x }' (column 7)", 1, 7, false],
  ['echo $(ls)', "syntax error: command substitution '$(...)' is not supported (column 6)", 1, 6, false],
  ['echo "a $(ls)"', "syntax error: command substitution '$(...)' is not supported (column 9)", 1, 9, false],
  ['echo `ls`', 'syntax error: command substitution with backquotes is not supported (column 6)', 1, 6, false],
  ['cat <<EOF', "syntax error: here-documents ('<<') are not supported (column 5)", 1, 5, false],
];

describe('syntax errors', () => {
  it.each(errors)('%j: %s', (source, message, line, column, incomplete) => {
    const r = parseScript(source);
    expect(r).toEqual({ ok: false, error: { message, line, column, incomplete } });
    if (!r.ok) expect(isIncomplete(r.error)).toBe(incomplete);
  });

  it('refuses subshells nested past the limit, at the first one too many', () => {
    const r = parseScript(`${'('.repeat(101)}x${')'.repeat(101)}`);
    expect(r).toEqual({ ok: false, error: { message: 'syntax error: subshells nested more than 100 deep (column 101)', line: 1, column: 101, incomplete: false } });
  });

  it('shortens a long token in the message', () => {
    const r = parseScript(`(ls) ${'x'.repeat(40)}`);
    expect(!r.ok && r.error.message).toBe("syntax error near unexpected token 'xxxxxxxxxxxxxxxxxxxxx...' (column 6)");
  });

  it('completes once the continuation line arrives', () => {
    const lines = ['echo "one', 'two" |', 'wc -c &&', '(echo a', 'echo b) \\', '>out\n'];
    let source = '';
    for (const [i, line] of lines.entries()) {
      source += `${line}\n`;
      const r = parseScript(source);
      if (i < lines.length - 1) expect(!r.ok && isIncomplete(r.error)).toBe(true);
      else expect(r.ok).toBe(true);
    }
  });
});
