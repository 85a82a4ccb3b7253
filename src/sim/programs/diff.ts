import { strerror } from '../abi/errno.ts';
import type { ProcessContext } from '../abi/program.ts';
import * as sys from '../libc/sys.ts';
import { getopts, has, last } from './args.ts';
import { diffSequences, type Edit } from './myers.ts';
import { baseName, joinPath } from './paths.ts';
import { finish, put, reader, readRest, type Tool, tool } from './stdio.ts';
import { calendar, DATE_SECONDS_PER_TICK } from './textmore.ts';

/**
 * diff [-u | -U N] [-qsibw] FROM TO: the lines that differ between two files, found by
 * Myers' O(ND) algorithm (myers.ts), printed as GNU diff prints them: the normal format
 * ("2c2", "< old", "---", "> new") or the unified one (-u: "@@ -1,4 +1,5 @@" hunks with
 * three lines of context). Exit status 0 when the files are the same, 1 when they differ,
 * 2 when something went wrong. Two directories are compared name by name.
 */

interface Settings {
  unified: number | null;
  brief: boolean;
  reportSame: boolean;
  fold: (line: string) => string;
}

/** A file's lines, each with its newline (the last may lack one). */
interface Text {
  name: string;
  lines: string[];
  mtime: number;
}

/** One hunk of changes: a[a0..a1) became b[b0..b1). */
interface Change {
  a0: number;
  a1: number;
  b0: number;
  b1: number;
}

function splitKeep(text: string): string[] {
  const out: string[] = [];
  let at = 0;
  while (at < text.length) {
    const nl = text.indexOf('\n', at);
    const end = nl < 0 ? text.length : nl + 1;
    out.push(text.slice(at, end));
    at = end;
  }
  return out;
}

/** Lines as numbers, equal lines (after -i, -b, -w) sharing one. */
function numberLines(a: string[], b: string[], fold: (l: string) => string): [number[], number[]] {
  const ids = new Map<string, number>();
  const id = (line: string) => {
    const key = fold(line);
    let n = ids.get(key);
    if (n === undefined) {
      n = ids.size;
      ids.set(key, n);
    }
    return n;
  };
  return [a.map(id), b.map(id)];
}

/** The script's runs of deletions and insertions, as hunks. */
function changes(edits: Edit[]): Change[] {
  const out: Change[] = [];
  let cur: Change | null = null;
  for (const e of edits) {
    if (e.kind === 'equal') {
      cur = null;
      continue;
    }
    if (cur === null) {
      cur = { a0: e.a, a1: e.a, b0: e.b, b1: e.b };
      out.push(cur);
    }
    if (e.kind === 'delete') cur.a1 = e.a + 1;
    else cur.b1 = e.b + 1;
  }
  return out;
}

const NO_NEWLINE = '\\ No newline at end of file\n';

/** A line as printed after its marker, with GNU's note when it has no newline. */
const shown = (marker: string, line: string) => (line.endsWith('\n') ? `${marker}${line}` : `${marker}${line}\n${NO_NEWLINE}`);

/** "n" or "n,m" (1-based, inclusive) for lines [from, to). */
function range(from: number, to: number): string {
  return to - from <= 1 ? String(to - from === 1 ? from + 1 : from) : `${from + 1},${to}`;
}

function normalFormat(a: Text, b: Text, hunks: Change[]): string {
  let out = '';
  for (const h of hunks) {
    const del = h.a1 > h.a0;
    const ins = h.b1 > h.b0;
    const op = del && ins ? 'c' : del ? 'd' : 'a';
    out += `${range(h.a0, h.a1)}${op}${range(h.b0, h.b1)}\n`;
    for (let i = h.a0; i < h.a1; i++) out += shown('< ', a.lines[i]);
    if (del && ins) out += '---\n';
    for (let j = h.b0; j < h.b1; j++) out += shown('> ', b.lines[j]);
  }
  return out;
}

