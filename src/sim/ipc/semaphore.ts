import type { Semaphore } from './types.ts';

/**
 * A counting semaphore as pure operations. A wait that finds the value at 0 fails here and
 * the kernel puts the caller to sleep; holders are tracked for the deadlock detector.
 */

export function createSemaphore(id: number, key: number, value: number, creator: number, tick: number): Semaphore {
  return { id, key, value, initial: value, holders: {}, creator, created: tick };
}

/** P: takes one unit for `pid` if there is one; false means the caller must wait. */
export function semTryWait(sem: Semaphore, pid: number): boolean {
  if (sem.value <= 0) return false;
  sem.value--;
  sem.holders[pid] = (sem.holders[pid] ?? 0) + 1;
  return true;
}

/** V: returns one unit; a post by a holder releases one of its holds. */
export function semPost(sem: Semaphore, pid: number): void {
  sem.value++;
  const held = sem.holders[pid];
  if (held === undefined) return;
  if (held <= 1) delete sem.holders[pid];
  else sem.holders[pid] = held - 1;
}

/** Forgets what a process held (it ended); true if it held anything. */
export function dropHolder(sem: Semaphore, pid: number): boolean {
  if (!(pid in sem.holders)) return false;
  delete sem.holders[pid];
  return true;
}

/** The pids holding it, in pid order. */
export function holderPids(sem: Semaphore): number[] {
  return Object.keys(sem.holders).map(Number);
}
