import type { ProcessContext } from '../abi/program.ts';
import { strerror } from '../abi/errno.ts';
import * as sys from '../libc/sys.ts';
import { all, getopts, has } from './args.ts';
import { compileMatcher, type Matcher } from './regex.ts';
import { fail, finish, put, type Reader, reader, readLine, type Tool, tool, warn } from './stdio.ts';

/**
 * sed, the stream editor: reads lines into its pattern space, runs the script's commands
 * on each, and prints the result (unless -n). The commands: s/RE/REPLACEMENT/[gpNiI] with
 * `&` and `\1`..`\9`, d, D, p, P, q, Q, =, y/SRC/DST/, a, i and c TEXT, the hold space
 * (h, H, g, G, x), n and N, and { } blocks; each may have an address (a line number, `$`,
 * /RE/) or a range of two, and `!` to invert it. Patterns are POSIX (basic, or extended
 * with -E) and match in linear time, leftmost-longest as POSIX says.
 *
 * It streams: a line is read, edited and written before the next is read (with one line
 * read ahead, so that `$` knows the last line), so `yes | sed q` ends at once and a long
 * input never sits in memory whole.
 */

type Address = { kind: 'line'; n: number } | { kind: 'step'; first: number; step: number } | { kind: 'last' } | { kind: 're'; re: Matcher };

interface Command {
  from: Address | null;
  to: Address | null;
  negate: boolean;
  /** For a range: whether it is open (the first address matched, the second not yet). */
  active: boolean;
  name: string;
  subst?: { re: Matcher; replacement: string; global: boolean; nth: number; print: boolean };
  translate?: { from: string[]; to: string[] };
  block?: Command[];
  /** The text of a, i and c. */
  text?: string;
  /** q's and Q's exit status. */
  status?: number;
}

type Parsed = { commands: Command[] } | { error: string };

interface ScriptReader {
  text: string;
  i: number;
  extended: boolean;
}

export function* sed(ctx: ProcessContext): sys.Sys<number> {
  const a = yield* getopts(ctx, {
    flags: 'nEr',
    values: 'e',
    long: { quiet: 'n', silent: 'n', 'regexp-extended': 'E', 'expression=': 'e' },
    usage: ['sed [OPTION]... {script} [FILE]...'],
  });
  if (typeof a === 'number') return a;
  const t = tool('sed');
  let scripts = all(a, 'e');
  let files = a.operands;
  if (scripts.length === 0) {
    if (files.length === 0) {
      yield* warn(t, 'no script given\nUsage: sed [OPTION]... {script} [FILE]...');
      return 1;
    }
    scripts = [files[0]];
    files = files.slice(1);
  }
  const extended = has(a, 'E') || has(a, 'r');
  const commands: Command[] = [];
  for (const [k, script] of scripts.entries()) {
    const parsed = parseScript({ text: script, i: 0, extended });
    if ('error' in parsed) {
      yield* warn(t, `-e expression #${k + 1}, ${parsed.error}`);
      return 1;
    }
    commands.push(...parsed.commands);
  }
  const quiet = has(a, 'n');
  const input = inputStream(t, files);
  const s: CycleState = {
    space: '',
    hold: '',
    newline: true,
    lineNo: 0,
    quit: null,
    out: '',
    appended: '',
    quiet,
    input,
    ahead: undefined,
  };
  let restart = false;
  for (;;) {
    if (!restart && !(yield* readInto(s, false))) break;
    const end = yield* runCommands(commands, s);
    restart = end === 'restart';
    if (end === 'cycle' && !s.quiet) s.out += s.space + (s.newline ? '\n' : '');
    if (end === 'quit' && !s.quiet && s.quit?.print) s.out += s.space + (s.newline ? '\n' : '');
    // Appended text starts on a line of its own, even after a last line without a newline.
    if (s.appended !== '' && s.out !== '' && !s.out.endsWith('\n')) s.out += '\n';
    s.out += s.appended;
    s.appended = '';
    yield* put(t.out, s.out);
    s.out = '';
    if (s.quit !== null) {
      t.status = Math.max(t.status, s.quit.status);
      break;
    }
  }
  if (s.quit === null) while ((yield* input.next()) !== null);
  const problem = matcherProblem(commands);
  if (problem) {
    yield* warn(t, problem);
    yield* finish(t);
    return 4;
  }
  return yield* finish(t);
}

