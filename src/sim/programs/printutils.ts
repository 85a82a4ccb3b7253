import { strerror } from '../abi/errno.ts';
import type { ProcessContext } from '../abi/program.ts';
import * as sys from '../libc/sys.ts';
import { getopts, has, last, usageError } from './args.ts';
import { expandEscapes, formatPrintf } from './format.ts';
import { BUFSIZ, finish, put, quote, tool, writeAll } from './stdio.ts';

/**
 * Commands that make text from their arguments: echo and printf (as bash's builtins
 * behave, since that is what a user of bash meets), seq and yes.
 */

/** echo [-neE] [STRING]...: only leading words made of n, e and E are options, as in bash. */
export function* echo(ctx: ProcessContext): sys.Sys<number> {
  const args = ctx.argv.slice(1);
  let newline = true;
  let escapes = false;
  while (args.length > 0 && /^-[neE]+$/.test(args[0])) {
    for (const c of args.shift()!.slice(1)) {
      if (c === 'n') newline = false;
      else escapes = c === 'e';
    }
  }
  let text = args.join(' ');
  if (escapes) {
    const r = expandEscapes(text, 'echo');
    text = r.text;
    if (r.stop) newline = false; // \c ends the output, newline included
  }
  const t = tool('echo');
  yield* put(t.out, newline ? `${text}\n` : text);
  return yield* finish(t);
}

/** printf FORMAT [ARGUMENT]... */
export function* printf(ctx: ProcessContext): sys.Sys<number> {
  let args = ctx.argv.slice(1);
  if (args[0] === '--') args = args.slice(1);
  else if (args[0]?.startsWith('-') && args[0] !== '-') {
    const why = args[0] === '-v' ? '-v: a program cannot set a shell variable' : `${args[0]}: invalid option`;
    yield* sys.eprint(`printf: ${why}\nprintf: usage: printf format [arguments]\n`);
    return 2;
  }
  if (args.length === 0) {
    yield* sys.eprint('printf: usage: printf format [arguments]\n');
    return 2;
  }
  const r = formatPrintf(args[0], args.slice(1));
  const t = tool('printf');
  yield* put(t.out, r.text);
  for (const e of r.errors) {
    t.status = 1;
    yield* sys.eprint(`printf: ${e}\n`);
  }
  return yield* finish(t);
}

/** yes [STRING]...: the line again and again, until the reader goes away. */
export function* yes(ctx: ProcessContext): sys.Sys<number> {
  const a = yield* getopts(ctx, { inOrder: true, usage: ['yes [STRING]...'] });
  if (typeof a === 'number') return a;
  const line = `${a.operands.length > 0 ? a.operands.join(' ') : 'y'}\n`;
  const chunk = line.repeat(Math.max(1, Math.floor(BUFSIZ / line.length)));
  for (;;) {
    const e = yield* writeAll(1, chunk);
    if (e < 0) {
      yield* sys.eprint(`yes: standard output: ${strerror(e)}\n`);
      return 1;
    }
    // Making the text takes CPU, so yes is CPU-bound in the views and the scheduler preempts it.
    yield* sys.cpu(1);
  }
}

/** A decimal operand of seq as a scaled integer: value = digits / 10^scale. */
interface Decimal {
  digits: bigint;
  scale: number;
  /** The operand as written, whose length -w uses. */
  text: string;
}

function parseDecimal(text: string): Decimal | null {
  const m = /^\s*([+-]?)(\d*)(?:\.(\d*))?$/.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return null;
  const frac = m[3] ?? '';
  const digits = BigInt(`${m[2] || '0'}${frac}`);
  return { digits: m[1] === '-' ? -digits : digits, scale: frac.length, text };
}

const rescale = (d: Decimal, scale: number): bigint => d.digits * 10n ** BigInt(scale - d.scale);

/** A scaled integer as decimal text with `scale` digits after the point. */
function decimalText(v: bigint, scale: number): string {
  const neg = v < 0n;
  const s = (neg ? -v : v).toString().padStart(scale + 1, '0');
  const body = scale === 0 ? s : `${s.slice(0, -scale)}.${s.slice(-scale)}`;
  return neg ? `-${body}` : body;
}

/** seq [-w] [-s SEP] [-f FORMAT] [FIRST [INCR]] LAST */
export function* seq(ctx: ProcessContext): sys.Sys<number> {
  const a = yield* getopts(ctx, {
    flags: 'w',
    values: 'sf',
    negativeNumbers: true,
    long: { 'equal-width': 'w', 'separator=': 's', 'format=': 'f' },
    usage: ['seq [OPTION]... LAST', 'seq [OPTION]... FIRST LAST', 'seq [OPTION]... FIRST INCREMENT LAST'],
  });
  if (typeof a === 'number') return a;
  const ops = a.operands;
  if (ops.length === 0) return yield* usageError('seq', 'missing operand');
  if (ops.length > 3) return yield* usageError('seq', `extra operand ${quote(ops[3])}`);
  const nums: Decimal[] = [];
  for (const op of ops) {
    const d = parseDecimal(op);
    if (!d) return yield* usageError('seq', `invalid floating point argument: ${quote(op)}`);
    nums.push(d);
  }
  const one: Decimal = { digits: 1n, scale: 0, text: '1' };
  const [first, incr, lastN] = nums.length === 1 ? [one, one, nums[0]] : nums.length === 2 ? [nums[0], one, nums[1]] : nums;
  if (incr.digits === 0n) return yield* usageError('seq', `invalid Zero increment value: ${quote(incr.text)}`);
  // Work in one scale so that 0.1 steps add up exactly; print with FIRST's and INCR's precision.
  const prec = Math.max(first.scale, incr.scale);
  const scale = Math.max(prec, lastN.scale);
  const [x0, step, end] = [rescale(first, scale), rescale(incr, scale), rescale(lastN, scale)];
  let width = 0;
  if (has(a, 'w')) {
    const widthOf = (d: Decimal) => d.text.length + (prec - d.scale) + (d.scale === 0 && prec > 0 ? 1 : 0) - (d.scale > 0 && prec === 0 ? 1 : 0);
    width = Math.max(widthOf(first), widthOf(lastN));
  }
  const fmt = last(a, 'f');
  const sep = last(a, 's') ?? '\n';
  const t = tool('seq');
  let i = 0n;
  for (;;) {
    const x = x0 + i * step;
    if (step > 0n ? x > end : x < end) break;
    let text = decimalText(x / 10n ** BigInt(scale - prec), prec);
    if (fmt !== undefined) text = formatPrintf(fmt, [decimalText(x, scale)]).text;
    else if (text.length < width) text = text.startsWith('-') ? `-${text.slice(1).padStart(width - 1, '0')}` : text.padStart(width, '0');
    yield* put(t.out, i === 0n ? text : sep + text);
    if (t.out.err !== 0) break; // nowhere to write: stop counting (finish reports it)
    i++;
  }
  if (i > 0n) yield* put(t.out, '\n');
  return yield* finish(t);
}
