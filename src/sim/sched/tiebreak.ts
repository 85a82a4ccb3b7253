import type { OptionReader } from './options.ts';
import { createRbTree, type RbTree, rbInsert } from './rbtree.ts';

/**
 * Tie-breaks are a setting, not an accident of a data structure. 'fifo' (the default, and
 * OSTEP's rule: its stable sort keeps job order) prefers whoever joined the ready set
 * first; 'pid' prefers the lower pid.
 */
export type TieBreak = 'fifo' | 'pid';

export const TIE_BREAKS: readonly TieBreak[] = ['fifo', 'pid'];

export function readTieBreak(r: OptionReader): TieBreak {
  return r.choice('tieBreak', 'fifo', TIE_BREAKS);
}

/** The rule in words, to follow "ties go to ...". */
export function tieWords(t: TieBreak): string {
  return t === 'pid' ? 'the lower pid' : 'whoever joined the ready set first';
}

/** A ready set ordered by a policy's key, with ties broken by the rule in force. */
export interface KeyedReady {
  tree: RbTree;
  /** Counts insertions, for the 'fifo' rule. */
  seq: number;
  tieBreak: TieBreak;
}

export function createKeyedReady(tieBreak: TieBreak): KeyedReady {
  return { tree: createRbTree(), seq: 0, tieBreak };
}

/** Adds (or re-keys) `pid`; a re-insert counts as joining anew under 'fifo'. */
export function insertKeyed(k: KeyedReady, pid: number, key: number): void {
  rbInsert(k.tree, pid, key, k.tieBreak === 'pid' ? pid : k.seq++);
}