/** Why a pattern's search gave up (a back-reference past its step budget), if one did. */
function matcherProblem(commands: Command[]): string | null {
  for (const c of commands) {
    for (const re of [c.from?.kind === 're' ? c.from.re : null, c.to?.kind === 're' ? c.to.re : null, c.subst?.re ?? null]) if (re?.problem) return re.problem;
    const inner = c.block ? matcherProblem(c.block) : null;
    if (inner) return inner;
  }
  return null;
}

/** The input files one after another as one stream of lines (each with its newline, the last maybe without). */
interface InputStream {
  next(): sys.Sys<string | null>;
}

function inputStream(t: Tool, files: readonly string[]): InputStream {
  const names = files.length === 0 ? ['-'] : [...files];
  let current: { r: Reader; fd: number; name: string } | null = null;
  return {
    *next() {
      for (;;) {
        if (current === null) {
          const name = names.shift();
          if (name === undefined) return null;
          const fd = name === '-' ? 0 : yield* sys.open(name);
          if (fd < 0) {
            yield* fail(t, `can't read ${name}: ${strerror(fd)}`, 2);
            continue;
          }
          current = { r: reader(fd, t.out), fd, name };
        }
        const line = yield* readLine(current.r);
        if (line !== null) return line;
        if (current.r.err !== 0) yield* fail(t, `read error on ${current.name === '-' ? 'stdin' : current.name}: ${strerror(current.r.err)}`, 2);
        if (current.fd !== 0) yield* sys.close(current.fd);
        current = null;
      }
    },
  };
}

interface CycleState {
  space: string;
  hold: string;
  /** Whether the line last read ended in a newline (the input's last line may not). */
  newline: boolean;
  lineNo: number;
  /** Set by q (print: true) and Q. */
  quit: { status: number; print: boolean } | null;
  out: string;
  /** What a queued for the end of the cycle. */
  appended: string;
  quiet: boolean;
  input: InputStream;
  /** The next line when it has been read ahead (to answer `$`, or for N), null at the end of the input; undefined when not read yet. */
  ahead: string | null | undefined;
}

/** The next line, read ahead without taking it: only `$` and n/N need to know it, so input is never read sooner than that. */
function* peek(s: CycleState): sys.Sys<string | null> {
  if (s.ahead === undefined) s.ahead = yield* s.input.next();
  return s.ahead;
}

/** a, i and c's text as a line of output; an empty text prints nothing, as in GNU sed. */
const textLine = (text: string | undefined) => (text ? `${text}\n` : '');

/** Takes the line read ahead into the pattern space (appended after a newline for N); false at the end of the input. */
function* readInto(s: CycleState, append: boolean): sys.Sys<boolean> {
  const raw = yield* peek(s);
  s.ahead = undefined;
  if (raw === null) return false;
  s.lineNo++;
  s.newline = raw.endsWith('\n');
  const line = s.newline ? raw.slice(0, -1) : raw;
  s.space = append ? `${s.space}\n${line}` : line;
  return true;
}

/** How a run of the script ended: at its end (print the pattern space), deleted, restarted by D, or quit. */
type CycleEnd = 'cycle' | 'deleted' | 'restart' | 'quit';

