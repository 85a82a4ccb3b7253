import { CHAR_CLASSES, scanBracket, UNMATCHED_BRACKET } from '../libc/bracket.ts';
import type { RegexSyntax } from './regex.ts';

/**
 * A regular-expression matcher that runs in time linear in the text: POSIX basic and
 * extended patterns are parsed to a tree, compiled to a Thompson NFA (a small program of
 * char / split / jmp / save / assert instructions), and run by a Pike VM that keeps every
 * possible position in the pattern at once. No input can make it backtrack, so patterns
 * such as `(.*a){20}!!` or `(a|a)*$` cost pattern size × line length steps, no more.
 *
 * `find` gives POSIX's leftmost-longest match, which `grep -o` and `sed s///` need;
 * `groups` then fills in `\1`...`\9` for that match. Back-references inside a pattern
 * cannot be matched by an automaton; `usesBackref` tells callers to use another engine.
 */

type CharTest = (ch: string) => boolean;

type Node =
  | { t: 'empty' }
  | { t: 'char'; test: CharTest }
  | { t: 'cat'; items: Node[] }
  | { t: 'alt'; items: Node[] }
  | { t: 'rep'; node: Node; min: number; max: number }
  | { t: 'group'; node: Node; index: number }
  | { t: 'assert'; kind: AssertKind }
  | { t: 'backref'; n: number };

type AssertKind = 'bol' | 'eol' | 'word-boundary' | 'not-word-boundary' | 'word-start' | 'word-end' | 'no-word-before' | 'no-word-after';

type Inst =
  | { op: 'char'; test: CharTest }
  | { op: 'split'; x: number; y: number }
  | { op: 'jmp'; x: number }
  | { op: 'save'; n: number }
  | { op: 'assert'; kind: AssertKind }
  /** Group n's text again; only the backtracking engine runs it (the Pike VM's threads die on it). */
  | { op: 'backref'; n: number; fold: boolean }
  | { op: 'match' };

export interface Program {
  insts: Inst[];
  groups: number;
  usesBackref: boolean;
}

/** Steps a run has taken: one per thread per character, what the linear bound is about. */
export interface Steps {
  count: number;
}

/** The biggest program a pattern may compile to; `a{1000}{1000}` is refused rather than built. */
export const MAX_INSTRUCTIONS = 50_000;

/** A test per POSIX class, each a one-character match against the class's members. */
const CLASS_TESTS: Readonly<Record<string, CharTest>> = Object.fromEntries(
  Object.entries(CHAR_CLASSES).map(([name, members]) => {
    const re = new RegExp(`^[${members}]$`);
    return [name, (c: string) => re.test(c)];
  }),
);

const isWord = (c: string | undefined): boolean => c !== undefined && /[0-9A-Za-z_]/.test(c);

interface ParseState {
  p: string;
  i: number;
  ere: boolean;
  groups: number;
  open: number;
  usesBackref: boolean;
}

/** Parses a POSIX pattern (GNU's extensions included) to a tree, or GNU grep's words for what is wrong. */
function parse(p: string, syntax: RegexSyntax): { node: Node; groups: number; usesBackref: boolean } | { error: string } {
  const s: ParseState = { p, i: 0, ere: syntax === 'extended', groups: 0, open: 0, usesBackref: false };
  const node = parseAlt(s, true);
  if ('error' in node) return node;
  if (s.i < p.length) return { error: 'Unmatched ) or \\)' };
  return { node, groups: s.groups, usesBackref: s.usesBackref };
}

function atAltEnd(s: ParseState): boolean {
  if (s.i >= s.p.length) return true;
  if (s.ere) return s.p[s.i] === '|' || (s.p[s.i] === ')' && s.open > 0);
  return s.p.startsWith('\\|', s.i) || (s.p.startsWith('\\)', s.i) && s.open > 0);
}

function parseAlt(s: ParseState, top: boolean): Node | { error: string } {
  const items: Node[] = [];
  for (;;) {
    const seq = parseSeq(s);
    if ('error' in seq) return seq;
    items.push(seq);
    if (s.ere && s.p[s.i] === '|') s.i++;
    else if (!s.ere && s.p.startsWith('\\|', s.i)) s.i += 2;
    else break;
  }
  void top;
  return items.length === 1 ? items[0] : { t: 'alt', items };
}

