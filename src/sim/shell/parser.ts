import type {
  AndOrList,
  Assignment,
  CaseCommand,
  Command,
  CompoundCommand,
  ForCommand,
  FunctionDef,
  IfCommand,
  LoopCommand,
  Pipeline,
  Redirect,
  Script,
  SimpleCommand,
  Word,
} from './ast.ts';
import { type ShellSyntaxError, type SourcePos, syntaxError, unexpectedEnd, unexpectedToken } from './errors.ts';
import { type HereDocAtEnd, MAX_FD_NUMBER, type Token, tokenize } from './lexer.ts';

/**
 * A recursive-descent parser over the POSIX shell grammar (XCU 2.10):
 *
 *   script    := linebreak [ and_or ( separator linebreak and_or )* [ separator ] ] linebreak
 *   and_or    := pipeline ( ('&&' | '||') linebreak pipeline )*
 *   pipeline  := '!'* command ( ('|' | '|&') linebreak command )*
 *   command   := simple | compound redirect* | name '(' ')' linebreak compound
 *   compound  := '(' list ')' | '{' list '}' | if | while | until | for | case
 *   simple    := ( assignment | redirect )* ( word | redirect )*   -- at least one of anything
 *   separator := ';' | '&' | newline
 *
 * Reserved words (`if`, `then`, `do`, `}` ...) are words like any other to the lexer; the
 * parser takes one as reserved only where a command could start, unquoted, as POSIX says.
 * It returns the first syntax error as a value and never throws.
 */

/** A parsed script, with bash's warnings (a here-document that ran to the end) when there are any. */
export type ParseResult = { ok: true; script: Script; warnings?: string[] } | { ok: false; error: ShellSyntaxError };

/** Compound commands may nest this deep; deeper input is refused rather than risking the stack. */
export const MAX_NESTING = 100;

const RESERVED = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'case', 'esac', 'while', 'until', 'for', '{', '}', '!', 'function']);

interface Parser {
  tokens: Token[];
  i: number;
  depth: number;
  error: ShellSyntaxError | null;
}

/**
 * Parses a script. `atEnd` says the source is all there is, so a here-document may run to
 * its end: it then comes with bash's warning in `warnings`.
 */
export function parseScript(source: string, atEnd = false): ParseResult {
  const unterminated: HereDocAtEnd[] = [];
  const p: Parser = { tokens: tokenize(source, atEnd, unterminated), i: 0, depth: 0, error: null };
  const body = parseList(p, () => false);
  if (!body) return { ok: false, error: p.error! };
  const t = peek(p);
  if (t.kind !== 'eof') return { ok: false, error: unexpected(t) };
  if (unterminated.length === 0) return { ok: true, script: { body } };
  const warnings = unterminated.map((u) => `warning: here-document at line ${u.line} delimited by end-of-file (wanted \`${u.delimiter}')`);
  return { ok: true, script: { body }, warnings };
}

function peek(p: Parser): Token {
  return p.tokens[p.i];
}

/** Moves past the current token; the last token (end of input or an error) is never passed. */
function advance(p: Parser): void {
  if (p.i < p.tokens.length - 1) p.i++;
}

function fail(p: Parser, error: ShellSyntaxError): null {
  p.error ??= error;
  return null;
}

function isControl(t: Token, op: string): boolean {
  return t.kind === 'control' && t.op === op;
}

/** The word's text when it is one plain unquoted literal: how a reserved word must be written. */
function plainWord(t: Token): string | null {
  if (t.kind !== 'word' || t.word.parts.length !== 1 || t.word.parts[0].kind !== 'literal') return null;
  return t.word.parts[0].text;
}

function isReserved(t: Token, word: string): boolean {
  return plainWord(t) === word;
}

function skipNewlines(p: Parser): void {
  while (peek(p).kind === 'newline') advance(p);
}

/**
 * And-or lists up to the end of input or a token `stop` accepts (a closing reserved word,
 * `)` or `;;`), which is left for the caller. The caller checks that the right one came.
 */
