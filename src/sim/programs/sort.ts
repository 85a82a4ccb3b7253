import { strerror } from '../abi/errno.ts';
import type { ProcessContext } from '../abi/program.ts';
import * as sys from '../libc/sys.ts';
import { all, getopts, has, last, usageError } from './args.ts';
import { compareKeys, compareLines, applyLetters, noOptions, parseKey, type SortSettings } from './sortkeys.ts';
import { fail, finish, put, quote, quotef, readLine, reader, readRest, splitLines, tool, warn, writeAll } from './stdio.ts';

/** sort and uniq: ordering lines, and collapsing runs of equal ones. */

/** sort [-bcfgnrsu] [-k KEY]... [-t SEP] [-o FILE] [FILE]... */
export function* sort(ctx: ProcessContext): sys.Sys<number> {
  const a = yield* getopts(ctx, {
    flags: 'bcfgnrsu',
    values: 'kto',
    long: {
      'ignore-leading-blanks': 'b',
      check: 'c',
      'ignore-case': 'f',
      'general-numeric-sort': 'g',
      'numeric-sort': 'n',
      reverse: 'r',
      stable: 's',
      unique: 'u',
      'key=': 'k',
      'field-separator=': 't',
      'output=': 'o',
    },
    usage: ['sort [OPTION]... [FILE]...'],
    status: 2,
  });
  if (typeof a === 'number') return a;
  const t = tool('sort');
  const global = noOptions();
  applyLetters(global, ['b', 'f', 'g', 'n', 'r'].filter((c) => has(a, c)).join(''), 'both');
  const tabText = last(a, 't');
  if (tabText !== undefined && tabText.length !== 1) {
    yield* warn(t, tabText === '' ? 'empty tab' : `multi-character tab ${quote(tabText)}`);
    return 2;
  }
  const s: SortSettings = { keys: [], tab: tabText ?? null, reverse: global.reverse, stable: has(a, 's') || has(a, 'u') };
  for (const spec of all(a, 'k')) {
    const k = parseKey(spec, global);
    if (typeof k === 'string') {
      yield* warn(t, k);
      return 2;
    }
    s.keys.push(k);
  }
  // Options other than -r with no -k make one key of the whole line (as GNU does).
  if (s.keys.length === 0 && (global.numeric || global.general || global.fold || global.blanksStart)) {
    s.keys.push({ ...global, sword: 0, schar: 0, eword: null, echar: 0 });
  }
  const names = a.operands.length === 0 ? ['-'] : a.operands;
  if (has(a, 'c')) {
    if (names.length > 1) return yield* usageError('sort', `extra operand ${quote(names[1])} not allowed with -c`, 2);
    return yield* check(names[0], s, has(a, 'u'));
  }
  // sort reads everything before it writes anything, so `sort -o f f` is safe; any input
  // that cannot be read ends the command with no output at all.
  const lines: string[] = [];
  for (const name of names) {
    const fd = name === '-' ? 0 : yield* sys.open(name);
    if (fd < 0) {
      yield* warn(t, `cannot read: ${quotef(name)}: ${strerror(fd)}`);
      return 2;
    }
    const r = reader(fd);
    const text = yield* readRest(r);
    if (fd !== 0) yield* sys.close(fd);
    if (r.err !== 0) {
      yield* warn(t, `read failed: ${quotef(name)}: ${strerror(r.err)}`);
      return 2;
    }
    lines.push(...splitLines(text));
  }
  lines.sort((x, y) => compareLines(x, y, s));
  let out = '';
  for (let i = 0; i < lines.length; i++) {
    if (has(a, 'u') && i > 0 && compareKeys(lines[i - 1], lines[i], s) === 0) continue;
    out += `${lines[i]}\n`;
  }
  const outName = last(a, 'o');
  if (outName === undefined) {
    yield* put(t.out, out);
    const status = yield* finish(t);
    return status === 0 ? 0 : 2;
  }
  const fd = yield* sys.open(outName, { write: true, create: true, truncate: true });
  const e = fd < 0 ? fd : yield* writeAll(fd, out);
  if (fd >= 0) yield* sys.close(fd);
  if (e < 0) {
    yield* fail(t, `${fd < 0 ? 'open failed' : 'write failed'}: ${quotef(outName)}: ${strerror(e)}`, 2);
  }
  return t.status;
}