function parseSeq(s: ParseState): Node | { error: string } {
  const items: Node[] = [];
  const start = s.i;
  while (!atAltEnd(s)) {
    const atStart = s.i === start;
    const atom = parseAtom(s, atStart);
    if ('error' in atom) return atom;
    let node = atom;
    // Quantifiers; one with nothing before it is a literal character (handled in parseAtom).
    for (;;) {
      const q = readQuantifier(s, node);
      if (q === null) break;
      if ('error' in q) return q;
      node = q;
    }
    items.push(node);
  }
  return items.length === 0 ? { t: 'empty' } : items.length === 1 ? items[0] : { t: 'cat', items };
}

function readQuantifier(s: ParseState, node: Node): Node | { error: string } | null {
  if (node.t === 'assert' && (node.kind === 'bol' || node.kind === 'eol')) return null;
  const c = s.p[s.i];
  if (c === '*') {
    s.i++;
    return { t: 'rep', node, min: 0, max: Number.POSITIVE_INFINITY };
  }
  const plusQ = s.ere ? c : c === '\\' ? s.p[s.i + 1] : undefined;
  if (plusQ === '+' || plusQ === '?') {
    s.i += s.ere ? 1 : 2;
    return { t: 'rep', node, min: plusQ === '+' ? 1 : 0, max: plusQ === '+' ? Number.POSITIVE_INFINITY : 1 };
  }
  const brace = s.ere ? c === '{' : s.p.startsWith('\\{', s.i);
  if (!brace) return null;
  const body = s.p.slice(s.i + (s.ere ? 1 : 2));
  const m = s.ere ? /^(\d*)(,(\d*))?\}/.exec(body) : /^(\d*)(,(\d*))?\\\}/.exec(body);
  if (!m || (m[1] === '' && m[2] === undefined)) {
    if (s.ere) return null; // `{` that starts no count is a literal, as GNU grep -E has it
    return { error: 'Invalid content of \\{\\}' };
  }
  s.i += (s.ere ? 1 : 2) + m[0].length;
  const min = m[1] === '' ? 0 : Number(m[1]);
  const max = m[2] === undefined ? min : m[3] === '' ? Number.POSITIVE_INFINITY : Number(m[3]);
  if (max < min) return { error: 'Invalid content of \\{\\}' };
  if (min > 32767 || (max !== Number.POSITIVE_INFINITY && max > 32767)) return { error: 'Regular expression too big' };
  return { t: 'rep', node, min, max };
}

function literal(ch: string): Node {
  return { t: 'char', test: (c) => c === ch };
}

function parseAtom(s: ParseState, atStart: boolean): Node | { error: string } {
  const { p } = s;
  const c = p[s.i];
  if (c === '\\') {
    const d = p[s.i + 1];
    s.i += 2;
    if (d === undefined) return { error: 'Trailing backslash' };
    if (!s.ere && d === '(') return parseGroup(s);
    if (!s.ere && (d === '{' || d === '+' || d === '?') && atStart) return literal(d);
    if (/[1-9]/.test(d)) {
      if (Number(d) > s.groups) return { error: 'Invalid back reference' };
      s.usesBackref = true;
      return { t: 'backref', n: Number(d) };
    }
    switch (d) {
      case '<':
        return { t: 'assert', kind: 'word-start' };
      case '>':
        return { t: 'assert', kind: 'word-end' };
      case 'b':
        return { t: 'assert', kind: 'word-boundary' };
      case 'B':
        return { t: 'assert', kind: 'not-word-boundary' };
      case '`':
        return { t: 'assert', kind: 'bol' };
      case "'":
        return { t: 'assert', kind: 'eol' };
      case 'w':
        return { t: 'char', test: isWord };
      case 'W':
        return { t: 'char', test: (ch) => !isWord(ch) };
      case 's':
        return { t: 'char', test: CLASS_TESTS.space };
      case 'S':
        return { t: 'char', test: (ch) => !CLASS_TESTS.space(ch) };
      default:
        return literal(d);
    }
  }
  s.i++;
  if (c === '[') {
    s.i--;
    return parseBracket(s);
  }
  if (c === '.') return { t: 'char', test: (ch) => ch !== '\n' };
  if (c === '*' && atStart) return literal('*');
  if (s.ere && (c === '+' || c === '?' || c === '*') && atStart) return literal(c);
  if (s.ere && c === '{' && atStart) return literal('{');
  if (s.ere && c === '(') return parseGroup(s);
  if (s.ere && c === ')') return literal(')'); // an unmatched ) is literal in an ERE, as in GNU grep
  if (c === '^') {
    // In a BRE, ^ is an anchor only at the start of the pattern, a group or an alternative.
    if (s.ere || atStart) return { t: 'assert', kind: 'bol' };
    return literal('^');
  }
  if (c === '$') {
    if (s.ere || atAltEnd(s)) return { t: 'assert', kind: 'eol' };
    return literal('$');
  }
  return literal(c);
}

