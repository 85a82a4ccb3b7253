import type { ProcessContext } from '../abi/program.ts';
import type * as sys from '../libc/sys.ts';
import { getopts, has, last, usageError } from './args.ts';
import { baseName, dirName } from './paths.ts';
import { finish, put, quote, tool } from './stdio.ts';

/** basename and dirname: pure string operations on path names; nothing is looked up. */

/** basename NAME [SUFFIX] | basename -a [-s SUFFIX] NAME... */
export function* basename(ctx: ProcessContext): sys.Sys<number> {
  const a = yield* getopts(ctx, {
    flags: 'az',
    values: 's',
    long: { multiple: 'a', 'suffix=': 's', zero: 'z' },
    usage: ['basename NAME [SUFFIX]', 'basename OPTION... NAME...'],
  });
  if (typeof a === 'number') return a;
  const ops = a.operands;
  if (ops.length === 0) return yield* usageError('basename', 'missing operand');
  let suffix = last(a, 's') ?? '';
  let names = ops;
  if (!has(a, 'a') && !has(a, 's')) {
    if (ops.length > 2) return yield* usageError('basename', `extra operand ${quote(ops[2])}`);
    names = [ops[0]];
    suffix = ops[1] ?? '';
  }
  const t = tool('basename');
  for (const name of names) {
    let b = baseName(name);
    // The suffix goes only when something is left of the name.
    if (suffix !== '' && b !== suffix && b.endsWith(suffix)) b = b.slice(0, -suffix.length);
    yield* put(t.out, b + (has(a, 'z') ? '\0' : '\n'));
  }
  return yield* finish(t);
}

/** dirname NAME... */
export function* dirname(ctx: ProcessContext): sys.Sys<number> {
  const a = yield* getopts(ctx, { flags: 'z', long: { zero: 'z' }, usage: ['dirname [OPTION] NAME...'] });
  if (typeof a === 'number') return a;
  if (a.operands.length === 0) return yield* usageError('dirname', 'missing operand');
  const t = tool('dirname');
  for (const name of a.operands) yield* put(t.out, dirName(name) + (has(a, 'z') ? '\0' : '\n'));
  return yield* finish(t);
}
