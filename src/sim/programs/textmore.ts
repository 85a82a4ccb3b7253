import type { ProcessContext } from '../abi/program.ts';
import * as sys from '../libc/sys.ts';
import { getopts, has, last } from './args.ts';
import { compileMatcher } from './regex.ts';
import { eachInput, fail, finish, put, type Reader, readLine, tool, warn } from './stdio.ts';

/** rev, nl, paste, expr, date and uname: small tools scripts reach for. */

/** rev [FILE]...: each line's characters in reverse order. */
export function* rev(ctx: ProcessContext): sys.Sys<number> {
  const a = yield* getopts(ctx, { usage: ['rev [FILE]...'] });
  if (typeof a === 'number') return a;
  const t = tool('rev');
  yield* eachInput(t, a.operands, function* (r: Reader) {
    for (let line = yield* readLine(r); line !== null; line = yield* readLine(r)) {
      const nl = line.endsWith('\n');
      yield* put(t.out, [...(nl ? line.slice(0, -1) : line)].reverse().join('') + (nl ? '\n' : ''));
    }
  });
  return yield* finish(t);
}

/** nl [-b a|t] [-w N] [-s SEP] [FILE]...: numbers lines (by default only the non-empty ones). */
export function* nl(ctx: ProcessContext): sys.Sys<number> {
  const a = yield* getopts(ctx, {
    values: 'bwsv',
    long: { 'body-numbering=': 'b', 'number-width=': 'w', 'number-separator=': 's', 'starting-line-number=': 'v' },
    usage: ['nl [OPTION]... [FILE]...'],
  });
  if (typeof a === 'number') return a;
  const t = tool('nl');
  const style = last(a, 'b') ?? 't';
  const width = Number(last(a, 'w') ?? '6');
  const sep = last(a, 's') ?? '\t';
  let n = Number(last(a, 'v') ?? '1');
  if (style !== 'a' && style !== 't' && style !== 'n') {
    yield* warn(t, `invalid body numbering style: '${style}'`);
    return 1;
  }
  if (!Number.isInteger(width) || width < 1) {
    yield* warn(t, `invalid line number field width: '${last(a, 'w')}'`);
    return 1;
  }
  yield* eachInput(t, a.operands, function* (r: Reader) {
    for (let line = yield* readLine(r); line !== null; line = yield* readLine(r)) {
      const body = line.endsWith('\n') ? line.slice(0, -1) : line;
      const numbered = style === 'a' || (style === 't' && body !== '');
      const prefix = numbered ? `${String(n++).padStart(width)}${sep}` : ' '.repeat(width + sep.length);
      yield* put(t.out, prefix + line);
    }
  });
  return yield* finish(t);
}

/** paste [-d LIST] [-s] FILE...: lines of the files side by side, joined by tabs (or LIST's characters). */
export function* paste(ctx: ProcessContext): sys.Sys<number> {
  const a = yield* getopts(ctx, { flags: 's', values: 'd', long: { serial: 's', 'delimiters=': 'd' }, usage: ['paste [OPTION]... [FILE]...'] });
  if (typeof a === 'number') return a;
  const t = tool('paste');
  const delims = [...(last(a, 'd') ?? '\t').replace(/\\t/g, '\t').replace(/\\n/g, '\n').replace(/\\0/g, '')];
  const delim = (k: number) => (delims.length === 0 ? '' : delims[k % delims.length]);
  const names = a.operands.length === 0 ? ['-'] : a.operands;
  const read = function* (name: string): sys.Sys<string[]> {
    const lines: string[] = [];
    yield* eachInput(t, [name], function* (r: Reader) {
      for (let line = yield* readLine(r); line !== null; line = yield* readLine(r)) lines.push(line.endsWith('\n') ? line.slice(0, -1) : line);
    });
    return lines;
  };
  // Each `-` takes the next line of standard input in turn: `paste - -` pairs lines up.
  const stdin = names.includes('-') ? yield* read('-') : [];
  const dashes = names.filter((n) => n === '-').length;
  const files: string[][] = [];
  let dash = 0;
  for (const name of names) {
    if (name !== '-') files.push(yield* read(name));
    else if (has(a, 's')) files.push(dash++ === 0 ? stdin : []);
    else {
      const k = dash++;
      files.push(stdin.filter((_, i) => i % dashes === k));
    }
  }
  if (has(a, 's')) {
    for (const lines of files) yield* put(t.out, `${lines.map((l, k) => (k === 0 ? l : delim(k - 1) + l)).join('')}\n`);
  } else {
    const rows = Math.max(0, ...files.map((f) => f.length));
    for (let row = 0; row < rows; row++) yield* put(t.out, `${files.map((f, k) => (k === 0 ? '' : delim(k - 1)) + (f[row] ?? '')).join('')}\n`);
  }
  return yield* finish(t);
}

// ---- expr ---------------------------------------------------------------------------------