function parseGroup(s: ParseState): Node | { error: string } {
  const index = ++s.groups;
  s.open++;
  const node = parseAlt(s, false);
  if ('error' in node) return node;
  s.open--;
  if (s.ere && s.p[s.i] === ')') s.i++;
  else if (!s.ere && s.p.startsWith('\\)', s.i)) s.i += 2;
  else return { error: 'Unmatched ( or \\(' };
  return { t: 'group', node, index };
}

/** `[...]`, read by the bracket scanner the shell's patterns share; a `[=x=]` or `[.x.]` is the character x. */
function parseBracket(s: ParseState): Node | { error: string } {
  const bracket = scanBracket(s.p, s.i, 'regex');
  if (bracket === null) return { error: UNMATCHED_BRACKET };
  if ('error' in bracket) return bracket;
  s.i = bracket.end;
  const tests = bracket.items.map((item): CharTest => {
    if (item.kind === 'char') return (c) => c === item.ch;
    if (item.kind === 'range') return (c) => c >= item.lo && c <= item.hi;
    if (item.kind === 'class') return CLASS_TESTS[item.name];
    return (c) => c === item.text;
  });
  const inSet = (c: string) => tests.some((t) => t(c));
  return { t: 'char', test: bracket.negate ? (c) => c !== '\n' && !inSet(c) : inSet };
}

/** Compiles a pattern; `ignoreCase` folds letters; `line` (-x) and `word` (-w) wrap it as grep does. */
export function compileNfa(
  pattern: string,
  syntax: RegexSyntax | 'fixed',
  opts: { ignoreCase?: boolean; line?: boolean; word?: boolean } = {},
): Program | { error: string } {
  let parsed: { node: Node; groups: number; usesBackref: boolean } | { error: string };
  if (syntax === 'fixed') {
    parsed = { node: { t: 'cat', items: [...pattern].map(literal) }, groups: 0, usesBackref: false };
  } else {
    parsed = parse(pattern, syntax);
  }
  if ('error' in parsed) return parsed;
  let node = parsed.node;
  if (opts.line) node = { t: 'cat', items: [{ t: 'assert', kind: 'bol' }, node, { t: 'assert', kind: 'eol' }] };
  else if (opts.word) node = { t: 'cat', items: [{ t: 'assert', kind: 'no-word-before' }, node, { t: 'assert', kind: 'no-word-after' }] };
  const insts: Inst[] = [{ op: 'save', n: 0 }];
  const ok = emit(node, insts, opts.ignoreCase ?? false);
  if (!ok) return { error: 'Regular expression too big' };
  insts.push({ op: 'save', n: 1 }, { op: 'match' });
  return { insts, groups: parsed.groups, usesBackref: parsed.usesBackref };
}

function fold(test: CharTest): CharTest {
  return (c) => test(c) || test(c.toLowerCase()) || test(c.toUpperCase());
}

/** Appends the node's instructions; false when the program grows past MAX_INSTRUCTIONS. */
function emit(node: Node, out: Inst[], ignoreCase: boolean): boolean {
  if (out.length > MAX_INSTRUCTIONS) return false;
  switch (node.t) {
    case 'empty':
      return true;
    case 'char':
      out.push({ op: 'char', test: ignoreCase ? fold(node.test) : node.test });
      return true;
    case 'assert':
      out.push({ op: 'assert', kind: node.kind });
      return true;
    case 'backref':
      // Only the backtracking engine can match these; a caller checks usesBackref first.
      out.push({ op: 'backref', n: node.n, fold: ignoreCase });
      return true;
    case 'group':
      out.push({ op: 'save', n: node.index * 2 });
      if (!emit(node.node, out, ignoreCase)) return false;
      out.push({ op: 'save', n: node.index * 2 + 1 });
      return true;
    case 'cat':
      return node.items.every((item) => emit(item, out, ignoreCase));
    case 'alt': {
      const jumps: Inst[] = [];
      for (let k = 0; k < node.items.length; k++) {
        if (k < node.items.length - 1) {
          const split: Inst = { op: 'split', x: out.length + 1, y: 0 };
          out.push(split);
          if (!emit(node.items[k], out, ignoreCase)) return false;
          const jmp: Inst = { op: 'jmp', x: 0 };
          out.push(jmp);
          jumps.push(jmp);
          split.y = out.length;
        } else if (!emit(node.items[k], out, ignoreCase)) return false;
      }
      for (const j of jumps) if (j.op === 'jmp') j.x = out.length;
      return true;
    }
    case 'rep': {
      for (let k = 0; k < node.min; k++) if (!emit(node.node, out, ignoreCase)) return false;
      if (node.max === Number.POSITIVE_INFINITY) {
        const split: Inst = { op: 'split', x: out.length + 1, y: 0 };
        const loop = out.length;
        out.push(split);
        if (!emit(node.node, out, ignoreCase)) return false;
        out.push({ op: 'jmp', x: loop });
        split.y = out.length;
        return true;
      }
      const splits: Inst[] = [];
      for (let k = node.min; k < node.max; k++) {
        const split: Inst = { op: 'split', x: out.length + 1, y: 0 };
        out.push(split);
        splits.push(split);
        if (!emit(node.node, out, ignoreCase)) return false;
      }
      for (const sp of splits) if (sp.op === 'split') sp.y = out.length;
      return true;
    }
  }
}

