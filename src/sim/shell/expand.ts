import { evaluateArith } from './arith.ts';
import type { CommandPart, DoubleQuotedInner, ParamPart, Word, WordPart } from './ast.ts';
import { braceExpand } from './braces.ts';
import { addSplittable, addText, breakField, createSplitter, DEFAULT_IFS, escapePattern, type Splitter, finishFields } from './fields.ts';
import { compileGlob, globLeftmostLongest, globMatchEnds, globMatches, hasGlobChars, reverseGlob } from '../libc/fnmatch.ts';
import { printWord } from './printer.ts';

export { globToRegExp, hasGlobChars, matchGlob, unescapePattern } from '../libc/fnmatch.ts';

/**
 * Word expansion, in POSIX order: tilde expansion, parameter expansion, field splitting,
 * pathname expansion, quote removal. Pure: variables come in as data, and the file system
 * only through `glob`, which the interpreter implements with readdir syscalls.
 */

export interface ExpansionEnv {
  /** Shell variables; `IFS` and `HOME` among them when set. */
  vars: Record<string, string>;
  special: {
    /** Status of the last command. */
    '?': string;
    /** The shell's pid. */
    $: string;
    /** Pid of the last background job ('' before there is one). */
    '!': string;
    /** How many positional parameters there are (not counting `$0`). */
    '#': string;
    /** `$0`, `$1`, ...: index 0 is the script or shell name. */
    positional: string[];
  };
  /**
   * The paths a pattern matches, sorted, or null (or []) when none do; the pattern then
   * stays as written. Quoted pattern characters arrive escaped with a backslash, which
   * `matchGlob` understands.
   */
  glob(pattern: string): string[] | null;
  /** What a command substitution printed (the interpreter runs them before expanding); '' if it did not run. */
  commandOutput?(part: CommandPart): string;
  /** `$RANDOM`: the next number from the kernel's generator. */
  random?(): number;
  /** `set -u`: an unset parameter is an error. */
  nounset?: boolean;
  /** Set by the first expansion that fails (`${x:?}`, `$((1/0))`, `set -u`): the message. The rest expands to ''. */
  error?: string | null;
  /** The status that failure gives: 127 for an unset parameter, 1 for arithmetic, as in bash. */
  errorStatus?: number;
}

/** A word's fields: none for an unquoted empty expansion, several when it splits or globs. */
export function expandWord(word: Word, env: ExpansionEnv): string[] {
  return braceExpand(word).flatMap((w) => expandOne(w, env));
}

function expandOne(word: Word, env: ExpansionEnv): string[] {
  const s = createSplitter(varOrUndefined(env, 'IFS'));
  addParts(s, tildeExpand(word, varOrUndefined(env, 'HOME')).parts, env);
  return finishFields(s).flatMap((field) => {
    if (!hasGlobChars(field.pattern)) return [field.text];
    const matches = env.glob(field.pattern);
    return matches && matches.length > 0 ? [...matches].sort(byCodeUnits) : [field.text];
  });
}

/** A word as a `case` pattern: quoted characters escaped so that they match only themselves. */
export function expandPattern(word: Word, env: ExpansionEnv): string {
  return patternOf(tildeExpand(word, varOrUndefined(env, 'HOME')).parts, env);
}

function patternOf(parts: (WordPart | DoubleQuotedInner)[], env: ExpansionEnv): string {
  return parts
    .map((part) => {
      if (part.kind === 'literal') return part.text;
      if (part.kind === 'double') return escapePattern(part.parts.map((p) => partText(p, env)).join(''));
      if (part.kind === 'param' || part.kind === 'command' || part.kind === 'arith') return partText(part, env);
      return escapePattern(part.text);
    })
    .join('');
}

/**
 * The patterns `expandWord` would hand to `glob`, in order. `glob` must answer at once, but
 * the interpreter can only list a directory with a syscall: so it asks for these first,
 * reads the directories, and then expands with a `glob` that answers from what it read.
 */
export function globPatterns(word: Word, env: ExpansionEnv): string[] {
  const asked: string[] = [];
  // A dry run: assignments it makes (`$((i++))`, `${x:=y}`) go to a copy and are forgotten.
  expandWord(word, {
    ...env,
    vars: Object.assign(Object.create(null), env.vars),
    error: null,
    random: () => 0,
    glob: (pattern) => {
      asked.push(pattern);
      return null;
    },
  });
  return asked;
}

