import type { Block, HeapState } from './types.ts';

/**
 * The arena as blocks laid end to end. These are the physical operations every design
 * shares: make a block, split one, join two neighbours, and carve an allocation off a
 * free block, keeping each block's `below` boundary tag right so both neighbours of a
 * block are found in O(1).
 */

/**
 * How a design keeps its free blocks. Designs that carve allocations out of arbitrary
 * free blocks (the list and segregated designs) implement it; the physical code below
 * calls it whenever a free block appears, disappears or changes its extent.
 */
export interface FreeStructure {
  /** Files a block that has just become free. */
  add(heap: HeapState, b: Block): void;
  /** Takes a free block out (it is being allocated or merged away). */
  remove(heap: HeapState, b: Block): void;
  /** A filed free block's header moves to `addr` and/or its size changes. */
  reshape(heap: HeapState, b: Block, addr: number, size: number): void;
  /** A free block of at least r bytes, and how many free blocks the search looked at. */
  find(heap: HeapState, r: number): { block: Block | null; searched: number };
  /** Tells the structure which block the last allocation came from (next fit remembers it). */
  took?(heap: HeapState, b: Block): void;
  /**
   * Whether a free neighbour's place also suits the block it merges with, so immediate
   * coalescing may grow it where it stands instead of re-filing (an address-ordered list).
   */
  mergesInPlace?(heap: HeapState): boolean;
  /** Runs after a freed block was filed (the list design's `list` coalescing pass). */
  afterFree?(heap: HeapState): void;
  /** The largest free block's size. */
  largest(heap: HeapState): number;
}

export function newBlock(key: number, addr: number, size: number, below: number | null): Block {
  return {
    key,
    addr,
    size,
    free: true,
    owner: null,
    request: 0,
    below,
    next: null,
    prev: null,
    k1: 0,
    k2: 0,
  };
}

/** The block just above b in memory, if b has an extent and is not the last. */
export function blockAbove(heap: HeapState, b: Block): Block | undefined {
  return b.size > 0 ? heap.blocks[b.addr + b.size] : undefined;
}

/** The block just below b in memory. */
export function blockBelow(heap: HeapState, b: Block): Block | undefined {
  return b.below === null ? undefined : heap.blocks[b.below];
}

/**
 * Cuts b (in no free structure) after its first `keep` bytes and returns the upper part,
 * a new free block that is not filed anywhere yet.
 */
export function splitOff(heap: HeapState, b: Block, keep: number): Block {
  const upper = newBlock(b.addr + keep, b.addr + keep, b.size - keep, b.addr);
  const above = blockAbove(heap, b);
  if (above) above.below = upper.addr;
  b.size = keep;
  heap.blocks[upper.key] = upper;
  heap.stats.splits++;
  return upper;
}

/**
 * Deletes hi, the block just above lo, from the block map; its bytes now belong to lo.
 * Returns lo's new size, which the caller sets (through the free structure if lo is
 * filed). `loSize` is lo's size so far, when earlier merges have not been applied yet.
 */
export function absorbAbove(heap: HeapState, lo: Block, hi: Block, loSize = lo.size): number {
  const above = blockAbove(heap, hi);
  if (above) above.below = lo.addr;
  delete heap.blocks[hi.key];
  heap.stats.merges++;
  return loSize + hi.size;
}

/**
 * Takes r bytes for an allocation from the low end of free block b (filed in `s`).
 * A remainder of at least minSplit stays free, its header moved up past the new block;
 * a smaller one stays inside the allocation as padding. Returns the allocated block's
 * address, or for r = 0 (a header-less zero-byte request) the address and no block.
 */
export function carve(heap: HeapState, s: FreeStructure, b: Block, r: number): number {
  const addr = b.addr;
  s.took?.(heap, b);
  if (r === 0) {
    if (b.size === 0) {
      s.remove(heap, b);
      delete heap.blocks[b.key];
    }
    return addr;
  }
  const rest = b.size - r;
  if (rest < heap.config.minSplit) {
    s.remove(heap, b);
    b.free = false;
    return addr;
  }
  const above = blockAbove(heap, b);
  // The allocation takes over the slot at addr first, so moving the free header up
  // needs no delete from the block map (the costliest step of a split).
  const taken = newBlock(addr, addr, r, b.below);
  taken.free = false;
  heap.blocks[addr] = taken;
  s.reshape(heap, b, addr + r, rest);
  b.below = addr;
  if (above) above.below = b.addr;
  heap.stats.splits++;
  return addr;
}