type ExprValue = string | bigint;

/**
 * expr EXPRESSION: evaluates its arguments (each operator a word of its own) and prints
 * the result. Status 0 when the result is neither null nor 0, 1 when it is, 2 when the
 * expression is malformed, 3 on an error such as division by zero.
 */
export function* expr(ctx: ProcessContext): sys.Sys<number> {
  const args = ctx.argv.slice(1);
  const t = tool('expr');
  if (args.length === 0) {
    yield* warn(t, "missing operand\nTry 'expr --help' for more information.");
    return 2;
  }
  const p = { args, i: 0 };
  let value: ExprValue;
  try {
    value = exprOr(p);
    if (p.i < args.length) throw new ExprError(`syntax error: unexpected argument '${args[p.i]}'`, 2);
  } catch (e) {
    if (!(e instanceof ExprError)) throw e;
    yield* warn(t, e.message);
    return e.status;
  }
  yield* put(t.out, `${String(value)}\n`);
  yield* finish(t);
  return isNull(value) ? 1 : 0;
}

class ExprError {
  constructor(
    readonly message: string,
    readonly status: number,
  ) {}
}

function isNull(v: ExprValue): boolean {
  return v === '' || v === 0n || (typeof v === 'string' && /^-?0+$/.test(v));
}

function toInt(v: ExprValue): bigint {
  if (typeof v === 'bigint') return v;
  if (!/^[-+]?[0-9]+$/.test(v)) throw new ExprError('non-integer argument', 2);
  return BigInt(v);
}

interface ExprState {
  args: string[];
  i: number;
}

function exprOr(p: ExprState): ExprValue {
  let left = exprAnd(p);
  while (p.args[p.i] === '|') {
    p.i++;
    const right = exprAnd(p);
    left = isNull(left) ? (isNull(right) ? 0n : right) : left;
  }
  return left;
}

function exprAnd(p: ExprState): ExprValue {
  let left = exprCompare(p);
  while (p.args[p.i] === '&') {
    p.i++;
    const right = exprCompare(p);
    left = isNull(left) || isNull(right) ? 0n : left;
  }
  return left;
}

function exprCompare(p: ExprState): ExprValue {
  let left = exprAdd(p);
  for (;;) {
    const op = p.args[p.i];
    if (!['<', '<=', '=', '==', '!=', '>=', '>'].includes(op)) return left;
    p.i++;
    const right = exprAdd(p);
    const numeric = /^[-+]?[0-9]+$/.test(String(left)) && /^[-+]?[0-9]+$/.test(String(right));
    const cmp = numeric ? Number(toInt(left) - toInt(right)) : String(left) < String(right) ? -1 : String(left) > String(right) ? 1 : 0;
    const holds = op === '<' ? cmp < 0 : op === '<=' ? cmp <= 0 : op === '=' || op === '==' ? cmp === 0 : op === '!=' ? cmp !== 0 : op === '>=' ? cmp >= 0 : cmp > 0;
    left = holds ? 1n : 0n;
  }
}

function exprAdd(p: ExprState): ExprValue {
  let left = exprMul(p);
  while (p.args[p.i] === '+' || p.args[p.i] === '-') {
    const op = p.args[p.i++];
    const right = exprMul(p);
    left = op === '+' ? toInt(left) + toInt(right) : toInt(left) - toInt(right);
  }
  return left;
}

function exprMul(p: ExprState): ExprValue {
  let left = exprMatch(p);
  while (p.args[p.i] === '*' || p.args[p.i] === '/' || p.args[p.i] === '%') {
    const op = p.args[p.i++];
    const right = toInt(exprMatch(p));
    const l = toInt(left);
    if (op !== '*' && right === 0n) throw new ExprError('division by zero', 2);
    left = op === '*' ? l * right : op === '/' ? l / right : l % right;
  }
  return left;
}

function exprMatch(p: ExprState): ExprValue {
  let left = exprPrimary(p);
  while (p.args[p.i] === ':') {
    p.i++;
    left = matchAnchored(String(left), String(exprPrimary(p)));
  }
  return left;
}

