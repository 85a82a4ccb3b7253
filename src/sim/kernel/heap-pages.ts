import { PTE_P, pteFlags } from '../vm/pte.ts';
import { pteGet, sbrk, spaceFor, spaceView } from '../vm/space.ts';
import { blockAbove } from '../memory/arena.ts';
import type { Block, HeapState } from '../memory/types.ts';
import { accessFor, type PagedOutcome, settlePaging } from './vm-syscalls.ts';
import type { Outcome } from './outcome.ts';
import type { Runtime } from './runtime.ts';
import type { KernelState, Proc } from './state.ts';

/**
 * The heap arena inside each process's address space.
 *
 * The allocator keeps one arena of blocks tagged with their owner, so its addresses (and
 * malloc.py's answers, and the heap view) are the same whoever calls. Every process maps
 * that arena's address range privately as its heap region: arena page k is the heap's
 * k-th page. A malloc moves the process's break (sbrk) up to the end of the block it hands
 * out; the pages between are valid but not in memory until something writes them. The
 * allocator writes block headers and free-list links, so those writes are made through the
 * MMU as the process's own stores: the first one to a page is a demand-zero fault, one to a
 * page that was swapped out is a swap-in (the process blocks for the disk and the call
 * returns when it wakes), and after fork the first write to a shared page breaks
 * copy-on-write, so a child's allocations never reach its parent's frames.
 */

/** The virtual address at which `pid`'s heap region holds arena byte `a`. */
export function arenaVa(s: KernelState, pid: number, a: number): number {
  const ps = s.vm.config.pageSize;
  const sp = spaceView(s.vm, pid) as NonNullable<ReturnType<typeof spaceView>>;
  const page = sp.regions.heap.start + Math.floor(a / ps) - Math.floor(s.heap.config.base / ps);
  return page * ps + (a % ps);
}

/** The block whose bytes include arena address `a` (a merge may have moved its header down). */
function blockHolding(heap: HeapState, a: number): Block | undefined {
  const at = heap.blocks[a];
  if (at && at.size > 0) return at;
  for (const key in heap.blocks) {
    const b = heap.blocks[key];
    if (b.size > 0 && b.addr <= a && a < b.addr + b.size) return b;
  }
  return undefined;
}

/**
 * The header addresses an allocator call wrote, given the blocks it handed out or gave
 * back: each one's header (or that of the free block it merged into), the free remainder
 * a split left just above it, and a free block's neighbours in its free list, whose links
 * now point at it.
 */
export function headersWritten(heap: HeapState, addrs: number[]): number[] {
  const out = new Set<number>();
  const addHeader = (b: Block | undefined) => {
    if (b && b.size > 0) out.add(b.addr);
  };
  const addFree = (b: Block | undefined) => {
    if (!b?.free) return;
    addHeader(b);
    if (b.prev !== null) addHeader(heap.blocks[b.prev]);
    if (b.next !== null) addHeader(heap.blocks[b.next]);
  };
  for (const a of addrs) {
    const b = blockHolding(heap, a);
    if (!b) continue;
    addHeader(b);
    addFree(b);
    addFree(blockAbove(heap, b));
  }
  return [...out].sort((x, y) => x - y);
}

/**
 * Makes `p`'s heap reach arena byte `last` (sbrk), then makes the allocator's header
 * writes at `written` as the process's stores. `result` is what the call returns; a
 * break that cannot grow (the stack, or no frames for a segment, in the way) runs `undo`
 * and returns -ENOMEM, as malloc does when sbrk fails.
 */
export function writeArena(s: KernelState, rt: Runtime, p: Proc, written: number[], last: number, result: number, undo: () => void, enomem: number): Outcome {
  const vm = s.vm;
  if (written.length === 0) return result;
  const sp = spaceFor(vm, p.pid); // the allocator's stores use memory: a lazy space is built now
  if (!sp) return result;
  const ps = vm.config.pageSize;
  const headerEnd = Math.max(...written) + Math.max(1, s.heap.config.headerSize) - 1;
  const need = Math.floor(arenaVa(s, p.pid, Math.max(last, headerEnd)) / ps) + 1;
  if (need > sp.regions.heap.end && sbrk(vm, p.pid, need - sp.regions.heap.end) < 0) {
    undo();
    return enomem;
  }
  const paged: PagedOutcome = { cost: 0, swapIn: false, fatal: 0, va: 0 };
  for (const a of written) {
    const va = arenaVa(s, p.pid, a);
    const one = accessFor(s, p, va, 'w');
    if (one.fatal < 0) return settlePaging(s, rt, p, one, result, '');
    paged.cost += one.cost;
    paged.swapIn ||= one.swapIn;
  }
  return settlePaging(s, rt, p, paged, result, 'the allocator writing a header');
}

/** Pages of `pid`'s heap region, and how many of them are in memory. */
export function heapResidency(s: KernelState, pid: number): { mapped: number; resident: number } {
  const sp = spaceView(s.vm, pid);
  if (!sp) return { mapped: 0, resident: 0 };
  const heap = sp.regions.heap;
  let resident = 0;
  if (sp.placement !== null) resident = heap.end - heap.start;
  else for (let v = heap.start; v < heap.end; v++) if (pteFlags(pteGet(s.vm, sp, v)) & PTE_P) resident++;
  return { mapped: heap.end - heap.start, resident };
}
