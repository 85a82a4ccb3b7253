import { CHAR_CLASSES, scanBracket, UNMATCHED_BRACKET } from '../libc/bracket.ts';
import { backtrackFind, capsToGroups, compileNfa, findMatch, matchGroups, testMatch } from './nfa.ts';

/**
 * POSIX regular expressions (basic and extended, with GNU's extensions). Matching runs on
 * the linear-time automaton in nfa.ts (see `compileMatcher`). What stays here is the
 * translation into JavaScript's syntax, used only for patterns with a back-reference,
 * which an automaton cannot match: it gives POSIX meaning to what differs (in a BRE `\(`,
 * `\{`, `\|`, `\+` and `\?` are the operators and the bare characters are literal; a
 * backslash is literal inside brackets; `[[:alpha:]]` classes; `\<` and `\>`; a `*` with
 * nothing to repeat is literal).
 */

export type RegexSyntax = 'basic' | 'extended';

/** One character, safe anywhere in a JavaScript pattern or class. */
function lit(ch: string): string {
  return /[A-Za-z0-9 ]/.test(ch) ? ch : `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** Translates the bracket expression starting at p[i] === '['; returns the class and the index after it. */
function bracket(p: string, i: number): { out: string; next: number } | { error: string } {
  const b = scanBracket(p, i, 'regex');
  if (b === null) return { error: UNMATCHED_BRACKET };
  if ('error' in b) return b;
  let out = b.negate ? '[^' : '[';
  for (const item of b.items) {
    if (item.kind === 'char') out += lit(item.ch);
    else if (item.kind === 'range') out += `${lit(item.lo)}-${lit(item.hi)}`;
    else if (item.kind === 'class') out += CHAR_CLASSES[item.name];
    else out += [...item.text].map(lit).join('');
  }
  return { out: `${out}]`, next: b.end };
}

/** The JavaScript source for a POSIX pattern, or the error GNU grep reports. */
export function translateRegex(p: string, syntax: RegexSyntax): { source: string } | { error: string } {
  const ere = syntax === 'extended';
  let out = '';
  /** Where the last atom began in `out` (-1: nothing to repeat), and whether it is already quantified. */
  let atom = -1;
  let quantified = false;
  let groups = 0;
  const open: number[] = [];
  const emitAtom = (s: string) => {
    atom = out.length;
    quantified = false;
    out += s;
  };
  const emitOp = (s: string) => {
    atom = -1;
    out += s;
  };
  let lastQ = '';
  const quantify = (q: string) => {
    if (atom < 0) return emitAtom(lit(q[0]) + q.slice(1).replace(/[{}]/g, lit));
    // POSIX allows a** and a+?; JavaScript does not (or reads +? as lazy). Two of * + ?
    // in a row mean one (a** is a*, a+? is a*), which also spares the matcher a nested
    // repetition; with a brace count the atom is grouped instead.
    if (quantified && /^[*+?]$/.test(lastQ) && /^[*+?]$/.test(q)) {
      const both = lastQ + q;
      const one = both.includes('*') || (both.includes('+') && both.includes('?')) ? '*' : q;
      out = out.slice(0, -1) + one;
      lastQ = one;
      return;
    }
    if (quantified) out = `${out.slice(0, atom)}(?:${out.slice(atom)})`;
    out += q;
    lastQ = q;
    quantified = true;
  };
  /** At the start of the pattern, a group or an alternative (where a BRE's ^ is an anchor). */
  const atStart = () => out === '' || /[(|]$/.test(out);
  for (let i = 0; i < p.length; ) {
    const c = p[i];
    if (c === '\\') {
      const d = p[i + 1];
      i += 2;
      if (d === undefined) return { error: 'Trailing backslash' };
      if (!ere && d === '(') {
        groups++;
        open.push(groups);
        emitOp('(');
      } else if (!ere && d === ')') {
        if (open.length === 0) return { error: 'Unmatched ) or \\)' };
        open.pop();
        out += ')';
        atom = matchingParen(out);
        quantified = false;
      } else if (!ere && d === '|') emitOp('|');
      else if (!ere && (d === '+' || d === '?')) quantify(d);
      else if (!ere && d === '{') {
        const m = /^(\d*)(,(\d*))?\\\}/.exec(p.slice(i));
        if (!m || (m[1] === '' && m[2] === undefined)) return { error: 'Invalid content of \\{\\}' };
        i += m[0].length;
        quantify(`{${m[1] || '0'}${m[2] ?? ''}}`);
      } else if (/[1-9]/.test(d)) {
        if (Number(d) > groups) return { error: 'Invalid back reference' };
        emitAtom(`\\${d}`);
      } else if (d === '<') emitOp('\\b(?=\\w)');
      else if (d === '>') emitOp('\\b(?<=\\w)');
      else if (d === 'b' || d === 'B') emitOp(`\\${d}`);
      else if ('wWsS'.includes(d)) emitAtom(`\\${d}`);
      else if (d === '`') emitOp('^');
      else if (d === "'") emitOp('$');
      else emitAtom(lit(d));
      continue;
    }
    if (c === '[') {
      const b = bracket(p, i);
      if ('error' in b) return b;
      emitAtom(b.out);
      i = b.next;
      continue;
    }
    i++;
    if (c === '.') emitAtom('.');
    else if (c === '*') quantify('*');
    else if (ere && (c === '+' || c === '?')) quantify(c);
    else if (ere && c === '{') {
      const m = /^(\d*)(,(\d*))?\}/.exec(p.slice(i));
      if (!m || (m[1] === '' && m[2] === undefined)) emitAtom(lit('{'));
      else {
        i += m[0].length;
        quantify(`{${m[1] || '0'}${m[2] ?? ''}}`);
      }
    } else if (ere && c === '(') {
      groups++;
      open.push(groups);
      emitOp('(');
    } else if (ere && c === ')') {
      if (open.length === 0) emitAtom(lit(')'));
      else {
        open.pop();
        out += ')';
        atom = matchingParen(out);
        quantified = false;
      }
    } else if (ere && c === '|') emitOp('|');
    else if (c === '^') {
      // In a BRE, ^ is an anchor only at the start of the pattern or of a group.
      if (ere || atStart()) emitOp('^');
      else emitAtom(lit('^'));
    } else if (c === '$') {
      const rest = p.slice(i);
      if (ere || rest === '' || rest.startsWith('\\)') || rest.startsWith('\\|')) emitOp('$');
      else emitAtom(lit('$'));
    } else emitAtom(lit(c));
  }
  if (open.length > 0) return { error: 'Unmatched ( or \\(' };
  return { source: out };
}

