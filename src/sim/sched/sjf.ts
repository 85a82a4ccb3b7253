import { keyedCount, keyedQueues, popKeyed, removeKeyed } from './keyed.ts';
import { readOptions } from './options.ts';
import { decide, type SchedContext, type SchedPolicy } from './policy.ts';
import { createKeyedReady, insertKeyed, type KeyedReady, readTieBreak, tieWords } from './tiebreak.ts';

/**
 * Shortest job first and its preemptive form, shortest time-to-completion first (STCF,
 * also called SRTF). Both order the ready set by the CPU time a process still needs: its
 * expected total (spawn's `sched.expected`) minus what it has used. A process whose length
 * is unknown counts as longer than any known one. SJF lets the chosen process run until
 * it blocks or exits; STCF preempts it the moment a process that needs less arrives.
 */
export interface SjfState {
  ready: KeyedReady;
}

/** Stands for "length unknown": larger than any real remaining time, and JSON-safe. */
export const UNKNOWN_LENGTH = Number.MAX_SAFE_INTEGER;

export function remainingOf(ctx: SchedContext, pid: number): number {
  const info = ctx.info(pid);
  return info.expected === null ? UNKNOWN_LENGTH : Math.max(0, info.expected - info.cpuTicks);
}

const show = (k: number) => (k === UNKNOWN_LENGTH ? 'unknown' : String(k));

function shortestFirst(name: string, label: string, preemptive: boolean): SchedPolicy<SjfState> {
  return {
    name,
    label,
    tieBreak: (s) => `equal remaining time: ${tieWords(s.ready.tieBreak)}`,
    check: (cfg) => {
      const r = readOptions(cfg);
      readTieBreak(r);
      return r.errors;
    },
    init: (cfg) => ({ ready: createKeyedReady(readTieBreak(readOptions(cfg))) }),
    enqueue: (s, pid, _why, ctx) => insertKeyed(s.ready, pid, remainingOf(ctx, pid)),
    remove: (s, pid) => removeKeyed(s, pid),
    pick: (s, _cpu, ctx) => {
      const won = popKeyed(s, 'shortest remaining', show, ctx.explain);
      if (!won) return null;
      const until = preemptive ? 'runs until it blocks, exits or a shorter job arrives' : 'runs until it blocks or exits';
      return decide(ctx, won.pid, null, ctx.explain ? `chose pid ${won.pid}: ${won.why}; ${until}` : '');
    },
    charge: () => {},
    sliceEnd: () => 'time slice used up',
    shouldPreempt: preemptive
      ? (s, running, _cpu, ctx) => {
          const first = s.ready.tree.first;
          if (first === null) return null;
          const need = s.ready.tree.nodes[first].key;
          const left = remainingOf(ctx, running);
          return need < left ? `pid ${first} needs ${show(need)} < ${show(left)} left for pid ${running}` : null;
        }
      : undefined,
    readyCount: keyedCount,
    readyQueues: (s) => keyedQueues(s, 'ready (shortest first)', (k) => `${show(k)} left`),
  };
}

export const sjf = shortestFirst('sjf', 'SJF (shortest job first)', false);
export const stcf = shortestFirst('stcf', 'STCF (shortest time-to-completion first, preemptive)', true);
