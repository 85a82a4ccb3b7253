import type { ProcessContext } from '../abi/program.ts';
import * as sys from '../libc/sys.ts';
import { parseJobArgs } from '../sched/workload.ts';

/**
 * job: a workload job. `job cpu:5 io:3 cpu:4` runs 5 ticks, waits 3 for I/O, runs 4;
 * `job 100 --io-every 10 --io-time 5` runs 100 ticks with 5 ticks of I/O after every 10.
 * It exits with status 2 and a message naming the bad token if the arguments are wrong.
 */
export function* job(ctx: ProcessContext): sys.Sys<number> {
  const parsed = parseJobArgs(ctx.argv.slice(1));
  if ('error' in parsed) {
    yield* sys.eprint(`job: ${parsed.error}\n`);
    return 2;
  }
  for (const b of parsed.bursts) {
    const r = b.kind === 'cpu' ? yield* sys.cpu(b.ticks) : yield* sys.io(b.ticks);
    if (r < 0) return 1;
  }
  return 0;
}