function* runCommands(commands: Command[], s: CycleState): sys.Sys<CycleEnd | null> {
  for (const c of commands) {
    if ((yield* selects(c, s)) === c.negate) continue;
    switch (c.name) {
      case '{': {
        const end = yield* runCommands(c.block ?? [], s);
        if (end !== null && end !== 'cycle') return end;
        break;
      }
      case 'd':
        return 'deleted';
      case 'D': {
        const nl = s.space.indexOf('\n');
        if (nl < 0) return 'deleted';
        s.space = s.space.slice(nl + 1);
        return 'restart';
      }
      case 'p':
        s.out += `${s.space}\n`;
        break;
      case 'P': {
        const nl = s.space.indexOf('\n');
        s.out += `${nl < 0 ? s.space : s.space.slice(0, nl)}\n`;
        break;
      }
      case '=':
        s.out += `${s.lineNo}\n`;
        break;
      case 'q':
      case 'Q':
        s.quit = { status: c.status ?? 0, print: c.name === 'q' };
        return 'quit';
      case 'a':
        s.appended += textLine(c.text);
        break;
      case 'i':
        s.out += textLine(c.text);
        break;
      case 'c':
        // In a range the text replaces the whole range: it is printed once, at its end.
        if (c.negate || c.to === null || !c.active) s.out += textLine(c.text);
        return 'deleted';
      case 'h':
        s.hold = s.space;
        break;
      case 'H':
        s.hold = `${s.hold}\n${s.space}`;
        break;
      case 'g':
        s.space = s.hold;
        break;
      case 'G':
        s.space = `${s.space}\n${s.hold}`;
        break;
      case 'x':
        [s.space, s.hold] = [s.hold, s.space];
        break;
      case 'n':
      case 'N': {
        if ((yield* peek(s)) === null) {
          // No next line: GNU sed prints the pattern space and ends (POSIX leaves N's undefined).
          s.quit = { status: 0, print: true };
          return 'quit';
        }
        if (c.name === 'n' && !s.quiet) s.out += s.space + (s.newline ? '\n' : '');
        // What was appended goes out before the next line comes in.
        s.out += s.appended;
        s.appended = '';
        yield* readInto(s, c.name === 'N');
        break;
      }
      case 'y': {
        const { from, to } = c.translate!;
        s.space = [...s.space].map((ch) => (from.includes(ch) ? to[from.indexOf(ch)] : ch)).join('');
        break;
      }
      case 's': {
        const r = substitute(s.space, c.subst!);
        if (r !== null) {
          s.space = r;
          if (c.subst!.print) s.out += `${s.space}\n`;
        }
        break;
      }
    }
  }
  return 'cycle';
}

function* matchesAddress(addr: Address, s: CycleState): sys.Sys<boolean> {
  if (addr.kind === 'line') return s.lineNo === addr.n;
  if (addr.kind === 'step') return addr.step <= 0 ? s.lineNo === addr.first : s.lineNo >= addr.first && (s.lineNo - addr.first) % addr.step === 0;
  if (addr.kind === 'last') return (yield* peek(s)) === null;
  return addr.re.test(s.space);
}

/** Whether the command's address (or range) selects this line; ranges remember being open. */
function* selects(c: Command, s: CycleState): sys.Sys<boolean> {
  if (!c.from) return true;
  if (!c.to) return yield* matchesAddress(c.from, s);
  if (!c.active) {
    if (!(yield* matchesAddress(c.from, s))) return false;
    // A line-number end at or before this line closes the range at once.
    c.active = !(c.to.kind === 'line' ? c.to.n <= s.lineNo : c.to.kind === 'last' && (yield* peek(s)) === null);
    return true;
  }
  const ends = c.to.kind === 'line' ? s.lineNo >= c.to.n : yield* matchesAddress(c.to, s);
  if (ends) c.active = false;
  return true;
}

/** s/// on one line: the new text, or null when nothing was replaced. */
function substitute(line: string, sub: NonNullable<Command['subst']>): string | null {
  let out = '';
  let copied = 0;
  let from = 0;
  let count = 0;
  let prevEnd = -1;
  let replaced = false;
  while (from <= line.length) {
    const m = sub.re.find(line, from);
    if (!m) break;
    const [start, end] = m;
    // An empty match right where the last match ended is skipped, as in GNU sed.
    if (start === end && start === prevEnd) {
      from = start + 1;
      continue;
    }
    count++;
    if (count >= sub.nth && (sub.global || count === sub.nth)) {
      out += line.slice(copied, start) + expandReplacement(sub.replacement, line, m, sub.re);
      copied = end;
      replaced = true;
      if (!sub.global) break;
    }
    prevEnd = end;
    from = end > start ? end : start + 1;
  }
  return replaced ? out + line.slice(copied) : null;
}

/** The replacement with `&` as the match, `\1`..`\9` as its groups, `\n` a newline, `\&` and `\\` themselves. */
function expandReplacement(replacement: string, line: string, m: [number, number], re: Matcher): string {
  let groups: (string | null)[] | null = null;
  let out = '';
  for (let i = 0; i < replacement.length; i++) {
    const ch = replacement[i];
    if (ch === '&') out += line.slice(m[0], m[1]);
    else if (ch === '\\' && i + 1 < replacement.length) {
      const d = replacement[++i];
      if (/[1-9]/.test(d)) {
        groups ??= re.groups(line, m);
        out += groups[Number(d)] ?? '';
      } else if (d === 'n') out += '\n';
      else if (d === 't') out += '\t';
      else out += d;
    } else out += ch;
  }
  return out;
}

// ---- the script -------------------------------------------------------------------------

