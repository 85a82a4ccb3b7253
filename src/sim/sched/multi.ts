import { readOptions } from './options.ts';
import { createPidQueue, type PidQueue, pushBack, queueNext, queuePids, removePid } from './pidqueue.ts';
import { decide, type SchedConfig, type SchedContext, type SchedPolicy } from './policy.ts';

/**
 * The multiprocessor scheduler of OSTEP's chapter 10 (cpu-sched-multi/multi.py): round
 * robin over first-in-first-out queues, either one central queue that every CPU takes
 * from (`queues: 'central'`, SQMS) or one queue per CPU (`'per-cpu'`, MQMS).
 *
 * - The quantum runs on the clock, not per dispatch: every `quantum` ticks each running
 *   process goes to the back of its queue, so one dispatched mid-quantum (after another
 *   finished) runs only to the next boundary.
 * - An idle CPU takes the first process in its queue that its affinity allows.
 * - Per-CPU queues: a new process goes to the allowed CPU with the fewest processes
 *   (lowest id first; for processes that arrive together this is multi.py's rounds, each
 *   CPU in turn taking the first process it may run), and stays there: its cache stays warm.
 * - Work stealing (`peekInterval` > 0): every that many ticks, each CPU whose queue is
 *   empty peeks at a victim drawn at random (`ctx.draw`) and moves the first process there
 *   it may take to the back of its own queue. Which processes it may take is `stealRule`:
 *   'affinity' (those whose affinity allows the thief), or 'multi.py', the simulator's own
 *   test, which takes a process with no affinity, or one whose run time or working set
 *   happens to equal the thief's CPU number, and never consults the affinity list itself.
 */
export interface MultiState {
  cpus: number;
  quantum: number;
  perCpu: boolean;
  peekInterval: number;
  stealRule: StealRule;
  /** When the next peek falls (Infinity: never). */
  nextPeek: number;
  /** One central queue, or one per CPU. */
  queues: PidQueue[];
  /** Per-CPU queues: the CPU each process belongs to. */
  home: Record<number, number | undefined>;
  /** Per-CPU queues: how many live processes belong to each CPU. */
  homed: number[];
  /** The CPUs each process may run on (absent: any). */
  affinity: Record<number, number[] | undefined>;
}

export type StealRule = 'affinity' | 'multi.py';

function readMultiOptions(cfg: SchedConfig) {
  const r = readOptions(cfg);
  const queues = r.choice('queues', 'central', ['central', 'per-cpu'] as const);
  const peekInterval = r.int('peekInterval', 0, 0, 1_000_000_000);
  const stealRule = r.choice<StealRule>('stealRule', 'affinity', ['affinity', 'multi.py']);
  return { perCpu: queues === 'per-cpu', peekInterval, stealRule, errors: r.errors };
}

function allowed(s: MultiState, pid: number, cpu: number): boolean {
  const a = s.affinity[pid];
  return a === undefined || a.includes(cpu);
}

function mayTake(s: MultiState, pid: number, cpu: number, ctx: SchedContext): boolean {
  if (s.stealRule === 'affinity') return allowed(s, pid, cpu);
  const info = ctx.info(pid);
  return s.affinity[pid] === undefined || info.expected === cpu || (info.workingSet ?? 0) === cpu;
}

function queueOf(s: MultiState, pid: number): PidQueue {
  return s.queues[s.perCpu ? s.home[pid]! : 0];
}

/** The first process in `q` that `ok` accepts, or null. */
function firstIn(q: PidQueue, ok: (pid: number) => boolean): number | null {
  for (let pid = q.head; pid !== null; pid = queueNext(q, pid)) if (ok(pid)) return pid;
  return null;
}

