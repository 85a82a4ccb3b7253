import type { FreeStructure } from './arena.ts';
import { firstFit, firstFitFrom, listAdd, listLargest, listRemove, listReshape, onList, smallestFit } from './list-index.ts';
import type { Block, HeapState } from './types.ts';

/**
 * The list design: one free list searched by a placement policy. Search lengths are
 * OSTEP's: the number of list elements a linear scan would look at. They come from the
 * index (a rank), not from a walk, so they stay exact at any list length:
 * - first fit stops at the first block that fits: position + 1;
 * - next fit starts where the previous allocation was made and wraps around;
 * - best and worst fit scan the whole list, so they always look at every element.
 * Ties (equal sizes) go to the block earlier in the list, as in malloc.py.
 */
export const LIST_DESIGN: FreeStructure = {
  add: listAdd,
  remove: listRemove,
  reshape: listReshape,
  find: listFind,
  took(heap, b) {
    if (heap.config.policy === 'next') heap.list.rover = { k1: b.k1, k2: b.k2 };
  },
  // In an address-ordered list a merged block belongs where its free neighbour stands.
  // (Without headers, empty elements may share an address, so the general path is used.)
  mergesInPlace: (heap) => heap.config.order === 'addr' && heap.config.headerSize > 0,
  afterFree(heap) {
    if (heap.config.coalesce === 'list') coalesceListNeighbours(heap);
  },
  largest: listLargest,
};

function listFind(heap: HeapState, r: number): { block: Block | null; searched: number } {
  const n = heap.list.count;
  switch (heap.config.policy) {
    case 'first': {
      const hit = firstFit(heap, r);
      return hit ? { block: hit.block, searched: hit.rank + 1 } : { block: null, searched: n };
    }
    case 'best':
      return { block: smallestFit(heap, r), searched: n };
    case 'worst': {
      const largest = listLargest(heap);
      // The largest block, the earliest one if several share that size.
      const hit = n > 0 && largest >= r ? firstFit(heap, largest) : null;
      return { block: hit ? hit.block : null, searched: n };
    }
    case 'next': {
      const rover = heap.list.rover;
      if (rover === null) {
        const hit = firstFit(heap, r);
        return hit ? { block: hit.block, searched: hit.rank + 1 } : { block: null, searched: n };
      }
      const ahead = firstFitFrom(heap, rover.k1, rover.k2, r);
      if (ahead.block) return { block: ahead.block, searched: ahead.rank - ahead.start + 1 };
      // Wrap around: any fit now lies before the starting point.
      const behind = firstFit(heap, r);
      return behind ? { block: behind.block, searched: n - ahead.start + behind.rank + 1 } : { block: null, searched: n };
    }
  }
}

const touches = (a: Block, b: Block): boolean => a.addr + a.size === b.addr;

/**
 * malloc.py's coalescing: one pass over the free list that merges each element into the
 * one before it whenever they touch in memory. Under address order that merges every
 * pair of free neighbours; under other orders only those that are also list neighbours.
 * Rather than walk the whole list, the pass visits only the blocks whose list neighbours
 * changed since the last pass (the `touched` set): every other adjacent pair was already
 * checked then, and a pair's answer changes only when one of its blocks does.
 */
export function coalesceListNeighbours(heap: HeapState): void {
  const list = heap.list;
  if (list.touched.length === 0) return;
  const keys = list.touched;
  list.touched = [];
  for (const key of keys) {
    let b: Block | undefined = heap.blocks[key];
    if (!b || !onList(heap, b)) continue; // merged away since, or allocated
    while (b.prev !== null && touches(heap.blocks[b.prev], b)) b = heap.blocks[b.prev];
    while (b.next !== null && touches(b, heap.blocks[b.next])) absorbListNext(heap, b, heap.blocks[b.next]);
  }
  // Every adjacent pair has now been checked, including those the merges created.
  if (list.touched.length > 0) list.touched = [];
}

/** x takes in y, its list successor that starts where x ends; x keeps its place in the list. */
function absorbListNext(heap: HeapState, x: Block, y: Block): void {
  listRemove(heap, y);
  delete heap.blocks[y.key];
  if (y.size > 0) {
    const above = heap.blocks[y.addr + y.size];
    if (x.size > 0) {
      if (above) above.below = x.addr;
    } else {
      x.below = y.below; // an empty element at y's address takes y's place in memory
    }
  }
  listReshape(heap, x, x.addr, x.size + y.size);
  heap.stats.merges++;
}
