// biome-ignore-all lint/suspicious/noTemplateCurlyInString: shell source is full of ${...}, and these strings are shell source.
import { describe, expect, it } from 'vitest';
import { isIncomplete } from '../../../src/sim/shell/errors.ts';
import { parseScript } from '../../../src/sim/shell/parser.ts';

/** Source, the exact message, line and column, and whether more input could complete it. */
const errors: [string, string, number, number, boolean][] = [
  // Unexpected tokens.
  ["| ls", "syntax error near unexpected token `|'", 1, 1, false],
  ["ls | | wc", "syntax error near unexpected token `|'", 1, 6, false],
  ["ls || && x", "syntax error near unexpected token `&&'", 1, 7, false],
  [";;", "syntax error near unexpected token `;;'", 1, 1, false],
  ["ls ;;", "syntax error near unexpected token `;;'", 1, 4, false],
  ["; ls", "syntax error near unexpected token `;'", 1, 1, false],
  ["ls; ;", "syntax error near unexpected token `;'", 1, 5, false],
  ["ls & &", "syntax error near unexpected token `&'", 1, 6, false],
  ["&", "syntax error near unexpected token `&'", 1, 1, false],
  [")", "syntax error near unexpected token `)'", 1, 1, false],
  ["ls )", "syntax error near unexpected token `)'", 1, 4, false],
  ["()", "syntax error near unexpected token `)'", 1, 2, false],
  ["( ; )", "syntax error near unexpected token `;'", 1, 3, false],
  ["(ls) foo", "syntax error near unexpected token `foo'", 1, 6, false],
  ["ls (", "syntax error near unexpected token `newline'", 1, 5, false],
  ["! \n", "syntax error near unexpected token `newline'", 1, 3, false],
  ["echo a\nls )", "syntax error near unexpected token `)'", 2, 4, false],
  // Lexing is lazy: the `)` is reported, not the unterminated quote after it.
  [") 'abc", "syntax error near unexpected token `)'", 1, 1, false],
  // Missing redirection targets.
  ["ls >", "syntax error near unexpected token `newline'", 1, 5, false],
  ["ls 2>", "syntax error near unexpected token `newline'", 1, 6, false],
  ["ls > | wc", "syntax error near unexpected token `|'", 1, 6, false],
  ["ls >>\nx", "syntax error near unexpected token `newline'", 1, 6, false],
  ["ls &> ;", "syntax error near unexpected token `;'", 1, 7, false],
  ["cat < > x", "syntax error near unexpected token `>'", 1, 7, false],
  ["echo > #x", "syntax error near unexpected token `newline'", 1, 10, false],
  ["ls 2>&\"1\"", "\"1\": ambiguous redirect", 1, 7, false],
  ["ls <&", "syntax error near unexpected token `newline'", 1, 6, false],
  ["ls 99999999999>f", "syntax error: file descriptor number too large", 1, 4, false],
  // Input that ends too early: an interactive shell asks for another line.
  ["ls &&", "syntax error: unexpected end of file", 1, 6, true],
  ["ls ||", "syntax error: unexpected end of file", 1, 6, true],
  ["ls |", "syntax error: unexpected end of file", 1, 5, true],
  ["ls |\n", "syntax error: unexpected end of file", 2, 1, true],
  ["a &&\n\n", "syntax error: unexpected end of file", 3, 1, true],
  ["( ls", "syntax error: unexpected end of file", 1, 5, true],
  ["echo ok\n(ls\n", "syntax error: unexpected end of file", 3, 1, true],
  ["(a; (b)", "syntax error: unexpected end of file", 1, 8, true],
  ["echo 'abc", "unexpected EOF while looking for matching `''", 1, 6, true],
  ["echo \"a\" 'b", "unexpected EOF while looking for matching `''", 1, 10, true],
  ["echo \"abc", "unexpected EOF while looking for matching `\"'", 1, 6, true],
  ["echo \"a\\\"", "unexpected EOF while looking for matching `\"'", 1, 6, true],
  ["echo 'a\nb", "unexpected EOF while looking for matching `''", 1, 6, true],
  ["x\n  \"y", "unexpected EOF while looking for matching `\"'", 2, 3, true],
  ["echo ${x", "unexpected EOF while looking for matching `}'", 1, 6, true],
  ["ls \\\n", "unexpected end of file after `\\' line continuation\nsyntax error: unexpected end of file", 1, 4, true],
  ["ls\\\n", "unexpected end of file after `\\' line continuation\nsyntax error: unexpected end of file", 1, 3, true],
  // `!` must be followed by a command on the same line.
  ["!", "syntax error: unexpected end of file", 1, 2, true],
  // Compound commands, in bash's words.
  ["if true; then", "syntax error: unexpected end of file", 1, 14, true],
  ["if true; fi", "syntax error near unexpected token `fi'", 1, 10, false],
  ["if; then :; fi", "syntax error near unexpected token `;'", 1, 3, false],
  ["while true; do done", "syntax error near unexpected token `done'", 1, 16, false],
  ["for x in a b; echo $x; done", "syntax error near unexpected token `echo'", 1, 15, false],
  ["for 1 in a; do :; done", "`1': not a valid identifier", 1, 5, false],
  ["case x in a) echo", "syntax error: unexpected end of file", 1, 18, true],
  ["case x a) ;; esac", "syntax error near unexpected token `a'", 1, 8, false],
  ["{ echo a }", "syntax error: unexpected end of file", 1, 11, true],
  ["}", "syntax error near unexpected token `}'", 1, 1, false],
  ["fi", "syntax error near unexpected token `fi'", 1, 1, false],
  ["echo a; done", "syntax error near unexpected token `done'", 1, 9, false],
  ["f() echo", "syntax error near unexpected token `echo'", 1, 5, false],
  ["echo $(ls", "unexpected EOF while looking for matching `)'", 1, 6, true],
  ["echo `ls", "unexpected EOF while looking for matching ``'", 1, 6, true],
  ["echo $((1+2)", "unexpected EOF while looking for matching `)'", 1, 6, true],
  // Inside an arithmetic expansion the place is still counted in the whole script.
  ["echo $((1+`))", "unexpected EOF while looking for matching ``'", 1, 11, true],
  ["\n\necho $((a+`))", "unexpected EOF while looking for matching ``'", 3, 11, true],
  ["cat <<EOF\nhello", "here-document delimited by end-of-file (wanted `EOF')\nsyntax error: unexpected end of file", 1, 7, true],
  // Expansions the shell cannot read.
  ["echo ${}", "${}: bad substitution", 1, 6, false],
  ["echo \"${ x }\"", "${ x }: bad substitution", 1, 7, false],
  ["cat <<EOF", "here-document delimited by end-of-file (wanted `EOF')\nsyntax error: unexpected end of file", 1, 7, true],
];

