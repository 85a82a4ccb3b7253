import type { HeapDesign } from '../abi/heap.ts';
import { type FreeStructure, carve, coalesceRuns, newBlock, release, resizeInPlace } from './arena.ts';
import { buddyCoalesceAll, buddyLargest, buddyRelease, buddyResizeInPlace, buddyTake, initBuddy } from './buddy.ts';
import { LIST_DESIGN } from './list-design.ts';
import { SEGREGATED_DESIGN, segregatedBins } from './segregated.ts';
import type { Block, HeapState } from './types.ts';

/**
 * The one interface every design implements, so the public operations (heap.ts) are
 * written once. Sizes here are block sizes: header and padding included.
 */
export interface Engine {
  /** Lays out the empty arena. */
  init(heap: HeapState): void;
  /**
   * Takes a block of at least r bytes out of the free structure. Returns its address and
   * the block (marked not free), or addr -1; a header-less zero-byte request gets an
   * address but no block. `searched` is the search length.
   */
  take(heap: HeapState, r: number): { addr: number; block: Block | null; searched: number };
  /** Gives back a block that has just been marked free (coalescing as configured). */
  release(heap: HeapState, b: Block): void;
  /** Merges all adjacent free blocks now. Returns the number of merges. */
  coalesceAll(heap: HeapState): number;
  /** Resizes an allocated block to r bytes without moving it, if the design can. */
  resizeInPlace(heap: HeapState, b: Block, r: number): boolean;
  largest(heap: HeapState): number;
}

function extentEngine(s: FreeStructure, init: (heap: HeapState) => void): Engine {
  return {
    init(heap) {
      init(heap);
      const { base, size } = heap.config;
      const whole = newBlock(base, base, size, null);
      heap.blocks[base] = whole;
      s.add(heap, whole);
    },
    take(heap, r) {
      const { block, searched } = s.find(heap, r);
      if (!block) return { addr: -1, block: null, searched };
      const addr = carve(heap, s, block, r);
      return { addr, block: r === 0 ? null : heap.blocks[addr], searched };
    },
    release: (heap, b) => release(heap, s, b),
    coalesceAll: (heap) => coalesceRuns(heap, s),
    resizeInPlace: (heap, b, r) => resizeInPlace(heap, s, b, r),
    largest: s.largest,
  };
}

const BUDDY_ENGINE: Engine = {
  init: initBuddy,
  take(heap, r) {
    const { addr, searched } = buddyTake(heap, r);
    return { addr, block: addr < 0 ? null : heap.blocks[addr], searched };
  },
  release: buddyRelease,
  coalesceAll: buddyCoalesceAll,
  resizeInPlace: buddyResizeInPlace,
  largest: buddyLargest,
};

export const ENGINES: Record<HeapDesign, Engine> = {
  list: extentEngine(LIST_DESIGN, () => {}),
  segregated: extentEngine(SEGREGATED_DESIGN, (heap) => {
    heap.bins = segregatedBins(heap.config.classes.length);
  }),
  buddy: BUDDY_ENGINE,
};
