/**
 * A FIFO of pids kept as a doubly linked list in records keyed by pid (the way a kernel
 * links PCBs into a run queue). Push, pop and removing any pid are O(1), and each touches
 * a handful of keys, so immer patches stay small; an array would emit a patch for every
 * slot that a shift moves.
 *
 * A pid that leaves the queue has its entries set to undefined, not deleted: a JavaScript
 * engine keeps a record keyed by small dense integers as a fast array, but deleting keys
 * from it turns it into a hash table that is ten times slower per operation, and a run
 * queue changes on every dispatch. Undefined entries vanish when the state is written as
 * JSON; the records grow to the highest pid queued, a few bytes per process ever run.
 */
export interface PidQueue {
  head: number | null;
  tail: number | null;
  next: Record<number, number | null | undefined>;
  prev: Record<number, number | null | undefined>;
  size: number;
}

export function createPidQueue(): PidQueue {
  return { head: null, tail: null, next: {}, prev: {}, size: 0 };
}

export function queueHas(q: PidQueue, pid: number): boolean {
  return q.next[pid] !== undefined;
}

/** The pid after `pid` in the queue, or null at the tail. */
export function queueNext(q: PidQueue, pid: number): number | null {
  return q.next[pid] ?? null;
}

export function pushBack(q: PidQueue, pid: number): void {
  if (queueHas(q, pid)) return;
  q.next[pid] = null;
  q.prev[pid] = q.tail;
  if (q.tail === null) q.head = pid;
  else q.next[q.tail] = pid;
  q.tail = pid;
  q.size++;
}

export function pushFront(q: PidQueue, pid: number): void {
  if (queueHas(q, pid)) return;
  q.prev[pid] = null;
  q.next[pid] = q.head;
  if (q.head === null) q.tail = pid;
  else q.prev[q.head] = pid;
  q.head = pid;
  q.size++;
}

export function removePid(q: PidQueue, pid: number): boolean {
  if (!queueHas(q, pid)) return false;
  const n = q.next[pid] as number | null;
  const p = q.prev[pid] as number | null;
  if (p === null) q.head = n;
  else q.next[p] = n;
  if (n === null) q.tail = p;
  else q.prev[n] = p;
  q.next[pid] = undefined;
  q.prev[pid] = undefined;
  q.size--;
  return true;
}

export function popFront(q: PidQueue): number | null {
  const pid = q.head;
  if (pid !== null) removePid(q, pid);
  return pid;
}

/** The pids from head to tail. */
export function queuePids(q: PidQueue): number[] {
  const out: number[] = [];
  for (let p: number | null | undefined = q.head; p != null; p = q.next[p]) out.push(p);
  return out;
}