/** `STRING : REGEX`: anchored at the start; the first group's text, or the length matched. */
function matchAnchored(text: string, pattern: string): ExprValue {
  const m = compileMatcher(pattern, { syntax: 'basic', ignoreCase: false, word: false, line: false });
  if (typeof m === 'string') throw new ExprError(m, 2);
  const found = m.find(text, 0);
  if (m.problem) throw new ExprError(m.problem, 2);
  const anchored = found && found[0] === 0 ? found : null;
  const hasGroup = /\\\(/.test(pattern);
  if (!anchored) return hasGroup ? '' : 0n;
  if (hasGroup) return m.groups(text, anchored)[1] ?? '';
  return BigInt(anchored[1]);
}

function exprPrimary(p: ExprState): ExprValue {
  const word = p.args[p.i];
  if (word === undefined) throw new ExprError(`syntax error: missing argument after '${p.args[p.i - 1]}'`, 2);
  p.i++;
  if (word === '(') {
    const v = exprOr(p);
    if (p.args[p.i] !== ')') throw new ExprError(`syntax error: expecting ')' after '${p.args[p.i - 1]}'`, 2);
    p.i++;
    return v;
  }
  if (word === 'length') return BigInt([...String(exprPrimary(p))].length);
  if (word === 'substr') {
    const s = [...String(exprPrimary(p))];
    const pos = Number(toInt(exprPrimary(p)));
    const len = Number(toInt(exprPrimary(p)));
    return pos < 1 || len < 1 ? '' : s.slice(pos - 1, pos - 1 + len).join('');
  }
  if (word === 'index') {
    const s = String(exprPrimary(p));
    const chars = String(exprPrimary(p));
    const k = [...s].findIndex((c) => chars.includes(c));
    return BigInt(k + 1);
  }
  if (word === 'match') return matchAnchored(String(exprPrimary(p)), String(exprPrimary(p)));
  if (word === '+') return String(p.args[p.i++] ?? '');
  return /^[-+]?[0-9]+$/.test(word) ? BigInt(word) : word;
}

// ---- date and uname ------------------------------------------------------------------------

/** Simulated seconds per tick for date: the machine's clock starts at the epoch and ticks forward. */
export const DATE_SECONDS_PER_TICK = 1;

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The calendar fields of a count of seconds since 1970-01-01 00:00 UTC (civil-from-days). */
export function calendar(seconds: number): { y: number; mo: number; d: number; h: number; mi: number; s: number; wd: number } {
  const days = Math.floor(seconds / 86400);
  const rem = seconds - days * 86400;
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const mo = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (mo <= 2 ? 1 : 0);
  return { y, mo, d, h: Math.floor(rem / 3600), mi: Math.floor((rem % 3600) / 60), s: rem % 60, wd: (((days + 4) % 7) + 7) % 7 };
}

/**
 * date [+FORMAT]: the machine's time, which is its tick count (one second a tick) after the
 * epoch, so that a replay prints the same dates. FORMAT takes %Y %m %d %H %M %S %s %a %b %e %T %F %%.
 */
export function* date(ctx: ProcessContext): sys.Sys<number> {
  const a = yield* getopts(ctx, { flags: 'u', long: { utc: 'u' }, usage: ['date [OPTION]... [+FORMAT]'] });
  if (typeof a === 'number') return a;
  const t = tool('date');
  const format = a.operands[0];
  if (format !== undefined && !format.startsWith('+')) {
    yield* fail(t, `invalid date '${format}'`);
    return yield* finish(t);
  }
  const seconds = (yield* sys.uptime()) * DATE_SECONDS_PER_TICK;
  const c = calendar(seconds);
  const two = (n: number) => String(n).padStart(2, '0');
  const fields: Record<string, string> = {
    Y: String(c.y),
    m: two(c.mo),
    d: two(c.d),
    e: String(c.d).padStart(2, ' '),
    H: two(c.h),
    M: two(c.mi),
    S: two(c.s),
    s: String(seconds),
    a: DAYS[c.wd],
    b: MONTHS[c.mo - 1],
    T: `${two(c.h)}:${two(c.mi)}:${two(c.s)}`,
    F: `${c.y}-${two(c.mo)}-${two(c.d)}`,
    Z: 'UTC',
    '%': '%',
    n: '\n',
  };
  const spec = format === undefined ? '%a %b %e %T %Z %Y' : format.slice(1);
  const text = spec.replace(/%(.)/g, (whole, f: string) => (Object.hasOwn(fields, f) ? fields[f] : whole));
  yield* put(t.out, `${text}\n`);
  return yield* finish(t);
}

/** uname [-asnrvmo]: the simulated machine's names. */
export function* uname(ctx: ProcessContext): sys.Sys<number> {
  const a = yield* getopts(ctx, {
    flags: 'asnrvmpio',
    long: { all: 'a', 'kernel-name': 's', nodename: 'n', 'kernel-release': 'r', 'kernel-version': 'v', machine: 'm', 'operating-system': 'o' },
    usage: ['uname [OPTION]...'],
  });
  if (typeof a === 'number') return a;
  const t = tool('uname');
  const parts: [string, string][] = [
    ['s', 'Glassbox'],
    ['n', 'glassbox'],
    ['r', '1.0'],
    ['v', '#1 simulated'],
    ['m', 'sim'],
    ['o', 'Glassbox'],
  ];
  const wanted = has(a, 'a') ? parts : parts.filter(([k]) => has(a, k));
  yield* put(t.out, `${(wanted.length === 0 ? [parts[0]] : wanted).map(([, v]) => v).join(' ')}\n`);
  return yield* finish(t);
}