function parseList(p: Parser, stop: (t: Token) => boolean): AndOrList[] | null {
  const items: AndOrList[] = [];
  skipNewlines(p);
  for (;;) {
    const t = peek(p);
    if (t.kind === 'error') return fail(p, t.error);
    if (t.kind === 'eof' || stop(t)) return items;
    const item = parseAndOr(p);
    if (!item) return null;
    items.push(item);
    const sep = peek(p);
    if (sep.kind === 'control' && (sep.op === ';' || sep.op === '&')) {
      item.background = sep.op === '&';
      advance(p);
      skipNewlines(p);
    } else if (sep.kind === 'newline') {
      skipNewlines(p);
    } else if (!(sep.kind === 'eof' || sep.kind === 'error' || stop(sep))) {
      return fail(p, unexpected(sep));
    }
  }
}

/** A list that must not be empty and must end at the reserved word `end` (or one of `ends`). */
function parseBody(p: Parser, ends: string[], opener: Token): AndOrList[] | null {
  const body = parseList(p, (t) => ends.some((e) => isReserved(t, e)));
  if (!body) return null;
  const t = peek(p);
  if (t.kind === 'error') return fail(p, t.error);
  if (t.kind === 'eof') return fail(p, unexpectedEnd(t.pos));
  if (body.length === 0) return fail(p, unexpected(t));
  void opener;
  return body;
}

function parseAndOr(p: Parser): AndOrList | null {
  const head = parsePipeline(p);
  if (!head) return null;
  const list: AndOrList = { head, tail: [], background: false };
  for (;;) {
    const t = peek(p);
    if (!(t.kind === 'control' && (t.op === '&&' || t.op === '||'))) return list;
    advance(p);
    skipNewlines(p);
    const pipeline = parsePipeline(p);
    if (!pipeline) return null;
    list.tail.push({ op: t.op, pipeline });
  }
}

function parsePipeline(p: Parser): Pipeline | null {
  let negated = false;
  while (isReserved(peek(p), '!')) {
    negated = !negated;
    advance(p);
  }
  const commands: Command[] = [];
  for (;;) {
    const command = parseCommand(p);
    if (!command) return null;
    commands.push(command);
    const t = peek(p);
    if (!isControl(t, '|') && !isControl(t, '|&')) return { negated, commands };
    // `a |& b` is `a 2>&1 | b`: stderr goes down the pipe too, after any redirections of a.
    if (t.kind === 'control' && t.op === '|&') command.redirects.push({ kind: 'dup', op: '>&', fd: 2, target: 1 });
    advance(p);
    skipNewlines(p);
  }
}

function parseCommand(p: Parser): Command | null {
  const t = peek(p);
  if (t.kind === 'error') return fail(p, t.error);
  if (t.kind === 'eof') return fail(p, unexpectedEnd(t.pos));
  const word = plainWord(t);
  if (isControl(t, '(') || (word !== null && ['{', 'if', 'while', 'until', 'for', 'case'].includes(word))) {
    if (p.depth >= MAX_NESTING) return fail(p, syntaxError(`compound commands nested more than ${MAX_NESTING} deep`, t.pos));
    p.depth++;
    const compound = parseCompound(p, t);
    p.depth--;
    if (!compound) return null;
    const redirects = parseRedirects(p);
    if (!redirects) return null;
    compound.redirects.push(...redirects);
    return compound;
  }
  if (word === 'function') return parseFunction(p, true);
  if (word !== null && RESERVED.has(word) && word !== '!') return fail(p, unexpectedToken(word, t.pos));
  const next = p.tokens[p.i + 1];
  if (word !== null && /^[A-Za-z_][A-Za-z0-9_.-]*$/.test(word) && next && isControl(next, '(')) return parseFunction(p, false);
  return parseSimple(p);
}

