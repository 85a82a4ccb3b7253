import type { AndOrList, Command, DoubleQuotedInner, Pipeline, Redirect, Script, Word, WordPart } from './ast.ts';

/**
 * Turns a syntax tree back into shell source, on one line: what the views show for a job
 * or a command. Any tree the parser produced prints to source that parses back to the same
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
  if (command.kind === 'subshell') {
    const body = printList(command.body);
    // `((` would read as arithmetic to a reader who knows bash; a space keeps it two parentheses.
    return [`(${body.startsWith('(') ? ' ' : ''}${body})`, ...redirects].join(' ');
  }
  const assignments = command.assignments.map((a) => `${a.name}=${printParts(a.value.parts, false)}`);
  const words = command.words.map((w) => printWord(w));
  if (assignments.length === 0 && words.length > 0) {
    const head = command.words[0].parts[0];
    const misread = head?.kind === 'literal' && (/^[A-Za-z_][A-Za-z0-9_]*=/.test(head.text) || (first && head.text === '!' && command.words[0].parts.length === 1));
    // The parser only makes such a first word when a redirection came before it: print that first.
    if (misread && redirects.length > 0) return [...redirects, ...words].join(' ');
    if (misread) words[0] = `\\${words[0]}`;
  }
  return [...assignments, ...words, ...redirects].join(' ');
}

export function printRedirect(r: Redirect): string {
  switch (r.kind) {
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

function printParts(parts: WordPart[], wordStart: boolean): string {
  let out = '';
  parts.forEach((part, i) => {
    const next = parts[i + 1];
    switch (part.kind) {
      case 'literal':
        out += printUnquotedLiteral(part.text, wordStart && i === 0, next);
        break;
      case 'single':
        out += singleQuote(part.text);
        break;
      case 'escaped':
        out += part.text.length > 0 && [...part.text].length === 1 && part.text !== '\n' ? `\\${part.text}` : singleQuote(part.text);
        break;
      case 'double':
        out += `"${printDoubleInner(part.parts)}"`;
        break;
      case 'param':
        out += printParam(part.name, part.braced, next);
        break;
    }
  });
  return out;
}

function printUnquotedLiteral(text: string, atWordStart: boolean, next: WordPart | undefined): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n') out += "'\n'";
    else if (UNQUOTED_SPECIAL.test(ch) || (ch === '#' && atWordStart && i === 0)) out += `\\${ch}`;
    else if (ch === '$' && dollarWouldExpand(text, i, next)) out += '\\$';
    else out += ch;
  }
  return out;
}

function printDoubleInner(parts: DoubleQuotedInner[]): string {
  let out = '';
  parts.forEach((part, i) => {
    const next = parts[i + 1];
    if (part.kind === 'param') {
      out += printParam(part.name, part.braced, next);
      return;
    }
    if (part.kind === 'escaped' && part.text.length === 1 && DOUBLE_ESCAPABLE.test(part.text) && part.text !== '\n') {
      out += `\\${part.text}`;
      return;
    }
    // A literal (or an escape that double quotes cannot express): characters as they are, guarded.
    const { text } = part;
    for (let j = 0; j < text.length; j++) {
      const ch = text[j];
      if (ch === '"' || ch === '`') out += `\\${ch}`;
      // A backslash before a character it cannot escape stands for itself, as the lexer reads it.
      else if (ch === '\\') out += j + 1 < text.length && !DOUBLE_ESCAPABLE.test(text[j + 1]) ? '\\' : '\\\\';
      else if (ch === '$' && dollarWouldExpand(text, j, next)) out += '\\$';
      else out += ch;
    }
  });
  return out;
}

/** Whether a literal `$` at text[i] would be read back as the start of a parameter. */
function dollarWouldExpand(text: string, i: number, next: WordPart | DoubleQuotedInner | undefined): boolean {
  if (i + 1 < text.length) return PARAM_START.test(text[i + 1]);
  return next?.kind === 'param';
}

function printParam(name: string, braced: boolean, next: WordPart | DoubleQuotedInner | undefined): string {
  const isName = /^[A-Za-z_][A-Za-z0-9_]*$/.test(name);
  const oneChar = name.length === 1 && !isName;
  // An unbraced name would swallow name characters that follow it, and only one-character
  // specials and digits can go without braces at all.
  const nextText = next?.kind === 'literal' ? next.text : '';
  const needsBraces = braced || !(isName || oneChar) || (isName && /^[A-Za-z0-9_]/.test(nextText));
  return needsBraces ? `\${${name}}` : `$${name}`;
}

function singleQuote(text: string): string {
  return `'${text.replace(/'/g, "'\\''")}'`;
}
