import { type DoubleQuotedInner, SPECIAL_PARAMS, type Word, type WordPart } from './ast.ts';
import { quoteToken, type ShellSyntaxError, type SourcePos, syntaxError } from './errors.ts';

/**
 * The lexer: source text to tokens, POSIX style. Words keep their quoting as parts (see
 * ast.ts); operators are matched longest first; `#` starts a comment only where a token
 * could start; backslash-newline vanishes everywhere except inside single quotes and comments.
 *
 * It never stops on an error: the error becomes the last token, and the parser reports it
 * only if it gets that far, so `) 'oops` is blamed on the `)` and not on the quote.
 */

export type ControlOp = '|' | '||' | '&&' | ';' | ';;' | '&' | '(' | ')';
export type RedirectOp = '<' | '>' | '>>' | '<&' | '>&' | '&>' | '&>>';

export type Token =
  | { kind: 'word'; word: Word; text: string; pos: SourcePos }
  | { kind: 'control'; op: ControlOp; pos: SourcePos }
  /** `fd` is the number written right before the operator (`2>`), or null. `pos` is where the token starts. */
  | { kind: 'redirect'; op: RedirectOp; fd: number | null; text: string; pos: SourcePos }
  | { kind: 'newline'; pos: SourcePos }
  | { kind: 'eof'; pos: SourcePos }
  /** Always the last token: the input cannot be read past this point. */
  | { kind: 'error'; error: ShellSyntaxError };

/** The largest fd number a redirection may name; the kernel refuses what it has no slot for. */
export const MAX_FD_NUMBER = 2 ** 31 - 1;

const BLANK = new Set([' ', '\t']);
const OPERATOR_START = new Set(['|', '&', ';', '(', ')', '<', '>']);
const REDIRECT_OPS: ReadonlySet<string> = new Set(['<', '>', '>>', '<&', '>&', '&>', '&>>']);
const SPECIALS: ReadonlySet<string> = new Set(SPECIAL_PARAMS);
const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;
const DIGIT = /[0-9]/;
/** Characters a backslash escapes inside double quotes; before anything else it stands for itself. */
const DOUBLE_ESCAPABLE = new Set(['$', '`', '"', '\\']);

interface Cursor {
  src: string;
  i: number;
  /** Offset of each line's first character, for turning offsets into line and column. */
  lineStarts: number[];
  /** Set when a backslash-newline is the very last thing in the input: more must follow. */
  joinAtEnd: number | null;
}

export function tokenize(src: string): Token[] {
  const c: Cursor = { src, i: 0, lineStarts: lineStartsOf(src), joinAtEnd: null };
  const tokens: Token[] = [];
  let afterRedirect = false;
  for (;;) {
    skipBlanks(c);
    if (c.i >= src.length) {
      tokens.push(endToken(c));
      return tokens;
    }
    const start = c.i;
    const ch = src[c.i];
    if (ch === '#') {
      while (c.i < src.length && src[c.i] !== '\n') c.i++;
      continue;
    }
    if (ch === '\n') {
      c.i++;
      tokens.push({ kind: 'newline', pos: at(c, start) });
      afterRedirect = false;
      continue;
    }
    const token: Token = OPERATOR_START.has(ch) ? readOperator(c, null, start) : readWordOrIoNumber(c, afterRedirect);
    tokens.push(token);
    if (token.kind === 'error') return tokens;
    afterRedirect = token.kind === 'redirect';
  }
}

/** A word; or, when it is all digits and touches `<` or `>`, the fd of the redirection that follows. */
function readWordOrIoNumber(c: Cursor, afterRedirect: boolean): Token {
  const start = c.i;
  const parts = readWord(c);
  if (!Array.isArray(parts)) return { kind: 'error', error: parts };
  const text = c.src.slice(start, c.i);
  const only = parts.length === 1 ? parts[0] : null;
  const ioNumber = !afterRedirect && only?.kind === 'literal' && /^[0-9]+$/.test(only.text) && (c.src[c.i] === '<' || c.src[c.i] === '>');
  if (only && ioNumber) {
    const fd = Number(only.text);
    if (fd > MAX_FD_NUMBER) return errorToken(c, 'file descriptor number too large', start);
    return readOperator(c, fd, start);
  }
  return { kind: 'word', word: { parts }, text, pos: at(c, start) };
}