function parseScript(r: ScriptReader, inBlock = false): Parsed {
  const commands: Command[] = [];
  for (;;) {
    skip(r, /[\s;]/);
    if (r.i >= r.text.length) return inBlock ? err(r, 'unmatched `{\'') : { commands };
    if (r.text[r.i] === '}') {
      if (!inBlock) return err(r, "unexpected `}'");
      r.i++;
      return { commands };
    }
    if (r.text[r.i] === '#') {
      while (r.i < r.text.length && r.text[r.i] !== '\n') r.i++;
      continue;
    }
    const c = parseCommand(r);
    if ('error' in c) return c;
    commands.push(c);
  }
}

function err(r: ScriptReader, message: string): { error: string } {
  return { error: `char ${Math.min(r.i + 1, r.text.length)}: ${message}` };
}

function skip(r: ScriptReader, what: RegExp): void {
  while (r.i < r.text.length && what.test(r.text[r.i])) r.i++;
}

function parseAddress(r: ScriptReader): Address | null | { error: string } {
  const ch = r.text[r.i];
  if (ch === '$') {
    r.i++;
    return { kind: 'last' };
  }
  const step = /^([0-9]+)~([0-9]+)/.exec(r.text.slice(r.i));
  if (step) {
    // GNU's first~step: every step-th line from the first.
    r.i += step[0].length;
    return { kind: 'step', first: Number(step[1]), step: Number(step[2]) };
  }
  const num = /^[0-9]+/.exec(r.text.slice(r.i));
  if (num) {
    r.i += num[0].length;
    return { kind: 'line', n: Number(num[0]) };
  }
  if (ch === '/' || ch === '\\') {
    let delim = '/';
    if (ch === '\\') {
      delim = r.text[r.i + 1] ?? '';
      r.i++;
    }
    r.i++;
    const body = readDelimited(r, delim, true);
    if (body === null) return err(r, 'unterminated address regex');
    const re = compile(body, r.extended);
    if (typeof re === 'string') return err(r, re);
    return { kind: 're', re };
  }
  return null;
}

function compile(pattern: string, extended: boolean): Matcher | string {
  return compileMatcher(pattern, { syntax: extended ? 'extended' : 'basic', ignoreCase: false, word: false, line: false });
}

/**
 * Text up to an unescaped `delim` (consumed). In a regex (`regex`), `\delim` stands for the
 * delimiter and `\n` for a newline; other escapes are kept for the regex. Null if none closes it.
 */
function readDelimited(r: ScriptReader, delim: string, regex: boolean): string | null {
  let out = '';
  while (r.i < r.text.length) {
    const ch = r.text[r.i];
    if (ch === '\\' && r.i + 1 < r.text.length) {
      const d = r.text[r.i + 1];
      if (d === delim) out += delim;
      else if (d === 'n' && regex) out += '\n';
      else out += ch + d;
      r.i += 2;
      continue;
    }
    if (ch === delim) {
      r.i++;
      return out;
    }
    if (ch === '\n' && !regex) return null;
    out += ch;
    r.i++;
  }
  return null;
}