/** The arguments of a command: every word's fields in order. */
export function expandWords(words: Word[], env: ExpansionEnv): string[] {
  return words.flatMap((w) => expandWord(w, env));
}

/**
 * The value of `NAME=value`: one string, never split or globbed (so `x=*` stores a star,
 * and `x=$y` copies y whole), with `~` expanded at the start.
 */
export function expandAssignment(value: Word, env: ExpansionEnv): string {
  return tildeExpand(value, varOrUndefined(env, 'HOME'))
    .parts.map((part) => partText(part, env))
    .join('');
}

/** A redirection's file name: the word must expand to exactly one field, as in bash. */
export function expandRedirectTarget(word: Word, env: ExpansionEnv): { ok: true; path: string } | { ok: false; message: string } {
  const fields = expandWord(word, env);
  if (fields.length !== 1) return { ok: false, message: `${printWord(word)}: ambiguous redirect` };
  return { ok: true, path: fields[0] };
}

/**
 * `~` alone or at the start of `~/...`, written unquoted, becomes HOME. The result counts as
 * quoted, so a home directory with a space or a star in its name is not split or globbed.
 * Without HOME, or for `~user` (there is no user database), the word is left as it is.
 */
export function tildeExpand(word: Word, home: string | undefined): Word {
  const [first, ...rest] = word.parts;
  if (home === undefined || first?.kind !== 'literal' || !first.text.startsWith('~')) return word;
  const after = first.text.slice(1);
  if (after === '' && rest.length > 0) return word; // `~"x"` or `~$x` names a user, not HOME
  if (after !== '' && !after.startsWith('/')) return word;
  const expanded: WordPart[] = [{ kind: 'single', text: home }];
  if (after !== '') expanded.push({ kind: 'literal', text: after });
  return { parts: [...expanded, ...rest] };
}

/** The value of a parameter; `$*` and `$@` joined with the first IFS character, as `"$*"` is. */
export function paramValue(name: string, env: ExpansionEnv): string {
  return lookup(name, env) ?? '';
}

/** A parameter's value, or undefined when it is unset. */
function lookup(name: string, env: ExpansionEnv): string | undefined {
  if (name === '*' || name === '@') return env.special.positional.slice(1).join(joiner(env));
  if (name === '?' || name === '$' || name === '!' || name === '#') return env.special[name];
  if (/^[0-9]+$/.test(name)) return env.special.positional[Number(name)];
  if (name === 'RANDOM' && env.random && !Object.hasOwn(env.vars, 'RANDOM')) return String(env.random());
  return varOrUndefined(env, name);
}

function failExpansion(env: ExpansionEnv, message: string, status = 1): string {
  if (env.error == null) {
    env.error = message;
    env.errorStatus = status;
  }
  return '';
}

/** `$x` or `${x...}` as one string: the operators of ParamPart applied, `set -u` checked. */
function paramText(part: ParamPart, env: ExpansionEnv): string {
  const value = lookup(part.name, env);
  const op = part.op;
  const isSet = value !== undefined && !(part.name === '@' || part.name === '*' ? env.special.positional.length <= 1 : false);
  const unsetOrNull = !isSet || value === '';
  if (!op || op === 'length' || op === '#' || op === '##' || op === '%' || op === '%%' || op === '/' || op === '//' || op === ':') {
    if (!isSet && env.nounset && !['@', '*', '?', '$', '!', '#', '0'].includes(part.name)) return failExpansion(env, `${part.name}: unbound variable`, 127);
  }
  const v = value ?? '';
  const arg = (): string => (part.arg ? part.arg.parts.map((p) => partText(p, env)).join('') : '');
  switch (op) {
    case undefined:
      return v;
    case 'length':
      if (part.name === '@' || part.name === '*') return String(env.special.positional.length - 1);
      return String([...v].length);
    case ':-':
      return unsetOrNull ? arg() : v;
    case '-':
      return isSet ? v : arg();
    case ':=':
    case '=': {
      if (op === ':=' ? !unsetOrNull : isSet) return v;
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(part.name)) return failExpansion(env, `$${part.name}: cannot assign in this way`);
      const assigned = arg();
      env.vars[part.name] = assigned;
      return assigned;
    }
    case ':?':
    case '?': {
      if (op === ':?' ? !unsetOrNull : isSet) return v;
      const message = arg();
      return failExpansion(env, `${part.name}: ${message === '' ? 'parameter null or not set' : message}`, 127);
    }
    case ':':
      return substring(v, arg(), env);
    case ':+':
      return unsetOrNull ? '' : arg();
    case '+':
      return isSet ? arg() : '';
    case '#':
    case '##':
    case '%':
    case '%%':
      return trimPattern(v, patternOf(part.arg?.parts ?? [], env), op);
    case '/':
    case '//': {
      const replacement = part.replacement ? part.replacement.parts.map((p) => partText(p, env)).join('') : '';
      return replacePattern(v, patternOf(part.arg?.parts ?? [], env), replacement, op === '//');
    }
  }
}