/** The longest operator at the cursor; `start` is where its token starts (at the fd, if there is one). */
function readOperator(c: Cursor, fd: number | null, start: number): Token {
  const opStart = c.i;
  let op = c.src[c.i];
  step(c);
  /** Takes `ch` into the operator if it comes next (a backslash-newline may sit in between). */
  const extend = (ch: string): boolean => {
    if (c.src[c.i] !== ch) return false;
    op += ch;
    step(c);
    return true;
  };
  switch (op) {
    case '|':
      extend('|');
      break;
    case '&':
      if (!extend('&') && extend('>')) extend('>');
      break;
    case ';':
      extend(';');
      break;
    case '>':
      if (!extend('>')) extend('&');
      break;
    case '<':
      if (c.src[c.i] === '<') return errorToken(c, "here-documents ('<<') are not supported", opStart);
      extend('&');
      break;
  }
  const pos = at(c, start);
  if (REDIRECT_OPS.has(op)) return { kind: 'redirect', op: op as RedirectOp, fd, text: c.src.slice(start, c.i), pos };
  return { kind: 'control', op: op as ControlOp, pos };
}

function step(c: Cursor): void {
  c.i++;
  skipJoins(c);
}

/** Reads one word's parts, stopping at a blank, a newline or an operator character. */
function readWord(c: Cursor): WordPart[] | ShellSyntaxError {
  const parts: WordPart[] = [];
  const { src } = c;
  for (;;) {
    skipJoins(c);
    if (c.i >= src.length) return parts;
    const ch = src[c.i];
    if (BLANK.has(ch) || ch === '\n' || OPERATOR_START.has(ch)) return parts;
    if (ch === '\\') {
      // A backslash at the very end of the input has nothing to escape and stands for itself.
      if (c.i + 1 >= src.length) {
        parts.push({ kind: 'escaped', text: '\\' });
        c.i++;
        continue;
      }
      const escaped = String.fromCodePoint(src.codePointAt(c.i + 1)!);
      parts.push({ kind: 'escaped', text: escaped });
      c.i += 1 + escaped.length;
    } else if (ch === "'") {
      const close = src.indexOf("'", c.i + 1);
      if (close < 0) return syntaxError('unterminated single quote', at(c, c.i), true);
      parts.push({ kind: 'single', text: src.slice(c.i + 1, close) });
      c.i = close + 1;
    } else if (ch === '"') {
      const part = readDoubleQuoted(c);
      if ('message' in part) return part;
      parts.push(part);
    } else {
      const bad = readPlain(c, parts);
      if (bad) return bad;
    }
  }
}

function readDoubleQuoted(c: Cursor): { kind: 'double'; parts: DoubleQuotedInner[] } | ShellSyntaxError {
  const open = c.i++;
  const parts: DoubleQuotedInner[] = [];
  const { src } = c;
  for (;;) {
    skipJoins(c);
    if (c.i >= src.length) return syntaxError('unterminated double quote', at(c, open), true);
    const ch = src[c.i];
    if (ch === '"') {
      c.i++;
      return { kind: 'double', parts };
    }
    if (ch === '\\' && DOUBLE_ESCAPABLE.has(src[c.i + 1])) {
      parts.push({ kind: 'escaped', text: src[c.i + 1] });
      c.i += 2;
    } else {
      const bad = readPlain(c, parts);
      if (bad) return bad;
    }
  }
}

