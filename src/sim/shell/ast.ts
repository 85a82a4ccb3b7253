/**
 * The shell's syntax tree, as plain JSON data. Read this file first: the parser produces
 * these values, the printer turns them back into source, and the interpreter walks them.
 *
 * Words keep their quoting as parts, because what was quoted decides what expansion does:
 * a quoted `*` is a star, an unquoted one is a pattern; an unquoted `$x` is split into
 * fields, a quoted one stays one field.
 */

/** A whole input: and-or lists separated by `;`, `&` or newlines. */
export interface Script {
  body: AndOrList[];
}

/** Pipelines joined by `&&` and `||`, run left to right; `&` runs the whole list in the background. */
export interface AndOrList {
  head: Pipeline;
  /** Each pipeline runs or is skipped depending on the status so far and its operator. */
  tail: { op: '&&' | '||'; pipeline: Pipeline }[];
  /** Ended by `&`: the shell does not wait for it. */
  background: boolean;
}

/** Commands joined by `|`, each one's stdout to the next one's stdin. */
export interface Pipeline {
  /** A leading `!` inverts the pipeline's status (0 becomes 1, anything else 0). */
  negated: boolean;
  commands: Command[];
}

export type Command = SimpleCommand | Subshell | Group | IfCommand | LoopCommand | ForCommand | CaseCommand | FunctionDef;

/** The commands that are not simple: each may carry redirections that apply to all of it. */
export type CompoundCommand = Subshell | Group | IfCommand | LoopCommand | ForCommand | CaseCommand;

/**
 * `A=1 B=2 cmd arg >out`: assignments come before the first word; redirections may sit
 * anywhere among the words and are kept in source order, since that is the order they apply.
 * With no words, the assignments set shell variables; with words, only the command's environment.
 */
export interface SimpleCommand {
  kind: 'simple';
  assignments: Assignment[];
  words: Word[];
  redirects: Redirect[];
}

/** `( list )`: the list runs in a child shell, so its variables and cwd do not leak out. */
export interface Subshell {
  kind: 'subshell';
  body: AndOrList[];
  redirects: Redirect[];
}

/** `NAME=value`: the value is a word that is expanded without field splitting or globbing. */
export interface Assignment {
  name: string;
  value: Word;
}

/** `{ list; }`: the list runs in this shell, so its variables and cd stay. */
export interface Group {
  kind: 'group';
  body: AndOrList[];
  redirects: Redirect[];
}

/** `if c; then a; elif c2; then b; else d; fi`: the first clause whose condition succeeds runs. */
export interface IfCommand {
  kind: 'if';
  clauses: { condition: AndOrList[]; body: AndOrList[] }[];
  /** The `else` part, or null when there is none. */
  otherwise: AndOrList[] | null;
  redirects: Redirect[];
}

/** `while c; do b; done` runs b while c succeeds; `until` while it fails. */
export interface LoopCommand {
  kind: 'while' | 'until';
  condition: AndOrList[];
  body: AndOrList[];
  redirects: Redirect[];
}

/** `for name in words; do body; done`; with no `in`, the words are `"$@"`. */
export interface ForCommand {
  kind: 'for';
  name: string;
  /** null when `in` was left out. */
  items: Word[] | null;
  body: AndOrList[];
  redirects: Redirect[];
}

/** `case word in pat|pat) list ;; ... esac`: the first item with a matching pattern runs. */
export interface CaseCommand {
  kind: 'case';
  subject: Word;
  items: { patterns: Word[]; body: AndOrList[] }[];
  redirects: Redirect[];
}

/** `name() compound-command`: defines a function; calling it runs the body with its own `$1`, `$2`, ... */
export interface FunctionDef {
  kind: 'function';
  name: string;
  body: CompoundCommand;
  redirects: Redirect[];
}

export type Redirect = FileRedirect | DupRedirect | BothRedirect | HereDoc | HereString;

/**
 * `<<DELIM` (`<<-` strips leading tabs): the lines up to DELIM become the command's input.
 * With a quoted delimiter the body is taken as is; otherwise `$`, backquotes and `\` act
 * as inside double quotes, which is how `body` is kept.
 */
