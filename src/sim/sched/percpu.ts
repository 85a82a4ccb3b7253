import { readOptions } from './options.ts';
import { createPidQueue, type PidQueue, pushBack, queueNext, removePid } from './pidqueue.ts';
import { decide, type SchedConfig, type SchedContext, type SchedPolicy } from './policy.ts';

/**
 * Per-CPU run queues around any policy, as in OSTEP's multi.py with -p: each CPU has its
 * own instance of the policy. A new process goes to the CPU, among those its affinity
 * allows, with the fewest runnable processes (lowest id first) and stays there - warm
 * caches - when it blocks and wakes. With `migrate`, a CPU whose queue is empty steals a
 * waiting process from the CPU with the most waiting (work stealing); with
 * `balanceEvery` > 0, every that many ticks the busiest CPU hands one waiting process to
 * the least busy one while they differ by two or more. A process never moves to a CPU its
 * affinity excludes. A migrated process joins its new queue afresh ('migrate').
 */
export interface PerCpuState<S> {
  qs: S[];
  home: Record<number, number>;
  /** Per CPU, the pids homed there, in arrival order (whom to migrate is chosen from these). */
  members: PidQueue[];
  /** Per CPU, how many homed processes are ready or running. */
  runnable: number[];
  isRunnable: Record<number, true>;
  /** Pids waiting in a ready set (not running). */
  waiting: Record<number, true>;
  affinity: Record<number, number[]>;
  migrate: boolean;
  balanceEvery: number;
  nextBalance: number;
}

export const PER_CPU_SUFFIX = '+per-cpu';

function readPerCpuOptions(cfg: SchedConfig) {
  const r = readOptions(cfg);
  r.choice('runQueues', 'global', ['global', 'per-cpu'] as const);
  return { migrate: r.bool('migrate', true), balanceEvery: r.int('balanceEvery', 0, 0, 1_000_000_000), errors: r.errors };
}

function allowed<S>(s: PerCpuState<S>, pid: number, cpu: number): boolean {
  const a = s.affinity[pid];
  return !a || a.includes(cpu);
}

