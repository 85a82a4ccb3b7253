import { type DoubleQuotedInner, type ParamOp, type ParamPart, SPECIAL_PARAMS, type Word, type WordPart } from './ast.ts';
import { type ShellSyntaxError, type SourcePos, syntaxError } from './errors.ts';

/**
 * The lexer: source text to tokens, POSIX style. Words keep their quoting as parts (see
 * ast.ts); operators are matched longest first; `#` starts a comment only where a token
 * could start; backslash-newline vanishes everywhere except inside single quotes and comments.
 *
 * It never stops on an error: the error becomes the last token, and the parser reports it
 * only if it gets that far, so `) 'oops` is blamed on the `)` and not on the quote.
 */

export type ControlOp = '|' | '||' | '|&' | '&&' | ';' | ';;' | '&' | '(' | ')';
export type RedirectOp = '<' | '>' | '>>' | '<&' | '>&' | '&>' | '&>>' | '<<' | '<<-' | '<<<' | '>|';

/** A here-document's delimiter and, once the lines after the command have been read, its body. */
export interface HereDocSpec {
  delimiter: string;
  quoted: boolean;
  stripTabs: boolean;
  body: DoubleQuotedInner[];
}

export type Token =
  | { kind: 'word'; word: Word; text: string; pos: SourcePos }
  | { kind: 'control'; op: ControlOp; pos: SourcePos }
  /** `fd` is the number written right before the operator (`2>`), or null. `pos` is where the token starts. */
  | { kind: 'redirect'; op: RedirectOp; fd: number | null; text: string; pos: SourcePos; heredoc?: HereDocSpec }
  | { kind: 'newline'; pos: SourcePos }
  | { kind: 'eof'; pos: SourcePos }
  /** Always the last token: the input cannot be read past this point. */
  | { kind: 'error'; error: ShellSyntaxError };

/** The largest fd number a redirection may name; the kernel refuses what it has no slot for. */
export const MAX_FD_NUMBER = 2 ** 31 - 1;

const BLANK = new Set([' ', '\t']);
const OPERATOR_START = new Set(['|', '&', ';', '(', ')', '<', '>']);
const REDIRECT_OPS: ReadonlySet<string> = new Set(['<', '>', '>>', '<&', '>&', '&>', '&>>', '<<', '<<-', '<<<', '>|']);
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
  /** The input is whole: a here-document may end at its end. */
  atEnd?: boolean;
  unterminated?: HereDocAtEnd[];
}

/** A here-document that ran to the end of the input: bash warns, and takes what there is as its body. */
export interface HereDocAtEnd {
  /** The line before its body (bash's count): the `<<` line for the first here-document on it. */
  line: number;
  delimiter: string;
}

/**
 * The tokens of `src`. With `atEnd` the input is known to be whole (a script, `sh -c`, an
 * interactive shell's last lines before ^D): a here-document whose delimiter never comes
 * then ends at the end of the input, and is listed in `unterminated` for the warning;
 * without it, more input may follow, so it is an incomplete command.
 */
export function tokenize(src: string, atEnd = false, unterminated: HereDocAtEnd[] = []): Token[] {
  const c: Cursor = { src, i: 0, lineStarts: lineStartsOf(src), joinAtEnd: null, atEnd, unterminated };
  const tokens: Token[] = [];
  let afterRedirect = false;
  /** Here-documents whose bodies start after the next newline, and the one whose delimiter comes next. */
  const pending: { spec: HereDocSpec; pos: SourcePos }[] = [];
  let wantDelimiter: HereDocSpec | null = null;
  for (;;) {
    skipBlanks(c);
    if (c.i >= src.length) {
      if (pending.length > 0 && c.atEnd) {
        for (const doc of pending.splice(0)) c.unterminated?.push({ line: doc.pos.line, delimiter: doc.spec.delimiter });
      }
      if (pending.length > 0) {
        tokens.push(errorToken(c, `here-document delimited by end-of-file (wanted \`${pending[0].spec.delimiter}')`, pending[0].pos.offset, true));
        return tokens;
      }
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
      for (const doc of pending.splice(0)) {
        const bad = readHereBody(c, doc.spec, doc.pos);
        if (bad) {
          tokens.push({ kind: 'error', error: bad });
          return tokens;
        }
      }
      continue;
    }
    const token: Token = OPERATOR_START.has(ch) ? readOperator(c, null, start) : readWordOrIoNumber(c, afterRedirect);
    tokens.push(token);
    if (token.kind === 'error') return tokens;
    if (wantDelimiter && token.kind === 'word') {
      wantDelimiter.delimiter = unquotedText(token.word);
      wantDelimiter.quoted = token.word.parts.some((p) => p.kind !== 'literal');
      pending.push({ spec: wantDelimiter, pos: token.pos });
    }
    wantDelimiter = null;
    if (token.kind === 'redirect' && (token.op === '<<' || token.op === '<<-')) {
      token.heredoc = { delimiter: '', quoted: false, stripTabs: token.op === '<<-', body: [] };
      wantDelimiter = token.heredoc;
    }
    afterRedirect = token.kind === 'redirect';
  }
}

