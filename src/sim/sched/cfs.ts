import { readOptions } from './options.ts';
import { decide, type SchedConfig, type SchedPolicy } from './policy.ts';
import { readTieBreak, tieWords } from './tiebreak.ts';
import { createVQueue, fmtV, joinsAfresh, updateMinV, type VQueue, vAdvance, vEnqueue, vForget, vLeave, vPop, vQueues, vRival } from './vqueue.ts';

/**
 * Linux's Completely Fair Scheduler, in ticks. Each process has a weight from its nice
 * value (Linux's table: each nice step is about 10% of CPU) and a vruntime that grows by
 * ticks × 1024 / weight as it runs. The process with the smallest vruntime (the leftmost
 * node of a red-black tree) runs next, for a slice of the scheduling period in proportion
 * to its weight: the period is `targetLatency`, or `minGranularity` per process when more
 * than targetLatency / minGranularity are runnable. A new process starts at the queue's
 * minimum vruntime; a sleeper wakes no further back than half the target latency behind
 * it; a waking process preempts the running one if it is more than `wakeupGranularity`
 * (in its own vruntime) behind.
 */
export interface CfsState {
  q: VQueue;
  latency: number;
  minGranularity: number;
  wakeupGranularity: number;
}

/** Linux's sched_prio_to_weight, nice -20 .. 19; nice 0 is 1024. */
export const NICE_TO_WEIGHT: readonly number[] = [
  88761, 71755, 56483, 46273, 36291, 29154, 23254, 18705, 14949, 11916, 9548, 7620, 6100, 4904, 3906, 3121, 2501, 1991,
  1586, 1277, 1024, 820, 655, 526, 423, 335, 272, 215, 172, 137, 110, 87, 70, 56, 45, 36, 29, 23, 18, 15,
];

export function weightOfNice(nice: number): number {
  const n = Math.max(-20, Math.min(19, Math.round(nice)));
  return NICE_TO_WEIGHT[n + 20];
}

function readCfsOptions(cfg: SchedConfig) {
  const r = readOptions(cfg);
  // Linux's defaults (6 ms latency, 0.75 ms granularity, 1 ms wakeup granularity) at 8 ticks a millisecond.
  const latency = r.int('targetLatency', 48, 1, 1_000_000);
  return {
    tieBreak: readTieBreak(r),
    latency,
    minGranularity: r.int('minGranularity', 6, 1, latency),
    wakeupGranularity: r.int('wakeupGranularity', 8, 0, 1_000_000),
    errors: r.errors,
  };
}

/** The scheduling period: the target latency, stretched when too many share it. */
export function cfsPeriod(s: CfsState): number {
  const nrLatency = Math.ceil(s.latency / s.minGranularity);
  return s.q.nr > nrLatency ? s.q.nr * s.minGranularity : s.latency;
}

/** A process's slice of the period, in whole ticks (at least one). */
export function cfsSlice(s: CfsState, weight: number): number {
  return Math.max(1, Math.round((cfsPeriod(s) * weight) / Math.max(1, s.q.load)));
}

export const cfs: SchedPolicy<CfsState> = {
  name: 'cfs',
  label: 'CFS (completely fair scheduler)',
  tieBreak: (s) => `equal vruntime: ${tieWords(s.q.ready.tieBreak)}`,
  check: (cfg) => readCfsOptions(cfg).errors,
  init: (cfg) => {
    const o = readCfsOptions(cfg);
    return {
      q: createVQueue(o.tieBreak),
      latency: o.latency,
      minGranularity: o.minGranularity,
      wakeupGranularity: o.wakeupGranularity,
    };
  },
  enqueue: (s, pid, why, ctx) => {
    const q = s.q;
    const weight = weightOfNice(ctx.info(pid).nice);
    const ent = q.ents[pid];
    let v: number;
    if (joinsAfresh(ent, why)) v = q.minV;
    else if (why === 'wake' || why === 'continue') v = Math.max(ent.v, q.minV - s.latency / 2);
    else v = ent.v;
    vEnqueue(q, pid, v, weight);
    updateMinV(q);
  },
  remove: (s, pid) => vLeave(s.q, pid),
  pick: (s, _cpu, ctx) => {
    const q = s.q;
    const rival = ctx.explain ? vRival(q, 'the only one runnable') : '';
    const pid = vPop(q);
    if (pid === null) return null;
    const e = q.ents[pid];
    const slice = cfsSlice(s, e.weight);
    if (!ctx.explain) return decide(ctx, pid, slice, '');
    return decide(ctx, pid, slice, `chose pid ${pid}: smallest vruntime ${fmtV(e.v)} (${rival}); slice ${slice} = period ${cfsPeriod(s)} × weight ${e.weight} / load ${q.load}`);
  },
  charge: (s, pid, ticks) => {
    const e = s.q.ents[pid];
    if (e) vAdvance(s.q, e, (ticks * 1024) / e.weight);
  },
  sliceEnd: (s, pid, ctx) => (ctx.explain ? `slice used up at vruntime ${fmtV(s.q.ents[pid]?.v ?? 0)}` : ''),
  onBlock: (s, pid) => vLeave(s.q, pid),
  onExit: (s, pid) => vForget(s.q, pid),
  shouldPreempt: (s, running) => {
    const q = s.q;
    const first = q.ready.tree.first;
    const cur = q.ents[running];
    if (first === null || !cur) return null;
    const lead = q.ents[first];
    const gran = (s.wakeupGranularity * 1024) / lead.weight;
    if (cur.v - lead.v <= gran) return null;
    return `pid ${first} at vruntime ${fmtV(lead.v)} is more than the wakeup granularity (${fmtV(gran)}) behind pid ${running} at ${fmtV(cur.v)}`;
  },
  readyCount: (s) => s.q.ready.tree.size,
  readyQueues: (s) => vQueues(s.q, 'red-black tree (by vruntime)', (e) => `vruntime ${fmtV(e.v)}, weight ${e.weight}`),
};