/** The compound command starting at `t`, redirections not yet read. */
function parseCompound(p: Parser, t: Token): CompoundCommand | null {
  switch (isControl(t, '(') ? '(' : plainWord(t)) {
    case '(':
      return parseSubshell(p, t);
    case '{': {
      advance(p);
      const body = parseBody(p, ['}'], t);
      if (!body) return null;
      advance(p);
      return { kind: 'group', body, redirects: [] };
    }
    case 'if':
      return parseIf(p, t);
    case 'while':
    case 'until':
      return parseLoop(p, t, plainWord(t) as 'while' | 'until');
    case 'for':
      return parseFor(p, t);
    default:
      return parseCase(p, t);
  }
}

function parseSubshell(p: Parser, open: Token): CompoundCommand | null {
  advance(p);
  const body = parseList(p, (t) => isControl(t, ')'));
  if (!body) return null;
  const t = peek(p);
  if (t.kind === 'error') return fail(p, t.error);
  if (t.kind === 'eof') return fail(p, unexpectedEnd(t.pos));
  if (body.length === 0) return fail(p, unexpected(t));
  void open;
  advance(p); // the ')'
  return { kind: 'subshell', body, redirects: [] };
}

function parseIf(p: Parser, open: Token): IfCommand | null {
  const command: IfCommand = { kind: 'if', clauses: [], otherwise: null, redirects: [] };
  for (;;) {
    advance(p); // `if` or `elif`
    const condition = parseBody(p, ['then'], open);
    if (!condition) return null;
    advance(p);
    const body = parseBody(p, ['elif', 'else', 'fi'], open);
    if (!body) return null;
    command.clauses.push({ condition, body });
    const t = peek(p);
    if (isReserved(t, 'elif')) continue;
    if (isReserved(t, 'else')) {
      advance(p);
      const otherwise = parseBody(p, ['fi'], open);
      if (!otherwise) return null;
      command.otherwise = otherwise;
    }
    advance(p); // `fi`
    return command;
  }
}

/** `do list done`, the body of every loop. */
function parseDoGroup(p: Parser, open: Token): AndOrList[] | null {
  skipNewlines(p);
  const t = peek(p);
  if (t.kind === 'error') return fail(p, t.error);
  if (t.kind === 'eof') return fail(p, unexpectedEnd(t.pos));
  if (!isReserved(t, 'do')) return fail(p, unexpected(t));
  advance(p);
  const body = parseBody(p, ['done'], open);
  if (!body) return null;
  advance(p);
  return body;
}

function parseLoop(p: Parser, open: Token, kind: 'while' | 'until'): LoopCommand | null {
  advance(p);
  const condition = parseBody(p, ['do'], open);
  if (!condition) return null;
  const body = parseDoGroup(p, open);
  return body && { kind, condition, body, redirects: [] };
}

function parseFor(p: Parser, open: Token): ForCommand | null {
  advance(p);
  const nameToken = peek(p);
  const name = plainWord(nameToken);
  if (nameToken.kind === 'error') return fail(p, nameToken.error);
  if (nameToken.kind === 'eof') return fail(p, unexpectedEnd(nameToken.pos));
  if (name === null || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    if (nameToken.kind === 'word') return fail(p, syntaxError(`\`${nameToken.text}': not a valid identifier`, nameToken.pos));
    return fail(p, unexpected(nameToken));
  }
  advance(p);
  let items: Word[] | null = null;
  skipNewlines(p);
  if (isReserved(peek(p), 'in')) {
    advance(p);
    items = [];
    for (let t = peek(p); t.kind === 'word'; t = peek(p)) {
      items.push(t.word);
      advance(p);
    }
    const sep = peek(p);
    if (sep.kind === 'error') return fail(p, sep.error);
    if (sep.kind === 'eof') return fail(p, unexpectedEnd(sep.pos));
    if (!(isControl(sep, ';') || sep.kind === 'newline')) return fail(p, unexpected(sep));
    advance(p);
  } else if (isControl(peek(p), ';')) {
    advance(p);
  }
  const body = parseDoGroup(p, open);
  return body && { kind: 'for', name, items, body, redirects: [] };
}

