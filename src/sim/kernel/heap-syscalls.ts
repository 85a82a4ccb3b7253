import { EINVAL } from '../abi/errno.ts';
import type { HeapInfo, HeapSyscall } from '../abi/heap.ts';
import { appendLog, logItems } from '../base/ringlog.ts';
import { DEFAULT_HEAP_CONFIG } from '../memory/config.ts';
import { createHeap, free, malloc, ownerOf, payloadOf, realloc, reclaimOwner } from '../memory/heap.ts';
import { heapMetrics } from '../memory/metrics.ts';
import type { HeapConfig, HeapState } from '../memory/types.ts';
import { klog } from './klog.ts';
import type { Runtime } from './runtime.ts';
import type { KernelState, Proc } from './state.ts';
import { isSafeInt } from './syscall-args.ts';

/**
 * The kernel's heap: one arena shared by all processes, in which every block is tagged
 * with the pid that allocated it. Programs reach it through malloc, free and realloc
 * syscalls that deal in payload pointers (the block address plus the header), as C's do.
 * A process may only free or resize its own blocks. When a process ends, whatever it
 * still holds is reclaimed and recorded as leaked, so a view can show the leak.
 */

/** A block a process still held when it ended. */
export interface LeakRecord {
  tick: number;
  pid: number;
  /** The program it was running. */
  name: string;
  /** The pointer the process had (payload address). */
  ptr: number;
  /** Bytes it had asked for, and the block's whole size. */
  size: number;
  blockSize: number;
}

/** How many leak records the kernel keeps. */
export const LEAK_LOG_CAP = 256;

/**
 * The kernel heap from the configuration; a bad configuration boots the default heap
 * instead, and says why.
 */
export function createKernelHeap(config: Partial<HeapConfig> | undefined): { heap: HeapState; problem: string | null } {
  const heap = createHeap(config);
  if (!('error' in heap)) return { heap, problem: null };
  return {
    heap: createHeap(DEFAULT_HEAP_CONFIG) as HeapState,
    problem: `the heap configuration is invalid (${heap.error}); booted with the default heap`,
  };
}

type Handler<C> = (s: KernelState, rt: Runtime, p: Proc, call: C) => number | HeapInfo;
type HeapHandlers = { [K in HeapSyscall['op']]: Handler<Extract<HeapSyscall, { op: K }>> };


/** The block behind a pointer the process owns, or null (NULL, someone else's, or no block). */
function ownBlock(s: KernelState, p: Proc, ptr: number): number | null {
  const addr = ptr - s.heap.config.headerSize;
  return ownerOf(s.heap, addr) === p.pid ? addr : null;
}

const pointerOrErrno = (s: KernelState, addr: number): number => (addr < 0 ? addr : payloadOf(s.heap, addr));

export const HEAP_SYSCALLS: HeapHandlers = {
  malloc: (s, _rt, p, c) => (isSafeInt(c.size) && c.size >= 0 ? pointerOrErrno(s, malloc(s.heap, c.size, p.pid)) : -EINVAL),
  free: (s, _rt, p, c) => {
    if (!isSafeInt(c.ptr)) return -EINVAL;
    if (c.ptr === 0) return 0; // free(NULL) does nothing
    const addr = ownBlock(s, p, c.ptr);
    return addr === null ? -EINVAL : free(s.heap, addr);
  },
  realloc: (s, _rt, p, c) => {
    if (!isSafeInt(c.ptr) || !isSafeInt(c.size) || c.size < 0) return -EINVAL;
    if (c.ptr === 0) return pointerOrErrno(s, malloc(s.heap, c.size, p.pid)); // realloc(NULL, n) is malloc(n)
    const addr = ownBlock(s, p, c.ptr);
    return addr === null ? -EINVAL : pointerOrErrno(s, realloc(s.heap, addr, c.size));
  },
  heapinfo: (s) => {
    const { design, policy, order, coalesce, base, headerSize, align } = s.heap.config;
    return { ...heapMetrics(s.heap), design, policy, order, coalesce, base, headerSize, align, ...heapPages(s) };
  },
};

/** The arena measured in the machine's pages: those it spans, and those an allocated block touches. */
function heapPages(s: KernelState): { pageSize: number; pages: number; pagesInUse: number } {
  const ps = s.vm.config.pageSize;
  const { base, size } = s.heap.config;
  const first = Math.floor(base / ps);
  const used = new Set<number>();
  for (const key in s.heap.blocks) {
    const b = s.heap.blocks[key];
    if (b.free || b.size <= 0) continue;
    for (let p = Math.floor(b.addr / ps); p <= Math.floor((b.addr + b.size - 1) / ps); p++) used.add(p);
  }
  return { pageSize: ps, pages: Math.ceil((base + size) / ps) - first, pagesInUse: used.size };
}

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

/** The recorded leaks, oldest first (a selector for the heap view). */
export function heapLeaks(s: KernelState): LeakRecord[] {
  return logItems(s.heapLeaks);
}
