import { readOptions } from './options.ts';
import { createPidQueue, type PidQueue, popFront, pushBack, queuePids, removePid } from './pidqueue.ts';
import { decide, type SchedPolicy } from './policy.ts';

/**
 * Round robin: one FIFO ready queue; each dispatch gets at most `quantum` ticks, then the
 * process goes to the back of the queue. New, woken and preempted processes all join at
 * the back, so the queue order is the order they became ready.
 */
export interface RrState {
  quantum: number;
  queue: PidQueue;
}

export const roundRobin: SchedPolicy<RrState> = {
  name: 'rr',
  label: 'Round robin',
  tieBreak: () => 'arrival order: new, woken and preempted processes join the back of the queue',
  check: (cfg) => {
    const r = readOptions(cfg);
    r.choice('tieBreak', 'fifo', ['fifo'] as const);
    return r.errors;
  },
  init: (cfg) => ({ quantum: Math.max(1, Math.floor(cfg.quantum)), queue: createPidQueue() }),
  enqueue: (s, pid) => pushBack(s.queue, pid),
  remove: (s, pid) => {
    removePid(s.queue, pid);
  },
  pick: (s, _cpu, ctx) => {
    const waiting = s.queue.size - 1;
    const pid = popFront(s.queue);
    if (pid === null) return null;
    if (!ctx.explain) return decide(ctx, pid, s.quantum, '');
    const why = waiting > 0 ? `front of the ready queue (${waiting} waiting behind)` : 'only ready process';
    return decide(ctx, pid, s.quantum, `chose pid ${pid}: ${why}; quantum ${s.quantum}`);
  },
  charge: () => {},
  sliceEnd: (s, _pid, ctx) => (ctx.explain ? `quantum of ${s.quantum} used up` : ''),
  readyCount: (s) => s.queue.size,
  readyQueues: (s) => [{ name: 'ready', pids: queuePids(s.queue) }],
};