function parseCase(p: Parser, open: Token): CaseCommand | null {
  advance(p);
  const subject = peek(p);
  if (subject.kind === 'error') return fail(p, subject.error);
  if (subject.kind === 'eof') return fail(p, unexpectedEnd(subject.pos));
  if (subject.kind !== 'word') return fail(p, unexpected(subject));
  advance(p);
  skipNewlines(p);
  const inToken = peek(p);
  if (inToken.kind === 'error') return fail(p, inToken.error);
  if (inToken.kind === 'eof') return fail(p, unexpectedEnd(inToken.pos));
  if (!isReserved(inToken, 'in')) return fail(p, unexpected(inToken));
  advance(p);
  const command: CaseCommand = { kind: 'case', subject: subject.word, items: [], redirects: [] };
  for (;;) {
    skipNewlines(p);
    let t = peek(p);
    if (t.kind === 'error') return fail(p, t.error);
    if (t.kind === 'eof') return fail(p, unexpectedEnd(t.pos));
    if (isReserved(t, 'esac')) {
      advance(p);
      return command;
    }
    if (isControl(t, '(')) {
      advance(p);
      t = peek(p);
    }
    const patterns: Word[] = [];
    for (;;) {
      t = peek(p);
      if (t.kind === 'error') return fail(p, t.error);
      if (t.kind === 'eof') return fail(p, unexpectedEnd(t.pos));
      if (t.kind !== 'word') return fail(p, unexpected(t));
      patterns.push(t.word);
      advance(p);
      t = peek(p);
      if (isControl(t, '|')) {
        advance(p);
        continue;
      }
      if (isControl(t, ')')) break;
      if (t.kind === 'eof') return fail(p, unexpectedEnd(t.pos));
      return fail(p, unexpected(t));
    }
    advance(p); // the ')'
    const body = parseList(p, (tok) => isControl(tok, ';;') || isReserved(tok, 'esac'));
    if (!body) return null;
    command.items.push({ patterns, body });
    t = peek(p);
    if (t.kind === 'error') return fail(p, t.error);
    if (t.kind === 'eof') return fail(p, unexpectedEnd(t.pos));
    if (isControl(t, ';;')) advance(p);
    void open;
  }
}

/** `name() compound` or bash's `function name [()] compound`. */
function parseFunction(p: Parser, keyword: boolean): FunctionDef | null {
  if (keyword) advance(p);
  const nameToken = peek(p);
  if (nameToken.kind === 'error') return fail(p, nameToken.error);
  if (nameToken.kind === 'eof') return fail(p, unexpectedEnd(nameToken.pos));
  const name = plainWord(nameToken);
  if (name === null) return fail(p, unexpected(nameToken));
  advance(p);
  if (isControl(peek(p), '(')) {
    advance(p);
    const close = peek(p);
    if (close.kind === 'error') return fail(p, close.error);
    // `ls (` and nothing more: bash names the end of the line, it does not wait for more.
    if (close.kind === 'eof') return fail(p, unexpectedToken('newline', close.pos));
    if (!isControl(close, ')')) return fail(p, unexpected(close));
    advance(p);
  } else if (!keyword) {
    return fail(p, unexpected(peek(p)));
  }
  skipNewlines(p);
  const t = peek(p);
  if (t.kind === 'error') return fail(p, t.error);
  if (t.kind === 'eof') return fail(p, unexpectedEnd(t.pos));
  const word = plainWord(t);
  if (!(isControl(t, '(') || (word !== null && ['{', 'if', 'while', 'until', 'for', 'case'].includes(word)))) return fail(p, unexpected(t));
  const body = parseCommand(p);
  if (!body) return null;
  if (body.kind === 'simple' || body.kind === 'function') return fail(p, unexpected(t));
  return { kind: 'function', name, body, redirects: [] };
}

