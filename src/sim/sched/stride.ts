import { readOptions } from './options.ts';
import { decide, type SchedConfig, type SchedPolicy } from './policy.ts';
import { readTieBreak, tieWords } from './tiebreak.ts';
import { createVQueue, fmtV, joinsAfresh, updateMinV, type VQueue, vAdvance, vEnqueue, vForget, vLeave, vPop, vQueues, vRival } from './vqueue.ts';

/**
 * Stride scheduling: lottery's deterministic twin (OSTEP 9.6). A process's stride is a
 * large number divided by its tickets; its pass starts at the lowest pass in the queue and
 * grows by its stride for every quantum it runs (in proportion, for part of one). The
 * lowest pass runs next, for one quantum. A sleeper returns no lower than the queue's
 * lowest pass, so it cannot bank CPU while away.
 */
export interface StrideState {
  q: VQueue;
  quantum: number;
  /** The numerator of every stride (OSTEP's example uses 10,000). */
  big: number;
}

function readStrideOptions(cfg: SchedConfig) {
  const r = readOptions(cfg);
  return { tieBreak: readTieBreak(r), big: r.int('strideNumerator', 10_000, 1, 1_000_000_000), errors: r.errors };
}

export function strideOf(s: StrideState, tickets: number): number {
  return s.big / Math.max(1, tickets);
}

export const stride: SchedPolicy<StrideState> = {
  name: 'stride',
  label: 'Stride (deterministic proportional share)',
  tieBreak: (s) => `equal pass: ${tieWords(s.q.ready.tieBreak)}`,
  check: (cfg) => readStrideOptions(cfg).errors,
  init: (cfg) => {
    const o = readStrideOptions(cfg);
    return { q: createVQueue(o.tieBreak), quantum: Math.max(1, Math.floor(cfg.quantum)), big: o.big };
  },
  enqueue: (s, pid, why, ctx) => {
    const q = s.q;
    const tickets = Math.max(1, Math.floor(ctx.info(pid).tickets));
    const ent = q.ents[pid];
    const v = joinsAfresh(ent, why) ? q.minV : Math.max(ent!.v, q.minV);
    vEnqueue(q, pid, v, tickets);
    updateMinV(q);
  },
  remove: (s, pid) => vLeave(s.q, pid),
  pick: (s, _cpu, ctx) => {
    const rival = ctx.explain ? vRival(s.q, 'the only one ready') : '';
    const pid = vPop(s.q);
    if (pid === null) return null;
    const e = s.q.ents[pid];
    if (!ctx.explain) return decide(ctx, pid, s.quantum, '');
    return decide(ctx, pid, s.quantum, `chose pid ${pid}: lowest pass ${fmtV(e.v)} (${rival}); stride ${fmtV(strideOf(s, e.weight))} per quantum of ${s.quantum}`);
  },
  charge: (s, pid, ticks) => {
    const e = s.q.ents[pid];
    if (e) vAdvance(s.q, e, (ticks * strideOf(s, e.weight)) / s.quantum);
  },
  sliceEnd: (s, pid, ctx) => (ctx.explain ? `quantum of ${s.quantum} used up; pass now ${fmtV(s.q.ents[pid]?.v ?? 0)}` : ''),
  onBlock: (s, pid) => vLeave(s.q, pid),
  onExit: (s, pid) => vForget(s.q, pid),
  readyCount: (s) => s.q.ready.tree.size,
  readyQueues: (s) => vQueues(s.q, 'ready (by pass)', (e) => `pass ${fmtV(e.v)}, ${e.weight} tickets`),
};