/** A here-document's delimiter as written, quotes removed: `'EOF'`, `"EOF"` and `\EOF` all mean EOF. */
function unquotedText(word: Word): string {
  return word.parts
    .map((p) => (p.kind === 'literal' || p.kind === 'single' || p.kind === 'escaped' ? p.text : p.kind === 'double' ? p.parts.map((q) => ('text' in q ? q.text : '')).join('') : ''))
    .join('');
}

/**
 * Reads a here-document's lines, from the cursor up to the line that is exactly its
 * delimiter (after leading tabs for `<<-`), and keeps them as the spec's body.
 */
function readHereBody(c: Cursor, spec: HereDocSpec, pos: SourcePos): ShellSyntaxError | null {
  let text = '';
  // bash names the line before the body: the `<<` line for the first here-document on it.
  const before = Math.max(1, at(c, c.i).line - 1);
  const runsOut = (): ShellSyntaxError | null => {
    if (!c.atEnd) return syntaxError(`here-document delimited by end-of-file (wanted \`${spec.delimiter}')`, pos, true);
    c.unterminated?.push({ line: before, delimiter: spec.delimiter });
    return null;
  };
  for (;;) {
    if (c.i >= c.src.length) {
      const bad = runsOut();
      if (bad) return bad;
      break;
    }
    const nl = c.src.indexOf('\n', c.i);
    const end = nl < 0 ? c.src.length : nl;
    let line = c.src.slice(c.i, end);
    c.i = nl < 0 ? end : end + 1;
    if (spec.stripTabs) line = line.replace(/^\t+/, '');
    if (line === spec.delimiter) break;
    if (nl < 0) {
      const bad = runsOut();
      if (bad) return bad;
      text += `${line}\n`;
      break;
    }
    text += `${line}\n`;
  }
  if (spec.quoted) {
    spec.body = text === '' ? [] : [{ kind: 'literal', text }];
    return null;
  }
  // Unquoted: `$`, backquotes and `\` work as inside double quotes; a `"` is just a quote.
  const sub: Cursor = { src: text, i: 0, lineStarts: lineStartsOf(text), joinAtEnd: null };
  const parts: DoubleQuotedInner[] = [];
  while (sub.i < text.length) {
    skipJoins(sub);
    if (sub.i >= text.length) break;
    const ch = text[sub.i];
    if (ch === '\\' && (text[sub.i + 1] === '$' || text[sub.i + 1] === '`' || text[sub.i + 1] === '\\')) {
      parts.push({ kind: 'escaped', text: text[sub.i + 1] });
      sub.i += 2;
    } else {
      const bad = readPlain(sub, parts);
      if (bad) return bad;
    }
  }
  spec.body = parts;
  return null;
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
      if (!extend('|')) extend('&');
      break;
    case '&':
      if (!extend('&') && extend('>')) extend('>');
      break;
    case ';':
      extend(';');
      break;
    case '>':
      if (!extend('>') && !extend('&')) extend('|');
      break;
    case '<':
      if (extend('<')) {
        if (!extend('<')) extend('-');
      } else {
        extend('&');
      }
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
    } else {
      const bad = readQuotedOrPlain(c, parts);
      if (bad) return bad;
    }
  }
}

/** What follows in a word at the cursor: a single-quoted string, a double-quoted one, or plain characters. */
function readQuotedOrPlain(c: Cursor, parts: WordPart[]): ShellSyntaxError | null {
  const ch = c.src[c.i];
  if (ch === "'") {
    const close = c.src.indexOf("'", c.i + 1);
    if (close < 0) return syntaxError("unexpected EOF while looking for matching `''", at(c, c.i), true);
    parts.push({ kind: 'single', text: c.src.slice(c.i + 1, close) });
    c.i = close + 1;
    return null;
  }
  if (ch === '"') {
    const part = readDoubleQuoted(c);
    if ('message' in part) return part;
    parts.push(part);
    return null;
  }
  return readPlain(c, parts) ?? null;
}

