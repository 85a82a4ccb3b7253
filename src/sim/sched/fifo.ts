import { keyedCount, keyedQueues, popKeyed, removeKeyed } from './keyed.ts';
import { readOptions } from './options.ts';
import { decide, type SchedPolicy } from './policy.ts';
import { createKeyedReady, insertKeyed, type KeyedReady, readTieBreak, tieWords } from './tiebreak.ts';

/**
 * First in, first out (first come, first served): processes run in the order they joined
 * the ready set, each until it blocks or exits. Non-preemptive, so it needs no time slice
 * and no events: the kernel hears from it only when a CPU falls idle.
 */
export interface FifoState {
  ready: KeyedReady;
}

export const fifo: SchedPolicy<FifoState> = {
  name: 'fifo',
  label: 'FIFO (first come, first served)',
  tieBreak: (s) => `processes run in the order they joined the ready set; same tick: ${tieWords(s.ready.tieBreak)}`,
  check: (cfg) => {
    const r = readOptions(cfg);
    readTieBreak(r);
    return r.errors;
  },
  init: (cfg) => ({ ready: createKeyedReady(readTieBreak(readOptions(cfg))) }),
  enqueue: (s, pid, _why, ctx) => insertKeyed(s.ready, pid, ctx.now),
  remove: (s, pid) => removeKeyed(s, pid),
  pick: (s, _cpu, ctx) => {
    const won = popKeyed(s, 'joined at tick', String, ctx.explain);
    if (!won) return null;
    const reason = ctx.explain ? `chose pid ${won.pid}: first in line, ${won.why}; runs until it blocks or exits` : '';
    return decide(ctx, won.pid, null, reason);
  },
  charge: () => {},
  sliceEnd: () => 'time slice used up',
  readyCount: keyedCount,
  readyQueues: (s) => keyedQueues(s, 'ready (first come, first served)', (k) => `since tick ${k}`),
};