function assertHolds(kind: AssertKind, text: string, i: number): boolean {
  const before = text[i - 1];
  const after = text[i];
  switch (kind) {
    case 'bol':
      return i === 0;
    case 'eol':
      return i === text.length;
    case 'word-boundary':
      return isWord(before) !== isWord(after);
    case 'not-word-boundary':
      return isWord(before) === isWord(after);
    case 'word-start':
      return !isWord(before) && isWord(after);
    case 'word-end':
      return isWord(before) && !isWord(after);
    case 'no-word-before':
      return !isWord(before);
    case 'no-word-after':
      return !isWord(after);
  }
}

/**
 * Follows jumps, splits, saves and assertions from `pc` at position i, adding every
 * char or match instruction reached (once per step, the first arrival winning) to `list`.
 */
function addThread(prog: Program, list: Thread[], mark: Int32Array, step: number, pc0: number, caps: number[], text: string, i: number, steps: Steps): void {
  const stack: { pc: number; caps: number[] }[] = [{ pc: pc0, caps }];
  while (stack.length > 0) {
    const { pc, caps: c } = stack.pop()!;
    if (mark[pc] === step) continue;
    mark[pc] = step;
    steps.count++;
    const inst = prog.insts[pc];
    switch (inst.op) {
      case 'jmp':
        stack.push({ pc: inst.x, caps: c });
        break;
      case 'split':
        // Pushed in reverse so that x, the preferred branch, is followed first.
        stack.push({ pc: inst.y, caps: c }, { pc: inst.x, caps: c });
        break;
      case 'save': {
        const copy = c.slice();
        copy[inst.n] = i;
        stack.push({ pc: pc + 1, caps: copy });
        break;
      }
      case 'assert':
        if (assertHolds(inst.kind, text, i)) stack.push({ pc: pc + 1, caps: c });
        break;
      default:
        list.push({ pc, caps: c });
    }
  }
}

interface Thread {
  pc: number;
  /** caps[0] is where the match started; caps[2k], caps[2k+1] group k's bounds. */
  caps: number[];
}

/**
 * The leftmost-longest match at or after `from`, as [start, end], or null. Threads that
 * reach the same instruction at the same position have the same future, so the one that
 * started earlier is kept: that makes the first match found the leftmost, and running on
 * while threads with that start live finds its longest end.
 */
export function findMatch(prog: Program, text: string, from = 0, steps: Steps = { count: 0 }): [number, number] | null {
  const size = prog.insts.length;
  const mark = new Int32Array(size).fill(-1);
  let clist: Thread[] = [];
  let best: [number, number] | null = null;
  let step = 0;
  for (let i = from; i <= text.length; i++) {
    if (best === null) addThread(prog, clist, mark, step, 0, [], text, i, steps);
    if (clist.length === 0) {
      if (best !== null) break;
      step++;
      continue;
    }
    const nlist: Thread[] = [];
    step++;
    for (const th of clist) {
      steps.count++;
      const start = th.caps[0];
      if (best !== null && start > best[0]) continue;
      const inst = prog.insts[th.pc];
      if (inst.op === 'match') {
        if (best === null || start < best[0] || (start === best[0] && i > best[1])) best = [start, i];
        continue;
      }
      if (inst.op === 'char' && i < text.length && inst.test(text[i])) addThread(prog, nlist, mark, step, th.pc + 1, th.caps, text, i + 1, steps);
    }
    clist = nlist;
  }
  return best;
}

