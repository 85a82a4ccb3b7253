import type { AndOrList, Assignment, Command, Pipeline, Redirect, Script, SimpleCommand, Subshell, Word } from './ast.ts';
import { quoteToken, type ShellSyntaxError, type SourcePos, syntaxError, unexpectedToken } from './errors.ts';
import { MAX_FD_NUMBER, type Token, tokenize } from './lexer.ts';

/**
 * A recursive-descent parser over the POSIX shell grammar, cut down to what Glassbox's
 * shell runs:
 *
 *   script    := linebreak [ and_or ( separator linebreak and_or )* [ separator ] ] linebreak
 *   and_or    := pipeline ( ('&&' | '||') linebreak pipeline )*
 *   pipeline  := '!'* command ( '|' linebreak command )*
 *   command   := simple | '(' script ')' redirect*
 *   simple    := ( assignment | redirect )* ( word | redirect )*   -- at least one of anything
 *   separator := ';' | '&' | newline
 *
 * It returns the first syntax error as a value and never throws.
 */

export type ParseResult = { ok: true; script: Script } | { ok: false; error: ShellSyntaxError };

/** Subshells may nest this deep; deeper input is refused rather than risking the stack. */
export const MAX_NESTING = 100;

interface Parser {
  tokens: Token[];
  i: number;
  depth: number;
  error: ShellSyntaxError | null;
}

export function parseScript(source: string): ParseResult {
  const p: Parser = { tokens: tokenize(source), i: 0, depth: 0, error: null };
  const body = parseList(p, null);
  if (!body) return { ok: false, error: p.error! };
  return { ok: true, script: { body } };
}

function peek(p: Parser): Token {
  return p.tokens[p.i];
}

/** Moves past the current token; the last token (end of input or an error) is never passed. */
function advance(p: Parser): void {
  if (p.i < p.tokens.length - 1) p.i++;
}

function fail(p: Parser, error: ShellSyntaxError): null {
  p.error = error;
  return null;
}

function isControl(t: Token, op: string): boolean {
  return t.kind === 'control' && t.op === op;
}

function skipNewlines(p: Parser): void {
  while (peek(p).kind === 'newline') advance(p);
}

/** And-or lists up to the end of input, or up to the `)` that closes `open`. */
function parseList(p: Parser, open: SourcePos | null): AndOrList[] | null {
  const items: AndOrList[] = [];
  skipNewlines(p);
  for (;;) {
    const t = peek(p);
    if (t.kind === 'error') return fail(p, t.error);
    if (t.kind === 'eof') return open ? fail(p, syntaxError("'(' is never closed", open, true)) : items;
    if (open && isControl(t, ')')) return items.length > 0 ? items : fail(p, unexpectedToken(')', t.pos));
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
    } else if (!(sep.kind === 'eof' || sep.kind === 'error' || (open && isControl(sep, ')')))) {
      return fail(p, unexpected(sep));
    }
  }
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
    const pipeline = parsePipeline(p, t);
    if (!pipeline) return null;
    list.tail.push({ op: t.op, pipeline });
  }
}

/** `after` is the operator that demanded this pipeline, for the message if the input ends here. */
function parsePipeline(p: Parser, after: Token | null = null): Pipeline | null {
  let negated = false;
  while (isBang(peek(p))) {
    after = peek(p);
    negated = !negated;
    advance(p);
  }
  const commands: Command[] = [];
  for (;;) {
    const command = parseCommand(p, after);
    if (!command) return null;
    commands.push(command);
    const t = peek(p);
    if (!isControl(t, '|')) return { negated, commands };
    advance(p);
    skipNewlines(p);
    after = t;
  }
}

/** `!` is a reserved word only when it is a word of its own, unquoted, where a pipeline starts. */
function isBang(t: Token): boolean {
  return t.kind === 'word' && t.word.parts.length === 1 && t.word.parts[0].kind === 'literal' && t.word.parts[0].text === '!';
}

function parseCommand(p: Parser, after: Token | null): Command | null {
  const t = peek(p);
  if (t.kind === 'error') return fail(p, t.error);
  if (t.kind === 'eof') {
    // After `|`, `&&` or `||` the command may simply be on the next line still to come.
    const operator = after?.kind === 'control' ? after.op : after?.kind === 'word' ? after.text : null;
    const detail = operator ? `unexpected end of input after ${quoteToken(operator)}` : 'unexpected end of input';
    return fail(p, syntaxError(detail, t.pos, after?.kind === 'control'));
  }
  if (isControl(t, '(')) return parseSubshell(p, t.pos);
  return parseSimple(p);
}

function parseSubshell(p: Parser, open: SourcePos): Subshell | null {
  if (p.depth >= MAX_NESTING) return fail(p, syntaxError(`subshells nested more than ${MAX_NESTING} deep`, open));
  advance(p);
  p.depth++;
  const body = parseList(p, open);
  p.depth--;
  if (!body) return null;
  advance(p); // the ')'
  const redirects = parseRedirects(p);
  return redirects && { kind: 'subshell', body, redirects };
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
  if (target.kind !== 'word') return fail(p, syntaxError(`missing target for redirection ${quoteToken(r.text)}`, r.pos));
  advance(p);
  const defaultFd = r.op.startsWith('<') ? 0 : 1;
  if (r.op === '<&' || r.op === '>&') {
    const only = target.word.parts.length === 1 ? target.word.parts[0] : null;
    const text = only?.kind === 'literal' ? only.text : '';
    if (text === '-') return { kind: 'dup', op: r.op, fd: r.fd ?? defaultFd, target: 'close' };
    if (/^[0-9]+$/.test(text) && Number(text) <= MAX_FD_NUMBER) return { kind: 'dup', op: r.op, fd: r.fd ?? defaultFd, target: Number(text) };
    return fail(p, syntaxError(`${quoteToken(r.op)} needs a file descriptor number or '-', not ${quoteToken(target.text)}`, target.pos));
  }
  if (r.op === '&>' || r.op === '&>>') return { kind: 'both', op: r.op, target: target.word };
  return { kind: 'file', op: r.op, fd: r.fd ?? defaultFd, target: target.word };
}

function unexpected(t: Token): ShellSyntaxError {
  switch (t.kind) {
    case 'error':
      return t.error;
    case 'eof':
      return syntaxError('unexpected end of input', t.pos);
    case 'newline':
      return unexpectedToken('newline', t.pos);
    case 'control':
      return unexpectedToken(t.op, t.pos);
    case 'word':
    case 'redirect':
      return unexpectedToken(t.text, t.pos);
  }
}
