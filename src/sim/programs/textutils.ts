import { EINVAL, strerror } from '../abi/errno.ts';
import type { ProcessContext } from '../abi/program.ts';
import { SIGINT } from '../abi/signals.ts';
import * as sys from '../libc/sys.ts';
import { getopts, has } from './args.ts';
import { eachInput, fail, finish, put, quotef, type Reader, readChunk, readLine, tool, writeAll } from './stdio.ts';

/** cat, wc and tee: commands that pass text through, or count it, as it streams by. */

/** cat -v's notation for a byte that does not print: ^X, ^?, M-x. */
function visible(text: string, keepTabs: boolean): string {
  let out = '';
  for (const ch of text) {
    let c = ch.charCodeAt(0);
    if (c > 0xff) {
      out += ch;
      continue;
    }
    if (c >= 128) {
      out += 'M-';
      c -= 128;
    }
    if (c === 9 && keepTabs) out += '\t';
    else if (c < 32) out += `^${String.fromCharCode(c + 64)}`;
    else if (c === 127) out += '^?';
    else out += String.fromCharCode(c);
  }
  return out;
}

/** cat [-AbEnsTv] [FILE]... */
export function* cat(ctx: ProcessContext): sys.Sys<number> {
  const a = yield* getopts(ctx, {
    flags: 'AbeEnstTuv',
    long: { 'show-all': 'A', 'number-nonblank': 'b', 'show-ends': 'E', number: 'n', 'squeeze-blank': 's', 'show-tabs': 'T', 'show-nonprinting': 'v' },
    usage: ['cat [OPTION]... [FILE]...'],
  });
  if (typeof a === 'number') return a;
  const on = (c: string) => has(a, c);
  const showEnds = on('E') || on('A') || on('e');
  const showTabs = on('T') || on('A') || on('t');
  const nonprinting = on('v') || on('A') || on('e') || on('t');
  const numberAll = on('n') && !on('b');
  const plain = !(showEnds || showTabs || nonprinting || on('n') || on('b') || on('s'));
  const t = tool('cat');
  // Line state carries across files, as GNU cat's does: numbering continues, and a file
  // that ends mid-line is continued by the next one.
  let lineNo = 0;
  let atStart = true;
  let blanks = 0;
  const output = yield* sys.fstat(1);
  yield* eachInput(t, a.operands, function* (r: Reader, name: string) {
    // Copying a non-empty file onto its own end would never reach the end: GNU cat refuses.
    const input = yield* sys.fstat(r.fd);
    if (typeof output !== 'number' && typeof input !== 'number' && output.type === 'file' && input.ino === output.ino && input.size > 0) {
      yield* fail(t, `${quotef(name)}: input file is output file`);
      return;
    }
    if (plain) {
      for (let chunk = yield* readChunk(r); chunk !== ''; chunk = yield* readChunk(r)) yield* put(t.out, chunk);
      return;
    }
    for (let line = yield* readLine(r); line !== null; line = yield* readLine(r)) {
      const nl = line.endsWith('\n');
      let body = nl ? line.slice(0, -1) : line;
      const blank = atStart && body === '' && nl;
      if (blank && on('s') && ++blanks > 1) continue;
      if (!blank) blanks = 0;
      let prefix = '';
      if (atStart && (numberAll || (on('b') && !blank))) prefix = `${String(++lineNo).padStart(6)}\t`;
      if (nonprinting || showTabs) body = visible(body, !showTabs);
      if (!nonprinting && showTabs) body = body.replace(/\t/g, '^I');
      yield* put(t.out, prefix + body + (nl ? (showEnds ? '$\n' : '\n') : ''));
      atStart = nl;
    }
  });
  return yield* finish(t);
}

interface Counts {
  lines: number;
  words: number;
  bytes: number;
  maxLine: number;
}

const isSpace = (c: number) => c === 32 || (c >= 9 && c <= 13);

