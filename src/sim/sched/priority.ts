import { keyedCount, keyedQueues, removeKeyed } from './keyed.ts';
import { readOptions } from './options.ts';
import { decide, type SchedPolicy } from './policy.ts';
import { rbNext, rbRemove } from './rbtree.ts';
import { createKeyedReady, insertKeyed, type KeyedReady, readTieBreak, tieWords } from './tiebreak.ts';

/**
 * Static priority (a lower number runs first), preemptive or not, with optional aging.
 *
 * Aging: every `aging` ticks spent waiting raise a process one priority level, so a
 * low-priority process cannot starve: its effective priority is
 * `priority - floor(waited / aging)`. That equals `ceil((key - now) / aging)` with
 * `key = priority × aging + tick it joined`, a key that does not change while it waits, so
 * the ready set stays in a tree ordered by key and the best level is always at its front.
 * Processes at the same level are settled by the tie-break rule ('fifo': whoever has
 * waited longest). A running process keeps the level it was chosen at; it starts ageing
 * afresh when it next waits. With `preemptive`, a waiting process that reaches a better
 * level than the running one's preempts it at that tick, which nextEvent announces. With
 * `roundRobin`, a dispatch lasts one quantum and equals take turns.
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
  /** Per running pid, the level it was chosen at. */
  runLevel: Record<number, number>;
}

function keyFor(s: PriorityState, base: number, since: number): number {
  return s.aging > 0 ? base * s.aging + since : base;
}

/** The level a waiting process has reached at `now`. */
function levelOf(s: PriorityState, pid: number, now: number): number {
  const key = s.ready.tree.nodes[pid].key;
  return s.aging > 0 ? Math.ceil((key - now) / s.aging) : key;
}

/** The tick at which a process with `key` reaches a level better than `level`. */
function overtakesAt(s: PriorityState, key: number, level: number): number {
  return key - (level - 1) * s.aging;
}

/** Whether `a` goes before `b` at the same level under the tie-break rule. */
function prefers(s: PriorityState, a: number, b: number): boolean {
  if (s.ready.tieBreak === 'pid') return a < b;
  const sa = s.since[a];
  const sb = s.since[b];
  return sa < sb || (sa === sb && s.ready.tree.nodes[a].tie < s.ready.tree.nodes[b].tie);
}

/**
 * The waiting process to run: the best level is at the front of the tree; with aging,
 * the tree orders that level by key rather than by the tie rule, so the few processes at
 * that level are compared. Also returns a runner-up, to explain the choice.
 */
function best(s: PriorityState, now: number): { pid: number; level: number; rival: number | null } | null {
  const t = s.ready.tree;
  const first = t.first;
  if (first === null) return null;
  const level = levelOf(s, first, now);
  const next = rbNext(t, first);
  let pid = first;
  if (s.aging > 0) {
    for (let id = next; id !== null && levelOf(s, id, now) === level; id = rbNext(t, id)) if (prefers(s, id, pid)) pid = id;
  }
  return { pid, level, rival: pid !== first ? first : next };
}

function levelWords(s: PriorityState, pid: number, level: number): string {
  const base = s.base[pid] ?? 0;
  return level === base ? `priority ${base}` : `priority ${level} (aged from ${base})`;
}

export const priority: SchedPolicy<PriorityState> = {
  name: 'priority',
  label: 'Priority (lower number first)',
  tieBreak: (s) =>
    s.aging > 0 ? `equal priority: ${tieWords(s.ready.tieBreak)} (every ${s.aging} ticks of waiting raise a process one level)` : `equal priority: ${tieWords(s.ready.tieBreak)}`,
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
      runLevel: {},
    };
  },
  enqueue: (s, pid, _why, ctx) => {
    delete s.runLevel[pid];
    s.base[pid] = ctx.info(pid).priority;
    s.since[pid] = ctx.now;
    insertKeyed(s.ready, pid, keyFor(s, s.base[pid], ctx.now));
  },
  remove: (s, pid) => {
    removeKeyed(s, pid);
    delete s.runLevel[pid];
  },
  pick: (s, _cpu, ctx) => {
    const b = best(s, ctx.now);
    if (!b) return null;
    let why = '';
    if (ctx.explain) {
      const mine = levelWords(s, b.pid, b.level);
      if (b.rival === null) why = `highest ${mine}, the only one ready`;
      else {
        const other = levelOf(s, b.rival, ctx.now);
        why = other === b.level ? `${mine}, tied with pid ${b.rival}; ${priority.tieBreak(s)}` : `highest ${mine}; next is pid ${b.rival} at ${levelWords(s, b.rival, other)}`;
      }
    }
    rbRemove(s.ready.tree, b.pid);
    delete s.since[b.pid];
    s.runLevel[b.pid] = b.level;
    const until = s.slice === null ? 'until it blocks or exits' : `for a quantum of ${s.slice}`;
    return decide(ctx, b.pid, s.slice, ctx.explain ? `chose pid ${b.pid}: ${why}; runs ${until}` : '');
  },
  charge: () => {},
  sliceEnd: (s) => `quantum of ${s.slice} used up; equal priorities take turns`,
  onBlock: (s, pid) => {
    delete s.runLevel[pid];
  },
  onExit: (s, pid) => {
    removeKeyed(s, pid);
    delete s.runLevel[pid];
    delete s.base[pid];
    delete s.since[pid];
  },
  shouldPreempt: (s, running, _cpu, ctx) => {
    if (!s.preemptive) return null;
    const first = s.ready.tree.first;
    const mine = s.runLevel[running];
    if (first === null || mine === undefined) return null;
    const level = levelOf(s, first, ctx.now);
    if (level >= mine) return null;
    return `pid ${first} at ${levelWords(s, first, level)} outranks the running pid ${running} at priority ${mine}`;
  },
  nextEvent: (s) => {
    // Only aging changes levels while nobody arrives: the earliest tick at which the
    // front of the tree (the lowest key) overtakes the weakest running process.
    if (!s.preemptive || s.aging <= 0) return null;
    const first = s.ready.tree.first;
    if (first === null) return null;
    let weakest = Number.NEGATIVE_INFINITY;
    for (const key in s.runLevel) weakest = Math.max(weakest, s.runLevel[key]);
    if (weakest === Number.NEGATIVE_INFINITY) return null;
    return overtakesAt(s, s.ready.tree.nodes[first].key, weakest);
  },
  onEvent: () => null,
  readyCount: keyedCount,
  readyQueues: (s) =>
    keyedQueues(s, 'ready (by priority)', (_k, pid) => `priority ${s.base[pid]}, waiting since tick ${s.since[pid]}`),
};