/** `$name`, `${name}`, `$?` and friends; a `$` that starts none of them is just a dollar sign. */
function readDollar(c: Cursor): { kind: 'literal'; text: string } | { kind: 'param'; name: string; braced: boolean } | ShellSyntaxError {
  const dollar = c.i++;
  skipJoins(c);
  const ch = c.src[c.i] ?? '';
  if (ch === '{') return readBraced(c, dollar);
  if (ch === '(') return syntaxError("command substitution '$(...)' is not supported", at(c, dollar));
  if (DIGIT.test(ch) || SPECIALS.has(ch)) {
    c.i++;
    return { kind: 'param', name: ch, braced: false };
  }
  if (!NAME_START.test(ch)) return { kind: 'literal', text: '$' };
  let name = '';
  while (c.i < c.src.length && NAME_CHAR.test(c.src[c.i])) {
    name += c.src[c.i++];
    skipJoins(c);
  }
  return { kind: 'param', name, braced: false };
}

function readBraced(c: Cursor, dollar: number): { kind: 'param'; name: string; braced: true } | ShellSyntaxError {
  c.i++; // the '{'
  let inside = '';
  for (;;) {
    skipJoins(c);
    if (c.i >= c.src.length) return syntaxError("unterminated '${'", at(c, dollar), true);
    const ch = c.src[c.i++];
    if (ch === '}') break;
    inside += ch;
  }
  if (/^([A-Za-z_][A-Za-z0-9_]*|[0-9]+)$/.test(inside) || SPECIALS.has(inside)) return { kind: 'param', name: inside, braced: true };
  return syntaxError(`bad substitution ${quoteToken(`\${${inside}}`)}`, at(c, dollar));
}

/** Adds text to the word, joining it to a literal right before it so a run of plain text is one part. */
/**
 * What words and double-quoted strings read alike: a `$` expansion, a backquote (refused),
 * or one literal character. Returns a syntax error, or null after consuming input.
 */
function readPlain(c: Cursor, parts: (WordPart | DoubleQuotedInner)[]): ShellSyntaxError | null {
  const ch = c.src[c.i];
  if (ch === '`') return syntaxError('command substitution with backquotes is not supported', at(c, c.i));
  if (ch === '$') {
    const part = readDollar(c);
    if ('message' in part) return part;
    if (part.kind === 'literal') pushLiteral(parts, part.text);
    else parts.push(part);
    return null;
  }
  pushLiteral(parts, ch);
  c.i++;
  return null;
}

function pushLiteral(parts: (WordPart | DoubleQuotedInner)[], text: string): void {
  const last = parts[parts.length - 1];
  if (last?.kind === 'literal') last.text += text;
  else parts.push({ kind: 'literal', text });
}

function skipBlanks(c: Cursor): void {
  for (;;) {
    skipJoins(c);
    if (!BLANK.has(c.src[c.i])) return;
    c.i++;
  }
}

/** Steps over backslash-newline pairs, which join two lines into one. */
function skipJoins(c: Cursor): void {
  while (c.src[c.i] === '\\' && c.src[c.i + 1] === '\n') {
    c.i += 2;
    if (c.i >= c.src.length) c.joinAtEnd = c.i - 2;
  }
}

function endToken(c: Cursor): Token {
  if (c.joinAtEnd !== null) return errorToken(c, "unexpected end of input after '\\' line continuation", c.joinAtEnd, true);
  return { kind: 'eof', pos: at(c, c.src.length) };
}

function errorToken(c: Cursor, detail: string, offset: number, incomplete = false): Token {
  return { kind: 'error', error: syntaxError(detail, at(c, offset), incomplete) };
}

function lineStartsOf(src: string): number[] {
  const starts = [0];
  for (let i = src.indexOf('\n'); i >= 0; i = src.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** The line and column of an offset, by binary search over the line starts. */
function at(c: Cursor, offset: number): SourcePos {
  let lo = 0;
  let hi = c.lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (c.lineStarts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - c.lineStarts[lo] + 1, offset };
}