/** A file's time as diff -u's header shows it: the tick, as the date program counts time. */
function stamp(tick: number): string {
  const c = calendar(tick * DATE_SECONDS_PER_TICK);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${c.y}-${two(c.mo)}-${two(c.d)} ${two(c.h)}:${two(c.mi)}:${two(c.s)}.000000000 +0000`;
}

/** "start,count" of a unified hunk; an empty side names the line before it. */
function unifiedRange(from: number, to: number): string {
  const n = to - from;
  if (n === 0) return `${from},0`;
  return n === 1 ? String(from + 1) : `${from + 1},${n}`;
}

function unifiedFormat(a: Text, b: Text, hunks: Change[], context: number): string {
  let out = `--- ${a.name}\t${stamp(a.mtime)}\n+++ ${b.name}\t${stamp(b.mtime)}\n`;
  let i = 0;
  while (i < hunks.length) {
    // Hunks whose context would touch or overlap are printed as one.
    let j = i;
    while (j + 1 < hunks.length && hunks[j + 1].a0 - hunks[j].a1 <= 2 * context) j++;
    const first = hunks[i];
    const lastH = hunks[j];
    const a0 = Math.max(0, first.a0 - context);
    const b0 = first.b0 - (first.a0 - a0);
    const a1 = Math.min(a.lines.length, lastH.a1 + context);
    const b1 = lastH.b1 + (a1 - lastH.a1);
    out += `@@ -${unifiedRange(a0, a1)} +${unifiedRange(b0, b1)} @@\n`;
    let x = a0;
    for (let k = i; k <= j; k++) {
      const h = hunks[k];
      for (; x < h.a0; x++) out += shown(' ', a.lines[x]);
      for (let d = h.a0; d < h.a1; d++) out += shown('-', a.lines[d]);
      for (let n = h.b0; n < h.b1; n++) out += shown('+', b.lines[n]);
      x = h.a1;
    }
    for (; x < a1; x++) out += shown(' ', a.lines[x]);
    i = j + 1;
  }
  return out;
}

/** Reads a whole file ("-" is standard input); a negative errno when it cannot. */
function* load(name: string): sys.Sys<Text | number> {
  const fd = name === '-' ? 0 : yield* sys.open(name);
  if (fd < 0) return fd;
  const r = reader(fd);
  const text = yield* readRest(r);
  const st = yield* sys.fstat(fd);
  if (fd !== 0) yield* sys.close(fd);
  if (r.err !== 0) return r.err;
  return { name, lines: splitKeep(text), mtime: typeof st === 'number' ? 0 : st.mtime };
}

/** Compares two files; returns 0, 1 or 2 as diff's status. */
function* compareFiles(t: Tool, s: Settings, fromName: string, toName: string, header: string | null): sys.Sys<number> {
  const a = yield* load(fromName);
  const b = yield* load(toName);
  for (const [name, r] of [
    [fromName, a],
    [toName, b],
  ] as const) {
    if (typeof r === 'number') {
      yield* sys.eprint(`diff: ${name}: ${strerror(r)}\n`);
      return 2;
    }
  }
  const ta = a as Text;
  const tb = b as Text;
  const [na, nb] = numberLines(ta.lines, tb.lines, s.fold);
  const hunks = changes(diffSequences(na, nb));
  if (hunks.length === 0) {
    if (s.reportSame) yield* put(t.out, `Files ${fromName} and ${toName} are identical\n`);
    return 0;
  }
  if (s.brief) {
    yield* put(t.out, `Files ${fromName} and ${toName} differ\n`);
    return 1;
  }
  if (header !== null) yield* put(t.out, header);
  yield* put(t.out, s.unified === null ? normalFormat(ta, tb, hunks) : unifiedFormat(ta, tb, hunks, s.unified));
  return 1;
}

/** Compares two directories name by name (one level, as diff without -r does). */
function* compareDirs(t: Tool, s: Settings, from: string, to: string): sys.Sys<number> {
  const la = yield* sys.readdir(from);
  const lb = yield* sys.readdir(to);
  for (const [name, l] of [
    [from, la],
    [to, lb],
  ] as const) {
    if (typeof l === 'number') {
      yield* sys.eprint(`diff: ${name}: ${strerror(l)}\n`);
      return 2;
    }
  }
  const names = (l: typeof la) => (typeof l === 'number' ? [] : l.map((e) => e.name).filter((n) => n !== '.' && n !== '..'));
  const inA = new Set(names(la));
  const inB = new Set(names(lb));
  const all = [...new Set([...inA, ...inB])].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  let status = 0;
  for (const name of all) {
    const pa = joinPath(from, name);
    const pb = joinPath(to, name);
    if (!inB.has(name) || !inA.has(name)) {
      yield* put(t.out, `Only in ${inA.has(name) ? from : to}: ${name}\n`);
      status = Math.max(status, 1);
      continue;
    }
    const sa = yield* sys.stat(pa);
    const sb = yield* sys.stat(pb);
    const dirA = typeof sa !== 'number' && sa.type === 'dir';
    const dirB = typeof sb !== 'number' && sb.type === 'dir';
    if (dirA && dirB) {
      yield* put(t.out, `Common subdirectories: ${pa} and ${pb}\n`);
      continue;
    }
    if (dirA !== dirB) {
      yield* put(t.out, `File ${pa} is a ${dirA ? 'directory' : 'regular file'} while file ${pb} is a ${dirB ? 'directory' : 'regular file'}\n`);
      status = Math.max(status, 1);
      continue;
    }
    const header = s.unified === null ? `diff ${pa} ${pb}\n` : `diff -u ${pa} ${pb}\n`;
    status = Math.max(status, yield* compareFiles(t, s, pa, pb, header));
  }
  return status;
}

export function* diff(ctx: ProcessContext): sys.Sys<number> {
  const a = yield* getopts(ctx, {
    flags: 'uqsibw',
    values: 'U',
    long: {
      unified: 'u',
      'unified=': 'U',
      brief: 'q',
      'report-identical-files': 's',
      'ignore-case': 'i',
      'ignore-space-change': 'b',
      'ignore-all-space': 'w',
    },
    usage: ['diff [OPTION]... FILES'],
    status: 2,
  });
  if (typeof a === 'number') return a;
  const t = tool('diff');
  const usage = (msg: string) => sys.eprint(`diff: ${msg}\ndiff: Try 'diff --help' for more information.\n`);
  if (a.operands.length < 2) {
    yield* usage(a.operands.length === 0 ? "missing operand after 'diff'" : `missing operand after '${a.operands[0]}'`);
    return 2;
  }
  if (a.operands.length > 2) {
    yield* usage(`extra operand '${a.operands[2]}'`);
    return 2;
  }
  const u = last(a, 'U');
  if (u !== undefined && !/^\d+$/.test(u)) {
    yield* usage(`invalid context length '${u}'`);
    return 2;
  }
  const folds: ((l: string) => string)[] = [];
  if (has(a, 'i')) folds.push((l) => l.toLowerCase());
  if (has(a, 'w')) folds.push((l) => l.replace(/[ \t\r\f\v]+/g, ''));
  else if (has(a, 'b')) folds.push((l) => l.replace(/[ \t\r\f\v]+/g, ' ').replace(/ (?=\n?$)/, ''));
  const s: Settings = {
    unified: u !== undefined ? Number(u) : has(a, 'u') ? 3 : null,
    brief: has(a, 'q'),
    reportSame: has(a, 's'),
    fold: (l) => folds.reduce((x, f) => f(x), l),
  };
  let [from, to] = a.operands;
  const sa = from === '-' ? null : yield* sys.stat(from);
  const sb = to === '-' ? null : yield* sys.stat(to);
  const dirA = sa !== null && typeof sa !== 'number' && sa.type === 'dir';
  const dirB = sb !== null && typeof sb !== 'number' && sb.type === 'dir';
  let status: number;
  if (dirA && dirB) status = yield* compareDirs(t, s, from, to);
  else {
    // A directory against a file compares the file with the one of the same name inside it.
    if (dirA) from = joinPath(from, baseName(to));
    if (dirB) to = joinPath(to, baseName(from));
    status = yield* compareFiles(t, s, from, to, null);
  }
  t.status = status;
  return yield* finish(t);
}
