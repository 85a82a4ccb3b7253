import { readOptions } from './options.ts';
import { createPidQueue, type PidQueue, popFront, pushBack, pushFront, queueHas, queueNext, queuePids, removePid } from './pidqueue.ts';
import { decide, type ReadyQueue, type SchedConfig, type SchedContext, type SchedPolicy } from './policy.ts';

/**
 * Multi-level feedback queue, with OSTEP's rules (cpu-sched-mlfq). Priorities are numbered
 * as OSTEP numbers them: `levels - 1` is the top, 0 the bottom.
 *
 * - A new process starts at the top with that level's quantum and allotment.
 * - The front process of the highest non-empty queue runs. While it runs it keeps its
 *   place at the front of its queue, so a process that preempts it (a higher-priority
 *   arrival) finds it still first in line afterwards, with the rest of its quantum.
 * - When its quantum is used up it spends one unit of allotment (allotments count quanta);
 *   when the allotment is gone it drops a level (at the bottom it starts over there), and
 *   either way it goes to the back of its queue with a fresh quantum.
 * - A process that blocks keeps its level and what is left of its quantum (`stay` resets
 *   them instead, OSTEP's -S); with `iobump` (-I) it rejoins at the front of its queue.
 *   `ioBonus` raises a process that wakes by that many levels (0 in OSTEP).
 * - Every `boost` ticks (0 = never) every process goes back to the top with a fresh
 *   quantum and allotment, lower queues joining the back of the top queue in order.
 */
export interface MlfqJob {
  prio: number;
  ticksLeft: number;
  allotLeft: number;
  /** On a CPU now (it keeps its place in its queue meanwhile). */
  running: boolean;
  /** Its place in the state's `live`. */
  slot: number;
}

export interface MlfqState {
  levels: number;
  /** Quantum and allotment (in quanta) per priority, indexed by priority (0 = bottom). */
  quantum: number[];
  allotment: number[];
  boost: number;
  nextBoost: number;
  stay: boolean;
  iobump: boolean;
  ioBonus: number;
  /** One queue per priority. Running processes stay in theirs. */
  queues: PidQueue[];
  jobs: Record<number, MlfqJob>;
  /**
   * The pids in `jobs`, in no order: what a boost refreshes. Walking `jobs` itself would
   * cost a step for every pid it ever held (its keys are array slots), at every boost.
   */
  live: number[];
  /** How many processes are running (they are in the queues too). */
  busy: number;
  /** Running processes a boost has moved: the reason they must be re-decided. */
  resched: Record<number, string>;
}

interface MlfqOptions {
  levels: number;
  quantum: number[];
  allotment: number[];
  boost: number;
  stay: boolean;
  iobump: boolean;
  ioBonus: number;
  errors: string[];
}

function readMlfqOptions(cfg: SchedConfig): MlfqOptions {
  const r = readOptions(cfg);
  const levels = r.int('levels', 3, 1, 64);
  const q = Math.max(1, Math.floor(cfg.quantum));
  // Listed from the top priority down, as OSTEP's -Q and -A are.
  const quantum = r.intList('quanta', Array(levels).fill(q), levels, 1, 1_000_000).reverse();
  // An allotment of 0 is allowed only at the bottom (as in OSTEP): there a process is never
  // moved, and its allotment counts down below zero.
  const allotment = r.intList('allotments', Array(levels).fill(1), levels, 0, 1_000_000).reverse();
  if (allotment.slice(1).some((a) => a === 0)) r.errors.push('options.allotments: only the bottom level may have an allotment of 0');
  return {
    levels,
    quantum,
    allotment,
    boost: r.int('boost', 0, 0, 1_000_000_000),
    stay: r.bool('stay', false),
    iobump: r.bool('iobump', false),
    ioBonus: r.int('ioBonus', 0, 0, 64),
    errors: r.errors,
  };
}

function top(s: MlfqState): number {
  return s.levels - 1;
}

function levelName(s: MlfqState, prio: number): string {
  if (s.levels === 1) return 'priority 0';
  return prio === top(s) ? `priority ${prio} (top)` : prio === 0 ? 'priority 0 (bottom)' : `priority ${prio}`;
}

