import { ELOOP, strerror } from '../abi/errno.ts';
import type { Stat } from '../abi/fs.ts';
import type { ProcessContext } from '../abi/program.ts';
import * as sys from '../libc/sys.ts';
import { type Args, getopts, has, last } from './args.ts';
import { permString } from './chmodes.ts';
import { outputWidth } from './layout.ts';
import { joinPath } from './paths.ts';
import { fail, finish, isatty, put, quote, type Tool, tool } from './stdio.ts';

/**
 * ls and stat. The simulated file system has one user and no wall clock, so ls -l shows
 * the type and permission bits, the link count, the size and the modification time in
 * ticks, without owner and group; stat shows times in ticks. Names sort in byte order
 * (LC_ALL=C).
 */

const TYPE_LETTERS: Record<Stat['type'], string> = { file: '-', dir: 'd', chardev: 'c', symlink: 'l', free: '?' };

/** The mode string ls -l and stat show: the type letter, then the nine permission letters. */
export function modeString(st: Pick<Stat, 'type' | 'mode'>): string {
  return TYPE_LETTERS[st.type] + permString(st.mode);
}

interface Entry {
  /** The name as shown: an operand as given, or the name in its directory. */
  name: string;
  /** Where to find it. */
  path: string;
  ino: number;
  st: Stat | null;
  /** What a symbolic link holds (read for ls -l). */
  target?: string;
}

interface LsState {
  t: Tool;
  a: Args;
  blockSize: number;
  /** Columns (on a terminal) or one name a line. */
  columns: number | null;
  first: boolean;
}

const byName = (x: Entry, y: Entry) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0);

function sortEntries(entries: Entry[], a: Args): Entry[] {
  const out = [...entries].sort(byName);
  if (has(a, 't')) out.sort((x, y) => (y.st?.mtime ?? 0) - (x.st?.mtime ?? 0));
  else if (has(a, 'S')) out.sort((x, y) => (y.st?.size ?? 0) - (x.st?.size ?? 0));
  if (has(a, 'r')) out.reverse();
  return out;
}

/** -F's indicator: / for a directory, @ for a symbolic link, * for an executable file. */
function suffix(e: Entry, a: Args): string {
  if (!has(a, 'F')) return '';
  if (e.st?.type === 'dir') return '/';
  if (e.st?.type === 'symlink') return '@';
  return e.st?.type === 'file' && (e.st.mode & 0o111) !== 0 ? '*' : '';
}

/** ls -l lines, each column right-aligned to its widest value as GNU aligns them. */
function longLines(entries: Entry[], a: Args): string[] {
  const rows = entries.map((e) => {
    const st = e.st!;
    return [String(e.ino), modeString(st), String(st.nlink), String(st.size), String(st.mtime)];
  });
  const widths = [0, 1, 2, 3, 4].map((i) => Math.max(0, ...rows.map((r) => r[i].length)));
  return rows.map((r, k) => {
    const cols = r.map((v, i) => (i === 1 ? v : v.padStart(widths[i])));
    if (!has(a, 'i')) cols.shift();
    const e = entries[k];
    // A link shows what it holds; -F's @ is not added to it in the long format.
    if (e.target !== undefined) return `${cols.join(' ')} ${e.name} -> ${e.target}`;
    return `${cols.join(' ')} ${e.name}${suffix(e, a)}`;
  });
}

/**
 * Names in columns, filled down then across, with as many columns as fit the width: the
 * layout GNU ls chooses, each column as wide as its longest name plus two spaces.
 */
export function columnLayout(names: string[], width: number): string[] {
  const n = names.length;
  if (n === 0) return [];
  for (let cols = Math.min(n, Math.max(1, Math.floor(width / 3))); cols > 1; cols--) {
    const rows = Math.ceil(n / cols);
    if (Math.ceil(n / rows) !== cols) continue;
    const colWidths: number[] = [];
    for (let c = 0; c < cols; c++) {
      const slice = names.slice(c * rows, (c + 1) * rows);
      colWidths.push(Math.max(...slice.map((s) => s.length)) + (c < cols - 1 ? 2 : 0));
    }
    if (colWidths.reduce((x, y) => x + y, 0) > width) continue;
    const lines: string[] = [];
    for (let r = 0; r < rows; r++) {
      let line = '';
      for (let c = 0; c < cols; c++) {
        const i = c * rows + r;
        if (i >= n) break;
        const last = c === cols - 1 || (c + 1) * rows + r >= n;
        line += last ? names[i] : names[i].padEnd(colWidths[c]);
      }
      lines.push(line);
    }
    return lines;
  }
  return names;
}

