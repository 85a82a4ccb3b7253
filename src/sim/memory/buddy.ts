import { absorbAbove, newBlock, splitOff } from './arena.ts';
import { binInsert, emptyBin, unlink } from './bin.ts';
import type { Block, HeapState } from './types.ts';

/**
 * The binary buddy system. Every block is a power of two in size, at least minBlock, at
 * an offset from the base that is a multiple of its size. A request gets the smallest
 * such block that holds it (the rest of the block is internal fragmentation); a larger
 * free block is halved until it fits, the upper halves going to their free lists. A
 * block's buddy is the other half of its parent, at offset XOR size, so a freed block
 * finds its buddy in O(1) and merges with it when it is free and whole, level by level.
 * There is one free list per block size; `searched` counts the lists looked at.
 *
 * An arena that is not a power of two is cut into the largest aligned powers of two
 * (96 bytes = 64 + 32); those top blocks have no buddy and never merge with each other.
 */

/** The largest power of two that is at most n (n >= 1). */
function floorPow2(n: number): number {
  let p = 1;
  while (p * 2 <= n) p *= 2;
  return p;
}

/** The size of the block that holds r bytes: a power of two, at least minBlock. */
export function buddyBlockSize(heap: HeapState, r: number): number {
  let p = heap.config.minBlock;
  while (p < r) p *= 2;
  return p;
}

const topSize = (heap: HeapState): number => floorPow2(heap.config.size);

/** One empty list per block size, and the arena cut into its top blocks, all free. */
export function initBuddy(heap: HeapState): void {
  const { base, size, minBlock } = heap.config;
  for (let p = minBlock; p <= topSize(heap); p *= 2) heap.bins[p] = emptyBin();
  let below: number | null = null;
  for (let off = 0; off < size; ) {
    const piece = floorPow2(size - off);
    const b = newBlock(base + off, base + off, piece, below);
    heap.blocks[b.key] = b;
    fileBlock(heap, b);
    below = b.addr;
    off += piece;
  }
}

function fileBlock(heap: HeapState, b: Block): void {
  binInsert(heap.blocks, heap.bins[b.size], b, heap.config.order);
  heap.stats.freeBlocks++;
  heap.stats.freeBytes += b.size;
}

function unfileBlock(heap: HeapState, b: Block): void {
  unlink(heap.blocks, heap.bins[b.size], b);
  heap.stats.freeBlocks--;
  heap.stats.freeBytes -= b.size;
}

/** The free buddy of b, if b's buddy is free and whole (the same size). */
function freeBuddy(heap: HeapState, b: Block): Block | undefined {
  const base = heap.config.base;
  const buddy = heap.blocks[base + ((b.addr - base) ^ b.size)];
  return buddy?.free && buddy.size === b.size && buddy !== b ? buddy : undefined;
}

/** Takes a block for r bytes, splitting a larger one if need be. Returns its address or -1. */
export function buddyTake(heap: HeapState, r: number): { addr: number; searched: number } {
  const need = buddyBlockSize(heap, r);
  let searched = 0;
  for (let p = need; p <= topSize(heap); p *= 2) {
    searched++;
    const head = heap.bins[p].head;
    if (head === null) continue;
    const b = heap.blocks[head];
    unfileBlock(heap, b);
    while (b.size > need) fileBlock(heap, splitOff(heap, b, b.size / 2));
    b.free = false;
    return { addr: b.addr, searched };
  }
  return { addr: -1, searched };
}

/** Returns a freed block to its list, first merging it with its buddy while it can (immediate coalescing). */
export function buddyRelease(heap: HeapState, b: Block): void {
  if (heap.config.coalesce === 'immediate') b = mergeUp(heap, b);
  fileBlock(heap, b);
}

function mergeUp(heap: HeapState, b: Block): Block {
  for (let buddy = freeBuddy(heap, b); buddy; buddy = freeBuddy(heap, b)) {
    unfileBlock(heap, buddy);
    const [lo, hi] = buddy.addr < b.addr ? [buddy, b] : [b, buddy];
    lo.size = absorbAbove(heap, lo, hi);
    b = lo;
  }
  return b;
}

/** Merges every pair of free buddies, smallest sizes first (deferred coalescing). Returns the merges. */
export function buddyCoalesceAll(heap: HeapState): number {
  let merges = 0;
  for (let p = heap.config.minBlock; p < topSize(heap); p *= 2) {
    for (let k = heap.bins[p].head; k !== null; ) {
      const b = heap.blocks[k];
      const next = b.next;
      const buddy = freeBuddy(heap, b);
      if (buddy) {
        // Its buddy is in this same list; skip past it before unlinking both.
        const after = buddy.key === next ? buddy.next : next;
        unfileBlock(heap, b);
        unfileBlock(heap, buddy);
        const [lo, hi] = buddy.addr < b.addr ? [buddy, b] : [b, buddy];
        lo.size = absorbAbove(heap, lo, hi);
        fileBlock(heap, lo);
        merges++;
        k = after;
      } else k = next;
    }
  }
  return merges;
}

/**
 * Resizes an allocated block in place when the buddy system allows: a shrink gives back
 * upper halves; a growth needs b to be the lower half at every level up to the new size,
 * with each of those buddies free and whole.
 */
export function buddyResizeInPlace(heap: HeapState, b: Block, r: number): boolean {
  const need = buddyBlockSize(heap, r);
  if (need <= b.size) {
    while (b.size > need) fileBlock(heap, splitOff(heap, b, b.size / 2));
    return true;
  }
  const offset = b.addr - heap.config.base;
  for (let p = b.size; p < need; p *= 2) {
    const buddy = heap.blocks[b.addr + p];
    if (offset % (2 * p) !== 0 || !buddy?.free || buddy.size !== p) return false;
  }
  while (b.size < need) {
    const buddy = heap.blocks[b.addr + b.size];
    unfileBlock(heap, buddy);
    b.size = absorbAbove(heap, b, buddy);
  }
  return true;
}

/** The largest free block: the head of the largest non-empty list. */
export function buddyLargest(heap: HeapState): number {
  for (let p = topSize(heap); p >= heap.config.minBlock; p /= 2) if (heap.bins[p].count > 0) return p;
  return 0;
}
