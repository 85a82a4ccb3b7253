import type { ProcessContext } from '../abi/program.ts';
import type * as sys from '../libc/sys.ts';
import { all, getopts, has } from './args.ts';
import { compileMatcher, type Matcher } from './regex.ts';
import { eachInput, finish, put, type Reader, readLine, tool, warn } from './stdio.ts';

/**
 * sed, the stream editor: reads lines into its pattern space, runs the script's commands
 * on each, and prints the result (unless -n). The commands: s/RE/REPLACEMENT/[gpNiI] with
 * `&` and `\1`..`\9`, d, p, q, =, y/SRC/DST/, and { } blocks; each may have an address
 * (a line number, `$`, /RE/) or a range of two, and `!` to invert it. Patterns are POSIX
 * (basic, or extended with -E) and match in linear time, leftmost-longest as POSIX says.
 */

type Address = { kind: 'line'; n: number } | { kind: 'last' } | { kind: 're'; re: Matcher };

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
  // All input is read first, so that `$` knows which line is the last.
  const lines: string[] = [];
  yield* eachInput(t, files, function* (r: Reader) {
    for (let line = yield* readLine(r); line !== null; line = yield* readLine(r)) lines.push(line);
  });
  let lineNo = 0;
  for (let k = 0; k < lines.length; k++) {
    lineNo++;
    const raw = lines[k];
    const newline = raw.endsWith('\n');
    const state = { space: newline ? raw.slice(0, -1) : raw, lineNo, last: k === lines.length - 1, deleted: false, quit: false, out: '' };
    runCommands(commands, state);
    if (!state.deleted && !quiet) state.out += state.space + (newline ? '\n' : '');
    yield* put(t.out, state.out);
    if (state.quit) break;
  }
  return yield* finish(t);
}

interface CycleState {
  space: string;
  lineNo: number;
  last: boolean;
  deleted: boolean;
  quit: boolean;
  out: string;
}

function runCommands(commands: Command[], s: CycleState): void {
  for (const c of commands) {
    if (s.deleted || s.quit) return;
    if (selects(c, s) === c.negate) continue;
    switch (c.name) {
      case '{':
        runCommands(c.block ?? [], s);
        break;
      case 'd':
        s.deleted = true;
        return;
      case 'p':
        s.out += `${s.space}\n`;
        break;
      case '=':
        s.out += `${s.lineNo}\n`;
        break;
      case 'q':
        s.quit = true;
        return;
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
}

function matchesAddress(addr: Address, s: CycleState): boolean {
  if (addr.kind === 'line') return s.lineNo === addr.n;
  if (addr.kind === 'last') return s.last;
  return addr.re.test(s.space);
}

/** Whether the command's address (or range) selects this line; ranges remember being open. */
function selects(c: Command, s: CycleState): boolean {
  if (!c.from) return true;
  if (!c.to) return matchesAddress(c.from, s);
  if (!c.active) {
    if (!matchesAddress(c.from, s)) return false;
    // A line-number end at or before this line closes the range at once.
    c.active = !(c.to.kind === 'line' ? c.to.n <= s.lineNo : c.to.kind === 'last' && s.last);
    return true;
  }
  const ends = c.to.kind === 'line' ? s.lineNo >= c.to.n : matchesAddress(c.to, s);
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
    case 'p':
    case '=':
    case 'q':
      return endOfCommand(r, c);
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