function* showEntries(s: LsState, entries: Entry[]): sys.Sys<void> {
  const a = s.a;
  if (has(a, 'l')) {
    for (const line of longLines(entries, a)) yield* put(s.t.out, `${line}\n`);
    return;
  }
  const iw = Math.max(0, ...entries.map((e) => String(e.ino).length));
  const names = entries.map((e) => `${has(a, 'i') ? `${String(e.ino).padStart(iw)} ` : ''}${e.name}${suffix(e, a)}`);
  const lines = s.columns === null ? names : columnLayout(names, s.columns);
  for (const line of lines) yield* put(s.t.out, `${line}\n`);
}

/**
 * Lists one directory (and, with -R, the ones below it). `above` holds the inodes of the
 * directories being listed on the way down: a damaged disk can link a directory into its
 * own subtree, and as GNU ls does, that directory is reported rather than walked forever.
 */
function* listDir(s: LsState, name: string, path: string, header: boolean, ino: number, above: readonly number[] = []): sys.Sys<void> {
  const a = s.a;
  const list = yield* sys.readdir(path);
  if (typeof list === 'number') {
    yield* fail(s.t, `cannot open directory ${quote(name)}: ${strerror(list)}`, 2);
    return;
  }
  if (header) yield* put(s.t.out, `${s.first ? '' : '\n'}${name}:\n`);
  s.first = false;
  const visible = list.filter((d) => (has(a, 'a') ? true : has(a, 'A') ? d.name !== '.' && d.name !== '..' : !d.name.startsWith('.')));
  const needStat = ['l', 't', 'S', 'F', 'R'].some((c) => has(a, c));
  const entries: Entry[] = [];
  for (const d of visible) {
    const p = joinPath(path, d.name);
    // lstat: a symbolic link is listed as itself, and -R never follows one.
    const st = needStat ? yield* sys.lstat(p) : null;
    entries.push(yield* withTarget(s, { name: d.name, path: p, ino: d.inum, st: typeof st === 'number' ? null : st }));
  }
  const shown = sortEntries(
    entries.filter((e) => !needStat || e.st !== null),
    a,
  );
  if (has(a, 'l')) {
    const blocks = shown.reduce((n, e) => n + (e.st?.blocks ?? 0), 0);
    yield* put(s.t.out, `total ${Math.ceil((blocks * s.blockSize) / 1024)}\n`);
  }
  yield* showEntries(s, shown);
  if (!has(a, 'R')) return;
  const ancestors = [...above, ino];
  for (const e of shown) {
    if (e.st?.type !== 'dir' || e.name === '.' || e.name === '..') continue;
    if (ancestors.includes(e.ino)) {
      yield* fail(s.t, `${quote(joinPath(name, e.name))}: not listing already-listed directory`, 2);
      continue;
    }
    yield* listDir(s, joinPath(name, e.name), e.path, true, e.ino, ancestors);
  }
}

/** The entry with its link's target filled in when ls -l will show it. */
function* withTarget(s: LsState, e: Entry): sys.Sys<Entry> {
  if (e.st?.type !== 'symlink' || !has(s.a, 'l')) return e;
  const target = yield* sys.readlink(e.path);
  return typeof target === 'number' ? e : { ...e, target };
}

/** ls [-1aAdFilrRStS] [FILE]... */
export function* ls(ctx: ProcessContext): sys.Sys<number> {
  const a = yield* getopts(ctx, {
    flags: '1aAdFilrRSt',
    long: { all: 'a', 'almost-all': 'A', directory: 'd', classify: 'F', inode: 'i', reverse: 'r', recursive: 'R' },
    usage: ['ls [OPTION]... [FILE]...'],
    status: 2,
  });
  if (typeof a === 'number') return a;
  const t = tool('ls');
  const width = (yield* outputWidth(ctx)) ?? 80;
  const tty = yield* isatty(1);
  const s: LsState = {
    t,
    a,
    blockSize: (yield* sys.statfs()).blockSize,
    columns: tty && !has(a, '1') ? width : null,
    first: true,
  };
  const operands = a.operands.length === 0 ? ['.'] : a.operands;
  const files: Entry[] = [];
  const dirs: Entry[] = [];
  // As GNU ls does, a link named on the command line is followed to a directory unless -l, -d or -F asks about the link itself.
  const followOperands = !has(a, 'l') && !has(a, 'd') && !has(a, 'F');
  for (const name of operands) {
    let st = yield* sys.lstat(name);
    if (typeof st === 'number') {
      yield* fail(t, `cannot access ${quote(name)}: ${strerror(st)}`, 2);
      continue;
    }
    if (st.type === 'symlink' && followOperands) {
      // A dangling link is listed as itself; a loop is an error (coreutils 9.1).
      const target = yield* sys.stat(name);
      if (target === -ELOOP) {
        yield* fail(t, `cannot access ${quote(name)}: ${strerror(target)}`, 2);
        continue;
      }
      if (typeof target !== 'number') st = target;
    }
    const e: Entry = yield* withTarget(s, { name, path: name, ino: st.ino, st });
    if (st.type === 'dir' && !has(a, 'd')) dirs.push(e);
    else files.push(e);
  }
  if (files.length > 0) {
    yield* showEntries(s, sortEntries(files, a));
    s.first = false;
  }
  const headers = operands.length > 1 || has(a, 'R');
  for (const d of sortEntries(dirs, a)) yield* listDir(s, d.name, d.path, headers, d.ino);
  return yield* finish(t);
}

