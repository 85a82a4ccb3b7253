import { errnoName, strerror } from '../abi/errno.ts';
import type { ProcessContext } from '../abi/program.ts';
import * as sys from '../libc/sys.ts';

/** cpu N: burns N ticks of CPU (default 10), the simplest CPU-bound job. */
export function* cpu(ctx: ProcessContext): sys.Sys<number> {
  const n = ctx.argv[1] === undefined ? 10 : Number(ctx.argv[1]);
  if (!Number.isInteger(n) || n < 0) {
    yield* sys.eprint(`cpu: invalid tick count '${ctx.argv[1]}'\n`);
    return 2;
  }
  yield* sys.cpu(n);
  return 0;
}

// biome-ignore lint/correctness/useYield: every program is a generator, even one that makes no syscall.
export function* trueProgram(): sys.Sys<number> {
  return 0;
}

// biome-ignore lint/correctness/useYield: every program is a generator, even one that makes no syscall.
export function* falseProgram(): sys.Sys<number> {
  return 1;
}

/** "ENOENT (No such file or directory)" for a negative errno. */
export function describeErrno(e: number): string {
  return `${strerror(e)} (${errnoName(e)})`;
}
