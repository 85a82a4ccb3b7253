/**
 * Syntax errors are values, never exceptions. Each one says where it is (1-based line and
 * column, counted in UTF-16 code units, pointing at the offending character or just past
 * the end of the input), and whether more input could still make the text valid, so an
 * interactive shell knows to ask for a continuation line instead of reporting it.
 */
export interface ShellSyntaxError {
  /** The whole message, position included: `syntax error near unexpected token '|' (column 1)`. */
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

/** `syntax error: <detail> (column n)`. */
export function syntaxError(detail: string, pos: SourcePos, incomplete = false): ShellSyntaxError {
  return located(`syntax error: ${detail}`, pos, incomplete);
}

/** `syntax error near unexpected token '<token>' (column n)`, as bash words it. */
export function unexpectedToken(token: string, pos: SourcePos): ShellSyntaxError {
  return located(`syntax error near unexpected token ${quoteToken(token)}`, pos, false);
}

function located(message: string, pos: SourcePos, incomplete: boolean): ShellSyntaxError {
  const where = pos.line === 1 ? `column ${pos.column}` : `line ${pos.line}, column ${pos.column}`;
  return { message: `${message} (${where})`, line: pos.line, column: pos.column, incomplete };
}

/** How a token is named in a message: quoted, short, on one line, control characters made visible. */
export function quoteToken(text: string): string {
  const short = text.length > 24 ? `${text.slice(0, 21)}...` : text;
  return `'${short.replace(INVISIBLE, visible)}'`;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const INVISIBLE = /[\x00-\x1f\x7f\u2028\u2029]/g;
const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function visible(ch: string): string {
  return Object.hasOwn(NAMED, ch) ? NAMED[ch] : `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
}
