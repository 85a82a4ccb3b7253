import type { AndOrList, Command, CommandPart, DoubleQuotedInner, ParamPart, Pipeline, Redirect, Script, Word, WordPart } from './ast.ts';

/**
 * Turns a syntax tree back into shell source: what the views show for a job or a command.
 * Separators print as `;` and `&`, so the source is one line unless a quoted word holds a
 * newline. Any tree the parser produced prints to source that parses back to the same
 * tree. A tree built by hand prints to source with the same meaning, though characters the
 * parser would never leave unquoted come back escaped, so its parts may differ.
 */

export function printScript(script: Script): string {
  return printList(script.body);
}

/** And-or lists joined by `;`, each background one followed by `&`. */
export function printList(list: AndOrList[]): string {
  return list.map((item, i) => printAndOr(item) + (item.background ? ' &' : i < list.length - 1 ? ';' : '')).join(' ');
}

/** The and-or list without its trailing `&`. */
export function printAndOr(list: AndOrList): string {
  return [printPipeline(list.head), ...list.tail.map((t) => `${t.op} ${printPipeline(t.pipeline)}`)].join(' ');
}

export function printPipeline(pipeline: Pipeline): string {
  const commands = pipeline.commands.map((c, i) => printCommand(c, i === 0));
  return (pipeline.negated ? '! ' : '') + commands.join(' | ');
}

/** `first` says the command starts a pipeline, where a bare `!` or `NAME=` word would mean something else. */
export function printCommand(command: Command, first = true): string {
  const redirects = command.redirects.map(printRedirect);
  if (command.kind !== 'simple') return [printCompound(command), ...redirects].join(' ');
  const assignments = command.assignments.map((a) => `${a.name}=${printParts(a.value.parts, false)}`);
  const words = command.words.map((w) => printWord(w));
  const head = command.words[0]?.parts[0];
  // A first word `!` (at the start of a pipeline) or `NAME=...` would read back as something else.
  const bang = first && assignments.length === 0 && head?.kind === 'literal' && head.text === '!' && command.words[0].parts.length === 1;
  const assignmentLike = head?.kind === 'literal' && /^[A-Za-z_][A-Za-z0-9_]*=/.test(head.text);
  // A first word that is a reserved word, or a name followed by `(`, would start a compound command or a function.
  const reserved = assignments.length === 0 && head?.kind === 'literal' && command.words[0].parts.length === 1 && RESERVED_WORDS.has(head.text);
  // The parser makes a bare `!` or reserved first word only when a redirection came before it: print that first.
  if ((bang || reserved) && redirects.length > 0) return [...redirects, ...words].join(' ');
  if (bang || assignmentLike || reserved) words[0] = `\\${words[0]}`;
  return [...assignments, ...words, ...redirects].join(' ');
}

const RESERVED_WORDS = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'case', 'esac', 'while', 'until', 'for', '{', '}', 'function']);

/** A list as the body of a compound command: each item ended by `;` or `&`. */
function printBody(list: AndOrList[]): string {
  const text = printList(list);
  return list[list.length - 1]?.background ? text : `${text};`;
}

function printCompound(command: Exclude<Command, { kind: 'simple' }>): string {
  switch (command.kind) {
    case 'subshell': {
      const body = printList(command.body);
      // `((` would read as arithmetic to a reader who knows bash; a space keeps it two parentheses.
      return `(${body.startsWith('(') ? ' ' : ''}${body})`;
    }
    case 'group':
      return `{ ${printBody(command.body)} }`;
    case 'if': {
      const clauses = command.clauses.map((c, i) => `${i === 0 ? 'if' : 'elif'} ${printBody(c.condition)} then ${printBody(c.body)}`);
      const otherwise = command.otherwise ? ` else ${printBody(command.otherwise)}` : '';
      return `${clauses.join(' ')}${otherwise} fi`;
    }
    case 'while':
    case 'until':
      return `${command.kind} ${printBody(command.condition)} do ${printBody(command.body)} done`;
    case 'for': {
      const items = command.items === null ? '' : ` in${command.items.map((w) => ` ${printWord(w)}`).join('')}`;
      return `for ${command.name}${items}; do ${printBody(command.body)} done`;
    }
    case 'case': {
      const items = command.items.map((item) => `${item.patterns.map((w) => printWord(w)).join(' | ')}) ${item.body.length > 0 ? `${printList(item.body)} ` : ''};;`);
      return `case ${printWord(command.subject)} in ${items.join(' ')} esac`;
    }
    case 'function':
      return `${command.name}() ${printCommand(command.body)}`;
  }
}

export function printRedirect(r: Redirect): string {
  switch (r.kind) {
    case 'heredoc': {
      // On one line a here-document becomes the here-string that gives the same input.
      if (r.body.length === 0) return `${r.fd === 0 ? '' : r.fd}</dev/null`;
      const parts = r.body.map((p) => ({ ...p }));
      const last = parts[parts.length - 1];
      if ((last.kind === 'literal' || last.kind === 'escaped') && last.text.endsWith('\n')) {
        last.text = last.text.slice(0, -1);
        if (last.text === '') parts.pop();
      }
      const word = r.quoted ? singleQuote(parts.map((p) => ('text' in p ? p.text : '')).join('')) : `"${printDoubleInner(parts)}"`;
      return `${r.fd === 0 ? '' : r.fd}<<<${word}`;
    }
    case 'herestring':
      return `${r.fd === 0 ? '' : r.fd}<<<${printWord(r.target)}`;
    case 'file':
      return `${r.fd === (r.op === '<' ? 0 : 1) ? '' : r.fd}${r.op}${printWord(r.target)}`;
    case 'dup':
      return `${r.fd === (r.op === '<&' ? 0 : 1) ? '' : r.fd}${r.op}${r.target === 'close' ? '-' : r.target}`;
    case 'both':
      return `${r.op}${printWord(r.target)}`;
  }
}