function parseCommand(r: ScriptReader): Command | { error: string } {
  const from = parseAddress(r);
  if (from && 'error' in from) return from;
  let to: Address | null = null;
  if (from && r.text[r.i] === ',') {
    r.i++;
    const second = parseAddress(r);
    if (second === null) return err(r, 'unexpected `,\'');
    if ('error' in second) return second;
    to = second;
  }
  skip(r, /[ \t]/);
  let negate = false;
  while (r.text[r.i] === '!') {
    negate = true;
    r.i++;
    skip(r, /[ \t]/);
  }
  const name = r.text[r.i];
  if (name === undefined) return err(r, 'missing command');
  r.i++;
  const c: Command = { from, to, negate, active: false, name };
  switch (name) {
    case '{': {
      const block = parseScript(r, true);
      if ('error' in block) return block;
      c.block = block.commands;
      return c;
    }
    case 'd':
    case 'D':
    case 'p':
    case 'P':
    case '=':
    case 'h':
    case 'H':
    case 'g':
    case 'G':
    case 'x':
    case 'n':
    case 'N':
      return endOfCommand(r, c);
    case 'q':
    case 'Q': {
      skip(r, /[ \t]/);
      const code = /^[0-9]+/.exec(r.text.slice(r.i));
      if (code) {
        c.status = Number(code[0]) & 0xff;
        r.i += code[0].length;
      }
      if (to !== null) return err(r, `command only uses one address`);
      return endOfCommand(r, c);
    }
    case 'a':
    case 'i':
    case 'c': {
      const text = readText(r);
      if (text === null) return err(r, `expected \\ after \`a', \`c' or \`i'`);
      c.text = text;
      return c;
    }
    case 's': {
      const delim = r.text[r.i];
      if (delim === undefined || delim === '\n' || delim === '\\') return err(r, "unterminated `s' command");
      r.i++;
      const pattern = readDelimited(r, delim, true);
      if (pattern === null) return err(r, "unterminated `s' command");
      const replacement = readDelimited(r, delim, false);
      if (replacement === null) return err(r, "unterminated `s' command");
      let global = false;
      let print = false;
      let nth = 1;
      let ignoreCase = false;
      for (;;) {
        const f = r.text[r.i];
        if (f === 'g') global = true;
        else if (f === 'p') print = true;
        else if (f === 'i' || f === 'I') ignoreCase = true;
        else if (f !== undefined && /[0-9]/.test(f)) {
          const n = /^[0-9]+/.exec(r.text.slice(r.i))![0];
          nth = Number(n);
          if (nth === 0) return err(r, "number option to `s' command may not be zero");
          r.i += n.length - 1;
        } else break;
        r.i++;
      }
      const re = compileMatcher(pattern, { syntax: r.extended ? 'extended' : 'basic', ignoreCase, word: false, line: false });
      if (typeof re === 'string') return err(r, re);
      const groups = Math.max(0, ...[...replacement.matchAll(/\\([1-9])/g)].map((m) => Number(m[1])));
      if (groups > countGroups(pattern, r.extended)) return err(r, `invalid reference \\${groups} on \`s' command's RHS`);
      c.subst = { re, replacement, global, nth, print };
      return endOfCommand(r, c);
    }
    case 'y': {
      const delim = r.text[r.i];
      if (delim === undefined) return err(r, "unterminated `y' command");
      r.i++;
      const src = readDelimited(r, delim, false);
      const dst = src === null ? null : readDelimited(r, delim, false);
      if (src === null || dst === null) return err(r, "unterminated `y' command");
      const chars = (text: string) => [...text.replace(/\\n/g, '\n').replace(/\\\\/g, '\\')];
      const a = chars(src);
      const b = chars(dst);
      if (a.length !== b.length) return err(r, "strings for `y' command are different lengths");
      c.translate = { from: a, to: b };
      return endOfCommand(r, c);
    }
    default:
      r.i--;
      return err(r, `unknown command: \`${name}'`);
  }
}

/**
 * The TEXT of a, i and c, as GNU sed reads it: `a text` (leading blanks dropped) or
 * `a\` and the text on the next line; to the end of the line, a backslash at its end
 * going on to the next, and a backslash before any other character standing for it.
 */
function readText(r: ScriptReader): string | null {
  skip(r, /[ \t]/);
  if (r.text[r.i] === '\\') {
    // `a\`: the text starts on the next line, or right after the backslash, blanks and all.
    r.i++;
    if (r.text[r.i] === '\n') r.i++;
  } else if (r.i >= r.text.length) {
    return null;
  }
  let out = '';
  while (r.i < r.text.length && r.text[r.i] !== '\n') {
    const ch = r.text[r.i];
    if (ch === '\\' && r.i + 1 < r.text.length) {
      const d = r.text[r.i + 1];
      out += d === 'n' ? '\n' : d === 't' ? '\t' : d;
      r.i += 2;
      continue;
    }
    out += ch;
    r.i++;
  }
  return out;
}

/** A command ends at `;`, a newline, `}` or the end of the script. */
function endOfCommand(r: ScriptReader, c: Command): Command | { error: string } {
  skip(r, /[ \t]/);
  const ch = r.text[r.i];
  if (ch === undefined || ch === ';' || ch === '\n' || ch === '}') return c;
  return err(r, `extra characters after command`);
}

/** How many groups a pattern opens: `\(` in a basic one, `(` in an extended one. */
function countGroups(pattern: string, extended: boolean): number {
  let n = 0;
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i] === '\\') {
      if (!extended && pattern[i + 1] === '(') n++;
      i++;
    } else if (extended && pattern[i] === '(') n++;
    else if (pattern[i] === '[') {
      const close = pattern.indexOf(']', i + 2);
      if (close > 0) i = close;
    }
  }
  return n;
}
