import type { ReadyQueue } from './policy.ts';
import { rbHas, rbIds, rbNext, rbRemove } from './rbtree.ts';
import type { KeyedReady } from './tiebreak.ts';
import { tieWords } from './tiebreak.ts';

/**
 * Helpers shared by the policies that keep their ready set in key order (FIFO by the tick
 * a process joined, SJF/STCF by remaining time, priority by aged priority).
 */
export interface KeyedState {
  ready: KeyedReady;
}

export function removeKeyed(s: KeyedState, pid: number): void {
  rbRemove(s.ready.tree, pid);
}

export function keyedCount(s: KeyedState): number {
  return s.ready.tree.size;
}

export function keyOf(s: KeyedState, pid: number): number | null {
  return rbHas(s.ready.tree, pid) ? s.ready.tree.nodes[pid].key : null;
}

/** The ready set in dispatch order, each pid annotated with its key in words. */
export function keyedQueues(s: KeyedState, name: string, note: (key: number, pid: number) => string): ReadyQueue[] {
  const pids = rbIds(s.ready.tree);
  const notes: Record<number, string> = {};
  for (const pid of pids) notes[pid] = note(s.ready.tree.nodes[pid].key, pid);
  return [{ name, pids, notes }];
}

/**
 * Takes the first pid out of the ready set and says why it won, naming the runner-up:
 * "shortest remaining 4 < 7 (pid 5)", or the tie and the rule that settled it.
 */
export function popKeyed(
  s: KeyedState,
  what: string,
  show: (key: number) => string,
  explain: boolean,
): { pid: number; key: number; why: string } | null {
  const t = s.ready.tree;
  const pid = t.first;
  if (pid === null) return null;
  const key = t.nodes[pid].key;
  const next = explain ? rbNext(t, pid) : null;
  let why = '';
  if (!explain) why = '';
  else if (next === null) why = `only ready process (${what} ${show(key)})`;
  else if (t.nodes[next].key === key) {
    why = `${what} ${show(key)}, tied with pid ${next}; ties go to ${tieWords(s.ready.tieBreak)}`;
  } else why = `${what} ${show(key)} < ${show(t.nodes[next].key)} (pid ${next})`;
  rbRemove(t, pid);
  return { pid, key, why };
}