function freshAt(s: MlfqState, j: MlfqJob, prio: number): void {
  j.prio = prio;
  j.ticksLeft = s.quantum[prio];
  j.allotLeft = s.allotment[prio];
}

/** A quantum has been used up: spend allotment, maybe drop a level, refill the quantum. */
function quantumUsedUp(s: MlfqState, pid: number, j: MlfqJob, ctx: SchedContext, append: boolean): void {
  j.allotLeft--;
  if (j.allotLeft === 0) {
    const from = j.prio;
    freshAt(s, j, Math.max(0, from - 1));
    if (from > 0 && ctx.explain) {
      const n = s.allotment[from];
      ctx.note(`pid ${pid} demoted from priority ${from} to ${j.prio}: used its allotment of ${n} quantum${n === 1 ? '' : 'a'}`);
    }
  } else {
    j.ticksLeft = s.quantum[j.prio];
  }
  if (append) pushBack(s.queues[j.prio], pid);
}

function unrun(s: MlfqState, pid: number): void {
  const j = s.jobs[pid];
  if (j?.running) {
    j.running = false;
    s.busy--;
  }
}

/** Takes a process out of its queue (it was killed, stopped or exited). */
function dequeue(s: MlfqState, pid: number): void {
  unrun(s, pid);
  const j = s.jobs[pid];
  if (j) removePid(s.queues[j.prio], pid);
}

/** The first waiting (not running) process, scanning from the top down to `lowest`. */
function firstWaiting(s: MlfqState, lowest: number, stopAt: number | null): { pid: number; prio: number } | null {
  for (let prio = top(s); prio >= lowest; prio--) {
    const q = s.queues[prio];
    for (let pid = q.head; pid !== null; pid = queueNext(q, pid)) {
      if (pid === stopAt) return null;
      if (!s.jobs[pid].running) return { pid, prio };
    }
  }
  return null;
}

/** A process's MLFQ bookkeeping (priority, quantum and allotment left), for views and solvers. */
export function mlfqJob(s: MlfqState, pid: number): MlfqJob | undefined {
  return s.jobs[pid];
}

