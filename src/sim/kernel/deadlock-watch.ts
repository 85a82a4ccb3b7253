import { semChannel } from '../ipc/channels.ts';
import { findCycles, semWaitEdges, type WaitEdge } from '../ipc/deadlock.ts';
import { dropHolder } from '../ipc/semaphore.ts';
import { klog } from './klog.ts';
import type { KernelState } from './state.ts';

/**
 * Keeps KernelState.ipc.deadlocks equal to the cycles of the semaphore wait-for graph. It is
 * recomputed whenever an edge may appear or vanish (a wait blocks, a post wakes, a sleeper
 * is interrupted or dies, a semaphore is removed), and each cycle that forms is logged once.
 */

export function refreshDeadlocks(s: KernelState): void {
  if (s.ipc.deadlocks.length === 0 && !anySemSleeper(s)) return;
  const edges = semWaitEdges(s.ipc.sems, s.waiters);
  const cycles = findCycles(edges);
  const known = new Set(s.ipc.deadlocks.map((c) => c.join(' ')));
  for (const c of cycles) if (!known.has(c.join(' '))) klog(s, 'error', c[0], `deadlock: ${describeCycle(c, edges)}`);
  if (cycles.map((c) => c.join(' ')).join(',') !== s.ipc.deadlocks.map((c) => c.join(' ')).join(',')) s.ipc.deadlocks = cycles;
}

/** A process ended: it holds nothing any more. */
export function releaseSemaphores(s: KernelState, pid: number): void {
  let changed = false;
  for (const id in s.ipc.sems) if (dropHolder(s.ipc.sems[id], pid)) changed = true;
  if (changed || s.ipc.deadlocks.some((c) => c.includes(pid))) refreshDeadlocks(s);
}

/** "pid 3 waits for pid 4 (sem 2), pid 4 waits for pid 3 (sem 1)". */
export function describeCycle(cycle: number[], edges: readonly WaitEdge[]): string {
  return cycle
    .map((from, i) => {
      const to = cycle[(i + 1) % cycle.length];
      const e = edges.find((x) => x.from === from && x.to === to);
      return `pid ${from} waits for pid ${to}${e ? ` (sem ${e.sem})` : ''}`;
    })
    .join(', ');
}

function anySemSleeper(s: KernelState): boolean {
  for (const id in s.ipc.sems) if (s.waiters[semChannel(Number(id))]) return true;
  return false;
}