/** sort -c: reports the first line out of order. */
function* check(name: string, s: SortSettings, strict: boolean): sys.Sys<number> {
  const fd = name === '-' ? 0 : yield* sys.open(name);
  if (fd < 0) {
    yield* sys.eprint(`sort: cannot read: ${quotef(name)}: ${strerror(fd)}\n`);
    return 2;
  }
  const r = reader(fd);
  let prev: string | null = null;
  for (let n = 1; ; n++) {
    const raw = yield* readLine(r);
    if (raw === null) break;
    const line = raw.endsWith('\n') ? raw.slice(0, -1) : raw;
    if (prev !== null) {
      const c = compareLines(prev, line, s);
      if (c > 0 || (strict && compareKeys(prev, line, s) === 0)) {
        yield* sys.eprint(`sort: ${name}:${n}: disorder: ${line}\n`);
        return 1;
      }
    }
    prev = line;
  }
  if (r.err !== 0) {
    yield* sys.eprint(`sort: read failed: ${quotef(name)}: ${strerror(r.err)}\n`);
    return 2;
  }
  return 0;
}

/** The part of a line uniq compares: after -f fields and -s characters, at most -w characters. */
function uniqKey(line: string, fields: number, chars: number, width: number, fold: boolean): string {
  let p = 0;
  for (let f = 0; f < fields; f++) {
    while (p < line.length && (line[p] === ' ' || line[p] === '\t')) p++;
    while (p < line.length && line[p] !== ' ' && line[p] !== '\t') p++;
  }
  const key = line.slice(Math.min(line.length, p + chars), Number.isFinite(width) ? p + chars + width : undefined);
  return fold ? key.toUpperCase() : key;
}

/** uniq [-cdiu] [-f N] [-s N] [-w N] [INPUT [OUTPUT]] */
export function* uniq(ctx: ProcessContext): sys.Sys<number> {
  const a = yield* getopts(ctx, {
    flags: 'cdiuD',
    values: 'fsw',
    long: {
      count: 'c',
      repeated: 'd',
      'ignore-case': 'i',
      unique: 'u',
      'skip-fields=': 'f',
      'skip-chars=': 's',
      'check-chars=': 'w',
    },
    usage: ['uniq [OPTION]... [INPUT [OUTPUT]]'],
  });
  if (typeof a === 'number') return a;
  const t = tool('uniq');
  const num = (key: string, what: string, dflt: number): number | string => {
    const v = last(a, key);
    if (v === undefined) return dflt;
    return /^\d+$/.test(v) ? Number(v) : `${v}: invalid number of ${what}`;
  };
  const fields = num('f', 'fields to skip', 0);
  const chars = num('s', 'bytes to skip', 0);
  const width = num('w', 'bytes to compare', Number.POSITIVE_INFINITY);
  for (const v of [fields, chars, width]) if (typeof v === 'string') return yield* usageError('uniq', v);
  if (a.operands.length > 2) return yield* usageError('uniq', `extra operand ${quote(a.operands[2])}`);
  const [input = '-', output] = a.operands;
  const fd = input === '-' ? 0 : yield* sys.open(input);
  if (fd < 0) {
    yield* warn(t, `${quotef(input)}: ${strerror(fd)}`);
    return 1;
  }
  if (output !== undefined && output !== '-') {
    const ofd = yield* sys.open(output, { write: true, create: true, truncate: true });
    if (ofd < 0) {
      yield* warn(t, `${quotef(output)}: ${strerror(ofd)}`);
      return 1;
    }
    t.out.fd = ofd;
  }
  const key = (line: string) => uniqKey(line, fields as number, chars as number, width as number, has(a, 'i'));
  const r = reader(fd, t.out);
  let group: string | null = null;
  let count = 0;
  const emit = function* () {
    if (group === null) return;
    if (has(a, 'd') && count < 2) return;
    if (has(a, 'u') && count > 1) return;
    yield* put(t.out, has(a, 'c') ? `${String(count).padStart(7)} ${group}\n` : `${group}\n`);
  };
  for (let raw = yield* readLine(r); raw !== null; raw = yield* readLine(r)) {
    const line = raw.endsWith('\n') ? raw.slice(0, -1) : raw;
    if (group !== null && key(group) === key(line)) {
      count++;
      // -D prints every line of a repeated group.
      if (has(a, 'D')) yield* put(t.out, count === 2 ? `${group}\n${line}\n` : `${line}\n`);
      continue;
    }
    if (!has(a, 'D')) yield* emit();
    group = line;
    count = 1;
  }
  if (!has(a, 'D')) yield* emit();
  if (r.err !== 0) yield* fail(t, `${quotef(input)}: ${strerror(r.err)}`);
  if (fd !== 0) yield* sys.close(fd);
  const status = yield* finish(t);
  if (t.out.fd > 2) yield* sys.close(t.out.fd);
  return status;
}