/**
 * `${v#p}` (shortest prefix), `${v##p}` (longest), `${v%p}` (shortest suffix), `${v%%p}`
 * (longest): one pass of the linear-time pattern matcher finds every prefix that matches
 * (a suffix is a prefix of the text read backwards).
 */
function trimPattern(value: string, pattern: string, op: '#' | '##' | '%' | '%%'): string {
  const steps = compileGlob(pattern, false);
  if (op === '#' || op === '##') {
    const ends = globMatchEnds(steps, value);
    if (ends.length === 0) return value;
    return value.slice(op === '#' ? ends[0] : ends[ends.length - 1]);
  }
  const ends = globMatchEnds(reverseGlob(steps), [...value].reverse().join(''));
  if (ends.length === 0) return value;
  return value.slice(0, value.length - (op === '%' ? ends[0] : ends[ends.length - 1]));
}

/** `${v:offset}` and `${v:offset:length}`: both are arithmetic; a negative offset counts from the end, a negative length too. */
function substring(value: string, spec: string, env: ExpansionEnv): string {
  const colon = spec.indexOf(':');
  const chars = [...value];
  const evaluate = (text: string): number | null => {
    const r = evaluateArith(text, { get: (name) => lookup(name, env), set: (name, v) => void (env.vars[name] = v) });
    if (!r.ok) {
      failExpansion(env, r.message);
      return null;
    }
    return Number(r.value);
  };
  let offset = evaluate(colon < 0 ? spec : spec.slice(0, colon));
  if (offset === null) return '';
  if (offset < 0) offset = Math.max(0, chars.length + offset);
  if (colon < 0) return chars.slice(offset).join('');
  const length = evaluate(spec.slice(colon + 1));
  if (length === null) return '';
  if (length < 0) {
    const end = chars.length + length;
    if (end < offset) return failExpansion(env, `${spec.slice(colon + 1).trim()}: substring expression < 0`);
    return chars.slice(offset, end).join('');
  }
  return chars.slice(offset, offset + length).join('');
}

/**
 * `${v/p/r}`: the longest match of p, leftmost first, replaced (every one with `//`); `/#p`
 * and `/%p` anchor it to the start or the end (after `//` a `#` or `%` is just a
 * character, as in bash). Each search is one linear pass of the pattern matcher and each
 * resumes where the last match ended, so a long value costs time in proportion to its
 * length, never to its square.
 */
function replacePattern(value: string, pattern: string, replacement: string, all: boolean): string {
  if (!all && pattern.startsWith('#')) {
    const ends = globMatchEnds(compileGlob(pattern.slice(1), false), value);
    return ends.length === 0 ? value : replacement + value.slice(ends[ends.length - 1]);
  }
  if (!all && pattern.startsWith('%')) {
    // The longest suffix that matches is the longest prefix of the reversed text that the reversed pattern matches.
    const ends = globMatchEnds(reverseGlob(compileGlob(pattern.slice(1), false)), [...value].reverse().join(''));
    return ends.length === 0 ? value : value.slice(0, value.length - ends[ends.length - 1]) + replacement;
  }
  if (pattern === '') return value;
  const steps = compileGlob(pattern, false);
  // An empty value is replaced whole when the pattern matches nothing at all (`*`); elsewhere an empty match replaces nothing.
  if (value === '') return globMatches(steps, '') ? replacement : '';
  let out = '';
  let i = 0;
  for (;;) {
    const match = globLeftmostLongest(steps, value, i);
    if (match === null) return out + value.slice(i);
    out += value.slice(i, match.start) + replacement;
    i = match.end;
    if (!all) return out + value.slice(i);
  }
}