describe('syntax errors', () => {
  it.each(errors)('%j: %s', (source, message, line, column, incomplete) => {
    const r = parseScript(source);
    expect(r).toEqual({ ok: false, error: { message, line, column, incomplete } });
    if (!r.ok) expect(isIncomplete(r.error)).toBe(incomplete);
  });

  it('refuses subshells nested past the limit, at the first one too many', () => {
    const r = parseScript(`${'('.repeat(101)}x${')'.repeat(101)}`);
    expect(r).toEqual({ ok: false, error: { message: 'syntax error: compound commands nested more than 100 deep', line: 1, column: 101, incomplete: false } });
  });

  it('shortens a long token in the message', () => {
    const r = parseScript(`(ls) ${'x'.repeat(40)}`);
    expect(!r.ok && r.error.message).toBe("syntax error near unexpected token `xxxxxxxxxxxxxxxxxxxxx...'");
  });

  it('completes once the continuation line arrives', () => {
    const lines = ['echo "one', 'two" |', 'wc -c &&', '(echo a', 'echo b) \\', '>out && if true', 'then cat <<EOF', 'body', 'EOF', 'fi\n'];
    let source = '';
    for (const [i, line] of lines.entries()) {
      source += `${line}\n`;
      const r = parseScript(source);
      if (i < lines.length - 1) expect(!r.ok && isIncomplete(r.error)).toBe(true);
      else expect(r.ok).toBe(true);
    }
  });
});

describe('a here-document at the end of a whole script', () => {
  it('ends with the input, with bash\'s warning naming the line before its body', () => {
    const r = parseScript('echo a\ncat <<EOF\nhello', true);
    expect(r.ok && r.warnings).toEqual(["warning: here-document at line 2 delimited by end-of-file (wanted `EOF')"]);
    // Without the whole input, more lines may still bring the delimiter: it is incomplete.
    const open = parseScript('echo a\ncat <<EOF\nhello');
    expect(!open.ok && open.error.incomplete).toBe(true);
  });
});
