import { EINVAL, ENOMEM } from '../abi/errno.ts';
import type { HeapInfo, HeapSyscall } from '../abi/heap.ts';
import { logItems } from '../base/ringlog.ts';
import { DEFAULT_HEAP_CONFIG } from '../memory/config.ts';
import { createHeap, free, malloc, ownerOf, payloadOf, realloc, } from '../memory/heap.ts';
import { heapMetrics } from '../memory/metrics.ts';
import type { HeapConfig, HeapState } from '../memory/types.ts';
import { headersWritten, heapResidency, writeArena } from './heap-pages.ts';
import type { Outcome } from './outcome.ts';
import type { Runtime } from './runtime.ts';
import type { KernelState, Proc } from './state.ts';
import { isSafeInt } from './syscall-args.ts';

/**
 * The kernel's heap: one arena shared by all processes, in which every block is tagged
 * with the pid that allocated it. Each process maps the arena's range privately as its
 * heap region, and the pages the allocator writes for it become resident there
 * (heap-pages.ts). Programs reach it through malloc, free and realloc
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

type Handler<C> = (s: KernelState, rt: Runtime, p: Proc, call: C) => Outcome | HeapInfo;
type HeapHandlers = { [K in HeapSyscall['op']]: Handler<Extract<HeapSyscall, { op: K }>> };


/** The block behind a pointer the process owns, or null (NULL, someone else's, or no block). */
function ownBlock(s: KernelState, p: Proc, ptr: number): number | null {
  const addr = ptr - s.heap.config.headerSize;
  return ownerOf(s.heap, addr) === p.pid ? addr : null;
}


/**
 * After a successful call, the allocator's writes reach the caller's pages (heap-pages.ts):
 * its break covers the block, and the headers written fault in. A break that cannot grow
 * takes the call back and fails it with ENOMEM.
 */
function paged(s: KernelState, rt: Runtime, p: Proc, addr: number, touched: number[], undo: () => void): Outcome {
  const b = s.heap.blocks[addr];
  const last = b && b.size > 0 ? addr + b.size - 1 : addr;
  return writeArena(s, rt, p, headersWritten(s.heap, touched), last, payloadOf(s.heap, addr), undo, -ENOMEM);
}

export const HEAP_SYSCALLS: HeapHandlers = {
  malloc: (s, rt, p, c) => {
    if (!isSafeInt(c.size) || c.size < 0) return -EINVAL;
    const addr = malloc(s.heap, c.size, p.pid);
    if (addr < 0) return addr;
    return paged(s, rt, p, addr, [addr], () => free(s.heap, addr));
  },
  free: (s, rt, p, c) => {
    if (!isSafeInt(c.ptr)) return -EINVAL;
    if (c.ptr === 0) return 0; // free(NULL) does nothing
    const addr = ownBlock(s, p, c.ptr);
    if (addr === null) return -EINVAL;
    const r = free(s.heap, addr);
    if (r < 0) return r;
    // Freeing never grows the break: the block was inside it.
    return writeArena(s, rt, p, headersWritten(s.heap, [addr]), addr, 0, () => {}, 0);
  },
  realloc: (s, rt, p, c) => {
    if (!isSafeInt(c.ptr) || !isSafeInt(c.size) || c.size < 0) return -EINVAL;
    if (c.ptr === 0) {
      // realloc(NULL, n) is malloc(n)
      const addr = malloc(s.heap, c.size, p.pid);
      return addr < 0 ? addr : paged(s, rt, p, addr, [addr], () => free(s.heap, addr));
    }
    const old = ownBlock(s, p, c.ptr);
    if (old === null) return -EINVAL;
    const before = s.heap.blocks[old].request;
    const addr = realloc(s.heap, old, c.size);
    if (addr < 0) return addr;
    // Taken back, the block has its old size again: in place, or (moved) allocated afresh.
    const undo = () => {
      if (addr === old) realloc(s.heap, addr, before);
      else {
        free(s.heap, addr);
        malloc(s.heap, before, p.pid);
      }
    };
    return paged(s, rt, p, addr, addr === old ? [addr] : [addr, old], undo);
  },
  heapinfo: (s, _rt, p) => {
    const { design, policy, order, coalesce, base, headerSize, align } = s.heap.config;
    const mine = heapResidency(s, p.pid);
    return { ...heapMetrics(s.heap), design, policy, order, coalesce, base, headerSize, align, ...heapPages(s), heapPagesMapped: mine.mapped, heapPagesResident: mine.resident };
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

/** The recorded leaks, oldest first (a selector for the heap view). */
export function heapLeaks(s: KernelState): LeakRecord[] {
  return logItems(s.heapLeaks);
}