/** Whether the text has a match anywhere: the first match found ends the run. */
export function testMatch(prog: Program, text: string, steps: Steps = { count: 0 }): boolean {
  const size = prog.insts.length;
  const mark = new Int32Array(size).fill(-1);
  let clist: Thread[] = [];
  let step = 0;
  for (let i = 0; i <= text.length; i++) {
    addThread(prog, clist, mark, step, 0, [], text, i, steps);
    const nlist: Thread[] = [];
    step++;
    for (const th of clist) {
      steps.count++;
      const inst = prog.insts[th.pc];
      if (inst.op === 'match') return true;
      if (inst.op === 'char' && i < text.length && inst.test(text[i])) addThread(prog, nlist, mark, step, th.pc + 1, th.caps, text, i + 1, steps);
    }
    clist = nlist;
  }
  return false;
}

/**
 * The groups of a match already found at [start, end]: a Pike VM run from `start` that
 * accepts only a match ending at `end`, taking the highest-priority such thread (each
 * operator prefers to repeat, each alternation its first branch). Unset groups are null.
 */
export function matchGroups(prog: Program, text: string, start: number, end: number, steps: Steps = { count: 0 }): (string | null)[] {
  const size = prog.insts.length;
  const mark = new Int32Array(size).fill(-1);
  let clist: Thread[] = [];
  let step = 0;
  addThread(prog, clist, mark, step, 0, [], text, start, steps);
  for (let i = start; i <= end; i++) {
    const nlist: Thread[] = [];
    step++;
    for (const th of clist) {
      steps.count++;
      const inst = prog.insts[th.pc];
      if (inst.op === 'match') {
        if (i === end) return groupsOf(th.caps, prog.groups, text);
        continue;
      }
      if (inst.op === 'char' && i < end && inst.test(text[i])) addThread(prog, nlist, mark, step, th.pc + 1, th.caps, text, i + 1, steps);
    }
    clist = nlist;
  }
  return groupsOf([], prog.groups, text);
}

function groupsOf(caps: number[], groups: number, text: string): (string | null)[] {
  const out: (string | null)[] = [];
  for (let k = 0; k <= groups; k++) {
    const a = caps[2 * k];
    const b = caps[2 * k + 1];
    out.push(a === undefined || b === undefined ? null : text.slice(a, b));
  }
  return out;
}

/** Steps one backtracking search may take on one line before it gives up (see backtrackFind). */
export const BACKTRACK_BUDGET = 1_000_000;

/**
 * The leftmost match at or after `from` (leftmost-first, each operator preferring to
 * repeat, as JavaScript's engine chooses), by backtracking over the same program: the one
 * way to match a back-reference. Backtracking can take exponential time, so the search
 * counts its steps and gives up past `budget`, answering 'too complex' rather than
 * holding the machine for minutes. A loop that goes round without reading a character is
 * cut, so `\(a*\)*\1` ends. Returns the capture positions (caps[0], caps[1]: the match).
 */
export function backtrackFind(prog: Program, text: string, from = 0, budget = BACKTRACK_BUDGET, steps: Steps = { count: 0 }): number[] | null | 'too complex' {
  const limit = steps.count + budget;
  for (let start = from; start <= text.length; start++) {
    const stack: { pc: number; i: number; caps: number[]; loops: number[] }[] = [{ pc: 0, i: start, caps: [], loops: [] }];
    while (stack.length > 0) {
      let { pc, i, caps, loops } = stack.pop()!;
      for (;;) {
        if (++steps.count > limit) return 'too complex';
        const inst = prog.insts[pc];
        if (inst.op === 'match') return caps;
        if (inst.op === 'char') {
          if (i >= text.length || !inst.test(text[i])) break;
          pc++;
          i++;
        } else if (inst.op === 'jmp') {
          if (inst.x < pc) {
            // Back to a loop's start: not again from where the last turn began.
            if (loops[pc] === i) break;
            loops = loops.slice();
            loops[pc] = i;
          }
          pc = inst.x;
        } else if (inst.op === 'split') {
          stack.push({ pc: inst.y, i, caps, loops });
          pc = inst.x;
        } else if (inst.op === 'save') {
          caps = caps.slice();
          caps[inst.n] = i;
          pc++;
        } else if (inst.op === 'assert') {
          if (!assertHolds(inst.kind, text, i)) break;
          pc++;
        } else {
          const a = caps[2 * inst.n];
          const b = caps[2 * inst.n + 1];
          if (a === undefined || b === undefined) break;
          const want = text.slice(a, b);
          const got = text.slice(i, i + want.length);
          if (inst.fold ? got.toLowerCase() !== want.toLowerCase() : got !== want) break;
          pc++;
          i += want.length;
        }
      }
    }
  }
  return null;
}

/** The groups of a match found by backtrackFind, as matchGroups gives them. */
export function capsToGroups(caps: number[], groups: number, text: string): (string | null)[] {
  return groupsOf(caps, groups, text);
}