export const mlfq: SchedPolicy<MlfqState> = {
  name: 'mlfq',
  label: 'MLFQ (multi-level feedback queue)',
  tieBreak: () => 'within a queue, first come first served; a preempted process keeps its place at the front',
  check: (cfg) => readMlfqOptions(cfg).errors,
  init: (cfg) => {
    const o = readMlfqOptions(cfg);
    return {
      levels: o.levels,
      quantum: o.quantum,
      allotment: o.allotment,
      boost: o.boost,
      nextBoost: o.boost,
      stay: o.stay,
      iobump: o.iobump,
      ioBonus: o.ioBonus,
      queues: Array.from({ length: o.levels }, createPidQueue),
      jobs: {},
      live: [],
      busy: 0,
      resched: {},
    };
  },
  enqueue: (s, pid, why, ctx) => {
    let j = s.jobs[pid];
    if (!j || why === 'arrive' || why === 'migrate') {
      unrun(s, pid);
      const slot = j ? j.slot : s.live.push(pid) - 1;
      j = { prio: 0, ticksLeft: 0, allotLeft: 0, running: false, slot };
      freshAt(s, j, top(s));
      s.jobs[pid] = j;
      pushBack(s.queues[j.prio], pid);
      return;
    }
    if (why === 'preempt' || why === 'yield') {
      unrun(s, pid);
      const q = s.queues[j.prio];
      if (j.ticksLeft <= 0) {
        removePid(q, pid);
        quantumUsedUp(s, pid, j, ctx, true);
      } else if (why === 'yield' || !queueHas(q, pid)) {
        removePid(q, pid);
        pushBack(q, pid);
      }
      return;
    }
    // Woken (from I/O or any sleep) or continued: rejoin at its level.
    if (why === 'wake' && s.ioBonus > 0 && j.prio < top(s)) {
      const from = j.prio;
      freshAt(s, j, Math.min(top(s), from + s.ioBonus));
      if (ctx.explain) ctx.note(`pid ${pid} raised from priority ${from} to ${j.prio}: I/O bonus`);
    }
    if (why === 'wake' && s.iobump) pushFront(s.queues[j.prio], pid);
    else pushBack(s.queues[j.prio], pid);
  },
  remove: (s, pid) => dequeue(s, pid),
  pick: (s, _cpu, ctx) => {
    const w = firstWaiting(s, 0, null);
    if (!w) return null;
    const j = s.jobs[w.pid];
    j.running = true;
    s.busy++;
    if (!ctx.explain) return decide(ctx, w.pid, j.ticksLeft, '');
    const allot = s.allotment[w.prio];
    return decide(
      ctx,
      w.pid,
      j.ticksLeft,
      `chose pid ${w.pid}: first waiting in ${levelName(s, w.prio)}, the highest non-empty queue; ` +
        `${j.ticksLeft} of its ${s.quantum[w.prio]}-tick quantum left, ${j.allotLeft} of ${allot} quant${allot === 1 ? 'um' : 'a'} of allotment`,
    );
  },
  charge: (s, pid, ticks) => {
    const j = s.jobs[pid];
    if (j) j.ticksLeft -= ticks;
  },
  sliceEnd: (s, pid) => {
    const j = s.jobs[pid];
    return j ? `quantum of ${s.quantum[j.prio]} at ${levelName(s, j.prio)} used up` : 'quantum used up';
  },
  onBlock: (s, pid, ctx) => {
    unrun(s, pid);
    const j = s.jobs[pid];
    if (!j) return;
    removePid(s.queues[j.prio], pid);
    const expired = j.ticksLeft <= 0;
    if (s.stay) freshAt(s, j, j.prio);
    if (expired) quantumUsedUp(s, pid, j, ctx, false);
  },
  onExit: (s, pid) => {
    dequeue(s, pid);
    const j = s.jobs[pid];
    if (j) {
      // The last live pid takes its slot.
      const last = s.live.pop()!;
      if (last !== pid) {
        s.live[j.slot] = last;
        s.jobs[last].slot = j.slot;
      }
    }
    delete s.jobs[pid];
    delete s.resched[pid];
  },
  shouldPreempt: (s, running) => {
    const forced = s.resched[running];
    if (forced !== undefined) {
      delete s.resched[running];
      return forced;
    }
    const j = s.jobs[running];
    if (!j) return null;
    const w = firstWaiting(s, j.prio, running);
    if (!w) return null;
    return w.prio > j.prio
      ? `pid ${w.pid} is waiting at ${levelName(s, w.prio)}, above pid ${running}'s ${levelName(s, j.prio)}`
      : `pid ${w.pid} is ahead of pid ${running} in the queue for ${levelName(s, w.prio)}`;
  },
  nextEvent: (s) => (s.boost > 0 ? s.nextBoost : null),
  onEvent: (s, ctx) => {
    if (s.boost <= 0 || ctx.now < s.nextBoost) return null;
    s.nextBoost = (Math.floor(ctx.now / s.boost) + 1) * s.boost;
    const t = top(s);
    for (let prio = 0; prio < t; prio++) {
      for (let pid = popFront(s.queues[prio]); pid !== null; pid = popFront(s.queues[prio])) pushBack(s.queues[t], pid);
    }
    const live = s.live;
    for (let k = 0; k < live.length; k++) freshAt(s, s.jobs[live[k]], t);
    const why = `priority boost (every ${s.boost} ticks): all ${live.length} processes back at ${levelName(s, t)} with a fresh quantum`;
    for (let k = 0; k < live.length; k++) if (s.jobs[live[k]].running) s.resched[live[k]] = why;
    return why;
  },
  readyCount: (s) => {
    let n = 0;
    for (const q of s.queues) n += q.size;
    return n - s.busy;
  },
  readyQueues: (s) => {
    const out: ReadyQueue[] = [];
    for (let prio = top(s); prio >= 0; prio--) {
      const pids = queuePids(s.queues[prio]);
      const notes: Record<number, string> = {};
      for (const pid of pids) {
        const j = s.jobs[pid];
        notes[pid] = `${j.running ? 'running; ' : ''}${j.ticksLeft} ticks of quantum, ${j.allotLeft} allotment left`;
      }
      out.push({ name: levelName(s, prio), pids, notes });
    }
    return out;
  },
};
