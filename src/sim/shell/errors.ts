/**
 * Syntax errors are values, never exceptions. Each one says where it is (1-based line and
 * column, counted in UTF-16 code units, pointing at the offending character or just past
 * the end of the input), and whether more input could still make the text valid, so an
 * interactive shell knows to ask for a continuation line instead of reporting it.
 */
export interface ShellSyntaxError {
  /** The message in bash's words, which are what people search for: ``syntax error near unexpected token `|'``. */
  message: string;
  line: number;
  column: number;
  /** True for an open quote, a trailing `|`, `&&` or `||`, an open `(`, or a final `\`-newline. */
  incomplete: boolean;
}

/** A place in the source: 1-based line and column, and the 0-based offset it came from. */
export interface SourcePos {
  line: number;
  column: number;
  offset: number;
}

/** Whether the error would go away with more input: an interactive shell then asks for another line. */
export function isIncomplete(error: ShellSyntaxError): boolean {
  return error.incomplete;
}

/**
 * A syntax error. An open quote or bracket says what bash 5.2 says, `unexpected EOF while
 * looking for matching ...`; other input that ends too early adds `syntax error:
 * unexpected end of file` after the detail; anything else is `syntax error: <detail>`, or
 * the detail alone when it is bash's own wording already.
 */
export function syntaxError(detail: string, pos: SourcePos, incomplete = false): ShellSyntaxError {
  // bash 5.2 says only what it looked for when a quote or a bracket is left open.
  const alone = detail.startsWith('unexpected EOF while looking for matching');
  const message = incomplete && !alone ? `${detail}\nsyntax error: unexpected end of file` : alone || detail.startsWith('`') || /: /.test(detail) ? detail : `syntax error: ${detail}`;
  return { message, line: pos.line, column: pos.column, incomplete };
}

/** Input that stopped where more was needed: `syntax error: unexpected end of file`. */
export function unexpectedEnd(pos: SourcePos): ShellSyntaxError {
  return { message: 'syntax error: unexpected end of file', line: pos.line, column: pos.column, incomplete: true };
}

/** ``syntax error near unexpected token `<token>'``, as bash words it. */
export function unexpectedToken(token: string, pos: SourcePos): ShellSyntaxError {
  return { message: `syntax error near unexpected token ${quoteToken(token)}`, line: pos.line, column: pos.column, incomplete: false };
}

/**
 * The lines a shell prints for a syntax error: bash's words, then the offending source
 * line with a caret under the column, so the place is plain to see.
 */
export function describeSyntaxError(error: ShellSyntaxError, source: string, prefix: string): string {
  const line = source.split('\n')[error.line - 1] ?? '';
  const lines = error.message.split('\n').map((m) => `${prefix}${m}\n`);
  if (line.trim() === '' || line.length > 200) return lines.join('');
  const shown = line.replace(INVISIBLE, ' ');
  const caret = `${' '.repeat(prefix.length + Math.min(error.column - 1, shown.length))}^`;
  return `${lines.join('')}${prefix}${shown}\n${caret}\n`;
}

/** How a token is named in a message, as bash quotes it: `` `x' ``, short, on one line, control characters made visible. */
export function quoteToken(text: string): string {
  const short = text.length > 24 ? `${text.slice(0, 21)}...` : text;
  return `\`${short.replace(INVISIBLE, visible)}'`;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const INVISIBLE = /[\x00-\x1f\x7f\u2028\u2029]/g;
const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function visible(ch: string): string {
  return Object.hasOwn(NAMED, ch) ? NAMED[ch] : `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
}
