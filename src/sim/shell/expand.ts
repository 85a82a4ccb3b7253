import type { DoubleQuotedInner, Word, WordPart } from './ast.ts';
import { addSplittable, addText, breakField, createSplitter, DEFAULT_IFS, type Splitter, finishFields } from './fields.ts';
import { hasGlobChars } from './glob.ts';
import { printWord } from './printer.ts';

export { globToRegExp, hasGlobChars, matchGlob, unescapePattern } from './glob.ts';

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
}

/** A word's fields: none for an unquoted empty expansion, several when it splits or globs. */
export function expandWord(word: Word, env: ExpansionEnv): string[] {
  const s = createSplitter(varOrUndefined(env, 'IFS'));
  addParts(s, tildeExpand(word, varOrUndefined(env, 'HOME')).parts, env);
  return finishFields(s).flatMap((field) => {
    if (!hasGlobChars(field.pattern)) return [field.text];
    const matches = env.glob(field.pattern);
    return matches && matches.length > 0 ? [...matches].sort(byCodeUnits) : [field.text];
  });
}

/**
 * The patterns `expandWord` would hand to `glob`, in order. `glob` must answer at once, but
 * the interpreter can only list a directory with a syscall: so it asks for these first,
 * reads the directories, and then expands with a `glob` that answers from what it read.
 */
export function globPatterns(word: Word, env: ExpansionEnv): string[] {
  const asked: string[] = [];
  expandWord(word, {
    ...env,
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
  if (name === '*' || name === '@') return env.special.positional.slice(1).join(joiner(env));
  return paramScalar(name, env);
}

function paramScalar(name: string, env: ExpansionEnv): string {
  if (name === '?' || name === '$' || name === '!' || name === '#') return env.special[name];
  if (/^[0-9]+$/.test(name)) return env.special.positional[Number(name)] ?? '';
  return varOrUndefined(env, name) ?? '';
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
        if (part.name === '*' || part.name === '@') {
          // Unquoted, each positional parameter is split on its own.
          env.special.positional.slice(1).forEach((value, i) => {
            if (i > 0) breakField(s);
            addSplittable(s, value);
          });
        } else {
          addSplittable(s, paramScalar(part.name, env));
        }
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
  return part.kind === 'param' && part.name === '@';
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
      return paramValue(part.name, env);
  }
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