export function perCpu<S>(base: SchedPolicy<S>): SchedPolicy<PerCpuState<S>> {
  const setRunnable = (s: PerCpuState<S>, pid: number, on: boolean) => {
    if (on === !!s.isRunnable[pid]) return;
    if (on) s.isRunnable[pid] = true;
    else delete s.isRunnable[pid];
    s.runnable[s.home[pid]] += on ? 1 : -1;
  };

  /** Moves a waiting process from `from`'s queue to `to`'s. */
  const move = (s: PerCpuState<S>, pid: number, from: number, to: number, ctx: SchedContext) => {
    base.remove(s.qs[from], pid, ctx);
    base.onExit?.(s.qs[from], pid, ctx);
    setRunnable(s, pid, false);
    removePid(s.members[from], pid);
    s.home[pid] = to;
    pushBack(s.members[to], pid);
    setRunnable(s, pid, true);
    base.enqueue(s.qs[to], pid, 'migrate', ctx);
  };

  /** The first waiting process homed on `from` that may run on `to`. */
  const movable = (s: PerCpuState<S>, from: number, to: number): number | null => {
    const m = s.members[from];
    for (let pid = m.head; pid !== null; pid = queueNext(m, pid)) if (s.waiting[pid] && allowed(s, pid, to)) return pid;
    return null;
  };

  const busiest = (s: PerCpuState<S>, except: number): number | null => {
    let best: number | null = null;
    for (let c = 0; c < s.qs.length; c++) {
      if (c === except || base.readyCount(s.qs[c]) === 0) continue;
      if (best === null || base.readyCount(s.qs[c]) > base.readyCount(s.qs[best])) best = c;
    }
    return best;
  };

  const balance = (s: PerCpuState<S>, ctx: SchedContext): string | null => {
    const moved: string[] = [];
    for (let round = 0; round < s.qs.length; round++) {
      let hi = 0;
      let lo = 0;
      for (let c = 1; c < s.qs.length; c++) {
        if (s.runnable[c] > s.runnable[hi]) hi = c;
        if (s.runnable[c] < s.runnable[lo]) lo = c;
      }
      if (s.runnable[hi] - s.runnable[lo] < 2) break;
      const pid = movable(s, hi, lo);
      if (pid === null) break;
      move(s, pid, hi, lo, ctx);
      moved.push(`pid ${pid} cpu ${hi} -> cpu ${lo}`);
    }
    return moved.length ? `load balance: ${moved.join(', ')}` : null;
  };

  const self: SchedPolicy<PerCpuState<S>> = {
    name: base.name + PER_CPU_SUFFIX,
    label: `${base.label}, per-CPU run queues`,
    tieBreak: (s) =>
      `${base.tieBreak(s.qs[0])}; a new process goes to the allowed CPU with the fewest runnable processes, lowest id first`,
    check: (cfg) => [...base.check(cfg), ...readPerCpuOptions(cfg).errors],
    init: (cfg, cpus) => {
      const o = readPerCpuOptions(cfg);
      return {
        qs: Array.from({ length: cpus }, () => base.init(cfg, 1)),
        home: {},
        members: Array.from({ length: cpus }, createPidQueue),
        runnable: Array(cpus).fill(0),
        isRunnable: {},
        waiting: {},
        affinity: {},
        migrate: o.migrate,
        balanceEvery: o.balanceEvery,
        nextBalance: o.balanceEvery,
      };
    },
    enqueue: (s, pid, why, ctx) => {
      if (s.home[pid] === undefined) {
        const want = ctx.info(pid).affinity?.filter((c) => c >= 0 && c < s.qs.length);
        if (want && want.length > 0) s.affinity[pid] = want;
        let home = -1;
        for (let c = 0; c < s.qs.length; c++) {
          if (allowed(s, pid, c) && (home < 0 || s.runnable[c] < s.runnable[home])) home = c;
        }
        s.home[pid] = home;
        pushBack(s.members[home], pid);
      }
      setRunnable(s, pid, true);
      s.waiting[pid] = true;
      base.enqueue(s.qs[s.home[pid]], pid, why, ctx);
    },
    remove: (s, pid, ctx) => {
      if (s.home[pid] === undefined) return;
      base.remove(s.qs[s.home[pid]], pid, ctx);
      delete s.waiting[pid];
      setRunnable(s, pid, false);
    },
    pick: (s, cpu, ctx) => {
      let d = base.pick(s.qs[cpu], cpu, ctx);
      let stolen = '';
      if (!d && s.migrate) {
        const victim = busiest(s, cpu);
        const pid = victim === null ? null : movable(s, victim, cpu);
        if (victim !== null && pid !== null) {
          const waiting = base.readyCount(s.qs[victim]);
          move(s, pid, victim, cpu, ctx);
          ctx.note(`cpu ${cpu} stole pid ${pid} from cpu ${victim} (${waiting} waiting there)`);
          stolen = `stole pid ${pid} from cpu ${victim}; `;
          d = base.pick(s.qs[cpu], cpu, ctx);
        }
      }
      if (!d) return null;
      delete s.waiting[d.pid];
      return ctx.explain ? decide(ctx, d.pid, d.slice, `cpu ${cpu}'s queue: ${stolen}${d.reason}`) : d;
    },
    charge: (s, pid, ticks, ctx) => base.charge(s.qs[s.home[pid]], pid, ticks, ctx),
    sliceEnd: (s, pid, ctx) => base.sliceEnd(s.qs[s.home[pid]], pid, ctx),
    onBlock: (s, pid, ctx) => {
      delete s.waiting[pid];
      setRunnable(s, pid, false);
      base.onBlock?.(s.qs[s.home[pid]], pid, ctx);
    },
    onExit: (s, pid, ctx) => {
      const home = s.home[pid];
      if (home === undefined) return;
      delete s.waiting[pid];
      setRunnable(s, pid, false);
      base.onExit?.(s.qs[home], pid, ctx);
      removePid(s.members[home], pid);
      delete s.home[pid];
      delete s.affinity[pid];
    },
    shouldPreempt: base.shouldPreempt
      ? (s, running, cpu, ctx) => (s.home[running] === cpu ? base.shouldPreempt!(s.qs[cpu], running, cpu, ctx) : null)
      : undefined,
    nextEvent: (s, ctx) => {
      let next: number | null = s.balanceEvery > 0 ? s.nextBalance : null;
      if (base.nextEvent) {
        for (const q of s.qs) {
          const t = base.nextEvent(q, ctx);
          if (t !== null && (next === null || t < next)) next = t;
        }
      }
      return next;
    },
    onEvent: (s, ctx) => {
      const done: string[] = [];
      if (base.nextEvent && base.onEvent) {
        s.qs.forEach((q, cpu) => {
          const t = base.nextEvent!(q, ctx);
          const text = t !== null && t <= ctx.now ? base.onEvent!(q, ctx) : null;
          if (text) done.push(`cpu ${cpu}: ${text}`);
        });
      }
      if (s.balanceEvery > 0 && ctx.now >= s.nextBalance) {
        s.nextBalance = (Math.floor(ctx.now / s.balanceEvery) + 1) * s.balanceEvery;
        const text = balance(s, ctx);
        if (text) done.push(text);
      }
      return done.length ? done.join('; ') : null;
    },
    lend: base.lend
      ? (s, waiter, targets, ctx) => {
          const home = s.home[waiter];
          const local = targets.filter((pid) => s.home[pid] === home);
          return home === undefined || local.length === 0 ? null : base.lend!(s.qs[home], waiter, local, ctx);
        }
      : undefined,
    readyCount: (s) => s.qs.reduce((n, q) => n + base.readyCount(q), 0),
    readyQueues: (s) =>
      s.qs.flatMap((q, cpu) => base.readyQueues(q).map((rq) => ({ ...rq, name: `cpu ${cpu}: ${rq.name}` }))),
  };
  return self;
}
