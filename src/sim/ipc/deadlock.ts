import { semChannel, sleepersOn } from './channels.ts';
import { holderPids } from './semaphore.ts';
import type { Semaphore } from './types.ts';

/**
 * Deadlock detection on the semaphore wait-for graph. A process asleep on a semaphore waits
 * for every other process that holds it (see Semaphore.holders); a cycle of such waits can
 * never end by itself. These are pure functions of the semaphores and their sleepers.
 */

/** "pid `from` waits for pid `to`, which holds semaphore `sem`". */
export interface WaitEdge {
  from: number;
  to: number;
  sem: number;
}

/** The wait-for graph's edges, in (semaphore, waiter, holder) order; `waiters` is the kernel's wait channels. */
export function semWaitEdges(sems: Record<number, Semaphore>, waiters: Record<string, Record<number, true>>): WaitEdge[] {
  const edges: WaitEdge[] = [];
  for (const key in sems) {
    const sem = sems[key];
    const holders = holderPids(sem);
    if (holders.length === 0) continue;
    for (const from of sleepersOn(waiters, semChannel(sem.id))) {
      for (const to of holders) if (to !== from) edges.push({ from, to, sem: sem.id });
    }
  }
  return edges;
}

/**
 * One cycle per strongly connected component of more than one process, each as a pid list
 * that starts at the component's smallest pid and follows a shortest way around back to it;
 * the cycles are sorted by that first pid. Empty when nothing is deadlocked.
 */
export function findCycles(edges: readonly WaitEdge[]): number[][] {
  const adj = adjacency(edges);
  const cycles: number[][] = [];
  for (const comp of components(adj)) {
    if (comp.length < 2) continue;
    const inside = new Set(comp);
    cycles.push(shortestCycleThrough(adj, Math.min(...comp), inside));
  }
  return cycles.sort((a, b) => a[0] - b[0]);
}

function adjacency(edges: readonly WaitEdge[]): Map<number, number[]> {
  const adj = new Map<number, number[]>();
  for (const e of edges) {
    if (!adj.has(e.to)) adj.set(e.to, []);
    const out = adj.get(e.from);
    if (!out) adj.set(e.from, [e.to]);
    else if (!out.includes(e.to)) out.push(e.to);
  }
  for (const out of adj.values()) out.sort((a, b) => a - b);
  return adj;
}

/** Tarjan's strongly connected components, without recursion (a chain of waits may be long). */
function components(adj: Map<number, number[]>): number[][] {
  const index = new Map<number, number>();
  const low = new Map<number, number>();
  const onStack = new Set<number>();
  const stack: number[] = [];
  const out: number[][] = [];
  let next = 0;
  const roots = [...adj.keys()].sort((a, b) => a - b);
  for (const root of roots) {
    if (index.has(root)) continue;
    const work: Array<{ v: number; i: number }> = [{ v: root, i: 0 }];
    index.set(root, next);
    low.set(root, next++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const top = work[work.length - 1];
      const succ = adj.get(top.v) ?? [];
      if (top.i < succ.length) {
        const w = succ[top.i++];
        if (!index.has(w)) {
          index.set(w, next);
          low.set(w, next++);
          stack.push(w);
          onStack.add(w);
          work.push({ v: w, i: 0 });
        } else if (onStack.has(w)) {
          low.set(top.v, Math.min(low.get(top.v)!, index.get(w)!));
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].v;
        low.set(parent, Math.min(low.get(parent)!, low.get(top.v)!));
      }
      if (low.get(top.v) === index.get(top.v)) {
        const comp: number[] = [];
        let w: number;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          comp.push(w);
        } while (w !== top.v);
        out.push(comp);
      }
    }
  }
  return out;
}

/** Breadth-first from `start` within its component, back to `start`. */
function shortestCycleThrough(adj: Map<number, number[]>, start: number, inside: Set<number>): number[] {
  const prev = new Map<number, number>();
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const v = queue[head];
    for (const w of adj.get(v) ?? []) {
      if (!inside.has(w)) continue;
      if (w === start) {
        const path = [v];
        for (let u = v; u !== start; ) {
          u = prev.get(u)!;
          path.push(u);
        }
        return path.reverse();
      }
      if (!prev.has(w)) {
        prev.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start]; // unreachable for a component of two or more
}