/**
 * Index of the '(' that the ')' ending `s` closes. Literal parentheses are always written
 * as \u escapes, so every bare one in the output is a group or a lookaround.
 */
function matchingParen(s: string): number {
  let depth = 0;
  for (let i = s.length - 1; i >= 0; i--) {
    if (s[i] === ')') depth++;
    else if (s[i] === '(') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return 0;
}

export interface GrepPattern {
  syntax: RegexSyntax | 'fixed';
  ignoreCase: boolean;
  word: boolean;
  line: boolean;
}

/** A RegExp (global, for finding every match) for one pattern, or GNU's error words. */
export function compilePattern(p: string, how: GrepPattern): RegExp | string {
  let source: string;
  if (how.syntax === 'fixed') source = [...p].map(lit).join('');
  else {
    const t = translateRegex(p, how.syntax);
    if ('error' in t) return t.error;
    source = t.source;
  }
  if (hasNestedRepetition(source)) return 'pattern repeats a repetition (like (a+)+), which could take exponential time; refused';
  if (how.line) source = `^(?:${source})$`;
  else if (how.word) source = `(?<!\\w)(?:${source})(?!\\w)`;
  try {
    return new RegExp(source, how.ignoreCase ? 'gi' : 'g');
  } catch {
    return 'Invalid regular expression';
  }
}

/**
 * True when a repeated group contains an unbounded repetition, e.g. (a+)+ or (a|b*)*: with
 * a backtracking matcher such a pattern can take exponential time on a line that almost
 * matches, which would stall the whole simulator. Character classes and escapes are
 * skipped; a trailing ? is bounded and allowed.
 */
export function hasNestedRepetition(source: string): boolean {
  const unboundedAt = (i: number): boolean => source[i] === '+' || source[i] === '*' || /^\{\d*,\}/.test(source.slice(i));
  const inner: boolean[] = [];
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '[') {
      for (i++; i < source.length && source[i] !== ']'; i++) if (source[i] === '\\') i++;
      continue;
    }
    if (c === '(') {
      inner.push(false);
      continue;
    }
    if (c === ')') {
      const had = inner.pop() ?? false;
      const quantified = unboundedAt(i + 1) || /^\{\d+,\d+\}/.test(source.slice(i + 1));
      if (had && quantified) return true;
      if ((had || unboundedAt(i + 1)) && inner.length) inner[inner.length - 1] = true;
      continue;
    }
    if (unboundedAt(i) && inner.length) inner[inner.length - 1] = true;
  }
  return false;
}

