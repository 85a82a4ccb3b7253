import { EAGAIN, errnoName, strerror } from '../abi/errno.ts';
import type { ProcessContext } from '../abi/program.ts';
import { SIGKILL } from '../abi/signals.ts';
import * as sys from '../libc/sys.ts';
import { getopts, last, usageError } from './args.ts';
import { quote } from './stdio.ts';

/**
 * Teaching programs: io, the I/O-bound counterpart of cpu (OSTEP's chapters on
 * scheduling contrast the two), and forkbomb, which shows that the process table is a
 * finite resource and that the kernel answers its exhaustion with EAGAIN, not a crash.
 */

function* count(text: string | undefined, what: string, dflt: number): sys.Sys<number | null> {
  if (text === undefined) return dflt;
  const n = Number(text);
  if (/^\d+$/.test(text) && n <= 1_000_000) return n;
  yield* sys.eprint(`io: invalid ${what}: ${quote(text)}\n`);
  return null;
}

/** io [-c TICKS] [-t TICKS] [ROUNDS]: a little CPU, then an I/O wait, ROUNDS times. */
export function* io(ctx: ProcessContext): sys.Sys<number> {
  const a = yield* getopts(ctx, { values: 'ct', usage: ['io [-c TICKS] [-t TICKS] [ROUNDS]'] });
  if (typeof a === 'number') return a;
  if (a.operands.length > 1) return yield* usageError('io', `extra operand ${quote(a.operands[1])}`);
  const rounds = yield* count(a.operands[0], 'number of rounds', 10);
  const burst = yield* count(last(a, 'c'), 'CPU burst', 1);
  const wait = yield* count(last(a, 't'), 'I/O time', 5);
  if (rounds === null || burst === null || wait === null) return 2;
  for (let i = 0; i < rounds; i++) {
    if (burst > 0) yield* sys.cpu(burst);
    yield* sys.io(wait);
  }
  return 0;
}

/** A forkbomb child: spawn copies until the kernel refuses, then wait to be killed. */
function* bombChild(): sys.Sys<number> {
  for (;;) {
    const pid = yield* sys.spawn({ program: 'forkbomb', argv: ['forkbomb', '--child'] });
    if (pid < 0) break;
    yield* sys.cpu(1);
  }
  // Asleep, a child holds its slot but no longer competes for one.
  for (;;) yield* sys.sleep(1000);
}

/** The pids below `root` in the process tree (children have larger pids than their parents). */
function descendants(rows: Array<{ pid: number; ppid: number; state: string }>, root: number): number[] {
  const inTree = new Set([root]);
  const out: number[] = [];
  for (const r of [...rows].sort((x, y) => x.pid - y.pid)) {
    if (inTree.has(r.ppid) && r.state !== 'zombie') {
      inTree.add(r.pid);
      out.push(r.pid);
    }
  }
  return out;
}

/**
 * forkbomb: every copy spawns copies until spawn fails with EAGAIN (the process table is
 * full); then it reports how far it got, kills every process it made, and reaps them, so
 * the system recovers.
 */
export function* forkbomb(ctx: ProcessContext): sys.Sys<number> {
  if (ctx.argv[1] === '--child') return yield* bombChild();
  const a = yield* getopts(ctx, { usage: ['forkbomb'] });
  if (typeof a === 'number') return a;
  yield* sys.print('forkbomb: spawning copies until the kernel refuses...\n');
  let failure = 0;
  for (let i = 0; i < 100_000 && failure === 0; i++) {
    const pid = yield* sys.spawn({ program: 'forkbomb', argv: ['forkbomb', '--child'] });
    if (pid < 0) failure = pid;
    else yield* sys.cpu(1);
  }
  const rows = yield* sys.ps();
  const made = descendants(rows, ctx.pid);
  const live = rows.filter((r) => r.state !== 'zombie').length;
  yield* sys.print(
    `forkbomb: spawn failed with ${errnoName(failure)} (${strerror(failure)}) after ${made.length} copies; ` +
      `${live} processes in the table\n`,
  );
  if (failure !== -EAGAIN) yield* sys.print('forkbomb: (not the process limit; something else stopped it)\n');
  yield* sys.print(`forkbomb: killing the ${made.length} processes it made\n`);
  for (const pid of made) yield* sys.kill(pid, SIGKILL);
  // Reap the direct children; the orphaned grandchildren go to init, which reaps them.
  while (sys.isWaitResult(yield* sys.wait(-1)));
  yield* sys.sleep(1);
  const after = (yield* sys.ps()).filter((r) => r.state !== 'zombie').length;
  yield* sys.print(`forkbomb: the system has recovered: ${after} processes in the table\n`);
  return failure === -EAGAIN ? 0 : 1;
}