/** A command substitution's output, as the interpreter recorded it. */
function commandText(part: CommandPart, env: ExpansionEnv): string {
  return env.commandOutput ? env.commandOutput(part) : '';
}

/** `$((...))`: the expression expanded, then evaluated; an error leaves '' and the message. */
function arithText(expression: DoubleQuotedInner[], env: ExpansionEnv): string {
  const text = expression.map((p) => partText(p, env)).join('');
  const r = evaluateArith(text, {
    get: (name) => lookup(name, env),
    set: (name, value) => {
      env.vars[name] = value;
    },
  });
  return r.ok ? String(r.value) : failExpansion(env, r.message);
}

function addParts(s: Splitter, parts: WordPart[], env: ExpansionEnv): void {
  for (const part of parts) {
    switch (part.kind) {
      case 'literal':
        addText(s, part.text, 'literal');
        break;
      case 'single':
      case 'escaped':
        addText(s, part.text, 'quoted');
        break;
      case 'double':
        addDoubleQuoted(s, part.parts, env);
        break;
      case 'param':
        if ((part.name === '*' || part.name === '@') && !part.op) {
          // Unquoted, each positional parameter is split on its own.
          env.special.positional.slice(1).forEach((value, i) => {
            if (i > 0) breakField(s);
            addSplittable(s, value);
          });
        } else {
          addSplittable(s, paramText(part, env));
        }
        break;
      case 'command':
        addSplittable(s, commandText(part, env));
        break;
      case 'arith':
        addSplittable(s, arithText(part.expression, env));
        break;
    }
  }
}

/**
 * Inside double quotes nothing splits, with one exception: `"$@"` gives each positional
 * parameter its own field (text before it joins the first, text after it the last), and
 * no field at all when there are none and nothing else is in the quotes.
 */
function addDoubleQuoted(s: Splitter, parts: DoubleQuotedInner[], env: ExpansionEnv): void {
  if (parts.length === 0 || !parts.every(isAt)) addText(s, '', 'quoted');
  for (const part of parts) {
    if (isAt(part)) {
      env.special.positional.slice(1).forEach((value, i) => {
        if (i > 0) breakField(s);
        addText(s, value, 'quoted');
      });
    } else {
      addText(s, partText(part, env), 'quoted');
    }
  }
}

function isAt(part: DoubleQuotedInner): boolean {
  return part.kind === 'param' && part.name === '@' && !part.op;
}

/** A part's text with quotes removed and parameters expanded, nothing split. */
function partText(part: WordPart | DoubleQuotedInner, env: ExpansionEnv): string {
  switch (part.kind) {
    case 'literal':
    case 'single':
    case 'escaped':
      return part.text;
    case 'double':
      return part.parts.map((p) => partText(p, env)).join('');
    case 'param':
      return paramText(part, env);
    case 'command':
      return commandText(part, env);
    case 'arith':
      return arithText(part.expression, env);
  }
}

/** Every command substitution in the words, outermost first in source order: what must run before expanding them. */
export function commandParts(words: Word[]): CommandPart[] {
  const found: CommandPart[] = [];
  const visit = (parts: (WordPart | DoubleQuotedInner)[]): void => {
    for (const part of parts) {
      if (part.kind === 'command') found.push(part);
      else if (part.kind === 'double') visit(part.parts);
      else if (part.kind === 'arith') visit(part.expression);
      else if (part.kind === 'param') {
        if (part.arg) visit(part.arg.parts);
        if (part.replacement) visit(part.replacement.parts);
      }
    }
  };
  for (const w of words) visit(w.parts);
  return found;
}

/** The text of here-document body parts, expanded as inside double quotes. */
export function expandHereBody(parts: DoubleQuotedInner[], env: ExpansionEnv): string {
  return parts.map((p) => partText(p, env)).join('');
}

/** `"$*"` joins with IFS's first character: a space when IFS is unset, nothing when it is empty. */
function joiner(env: ExpansionEnv): string {
  return (varOrUndefined(env, 'IFS') ?? DEFAULT_IFS).slice(0, 1);
}

/** Own properties only, so `$constructor` is an unset variable and not Object's constructor. */
function varOrUndefined(env: ExpansionEnv, name: string): string | undefined {
  return Object.hasOwn(env.vars, name) ? env.vars[name] : undefined;
}

function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