/**
 * Returns a block that has just been marked free to the structure, merging it first with
 * free neighbours in memory when coalescing is immediate.
 */
export function release(heap: HeapState, s: FreeStructure, b: Block): void {
  if (heap.config.coalesce === 'immediate' && s.mergesInPlace?.(heap) && mergeIntoNeighbour(heap, s, b)) return;
  if (heap.config.coalesce === 'immediate') {
    const above = blockAbove(heap, b);
    if (above?.free) {
      s.remove(heap, above);
      b.size = absorbAbove(heap, b, above);
    }
    const below = blockBelow(heap, b);
    if (below?.free) {
      s.remove(heap, below);
      below.size = absorbAbove(heap, below, b);
      b = below;
    }
  }
  s.add(heap, b);
  s.afterFree?.(heap);
}

/**
 * Immediate coalescing where a free neighbour keeps its place: the block below grows
 * over b (and over the block above, if that is free too), or else the block above moves
 * its header down to b. Returns false when neither neighbour is free.
 */
function mergeIntoNeighbour(heap: HeapState, s: FreeStructure, b: Block): boolean {
  const above = blockAbove(heap, b);
  const below = blockBelow(heap, b);
  if (below?.free) {
    let size = absorbAbove(heap, below, b);
    if (above?.free) {
      s.remove(heap, above);
      size = absorbAbove(heap, below, above, size);
    }
    s.reshape(heap, below, below.addr, size);
  } else if (above?.free) {
    const beyond = blockAbove(heap, above);
    delete heap.blocks[b.key];
    above.below = b.below;
    s.reshape(heap, above, b.addr, b.size + above.size);
    if (beyond) beyond.below = above.addr;
    heap.stats.merges++;
  } else return false;
  s.afterFree?.(heap);
  return true;
}

/**
 * Merges every run of free blocks that touch in memory (deferred coalescing, or on
 * demand). Each run becomes its lowest block, which keeps its place in the structure.
 * Returns how many merges were made.
 */
export function coalesceRuns(heap: HeapState, s: FreeStructure): number {
  const { base, size } = heap.config;
  let merges = 0;
  for (let addr = base; addr < base + size; ) {
    const b = heap.blocks[addr];
    if (!b) break; // the arena is always tiled; stop rather than loop if it is not
    let above = blockAbove(heap, b);
    if (b.free && above?.free) {
      let total = b.size;
      while (above?.free) {
        const next = blockAbove(heap, above);
        s.remove(heap, above);
        total = absorbAbove(heap, b, above, total);
        merges++;
        above = next;
      }
      s.reshape(heap, b, b.addr, total);
    }
    addr = b.addr + b.size;
  }
  return merges;
}

/**
 * Resizes an allocated block to `need` bytes without moving it, when it can: a shrink
 * frees the tail (if it is at least minSplit), a growth takes bytes from a free block
 * just above. Returns false when the block would have to move.
 */
export function resizeInPlace(heap: HeapState, s: FreeStructure, b: Block, need: number): boolean {
  const minSplit = heap.config.minSplit;
  if (need <= b.size) {
    if (b.size - need >= minSplit) release(heap, s, splitOff(heap, b, need));
    return true;
  }
  const above = blockAbove(heap, b);
  if (!above?.free || b.size + above.size < need) return false;
  const extra = need - b.size;
  if (above.size - extra >= minSplit) {
    s.reshape(heap, above, above.addr + extra, above.size - extra);
    const beyond = blockAbove(heap, above);
    if (beyond) beyond.below = above.addr;
    b.size = need;
  } else {
    s.remove(heap, above);
    b.size = absorbAbove(heap, b, above);
  }
  return true;
}
