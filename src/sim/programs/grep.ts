import { strerror } from '../abi/errno.ts';
import type { ProcessContext } from '../abi/program.ts';
import * as sys from '../libc/sys.ts';
import { all, getopts, has, last } from './args.ts';
import { compileMatcher, type GrepPattern, type Matcher } from './regex.ts';
import { finish, put, quotef, readLine, reader, readRest, splitLines, type Tool, tool, warn } from './stdio.ts';

/**
 * grep: prints the lines that match. Patterns are POSIX regular expressions, matched in
 * time linear in the line (see regex.ts and nfa.ts), so no pattern can stall the machine;
 * -o prints POSIX's leftmost-longest matches. The exit status is GNU's: 0 when a line was
 * selected, 1 when none was, 2 on an error (unless -q found a line first).
 */

const USAGE = 'grep [OPTION]... PATTERNS [FILE]...';

interface Settings {
  invert: boolean;
  count: boolean;
  listMatching: boolean;
  listMissing: boolean;
  quiet: boolean;
  lineNumbers: boolean;
  onlyMatching: boolean;
  withNames: boolean;
  max: number;
}

/** Every match of any pattern in the line, leftmost first, as [start, end] (for -o). */
function matchesIn(line: string, res: Matcher[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let at = 0; at <= line.length; ) {
    let best: [number, number] | null = null;
    for (const re of res) {
      const m = re.find(line, at);
      if (m && (best === null || m[0] < best[0] || (m[0] === best[0] && m[1] > best[1]))) best = m;
    }
    if (!best) break;
    if (best[1] > best[0]) out.push(best);
    at = best[1] > best[0] ? best[1] : best[0] + 1;
  }
  return out;
}

function matches(line: string, res: Matcher[]): boolean {
  return res.some((re) => re.test(line));
}

export function* grep(ctx: ProcessContext): sys.Sys<number> {
  const a = yield* getopts(ctx, {
    flags: 'EFGiyvwxclLqsnhHorR',
    values: 'efm',
    long: {
      'extended-regexp': 'E',
      'fixed-strings': 'F',
      'basic-regexp': 'G',
      'regexp=': 'e',
      'file=': 'f',
      'ignore-case': 'i',
      'invert-match': 'v',
      'word-regexp': 'w',
      'line-regexp': 'x',
      count: 'c',
      'files-with-matches': 'l',
      'files-without-match': 'L',
      quiet: 'q',
      silent: 'q',
      'no-messages': 's',
      'line-number': 'n',
      'no-filename': 'h',
      'with-filename': 'H',
      'only-matching': 'o',
      'max-count=': 'm',
      recursive: 'r',
      'dereference-recursive': 'R',
    },
    usage: [USAGE],
    status: 2,
    showUsage: true,
  });
  if (typeof a === 'number') return a;
  const t = tool('grep');
  let operands = a.operands;
  let patterns: string[] = [];
  for (const e of all(a, 'e')) patterns.push(...e.split('\n'));
  for (const f of all(a, 'f')) {
    const fd = f === '-' ? 0 : yield* sys.open(f);
    const text = fd < 0 ? fd : yield* readRest(reader(fd));
    if (typeof text === 'number') {
      yield* warn(t, `${quotef(f)}: ${strerror(text)}`);
      return 2;
    }
    patterns.push(...splitLines(text));
  }
  if (!has(a, 'e') && !has(a, 'f')) {
    if (operands.length === 0) {
      yield* sys.eprint(`Usage: ${USAGE}\nTry 'grep --help' for more information.\n`);
      return 2;
    }
    patterns = operands[0].split('\n');
    operands = operands.slice(1);
  }
  const recursive = has(a, 'r') || has(a, 'R');
  const how: GrepPattern = {
    syntax: has(a, 'F') ? 'fixed' : has(a, 'E') ? 'extended' : 'basic',
    ignoreCase: has(a, 'i') || has(a, 'y'),
    word: has(a, 'w'),
    line: has(a, 'x'),
  };
  const res: Matcher[] = [];
  for (const p of patterns) {
    const re = compileMatcher(p, how);
    if (typeof re === 'string') {
      yield* warn(t, re);
      return 2;
    }
    res.push(re);
  }
  const maxText = last(a, 'm');
  const max = maxText === undefined ? Number.POSITIVE_INFINITY : Number(maxText);
  if (!Number.isInteger(max) && max !== Number.POSITIVE_INFINITY) {
    yield* warn(t, `invalid max count`);
    return 2;
  }
  const s: Settings = {
    invert: has(a, 'v'),
    count: has(a, 'c'),
    listMatching: has(a, 'l'),
    listMissing: has(a, 'L'),
    quiet: has(a, 'q'),
    lineNumbers: has(a, 'n'),
    onlyMatching: has(a, 'o'),
    withNames: has(a, 'H') || ((operands.length > 1 || recursive) && !has(a, 'h')),
    max: max < 0 ? Number.POSITIVE_INFINITY : max,
  };
  let selected = false;
  let error = false;
  let names = operands.length === 0 ? [recursive ? '.' : '-'] : operands;
  if (recursive) {
    const found: string[] = [];
    // With no operand grep -r searches `.` and names files without the `./`.
    for (const name of names) yield* walkFiles(name, found, operands.length === 0);
    names = found;
  }
  for (const name of names) {
    const fd = name === '-' ? 0 : yield* sys.open(name);
    if (fd < 0) {
      if (!has(a, 's')) yield* warn(t, `${quotef(name)}: ${strerror(fd)}`);
      error = true;
      continue;
    }
    const r = yield* searchFile(t, fd, name === '-' ? '(standard input)' : name, res, s);
    if (fd !== 0) yield* sys.close(fd);
    if (r.err !== 0) {
      if (!has(a, 's')) yield* warn(t, `${quotef(name)}: ${strerror(r.err)}`);
      error = true;
    }
    if (r.selected) {
      selected = true;
      if (s.quiet) return 0;
    }
  }
  const gaveUp = res.find((re) => re.problem);
  if (gaveUp?.problem) {
    yield* warn(t, gaveUp.problem);
    error = true;
  }
  const status = yield* finish(t);
  return error || status !== 0 ? 2 : selected ? 0 : 1;
}