function readDoubleQuoted(c: Cursor): { kind: 'double'; parts: DoubleQuotedInner[] } | ShellSyntaxError {
  const open = c.i++;
  const parts: DoubleQuotedInner[] = [];
  const { src } = c;
  for (;;) {
    skipJoins(c);
    if (c.i >= src.length) return syntaxError('unexpected EOF while looking for matching `"\'', at(c, open), true);
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
function readDollar(c: Cursor): { kind: 'literal'; text: string } | ParamPart | DoubleQuotedInner | ShellSyntaxError {
  const dollar = c.i++;
  skipJoins(c);
  const ch = c.src[c.i] ?? '';
  if (ch === '{') return readBraced(c, dollar);
  if (ch === '(' && c.src[c.i + 1] === '(') {
    const arith = readArith(c, dollar);
    if (arith) return arith;
  }
  if (ch === '(') return readCommandSubst(c, dollar);
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

/** Operators of `${name<op>word}`, longest first so `:-` is not read as `:`. */
const PARAM_OPS: ParamOp[] = [':-', ':=', ':?', ':+', '##', '%%', '//', '-', '=', '?', '+', '#', '%', '/', ':'];

/**
 * `${name}`, `${#name}`, and `${name<op>word}` for the operators above. The word may hold
 * quotes and further expansions; it runs to the matching `}`.
 */
function readBraced(c: Cursor, dollar: number): ParamPart | ShellSyntaxError {
  c.i++; // the '{'
  skipJoins(c);
  let length = false;
  if (c.src[c.i] === '#' && c.src[c.i + 1] !== '}' && !/^#[-=?+:%#/]/.test(c.src.slice(c.i, c.i + 2))) {
    length = true;
    c.i++;
  }
  let name = '';
  const first = c.src[c.i] ?? '';
  if (NAME_START.test(first)) {
    while (c.i < c.src.length && NAME_CHAR.test(c.src[c.i])) name += c.src[c.i++];
  } else if (DIGIT.test(first)) {
    while (c.i < c.src.length && DIGIT.test(c.src[c.i])) name += c.src[c.i++];
  } else if (SPECIALS.has(first)) {
    name = first;
    c.i++;
  }
  if (c.i >= c.src.length) return syntaxError("unexpected EOF while looking for matching `}'", at(c, dollar), true);
  if (c.src[c.i] === '}' && name !== '') {
    c.i++;
    return length ? { kind: 'param', name, braced: true, op: 'length' } : { kind: 'param', name, braced: true };
  }
  const op = length || name === '' ? undefined : PARAM_OPS.find((o) => c.src.startsWith(o, c.i));
  if (!op) {
    const close = c.src.indexOf('}', c.i);
    if (close < 0) return syntaxError("unexpected EOF while looking for matching `}'", at(c, dollar), true);
    const inside = c.src.slice(dollar + 2, close);
    c.i = close + 1;
    return syntaxError(`\${${inside}}: bad substitution`, at(c, dollar));
  }
  c.i += op.length;
  const arg = readBracedWord(c, dollar, op === '/' || op === '//');
  if ('message' in arg) return arg;
  const part: ParamPart = { kind: 'param', name, braced: true, op, arg: { parts: arg.parts } };
  if (op === '/' || op === '//') part.replacement = arg.replacement ? { parts: arg.replacement } : null;
  return part;
}

/**
 * The word inside `${name<op>...}`, up to the `}` that closes it: quotes, escapes and
 * expansions as in a word, blanks kept. For `/` the first unquoted `/` ends the pattern.
 */
function readBracedWord(c: Cursor, dollar: number, splitAtSlash: boolean): { parts: WordPart[]; replacement: WordPart[] | null } | ShellSyntaxError {
  let parts: WordPart[] = [];
  let replacement: WordPart[] | null = null;
  for (;;) {
    skipJoins(c);
    if (c.i >= c.src.length) return syntaxError("unexpected EOF while looking for matching `}'", at(c, dollar), true);
    const ch = c.src[c.i];
    if (ch === '}') {
      c.i++;
      return replacement ? { parts: replacement, replacement: parts } : { parts, replacement: null };
    }
    if (splitAtSlash && ch === '/' && replacement === null) {
      replacement = parts;
      parts = [];
      c.i++;
      continue;
    }
    if (ch === '\\') {
      parts.push({ kind: 'escaped', text: c.src[c.i + 1] ?? '\\' });
      c.i += 2;
    } else {
      const bad = readQuotedOrPlain(c, parts);
      if (bad) return bad;
    }
  }
}

/**
 * Where the `)` closing a command substitution is, from just inside its `(`: parentheses
 * nest, and quotes, escapes, backquotes and comments hide what is in them. -1 if none.
 */
function matchingParen(src: string, from: number): number {
  let depth = 0;
  // Inside `case ... esac` a pattern's `)` closes nothing.
  let cases = 0;
  for (let i = from; i < src.length; i++) {
    const ch = src[i];
    const wordStart = i === from || /[\s;&|(]/.test(src[i - 1]);
    if (wordStart && /^case\s/.test(src.slice(i, i + 5))) {
      cases++;
      i += 3;
      continue;
    }
    if (wordStart && cases > 0 && /^esac(?![A-Za-z0-9_])/.test(src.slice(i, i + 5))) {
      cases--;
      i += 3;
      continue;
    }
    if (ch === ')' && cases > 0 && depth === 0) continue;
    if (ch === '\\') i++;
    else if (ch === "'") {
      const close = src.indexOf("'", i + 1);
      if (close < 0) return -1;
      i = close;
    } else if (ch === '"' || ch === '`') {
      const close = matchingQuote(src, i + 1, ch);
      if (close < 0) return -1;
      i = close;
    } else if (ch === '#' && (i === from || /[\s;&|(]/.test(src[i - 1]))) {
      const nl = src.indexOf('\n', i);
      if (nl < 0) return -1;
      i = nl;
    } else if (ch === '(') depth++;
    else if (ch === ')') {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

/** The closing `"` or backquote from just inside the opening one, skipping escapes and `$(...)`. -1 if none. */
function matchingQuote(src: string, from: number, quote: string): number {
  for (let i = from; i < src.length; i++) {
    const ch = src[i];
    if (ch === '\\') i++;
    else if (ch === quote) return i;
    else if (quote === '"' && ch === '$' && src[i + 1] === '(') {
      const close = matchingParen(src, i + 2);
      if (close < 0) return -1;
      i = close;
    } else if (quote === '"' && ch === '`') {
      const close = matchingQuote(src, i + 1, '`');
      if (close < 0) return -1;
      i = close;
    }
  }
  return -1;
}

/** `$(commands)`: the source between the parentheses, which must parse on its own. */
function readCommandSubst(c: Cursor, dollar: number): DoubleQuotedInner | ShellSyntaxError {
  const close = matchingParen(c.src, c.i + 1);
  if (close < 0) return syntaxError("unexpected EOF while looking for matching `)'", at(c, dollar), true);
  const source = c.src.slice(c.i + 1, close);
  c.i = close + 1;
  return { kind: 'command', source, backquoted: false };
}

/** `$((expression))`, or null when the parentheses turn out not to close as `))` (then it is `$( (...) )`). */
function readArith(c: Cursor, dollar: number): DoubleQuotedInner | ShellSyntaxError | null {
  let depth = 0;
  let end = -1;
  for (let i = c.i + 2; i < c.src.length; i++) {
    const ch = c.src[i];
    if (ch === '(') depth++;
    else if (ch === ')') {
      if (depth > 0) depth--;
      else {
        end = c.src[i + 1] === ')' ? i : -2;
        break;
      }
    }
  }
  if (end === -2) return null;
  if (end < 0) return syntaxError("unexpected EOF while looking for matching `)'", at(c, dollar), true);
  const start = c.i + 2;
  const text = c.src.slice(start, end);
  c.i = end + 2;
  const sub: Cursor = { src: text, i: 0, lineStarts: lineStartsOf(text), joinAtEnd: null };
  const expression: DoubleQuotedInner[] = [];
  while (sub.i < text.length) {
    if (text[sub.i] === '\\' && sub.i + 1 < text.length) {
      expression.push({ kind: 'escaped', text: text[sub.i + 1] });
      sub.i += 2;
      continue;
    }
    const bad = readPlain(sub, expression);
    if (bad) {
      // The expression was read on its own, so its error points into it: move it back into the whole source.
      const { line, column } = at(c, start + sub.lineStarts[bad.line - 1] + bad.column - 1);
      return { ...bad, line, column };
    }
  }
  return { kind: 'arith', expression };
}

/** A backquoted command: backslash keeps its meaning only before `$`, a backquote or a backslash. */
function readBackquoted(c: Cursor): DoubleQuotedInner | ShellSyntaxError {
  const open = c.i;
  const close = matchingQuote(c.src, c.i + 1, '`');
  if (close < 0) return syntaxError("unexpected EOF while looking for matching ``'", at(c, open), true);
  const source = c.src.slice(c.i + 1, close).replace(/\\([$`\\])/g, '$1');
  c.i = close + 1;
  return { kind: 'command', source, backquoted: true };
}

/**
 * What words and double-quoted strings read alike: a `$` expansion, a backquoted command,
 * or one literal character. Returns a syntax error, or null after consuming input.
 */
function readPlain(c: Cursor, parts: (WordPart | DoubleQuotedInner)[]): ShellSyntaxError | null {
  const ch = c.src[c.i];
  if (ch === '`') {
    const part = readBackquoted(c);
    if ('message' in part) return part;
    parts.push(part);
    return null;
  }
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

/** Adds text to the word, joining it to a literal right before it so a run of plain text is one part. */
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
  if (c.joinAtEnd !== null) return errorToken(c, "unexpected end of file after `\\' line continuation", c.joinAtEnd, true);
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
