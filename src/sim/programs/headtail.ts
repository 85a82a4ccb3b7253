import { strerror } from '../abi/errno.ts';
import type { ProcessContext } from '../abi/program.ts';
import * as sys from '../libc/sys.ts';
import { type Args, getopts, has, last, usageError } from './args.ts';
import { fail, finish, flush, type InputWords, put, quote, readChunk, readLine, reader, readRest, type Tool, tool } from './stdio.ts';

/**
 * head and tail. head stops reading as soon as it has what it needs, so `yes | head -3`
 * ends; tail reads to the end and keeps what it must. With several files each part gets
 * a "==> name <==" header, a blank line before every header but the first.
 */

const WORDS: InputWords = {
  open: (name, error) => `cannot open ${quote(name)} for reading: ${error}`,
  read: (name, error) => `error reading ${quote(name)}: ${error}`,
};

const MULTIPLIERS: Record<string, number> = {
  '': 1,
  b: 512,
  kB: 1000,
  K: 1024,
  k: 1024,
  KiB: 1024,
  MB: 1000 ** 2,
  M: 1024 ** 2,
  MiB: 1024 ** 2,
  GB: 1000 ** 3,
  G: 1024 ** 3,
  GiB: 1024 ** 3,
};

/** A count as head and tail take it: digits and an optional size suffix, after a sign. */
function parseCount(text: string): { sign: string; n: number } | null {
  const m = /^([+-]?)(\d+)([a-zA-Z]*)$/.exec(text);
  if (!m || !Object.hasOwn(MULTIPLIERS, m[3])) return null;
  return { sign: m[1], n: Number(m[2]) * MULTIPLIERS[m[3]] };
}

interface Amount {
  bytes: boolean;
  /** head: all but the last n. tail: from the nth on. */
  sign: string;
  n: number;
}

/** The -n/-c (or -N) amount, or reports a bad one and returns the exit status. */
function* amountOf(cmd: string, a: Args): sys.Sys<Amount | number> {
  const bytes = has(a, 'c');
  const text = bytes ? last(a, 'c')! : (last(a, 'n') ?? '10');
  const c = parseCount(text);
  if (!c) {
    yield* sys.eprint(`${cmd}: invalid number of ${bytes ? 'bytes' : 'lines'}: ${quote(text)}\n`);
    return 1;
  }
  return { bytes, ...c };
}

/** Prints the header for a file when headers are on; the first header has no blank line before it. */
function* header(t: Tool, state: { first: boolean; on: boolean }, name: string): sys.Sys<void> {
  if (!state.on) return;
  yield* put(t.out, `${state.first ? '' : '\n'}==> ${name === '-' ? 'standard input' : name} <==\n`);
  state.first = false;
}

/** head [-qv] [-n [-]N | -c [-]N | -N] [FILE]... */
export function* head(ctx: ProcessContext): sys.Sys<number> {
  const a = yield* getopts(ctx, {
    flags: 'qv',
    values: 'nc',
    numeric: 'n',
    long: { 'lines=': 'n', 'bytes=': 'c', quiet: 'q', silent: 'q', verbose: 'v' },
    usage: ['head [OPTION]... [FILE]...'],
  });
  if (typeof a === 'number') return a;
  const amt = yield* amountOf('head', a);
  if (typeof amt === 'number') return amt;
  const names = a.operands.length === 0 ? ['-'] : a.operands;
  const t = tool('head');
  const hdr = { first: true, on: has(a, 'v') || (names.length > 1 && !has(a, 'q')) };
  for (const name of names) {
    const fd = name === '-' ? 0 : yield* sys.open(name);
    if (fd < 0) {
      yield* fail(t, WORDS.open(name, strerror(fd)));
      continue;
    }
    yield* header(t, hdr, name);
    const r = reader(fd, t.out);
    if (amt.sign === '-') {
      // All but the last n: the whole input is needed to know where that is.
      const text = yield* readRest(r);
      yield* put(t.out, amt.bytes ? text.slice(0, Math.max(0, text.length - amt.n)) : dropLastLines(text, amt.n));
    } else if (amt.bytes) {
      for (let left = amt.n; left > 0; ) {
        const chunk = yield* readChunk(r);
        if (chunk === '') break;
        yield* put(t.out, chunk.slice(0, left));
        left -= chunk.length;
      }
    } else {
      for (let left = amt.n; left > 0; left--) {
        const line = yield* readLine(r);
        if (line === null) break;
        yield* put(t.out, line);
      }
    }
    if (r.err !== 0) yield* fail(t, WORDS.read(name === '-' ? 'standard input' : name, strerror(r.err)));
    if (fd !== 0) yield* sys.close(fd);
  }
  return yield* finish(t);
}

