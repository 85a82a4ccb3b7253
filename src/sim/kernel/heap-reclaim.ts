import { appendLog } from '../base/ringlog.ts';
import { payloadOf, reclaimOwner } from '../memory/heap.ts';
import { klog } from './klog.ts';
import type { KernelState, Proc } from './state.ts';

/**
 * What the kernel does with an ending process's heap: it frees every block still held and
 * logs each one as a leak. Process exit calls this and nothing else of the heap's syscalls.
 */

/** Frees what an ending process still holds and records each block as leaked. */
export function reclaimHeap(s: KernelState, p: Proc): void {
  const leaked = reclaimOwner(s.heap, p.pid);
  if (leaked.length === 0) return;
  let bytes = 0;
  for (const b of leaked) {
    bytes += b.request;
    appendLog(s.heapLeaks, { tick: s.tick, pid: p.pid, name: p.name, ptr: payloadOf(s.heap, b.addr), size: b.request, blockSize: b.size });
  }
  const blocks = leaked.length === 1 ? '1 heap block' : `${leaked.length} heap blocks`;
  klog(s, 'exit', p.pid, `pid ${p.pid} (${p.name}) leaked ${blocks} (${bytes} bytes); the kernel reclaimed them`);
}