function parseRedirects(p: Parser): Redirect[] | null {
  const redirects: Redirect[] = [];
  for (let t = peek(p); t.kind === 'redirect'; t = peek(p)) {
    const r = parseRedirect(p, t);
    if (!r) return null;
    redirects.push(r);
  }
  return redirects;
}

function parseSimple(p: Parser): SimpleCommand | null {
  const command: SimpleCommand = { kind: 'simple', assignments: [], words: [], redirects: [] };
  for (;;) {
    const t = peek(p);
    if (t.kind === 'word') {
      const assignment = command.words.length === 0 ? asAssignment(t.word) : null;
      if (assignment) command.assignments.push(assignment);
      else command.words.push(t.word);
      advance(p);
    } else if (t.kind === 'redirect') {
      const r = parseRedirect(p, t);
      if (!r) return null;
      command.redirects.push(r);
    } else {
      const empty = command.assignments.length + command.words.length + command.redirects.length === 0;
      return empty ? fail(p, unexpected(t)) : command;
    }
  }
}

/** `NAME=value` before the command's first word, the name written plainly (not quoted or escaped). */
function asAssignment(word: Word): Assignment | null {
  const first = word.parts[0];
  if (first?.kind !== 'literal') return null;
  const m = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(first.text);
  if (!m) return null;
  const rest = first.text.slice(m[0].length);
  const tail = word.parts.slice(1);
  return { name: m[1], value: { parts: rest ? [{ kind: 'literal', text: rest }, ...tail] : tail } };
}

type RedirectToken = Extract<Token, { kind: 'redirect' }>;

/** The redirection `r` (the current token) and its target. */
function parseRedirect(p: Parser, r: RedirectToken): Redirect | null {
  advance(p);
  const target = peek(p);
  if (target.kind === 'error') return fail(p, target.error);
  if (target.kind !== 'word') return fail(p, target.kind === 'eof' ? unexpectedToken('newline', target.pos) : unexpected(target));
  advance(p);
  const defaultFd = r.op.startsWith('<') ? 0 : 1;
  const fd = r.fd ?? defaultFd;
  if (r.op === '<&' || r.op === '>&') {
    const only = target.word.parts.length === 1 ? target.word.parts[0] : null;
    const text = only?.kind === 'literal' ? only.text : '';
    if (text === '-') return { kind: 'dup', op: r.op, fd, target: 'close' };
    if (/^[0-9]+$/.test(text) && Number(text) <= MAX_FD_NUMBER) return { kind: 'dup', op: r.op, fd, target: Number(text) };
    // bash's `>&file` means `&>file`; a word after `n>&` that is no fd number is refused.
    if (r.op === '>&' && r.fd === null) return { kind: 'both', op: '&>', target: target.word };
    return fail(p, syntaxError(`${target.text}: ambiguous redirect`, target.pos));
  }
  if (r.op === '&>' || r.op === '&>>') return { kind: 'both', op: r.op, target: target.word };
  if (r.op === '<<' || r.op === '<<-') {
    const doc = r.heredoc!;
    return { kind: 'heredoc', fd, delimiter: doc.delimiter, stripTabs: doc.stripTabs, quoted: doc.quoted, body: doc.body };
  }
  if (r.op === '<<<') return { kind: 'herestring', fd, target: target.word };
  return { kind: 'file', op: r.op === '>|' ? '>' : r.op, fd, target: target.word };
}

function unexpected(t: Token): ShellSyntaxError {
  switch (t.kind) {
    case 'error':
      return t.error;
    case 'eof':
      return unexpectedEnd(t.pos);
    case 'newline':
      return unexpectedToken('newline', t.pos);
    case 'control':
      return unexpectedToken(t.op, t.pos);
    case 'word':
    case 'redirect':
      return unexpectedToken(t.text, t.pos);
  }
}

export type { SourcePos };