/** Index just after the nth newline counted back from the end (a final unterminated line counts). */
function startOfLastLines(text: string, n: number): number {
  if (n <= 0) return text.length;
  let pos = text.endsWith('\n') ? text.length - 1 : text.length;
  for (let i = 0; i < n; i++) {
    pos = text.lastIndexOf('\n', pos - 1);
    if (pos < 0) return 0;
  }
  return pos + 1;
}

function dropLastLines(text: string, n: number): string {
  return text.slice(0, startOfLastLines(text, n));
}

/** Index of the start of line n (1-based): tail -n +N. */
function startOfLine(text: string, n: number): number {
  let pos = 0;
  for (let i = 1; i < n; i++) {
    const nl = text.indexOf('\n', pos);
    if (nl < 0) return text.length;
    pos = nl + 1;
  }
  return pos;
}

/** tail [-fqv] [-s TICKS] [-n [+]N | -c [+]N | -N] [FILE]... */
export function* tail(ctx: ProcessContext): sys.Sys<number> {
  const a = yield* getopts(ctx, {
    flags: 'fqvF',
    values: 'ncs',
    numeric: 'n',
    long: { 'lines=': 'n', 'bytes=': 'c', follow: 'f', quiet: 'q', silent: 'q', verbose: 'v', 'sleep-interval=': 's' },
    usage: ['tail [OPTION]... [FILE]...'],
  });
  if (typeof a === 'number') return a;
  const amt = yield* amountOf('tail', a);
  if (typeof amt === 'number') return amt;
  const interval = Number(last(a, 's') ?? '4');
  if (!Number.isInteger(interval) || interval < 1) return yield* usageError('tail', `invalid number of ticks: ${quote(last(a, 's')!)}`);
  const names = a.operands.length === 0 ? ['-'] : a.operands;
  const t = tool('tail');
  const hdr = { first: true, on: has(a, 'v') || (names.length > 1 && !has(a, 'q')) };
  const followed: Array<{ fd: number; name: string }> = [];
  for (const name of names) {
    const fd = name === '-' ? 0 : yield* sys.open(name);
    if (fd < 0) {
      yield* fail(t, WORDS.open(name, strerror(fd)));
      continue;
    }
    yield* header(t, hdr, name);
    const r = reader(fd, t.out);
    const text = yield* readRest(r);
    let from: number;
    if (amt.bytes) from = amt.sign === '+' ? Math.max(0, amt.n - 1) : Math.max(0, text.length - amt.n);
    else from = amt.sign === '+' ? startOfLine(text, amt.n) : startOfLastLines(text, amt.n);
    yield* put(t.out, text.slice(from));
    if (r.err !== 0) yield* fail(t, WORDS.read(name === '-' ? 'standard input' : name, strerror(r.err)));
    if ((has(a, 'f') || has(a, 'F')) && fd !== 0 && r.err === 0) followed.push({ fd, name });
    else if (fd !== 0) yield* sys.close(fd);
  }
  if (followed.length === 0) return yield* finish(t);
  yield* followFiles(t, followed, interval, hdr.on);
  return yield* finish(t);
}

/**
 * tail -f: poll each file for what was appended, sleeping between rounds that found
 * nothing (no inotify here). A header marks each switch between files. Ends when killed.
 */
function* followFiles(t: Tool, files: Array<{ fd: number; name: string }>, interval: number, headers: boolean): sys.Sys<void> {
  let lastShown = files[files.length - 1].fd;
  for (;;) {
    let any = false;
    for (const f of files) {
      const data = yield* sys.read(f.fd, 4096);
      if (typeof data === 'number' || data === '') continue;
      any = true;
      if (headers && f.fd !== lastShown) yield* put(t.out, `\n==> ${f.name} <==\n`);
      lastShown = f.fd;
      yield* put(t.out, data);
    }
    if (!any) {
      if (!(yield* flush(t.out))) return;
      yield* sys.sleep(interval);
    }
  }
}