/** Each CPU with an empty queue peeks at a random victim and takes one process from it. */
function steal(s: MultiState, ctx: SchedContext): string | null {
  const moved: string[] = [];
  const n = s.queues.length;
  for (let cpu = 0; cpu < n; cpu++) {
    if (s.queues[cpu].size > 0) continue;
    const victim = ctx.draw(n);
    if (!(victim >= 0 && victim < n) || victim === cpu) continue;
    const pid = firstIn(s.queues[victim], (p) => mayTake(s, p, cpu, ctx));
    if (pid === null) continue;
    removePid(s.queues[victim], pid);
    pushBack(s.queues[cpu], pid);
    s.homed[victim]--;
    s.homed[cpu]++;
    s.home[pid] = cpu;
    moved.push(`cpu ${cpu} stole pid ${pid} from cpu ${victim}`);
  }
  return moved.length ? moved.join('; ') : null;
}

export const multi: SchedPolicy<MultiState> = {
  name: 'multi',
  label: 'Multiprocessor round robin with caches (OSTEP multi.py)',
  tieBreak: (s) =>
    s.perCpu
      ? 'each CPU runs its own queue in order; a new process joins the allowed CPU with the fewest, lowest id first'
      : 'one queue in order; an idle CPU takes the first process its affinity allows',
  check: (cfg) => readMultiOptions(cfg).errors,
  init: (cfg, cpus) => {
    const o = readMultiOptions(cfg);
    const n = o.perCpu ? Math.max(1, cpus) : 1;
    return {
      cpus,
      quantum: Math.max(1, cfg.quantum),
      perCpu: o.perCpu,
      peekInterval: o.peekInterval,
      stealRule: o.stealRule,
      nextPeek: o.perCpu && o.peekInterval > 0 ? o.peekInterval : Number.POSITIVE_INFINITY,
      queues: Array.from({ length: n }, createPidQueue),
      home: {},
      homed: Array(n).fill(0),
      affinity: {},
    };
  },
  enqueue: (s, pid, _why, ctx) => {
    if (s.affinity[pid] === undefined) {
      const want = ctx.info(pid).affinity?.filter((c) => c >= 0 && c < s.cpus);
      if (want && want.length > 0) s.affinity[pid] = want;
    }
    if (s.perCpu && s.home[pid] === undefined) {
      let home = -1;
      for (let c = 0; c < s.queues.length; c++) if (allowed(s, pid, c) && (home < 0 || s.homed[c] < s.homed[home])) home = c;
      s.home[pid] = Math.max(0, home);
      s.homed[s.home[pid]!]++;
    }
    pushBack(queueOf(s, pid), pid);
  },
  remove: (s, pid) => {
    if (!s.perCpu || s.home[pid] !== undefined) removePid(queueOf(s, pid), pid);
  },
  pick: (s, cpu, ctx) => {
    const q = s.queues[s.perCpu ? cpu : 0];
    if (!q) return null;
    const pid = firstIn(q, (p) => allowed(s, p, cpu));
    if (pid === null) return null;
    removePid(q, pid);
    // The slice ends at the next multiple of the quantum, wherever in it the dispatch falls.
    const slice = s.quantum - (ctx.now % s.quantum);
    if (!ctx.explain) return decide(ctx, pid, slice, '');
    const where = s.perCpu ? `cpu ${cpu}'s queue` : 'the central queue';
    return decide(ctx, pid, slice, `chose pid ${pid}: first in ${where} that may run on cpu ${cpu}; runs to tick ${ctx.now + slice}`);
  },
  charge: () => {},
  sliceEnd: (s, _pid, ctx) => (ctx.explain ? `quantum boundary at tick ${ctx.now} (every ${s.quantum})` : ''),
  onExit: (s, pid) => {
    const home = s.home[pid];
    if (home !== undefined) {
      s.homed[home]--;
      s.home[pid] = undefined;
    }
    s.affinity[pid] = undefined;
  },
  nextEvent: (s) => (s.nextPeek === Number.POSITIVE_INFINITY ? null : s.nextPeek),
  onEvent: (s, ctx) => {
    s.nextPeek = (Math.floor(ctx.now / s.peekInterval) + 1) * s.peekInterval;
    return steal(s, ctx);
  },
  readyCount: (s) => s.queues.reduce((n, q) => n + q.size, 0),
  readyQueues: (s) => s.queues.map((q, c) => ({ name: s.perCpu ? `cpu ${c}` : 'central queue', pids: queuePids(q) })),
};
