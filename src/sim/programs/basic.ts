import { errnoName, strerror } from '../kernel/errno.ts';
import type { ProcessContext } from '../kernel/runtime.ts';
import * as sys from './sys.ts';

/** echo [-n] words...: prints its arguments. */
export function* echo(ctx: ProcessContext): sys.Sys<number> {
  let args = ctx.argv.slice(1);
  let newline = true;
  if (args[0] === '-n') {
    newline = false;
    args = args.slice(1);
  }
  yield* sys.print(args.join(' ') + (newline ? '\n' : ''));
  return 0;
}

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

/** sleep N: sleeps N ticks. */
export function* sleep(ctx: ProcessContext): sys.Sys<number> {
  const n = Number(ctx.argv[1]);
  if (ctx.argv[1] === undefined || !Number.isInteger(n) || n < 0) {
    yield* sys.eprint(`sleep: invalid time interval '${ctx.argv[1] ?? ''}'\n`);
    return 1;
  }
  yield* sys.sleep(n);
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

/** ps: the process table. */
export function* ps(): sys.Sys<number> {
  const rows = yield* sys.ps();
  let out = '  PID  PPID  PGID STATE      CPU COMMAND\n';
  for (const r of rows) {
    out += `${pad(r.pid, 5)} ${pad(r.ppid, 5)} ${pad(r.pgid, 5)} ${r.state.padEnd(8)} ${pad(r.cpuTicks, 5)} ${r.argv.join(' ')}\n`;
  }
  yield* sys.print(out);
  return 0;
}

function pad(n: number, w: number): string {
  return String(n).padStart(w);
}

/** "ENOENT (No such file or directory)" for a negative errno. */
export function describeErrno(e: number): string {
  return `${strerror(e)} (${errnoName(e)})`;
}