/**
 * A compiled pattern as grep and sed use it: whether a line matches, and the
 * leftmost-longest match from a position (with its groups, for sed's `\1`). It runs on the
 * linear-time automaton in nfa.ts; only a pattern with a back-reference (`\(a\)\1`), which
 * no automaton can match, runs on the backtracking search there, whose work on one line is
 * bounded: past BACKTRACK_BUDGET steps the match fails and `problem` says why, for the
 * program to report (GNU grep's words: "pattern too complex").
 */
export interface Matcher {
  test(line: string): boolean;
  find(line: string, from: number): [number, number] | null;
  groups(line: string, match: [number, number]): (string | null)[];
  /** Set once a search gave up; every later search fails at once. */
  readonly problem: string | null;
}

export const TOO_COMPLEX = 'pattern too complex: back-references that take over a million steps on one line';

/** Characters that are never an operator, in basic, extended or fixed patterns alike. */
const PLAIN_TEXT = /^[A-Za-z0-9 _,:;=/@#%&'"<>!~-]+$/;

/**
 * The text a pattern stands for when nothing in it is an operator (`grep 7`, `grep -F
 * error`), or null. Such a pattern matches exactly where its text occurs, and the
 * leftmost-longest match of one fixed text is its first occurrence, so a string search
 * gives the automaton's answers without running it (GNU grep searches for literals the
 * same way). Case folding and word or line anchors keep the automaton.
 */
function literalOf(p: string, how: GrepPattern): string | null {
  if (how.ignoreCase || how.word || how.line || p.length === 0) return null;
  return how.syntax === 'fixed' || PLAIN_TEXT.test(p) ? p : null;
}

export function compileMatcher(p: string, how: GrepPattern): Matcher | string {
  const prog = compileNfa(p, how.syntax, { ignoreCase: how.ignoreCase, line: how.line, word: how.word });
  if ('error' in prog) return prog.error;
  const literal = literalOf(p, how);
  if (literal !== null && !prog.usesBackref) {
    return {
      test: (line) => line.includes(literal),
      find: (line, from) => {
        const at = line.indexOf(literal, from);
        return at < 0 ? null : [at, at + literal.length];
      },
      groups: (line, [start, end]) => matchGroups(prog, line, start, end),
      problem: null,
    };
  }
  if (!prog.usesBackref) {
    return {
      test: (line) => testMatch(prog, line),
      find: (line, from) => findMatch(prog, line, from),
      groups: (line, [start, end]) => matchGroups(prog, line, start, end),
      problem: null,
    };
  }
  const m = {
    problem: null as string | null,
    search(line: string, from: number): number[] | null {
      if (m.problem) return null;
      const r = backtrackFind(prog, line, from);
      if (r === 'too complex') {
        m.problem = TOO_COMPLEX;
        return null;
      }
      return r;
    },
    test: (line: string) => m.search(line, 0) !== null,
    find: (line: string, from: number): [number, number] | null => {
      const caps = m.search(line, from);
      return caps ? [caps[0], caps[1]] : null;
    },
    groups: (line: string, [start]: [number, number]) => {
      const caps = m.search(line, start);
      return caps ? capsToGroups(caps, prog.groups, line) : [];
    },
  };
  return m;
}