const TYPE_WORDS: Record<Stat['type'], string> = {
  file: 'regular file',
  dir: 'directory',
  chardev: 'character special file',
  free: 'unallocated inode',
  symlink: 'symbolic link',
};

const typeWord = (st: Stat) => (st.type === 'file' && st.size === 0 ? 'regular empty file' : TYPE_WORDS[st.type]);

/** One stat -c directive's value (`target` is what a symbolic link holds). */
function directive(c: string, name: string, st: Stat, blockSize: number, target: string | null): string {
  switch (c) {
    case 'n':
      return name;
    case 'N':
      return target === null ? quote(name) : `${quote(name)} -> ${quote(target)}`;
    case 's':
      return String(st.size);
    case 'b':
      return String(st.blocks);
    case 'B':
      return String(blockSize);
    case 'i':
      return String(st.ino);
    case 'h':
      return String(st.nlink);
    case 'F':
      return typeWord(st);
    case 'A':
      return modeString(st);
    case 'a':
      return st.mode.toString(8);
    case 'X':
    case 'x':
      return String(st.atime);
    case 'Y':
    case 'y':
      return String(st.mtime);
    case 'Z':
    case 'z':
      return String(st.ctime);
    case 't':
      return String(st.rdev);
    case '%':
      return '%';
    default:
      return `?`;
  }
}

/** stat [-L] [-c FORMAT] FILE...: a symbolic link is described itself unless -L follows it. */
export function* stat(ctx: ProcessContext): sys.Sys<number> {
  const a = yield* getopts(ctx, {
    flags: 'L',
    values: 'c',
    long: { 'format=': 'c', 'printf=': 'printf', dereference: 'L' },
    usage: ['stat [OPTION]... FILE...'],
  });
  if (typeof a === 'number') return a;
  const t = tool('stat');
  if (a.operands.length === 0) {
    yield* sys.eprint("stat: missing operand\nTry 'stat --help' for more information.\n");
    return 1;
  }
  const { blockSize } = yield* sys.statfs();
  const format = last(a, 'printf') ?? (has(a, 'c') ? `${last(a, 'c')}\n` : null);
  for (const name of a.operands) {
    const st = has(a, 'L') ? yield* sys.stat(name) : yield* sys.lstat(name);
    if (typeof st === 'number') {
      yield* fail(t, `cannot statx ${quote(name)}: ${strerror(st)}`);
      continue;
    }
    const read = st.type === 'symlink' ? yield* sys.readlink(name) : null;
    const target = typeof read === 'string' ? read : null;
    if (format !== null) {
      yield* put(t.out, format.replace(/%(.)/g, (_, c: string) => directive(c, name, st, blockSize, target)));
      continue;
    }
    const dev = st.type === 'chardev' ? `  Device type: ${st.rdev}` : '';
    yield* put(
      t.out,
      `  File: ${target === null ? name : `${name} -> ${target}`}\n` +
        `  Size: ${String(st.size).padEnd(10)}\tBlocks: ${String(st.blocks).padEnd(10)} IO Block: ${String(blockSize).padEnd(6)} ${typeWord(st)}\n` +
        `Inode: ${String(st.ino).padEnd(11)} Links: ${st.nlink}${dev}\n` +
        `Access: (${st.mode.toString(8).padStart(4, '0')}/${modeString(st)})\n` +
        `Access: tick ${st.atime}\nModify: tick ${st.mtime}\nChange: tick ${st.ctime}\n`,
    );
  }
  return yield* finish(t);
}
