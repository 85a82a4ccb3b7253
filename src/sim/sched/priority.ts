import { keyedCount, keyedQueues, removeKeyed } from './keyed.ts';
import { readOptions } from './options.ts';
import type { SchedPolicy } from './policy.ts';
import { rbNext, rbRemove } from './rbtree.ts';
import { createKeyedReady, insertKeyed, type KeyedReady, readTieBreak, tieWords } from './tiebreak.ts';

/**
 * Static priority (a lower number runs first), preemptive or not, with optional aging.
 *
 * Aging: every `aging` ticks spent waiting raise a process by one priority level, so a
 * low-priority process cannot starve. Priority falls continuously with waiting time, so
 * the ready set's order never changes while it waits: the key is
 * `priority × aging + tick it joined`, and the smaller key runs first. (Shown as whole
 * levels; of two at the same level, the one that waited longer goes first.) A running
 * process keeps the priority it was chosen at; it starts ageing afresh when it next
 * waits. With `preemptive`, a waiting process that overtakes the running one preempts it
 * at the tick it does, which the policy announces through nextEvent. With `roundRobin`,
 * a dispatch lasts one quantum and equals take turns.
 */
export interface PriorityState {
  ready: KeyedReady;
  preemptive: boolean;
  /** Ticks of waiting per level gained; 0 = no aging. */
  aging: number;
  /** Quantum when equals take turns, or null to run until blocking. */
  slice: number | null;
  /** Base priority and the tick each process joined the ready set. */
  base: Record<number, number>;
  since: Record<number, number>;
  /**
   * Per running pid, its key less the tick it was chosen (with aging), or its key: so its
   * key were it waiting at tick t is `runBias + t` (aging) or `runBias`.
   */
  runBias: Record<number, number>;
}

function keyFor(s: PriorityState, base: number, since: number): number {
  return s.aging > 0 ? base * s.aging + since : base;
}

/** The whole priority level a process has reached after waiting since `since`. */
export function effectivePriority(s: PriorityState, pid: number, now: number): number {
  const base = s.base[pid] ?? 0;
  if (s.aging <= 0 || !(pid in s.since)) return base;
  return base - Math.floor((now - s.since[pid]) / s.aging);
}

/** What a running process's key would be at tick `t`, for comparing with the waiting. */
function runningKey(s: PriorityState, pid: number, t: number): number {
  return s.aging > 0 ? s.runBias[pid] + t : s.runBias[pid];
}

function levelWords(s: PriorityState, pid: number, now: number): string {
  const eff = effectivePriority(s, pid, now);
  const base = s.base[pid] ?? 0;
  return eff === base ? `priority ${base}` : `priority ${eff} (aged from ${base})`;
}

export const priority: SchedPolicy<PriorityState> = {
  name: 'priority',
  label: 'Priority (lower number first)',
  tieBreak: (s) =>
    s.aging > 0
      ? `equal priority: whoever has waited longer; then ${tieWords(s.ready.tieBreak)}`
      : `equal priority: ${tieWords(s.ready.tieBreak)}`,
  check: (cfg) => {
    const r = readOptions(cfg);
    readTieBreak(r);
    r.bool('preemptive', true);
    r.int('aging', 0, 0, 1_000_000);
    r.bool('roundRobin', false);
    return r.errors;
  },
  init: (cfg) => {
    const r = readOptions(cfg);
    return {
      ready: createKeyedReady(readTieBreak(r)),
      preemptive: r.bool('preemptive', true),
      aging: r.int('aging', 0, 0, 1_000_000),
      slice: r.bool('roundRobin', false) ? Math.max(1, Math.floor(cfg.quantum)) : null,
      base: {},
      since: {},
      runBias: {},
    };
  },
  enqueue: (s, pid, _why, ctx) => {
    delete s.runBias[pid];
    s.base[pid] = ctx.info(pid).priority;
    s.since[pid] = ctx.now;
    insertKeyed(s.ready, pid, keyFor(s, s.base[pid], ctx.now));
  },
  remove: (s, pid) => {
    removeKeyed(s, pid);
    delete s.runBias[pid];
  },
  pick: (s, _cpu, ctx) => {
    const t = s.ready.tree;
    const pid = t.first;
    if (pid === null) return null;
    const next = rbNext(t, pid);
    const mine = levelWords(s, pid, ctx.now);
    let why = `highest ${mine}, the only one ready`;
    if (next !== null) {
      const tied = effectivePriority(s, next, ctx.now) === effectivePriority(s, pid, ctx.now);
      why = tied
        ? `${mine}, tied with pid ${next}; ${priority.tieBreak(s)}`
        : `highest ${mine}; next is pid ${next} at ${levelWords(s, next, ctx.now)}`;
    }
    s.runBias[pid] = s.aging > 0 ? t.nodes[pid].key - ctx.now : t.nodes[pid].key;
    rbRemove(t, pid);
    delete s.since[pid];
    const until = s.slice === null ? 'until it blocks or exits' : `for a quantum of ${s.slice}`;
    return { pid, slice: s.slice, reason: `chose pid ${pid}: ${why}; runs ${until}` };
  },
  charge: () => {},
  sliceEnd: (s) => `quantum of ${s.slice} used up; equal priorities take turns`,
  onBlock: (s, pid) => {
    delete s.runBias[pid];
  },
  onExit: (s, pid) => {
    removeKeyed(s, pid);
    delete s.runBias[pid];
    delete s.base[pid];
    delete s.since[pid];
  },
  shouldPreempt: (s, running, _cpu, ctx) => {
    if (!s.preemptive) return null;
    const first = s.ready.tree.first;
    if (first === null || !(running in s.runBias)) return null;
    if (s.ready.tree.nodes[first].key >= runningKey(s, running, ctx.now)) return null;
    return `pid ${first} at ${levelWords(s, first, ctx.now)} now outranks the running pid ${running}`;
  },
  nextEvent: (s) => {
    // Only aging changes the order while nobody arrives: find when the best waiting
    // process's falling priority first beats the weakest running one's.
    if (!s.preemptive || s.aging <= 0) return null;
    const first = s.ready.tree.first;
    if (first === null) return null;
    let weakest = Number.NEGATIVE_INFINITY;
    for (const key in s.runBias) weakest = Math.max(weakest, s.runBias[key]);
    if (weakest === Number.NEGATIVE_INFINITY) return null;
    // The first tick t at which key(first) < weakest + t.
    return Math.floor(s.ready.tree.nodes[first].key - weakest) + 1;
  },
  onEvent: () => null,
  readyCount: keyedCount,
  readyQueues: (s) =>
    keyedQueues(s, 'ready (by priority)', (_k, pid) => `priority ${s.base[pid]}, waiting since tick ${s.since[pid]}`),
};
