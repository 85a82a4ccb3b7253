import type { FreeStructure } from './arena.ts';
import { binBlocks, binInsert, emptyBin, moveKey, unlink } from './bin.ts';
import type { Bin, HeapState } from './types.ts';

/**
 * Segregated fits: one free list per size class. A class holds the free blocks whose
 * size is at most its bound and above the previous bound; the last class holds the rest.
 * An allocation scans its own class first fit (blocks there may be too small), then
 * takes the head of the next non-empty larger class, where every block fits. Split
 * remainders and freed blocks are filed by their new size, so most searches look at one
 * or two blocks. `searched` counts the blocks looked at.
 */

/** The class index for a block of `size` bytes. */
export function classOf(heap: HeapState, size: number): number {
  const classes = heap.config.classes;
  let lo = 0;
  let hi = classes.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (size <= classes[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

const binFor = (heap: HeapState, size: number): Bin => heap.bins[classOf(heap, size)];

export const SEGREGATED_DESIGN: FreeStructure = {
  add(heap, b) {
    binInsert(heap.blocks, binFor(heap, b.size), b, heap.config.order);
    heap.stats.freeBlocks++;
    heap.stats.freeBytes += b.size;
  },
  remove(heap, b) {
    unlink(heap.blocks, binFor(heap, b.size), b);
    heap.stats.freeBlocks--;
    heap.stats.freeBytes -= b.size;
  },
  reshape(heap, b, addr, size) {
    // A new size may belong to another class: refile the block.
    SEGREGATED_DESIGN.remove(heap, b);
    b.addr = addr;
    b.size = size;
    moveKey(heap, b, addr);
    SEGREGATED_DESIGN.add(heap, b);
  },
  find(heap, r) {
    const first = classOf(heap, r);
    let searched = 0;
    const own = heap.bins[first];
    for (let k = own.head; k !== null; k = heap.blocks[k].next) {
      searched++;
      if (heap.blocks[k].size >= r) return { block: heap.blocks[k], searched };
    }
    for (let c = first + 1; c <= heap.config.classes.length; c++) {
      const head = heap.bins[c].head;
      if (head !== null) return { block: heap.blocks[head], searched: searched + 1 };
    }
    return { block: null, searched };
  },
  largest(heap) {
    for (let c = heap.config.classes.length; c >= 0; c--) {
      const bin = heap.bins[c];
      if (bin.count === 0) continue;
      let max = 0;
      for (const b of binBlocks(heap.blocks, bin)) if (b.size > max) max = b.size;
      return max;
    }
    return 0;
  },
};

/** One empty bin per class. */
export function segregatedBins(classCount: number): Record<number, Bin> {
  const bins: Record<number, Bin> = {};
  for (let c = 0; c <= classCount; c++) bins[c] = emptyBin();
  return bins;
}
