import type { ProcessContext } from '../abi/program.ts';
import { SIGINT } from '../abi/signals.ts';
import * as sys from '../libc/sys.ts';
import { describeErrno } from './basic.ts';
import { parseDemoOptions, wholeNumber } from './demo-options.ts';
import { outputWidth, wrapText } from './layout.ts';

/**
 * philosophers [N] [--ordered] [--rounds R] [--think T] [--eat T]: the dining philosophers
 * (OSTEP ch. 31). N processes sit round a table with a fork (a semaphore of value 1)
 * between each pair; each takes one fork, gives up the CPU, takes the other, eats and puts
 * both down, R times. Taking the left fork first lets all of them hold one fork and wait
 * for the next: a cycle in the wait-for graph, which the kernel detects and this program
 * reports (^C ends it, and removes the forks). With --ordered each takes the
 * lower-numbered fork first, which breaks the cycle: everyone eats.
 */
export function* philosophers(ctx: ProcessContext): sys.Sys<number> {
  const o = parseDemoOptions(ctx.argv.slice(1), ['rounds', 'think', 'eat', 'seat', 'forks'], ['ordered']);
  if ('error' in o) return yield* usage(o.error);
  const n = wholeNumber(o.operands[0], 5, 'number of philosophers', 2, 16);
  const rounds = wholeNumber(o.values.rounds, 3, 'round count', 1);
  const think = wholeNumber(o.values.think, 2, 'think time');
  const eat = wholeNumber(o.values.eat, 3, 'eat time');
  for (const v of [n, rounds, think, eat]) if (typeof v !== 'number') return yield* usage(v.error);
  const table: Table = { n: n as number, rounds: rounds as number, think: think as number, eat: eat as number, ordered: 'ordered' in o.flags };
  if (o.values.seat !== undefined) return yield* philosopher(table, Number(o.values.seat), (o.values.forks ?? '').split(',').map(Number));
  return yield* host(ctx, table);
}

interface Table {
  n: number;
  rounds: number;
  think: number;
  eat: number;
  ordered: boolean;
}

function* usage(error: string): sys.Sys<number> {
  yield* sys.eprint(`philosophers: ${error}\nusage: philosophers [N] [--ordered] [--rounds R] [--think T] [--eat T]\n`);
  return 2;
}

/** Lays the table (one semaphore per fork), seats the philosophers, and watches for a deadlock. */
function* host(ctx: ProcessContext, t: Table): sys.Sys<number> {
  const forks: number[] = [];
  for (let i = 0; i < t.n; i++) {
    const id = yield* sys.semget(0, 1);
    if (id < 0) {
      yield* sys.eprint(`philosophers: semget: ${describeErrno(id)}\n`);
      yield* removeForks(forks);
      return 1;
    }
    forks.push(id);
  }
  // The host's reports are long lines: broken between words at the terminal's width.
  const width = yield* outputWidth(ctx);
  const say = (text: string) => sys.print(wrapText(text, width));
  // ^C reaches the whole table; the host clears it away before it goes.
  yield* sys.sigaction(SIGINT, function* () {
    yield* removeForks(forks);
    yield* say('philosophers: interrupted; the forks are cleared away\n');
    yield* sys.exit(130);
  });
  const rule = t.ordered ? 'the lower-numbered fork first' : 'the left fork first';
  yield* say(`philosophers: ${t.n} philosophers, ${t.n} forks (${forks.join(', ')}: each fork is the semaphore of that number); each takes ${rule}\n`);
  const seatOf: Record<number, number> = {};
  for (let i = 0; i < t.n; i++) {
    const argv = [...ctx.argv, '--seat', String(i), '--forks', forks.join(',')];
    const pid = yield* sys.spawn({ program: 'philosophers', argv });
    if (pid > 0) seatOf[pid] = i;
  }
  let left = Object.keys(seatOf).length;
  let reported = '';
  while (left > 0) {
    const r = yield* sys.wait(-1, { nohang: true });
    if (sys.isWaitResult(r)) {
      left--;
      continue;
    }
    const cycle = (yield* sys.ipcs()).deadlocks.find((c) => c.some((pid) => pid in seatOf));
    if (cycle && cycle.join() !== reported) {
      reported = cycle.join();
      const who = cycle.map((pid, i) => `philosopher ${seatOf[pid]} waits for philosopher ${seatOf[cycle[(i + 1) % cycle.length]]}`);
      yield* say(`philosophers: deadlock! ${who.join(', ')} (pids ${[...cycle, cycle[0]].join(' -> ')}). Press ^C to end.\n`);
    }
    yield* sys.sleep(4);
  }
  yield* removeForks(forks);
  yield* sys.print('philosophers: everyone has eaten\n');
  return 0;
}

function* removeForks(forks: number[]): sys.Sys<void> {
  for (const id of forks) yield* sys.ipcrm('sem', id);
}

/**
 * One philosopher: forks[i] is on the left, forks[i + 1] on the right. A fork is named by
 * its semaphore's id, the number ipcs and the IPC view show, so the output and the views
 * agree on which fork is which.
 */
function* philosopher(t: Table, seat: number, forks: number[]): sys.Sys<number> {
  if (!Number.isInteger(seat) || seat < 0 || seat >= forks.length || forks.some((f) => !Number.isInteger(f))) return yield* usage('bad seat');
  const leftFork = forks[seat];
  const rightFork = forks[(seat + 1) % forks.length];
  const [first, second] = t.ordered && rightFork < leftFork ? [rightFork, leftFork] : [leftFork, rightFork];
  const me = `philosopher ${seat}`;
  for (let round = 1; round <= t.rounds; round++) {
    yield* sys.print(`${me} thinks\n`);
    yield* sys.sleep(t.think);
    if ((yield* sys.semwait(first)) < 0) return 1;
    yield* sys.print(`${me} picks up fork ${first}, reaches for fork ${second}\n`);
    yield* sys.yieldCpu(); // a context switch between the two forks: the window for the deadlock
    if ((yield* sys.semwait(second)) < 0) return 1;
    yield* sys.print(`${me} picks up fork ${second} and eats (round ${round})\n`);
    yield* sys.cpu(t.eat);
    yield* sys.sempost(second);
    yield* sys.sempost(first);
  }
  yield* sys.print(`${me} is full\n`);
  return 0;
}