/** A word as source; a word that would print as nothing prints as `''`, so that it stays a word. */
export function printWord(word: Word): string {
  return printParts(word.parts, true) || "''";
}

/** Characters that end or change an unquoted word, so a literal must escape them. */
const UNQUOTED_SPECIAL = /[ \t|&;()<>'"\\`]/;
/** What may follow `$` to make it a parameter rather than a dollar sign. */
const PARAM_START = /[A-Za-z_0-9?$!#*@{(]/;
const DOUBLE_ESCAPABLE = /[$`"\\\n]/;

/** Prints the parts last to first, so that each one knows the source printed right after it. */
/**
 * Where a word is printed: on its own, or inside `${name<op>...}`, where blanks and
 * operators are plain text and only `}` (and `/` in a `${x/pattern/...}` pattern) must be escaped.
 */
type Place = 'word' | 'arg' | 'pattern';

function printParts(parts: WordPart[], wordStart: boolean, inBraces: Place = 'word'): string {
  let after = '';
  for (let i = parts.length - 1; i >= 0; i--) after = printPart(parts[i], wordStart && i === 0, after, inBraces) + after;
  return after;
}

function printPart(part: WordPart, atWordStart: boolean, after: string, inBraces: Place = 'word'): string {
  switch (part.kind) {
    case 'literal':
      return printUnquotedLiteral(part.text, atWordStart, after, inBraces);
    case 'single':
      return singleQuote(part.text);
    case 'escaped':
      return [...part.text].length === 1 && part.text !== '\n' ? `\\${part.text}` : singleQuote(part.text);
    case 'double':
      return `"${printDoubleInner(part.parts)}"`;
    case 'param':
      return printParamPart(part, after);
    case 'command':
      return printCommandPart(part);
    case 'arith':
      return printArith(part.expression);
  }
}

function printCommandPart(part: CommandPart): string {
  return part.backquoted ? `\`${part.source.replace(/[\\`$]/g, '\\$&')}\`` : `$(${part.source})`;
}

function printArith(expression: DoubleQuotedInner[]): string {
  const inner = expression.map((p) => (p.kind === 'literal' ? p.text : p.kind === 'escaped' ? `\\${p.text}` : printDoublePart(p, ''))).join('');
  return `$((${inner}))`;
}

function printParamPart(part: ParamPart, after: string): string {
  if (!part.op) return printParam(part.name, part.braced, after);
  if (part.op === 'length') return `\${#${part.name}}`;
  const slash = part.op === '/' || part.op === '//';
  const arg = printParts(part.arg?.parts ?? [], false, slash ? 'pattern' : 'arg');
  const replacement = part.replacement ? `/${printParts(part.replacement.parts, false, 'arg')}` : '';
  return `\${${part.name}${part.op}${arg}${replacement}}`;
}

function printUnquotedLiteral(text: string, atWordStart: boolean, after: string, place: Place = 'word'): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (place !== 'word') {
      if (ch === '}' || ch === '\\' || ch === "'" || ch === '"' || ch === '`' || (place === 'pattern' && ch === '/')) out += `\\${ch}`;
      else if (ch === '$' && PARAM_START.test(text[i + 1] ?? after.charAt(0))) out += '\\$';
      else out += ch;
    } else if (ch === '\n') out += "'\n'";
    else if (UNQUOTED_SPECIAL.test(ch) || (ch === '#' && atWordStart && i === 0)) out += `\\${ch}`;
    else if (ch === '$' && PARAM_START.test(text[i + 1] ?? after.charAt(0))) out += '\\$';
    else out += ch;
  }
  return out;
}

function printDoubleInner(parts: DoubleQuotedInner[]): string {
  let after = '';
  for (let i = parts.length - 1; i >= 0; i--) after = printDoublePart(parts[i], after) + after;
  return after;
}

function printDoublePart(part: DoubleQuotedInner, after: string): string {
  if (part.kind === 'param') return printParamPart(part, after);
  if (part.kind === 'command') return printCommandPart(part);
  if (part.kind === 'arith') return printArith(part.expression);
  if (part.kind === 'escaped' && part.text.length === 1 && DOUBLE_ESCAPABLE.test(part.text) && part.text !== '\n') return `\\${part.text}`;
  // A literal, or an escape that double quotes cannot express: its characters as they are, guarded.
  const { text } = part;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    const following = text[i + 1] ?? after.charAt(0);
    if (ch === '"' || ch === '`') out += `\\${ch}`;
    // A backslash before a character it cannot escape stands for itself, as the lexer reads it.
    else if (ch === '\\') out += following !== '' && !DOUBLE_ESCAPABLE.test(following) ? '\\' : '\\\\';
    else if (ch === '$' && PARAM_START.test(following)) out += '\\$';
    else out += ch;
  }
  return out;
}

/** `after` is the source printed right after the parameter, which must not read as more of its name. */
function printParam(name: string, braced: boolean, after: string): string {
  const isName = /^[A-Za-z_][A-Za-z0-9_]*$/.test(name);
  const oneChar = name.length === 1 && !isName;
  // An unbraced name would swallow name characters that follow it, and only one-character
  // specials and digits can go without braces at all.
  const needsBraces = braced || !(isName || oneChar) || (isName && /^[A-Za-z0-9_]/.test(after));
  return needsBraces ? `\${${name}}` : `$${name}`;
}

function singleQuote(text: string): string {
  return `'${text.replace(/'/g, "'\\''")}'`;
}
