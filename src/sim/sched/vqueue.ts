import type { EnqueueReason, ReadyQueue } from './policy.ts';
import { rbIds, rbNext, rbRemove } from './rbtree.ts';
import { createKeyedReady, insertKeyed, type KeyedReady, type TieBreak } from './tiebreak.ts';

/**
 * A run queue ordered by virtual time, shared by CFS (vruntime) and stride scheduling
 * (pass). Each process's virtual time advances by the CPU it uses divided by its weight,
 * so the one that is furthest behind its fair share is always leftmost in the tree.
 * `minV` only ever moves forward; newcomers and sleepers are placed relative to it so
 * they neither starve the others nor get starved.
 */
export interface VEntity {
  /** Virtual time: vruntime for CFS, pass for stride. */
  v: number;
  weight: number;
}

export interface VQueue {
  ready: KeyedReady;
  ents: Record<number, VEntity>;
  /** Pids running now (one per busy CPU at most, so a short array). */
  running: number[];
  minV: number;
  /** Total weight and count of the ready and running processes. */
  load: number;
  nr: number;
}

export function createVQueue(tieBreak: TieBreak): VQueue {
  return { ready: createKeyedReady(tieBreak), ents: {}, running: [], minV: 0, load: 0, nr: 0 };
}

/** Puts `pid` in the ready tree at virtual time `v` with `weight`. */
export function vEnqueue(q: VQueue, pid: number, v: number, weight: number): void {
  const ent = q.ents[pid];
  // Without an entity it is in neither the tree nor `running`: nothing to leave.
  if (ent) {
    leave(q, pid, ent);
    ent.v = v;
    ent.weight = weight;
  } else q.ents[pid] = { v, weight };
  q.load += weight;
  q.nr++;
  insertKeyed(q.ready, pid, v);
}

/** Takes the leftmost process out of the tree and marks it running. */
export function vPop(q: VQueue): number | null {
  const pid = q.ready.tree.first;
  if (pid === null) return null;
  rbRemove(q.ready.tree, pid);
  q.running.push(pid);
  return pid;
}

/**
 * Who would run after the leftmost process, in words for a decision's reason (`alone` when
 * nobody would). Ask before vPop takes the leftmost out, and only when the words are read.
 */
export function vRival(q: VQueue, alone: string): string {
  const first = q.ready.tree.first;
  const next = first === null ? null : rbNext(q.ready.tree, first);
  return next === null ? alone : `next is pid ${next} at ${fmtV(q.ents[next].v)}`;
}

/** Whether a process joins as a newcomer, placed at the queue's minimum virtual time. */
export function joinsAfresh(ent: VEntity | undefined, why: EnqueueReason): boolean {
  return !ent || why === 'arrive' || why === 'migrate';
}

/** The process leaves the queue (blocks, exits, is stopped); its virtual time is kept. */
export function vLeave(q: VQueue, pid: number): void {
  const ent = q.ents[pid];
  if (ent) leave(q, pid, ent);
}

function leave(q: VQueue, pid: number, ent: VEntity): void {
  if (!rbRemove(q.ready.tree, pid)) {
    const running = q.running;
    const at = running.indexOf(pid);
    if (at < 0) return;
    // Close the gap by hand: splice would allocate an array of the removed items, and
    // this runs on every preemption.
    for (let i = at + 1; i < running.length; i++) running[i - 1] = running[i];
    running.pop();
  }
  q.load -= ent.weight;
  q.nr--;
}

/**
 * Forgets an exited process. Its entry becomes undefined rather than deleted, so the record
 * stays a fast array (see PidQueue); it vanishes in JSON.
 */
export function vForget(q: VQueue, pid: number): void {
  vLeave(q, pid);
  (q.ents as Record<number, VEntity | undefined>)[pid] = undefined;
}

/** Advances an entity's virtual time and, with it, the queue's minimum. */
export function vAdvance(q: VQueue, ent: VEntity, dv: number): void {
  ent.v += dv;
  updateMinV(q);
}

/** minV = max(minV, the smallest virtual time among the running and the leftmost). */
export function updateMinV(q: VQueue): void {
  let m = Number.POSITIVE_INFINITY;
  const running = q.running;
  for (let i = 0; i < running.length; i++) m = Math.min(m, q.ents[running[i]].v);
  const first = q.ready.tree.first;
  if (first !== null) m = Math.min(m, q.ents[first].v);
  if (m !== Number.POSITIVE_INFINITY && m > q.minV) q.minV = m;
}

/** The tree in order, each pid annotated. */
export function vQueues(q: VQueue, name: string, note: (e: VEntity) => string): ReadyQueue[] {
  const pids = rbIds(q.ready.tree);
  const notes: Record<number, string> = {};
  for (const pid of pids) notes[pid] = note(q.ents[pid]);
  return [{ name, pids, notes }];
}

export const fmtV = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(2));