/** wc [-clLmw] [FILE]...: counts as GNU wc counts and pads as it pads. */
export function* wc(ctx: ProcessContext): sys.Sys<number> {
  const a = yield* getopts(ctx, {
    flags: 'clLmw',
    long: { bytes: 'c', chars: 'm', lines: 'l', 'max-line-length': 'L', words: 'w' },
    usage: ['wc [OPTION]... [FILE]...'],
  });
  if (typeof a === 'number') return a;
  let fields = ['l', 'w', 'm', 'c', 'L'].filter((c) => has(a, c));
  if (fields.length === 0) fields = ['l', 'w', 'c'];
  const names = a.operands.length === 0 ? ['-'] : a.operands;
  // GNU's width: one column for a single count of a single input; otherwise wide enough
  // for the total size of the regular files, and at least 7 when any input is not one.
  let width = 1;
  if (!(names.length === 1 && fields.length === 1)) {
    let total = 0;
    let min = 1;
    for (const [i, name] of names.entries()) {
      const st = name === '-' ? yield* sys.fstat(0) : yield* sys.stat(name);
      // fstat answers EINVAL for a descriptor that is neither a disk file nor the terminal:
      // a pipe, which is not a regular file.
      if (st === -EINVAL && name === '-') min = 7;
      else if (typeof st === 'number') {
        if (i === 0) break;
      } else if (st.type === 'file') total += st.size;
      else min = 7;
    }
    width = Math.max(String(total).length, min);
  }
  const t = tool('wc');
  const sum: Counts = { lines: 0, words: 0, bytes: 0, maxLine: 0 };
  const show = (c: Counts, name: string | null) => {
    const v: Record<string, number> = { l: c.lines, w: c.words, m: c.bytes, c: c.bytes, L: c.maxLine };
    const cols = fields.map((f) => String(v[f]).padStart(width));
    return `${cols.join(' ')}${name === null ? '' : ` ${name}`}\n`;
  };
  yield* eachInput(t, a.operands, function* (r: Reader, name: string) {
    const c: Counts = { lines: 0, words: 0, bytes: 0, maxLine: 0 };
    let inWord = false;
    let col = 0;
    for (let chunk = yield* readChunk(r); chunk !== ''; chunk = yield* readChunk(r)) {
      c.bytes += chunk.length;
      for (let i = 0; i < chunk.length; i++) {
        const ch = chunk.charCodeAt(i);
        if (ch === 10) {
          c.lines++;
          c.maxLine = Math.max(c.maxLine, col);
          col = 0;
        } else if (ch === 9) col += 8 - (col % 8);
        else if (ch === 13 || ch === 12) col = 0;
        else if (ch >= 32) col++;
        if (isSpace(ch)) inWord = false;
        else if (!inWord) {
          inWord = true;
          c.words++;
        }
      }
    }
    c.maxLine = Math.max(c.maxLine, col);
    if (r.err !== 0) {
      // GNU reports the failed read, then still prints the counts it has (zeros for a directory).
      yield* fail(t, `${quotef(name)}: ${strerror(r.err)}`);
      r.err = 0;
    }
    sum.lines += c.lines;
    sum.words += c.words;
    sum.bytes += c.bytes;
    sum.maxLine = Math.max(sum.maxLine, c.maxLine);
    yield* put(t.out, show(c, a.operands.length === 0 ? null : name));
  });
  if (names.length > 1) yield* put(t.out, show(sum, 'total'));
  return yield* finish(t);
}

/** tee [-ai] [FILE]...: copies standard input to standard output and to each file. */
export function* tee(ctx: ProcessContext): sys.Sys<number> {
  const a = yield* getopts(ctx, {
    flags: 'ai',
    long: { append: 'a', 'ignore-interrupts': 'i' },
    usage: ['tee [OPTION]... [FILE]...'],
  });
  if (typeof a === 'number') return a;
  if (has(a, 'i')) yield* sys.sigaction(SIGINT, 'ignore');
  const t = tool('tee');
  const outs: Array<{ fd: number; name: string }> = [{ fd: 1, name: 'standard output' }];
  for (const name of a.operands) {
    const fd = yield* sys.open(name, { write: true, create: true, truncate: !has(a, 'a'), append: has(a, 'a') });
    if (fd < 0) yield* fail(t, `${quotef(name)}: ${strerror(fd)}`);
    else outs.push({ fd, name });
  }
  // tee is unbuffered: each piece goes out as soon as it arrives.
  for (;;) {
    const data = yield* sys.read(0, 4096);
    if (typeof data === 'number') {
      yield* fail(t, `read error: ${strerror(data)}`);
      break;
    }
    if (data === '') break;
    for (const o of outs) {
      if (o.fd < 0) continue;
      const e = yield* writeAll(o.fd, data);
      if (e < 0) {
        yield* fail(t, `${quotef(o.name)}: ${strerror(e)}`);
        o.fd = -1;
      }
    }
  }
  for (const o of outs) if (o.fd > 2) yield* sys.close(o.fd);
  return yield* finish(t);
}