/**
 * grep -r: the files under a directory, depth first in directory order, with a path from
 * the operand (`./` dropped when `strip`); a name that is not a directory is kept.
 */
function* walkFiles(path: string, out: string[], strip: boolean): sys.Sys<void> {
  const st = yield* sys.stat(path);
  if (typeof st === 'number' || st.type !== 'dir') {
    out.push(path);
    return;
  }
  const entries = yield* sys.readdir(path);
  if (typeof entries === 'number') return;
  for (const e of entries) {
    if (e.name === '.' || e.name === '..') continue;
    const child = strip && path === '.' ? e.name : path.endsWith('/') ? path + e.name : `${path}/${e.name}`;
    yield* walkFiles(child, out, false);
  }
}

/** Searches one input; reports whether a line was selected and any read error. */
function* searchFile(t: Tool, fd: number, name: string, res: Matcher[], s: Settings): sys.Sys<{ selected: boolean; err: number }> {
  const r = reader(fd, t.out);
  const prefix = s.withNames ? `${name}:` : '';
  let count = 0;
  let lineNo = 0;
  while (count < s.max) {
    const raw = yield* readLine(r);
    if (raw === null) break;
    lineNo++;
    const line = raw.endsWith('\n') ? raw.slice(0, -1) : raw;
    if (matches(line, res) === s.invert) continue;
    count++;
    if (s.quiet || s.listMissing) break;
    if (s.listMatching) break;
    if (s.count) continue;
    const head = prefix + (s.lineNumbers ? `${lineNo}:` : '');
    if (!s.onlyMatching) yield* put(t.out, `${head}${line}\n`);
    else if (!s.invert) for (const [from, to] of matchesIn(line, res)) yield* put(t.out, `${head}${line.slice(from, to)}\n`);
  }
  if (s.count && !s.quiet) yield* put(t.out, `${prefix}${count}\n`);
  if (s.listMatching && count > 0 && !s.quiet) yield* put(t.out, `${name}\n`);
  if (s.listMissing && count === 0 && !s.quiet) yield* put(t.out, `${name}\n`);
  // Even with -L, success means that some line matched (as GNU grep 3.8 has it).
  return { selected: count > 0, err: r.err };
}