export interface HereDoc {
  kind: 'heredoc';
  fd: number;
  delimiter: string;
  stripTabs: boolean;
  quoted: boolean;
  body: DoubleQuotedInner[];
}

/** `<<<word`: the word, expanded, and a newline become the command's input. */
export interface HereString {
  kind: 'herestring';
  fd: number;
  target: Word;
}

/** `n<file` (read), `n>file` (truncate), `n>>file` (append). `fd` defaults to 0 for `<`, 1 otherwise. */
export interface FileRedirect {
  kind: 'file';
  op: '<' | '>' | '>>';
  fd: number;
  target: Word;
}

/**
 * `n>&m` and `n<&m` make fd n a copy of fd m (dup2(m, n)), so `2>&1` sends stderr where
 * stdout goes now; `n>&-` closes n. `fd` defaults to 0 for `<&` and 1 for `>&`.
 */
export interface DupRedirect {
  kind: 'dup';
  op: '<&' | '>&';
  fd: number;
  target: number | 'close';
}

/** `&>file` and `&>>file` send both stdout and stderr to the file (bash's short form of `>file 2>&1`). */
export interface BothRedirect {
  kind: 'both';
  op: '&>' | '&>>';
  target: Word;
}

/**
 * A word as written: its parts in order, quoting preserved. The parser always gives at
 * least one part, never two literals side by side, and never an empty literal.
 */
export interface Word {
  parts: WordPart[];
}

export type WordPart = LiteralPart | SingleQuotedPart | DoubleQuotedPart | EscapedPart | ParamPart | CommandPart | ArithPart;

/** Unquoted text: subject to globbing, and to tilde expansion at the start of a word. */
export interface LiteralPart {
  kind: 'literal';
  text: string;
}

/** `'text'`: every character is taken as is. */
export interface SingleQuotedPart {
  kind: 'single';
  text: string;
}

/** `"..."`: parameters expand inside, but the result is never split or globbed. */
export interface DoubleQuotedPart {
  kind: 'double';
  parts: DoubleQuotedInner[];
}

/**
 * The parts inside double quotes. A literal here is taken as is; it may hold a backslash
 * that escaped nothing (`"\a"` is the two characters `\a`, as in POSIX sh).
 */
export type DoubleQuotedInner = LiteralPart | EscapedPart | ParamPart | CommandPart | ArithPart;

/**
 * `\c`: one character (one code point) taken as is: outside quotes any character, inside
 * `"..."` one of `$`, backquote, `"` and `\`. A lone `\` at the very end of the input is an
 * escaped backslash.
 */
export interface EscapedPart {
  kind: 'escaped';
  text: string;
}

/**
 * `$name`, `${name}`, and the special parameters `$?` `$$` `$!` `$#` `$*` `$@` and `$0`..`$9`
 * (`${10}` reaches further). `braced` only records how it was written, for printing it back.
 */
export interface ParamPart {
  kind: 'param';
  name: string;
  braced: boolean;
  /** `${name<op>word}`, and `#` alone for `${#name}` (the length). */
  op?: ParamOp;
  /** The word after the operator (for `/`, the pattern and replacement split at the first unquoted `/`). */
  arg?: Word;
  /** For `${x/pat/rep}`: the replacement, or null when there is no second `/`. */
  replacement?: Word | null;
}

/** `:` is `${x:offset:length}`, the substring; its word holds both numbers. */
export type ParamOp = ':-' | '-' | ':=' | '=' | ':?' | '?' | ':+' | '+' | '#' | '##' | '%' | '%%' | '/' | '//' | ':' | 'length';

/** `$(commands)` or a backquoted command: its standard output, trailing newlines removed. */
export interface CommandPart {
  kind: 'command';
  /** The commands as source, run by a child shell. */
  source: string;
  backquoted: boolean;
}

/** `$((expression))`: the expression's parameters and commands expand first, then it is evaluated. */
export interface ArithPart {
  kind: 'arith';
  expression: DoubleQuotedInner[];
}

/** The special parameters that are a single punctuation character. */
export const SPECIAL_PARAMS = ['?', '$', '!', '#', '*', '@'] as const;
