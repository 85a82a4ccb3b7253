import { binBlocks, isSortedOrder, linkAfter, moveKey, relink, sortKey, unlink } from './bin.ts';
import { priorityOf, subtreeMax, type TreapSpec, treapInsert, treapRefresh, treapRemove, treapReposition } from './treap.ts';
import type { Block, FreeList, HeapState } from './types.ts';

/**
 * The list design's free list: a doubly linked list of free headers in list order, plus
 * two indexes threaded through the same records so that no operation walks the list.
 *
 * - The list-order index is a treap keyed by each block's place (k1, k2), with subtree
 *   counts and maximum sizes. First fit is "the leftmost block with size >= r", and its
 *   rank is OSTEP's search length minus one, both found in O(log n).
 * - The size index (best fit only) is keyed by (size, place), so the best fit, with
 *   malloc.py's tie-break (the earlier block in the list), is a lower bound. Best fit
 *   examines every element anyway, so on a short list a scan is cheaper than keeping a
 *   second index up to date: the index is built when the list grows past SIZE_INDEX_ON
 *   blocks and dropped when it shrinks below SIZE_INDEX_OFF (the gap stops thrashing).
 *
 * A place is a pair: k1 is the block's sort key (the address, the size, the negated
 * size, or 0 for the unsorted orders) as of the last time the list was in order around
 * it, and k2 a sequence number that orders equal keys. A split remainder stays where the
 * block was, even if that breaks a size order: malloc.py does exactly that, and re-sorts
 * only when a block is freed (see resortDirty). When the new key still fits between the
 * block's neighbours (always, for an address-ordered list), k1 simply follows it.
 */

const listBefore = (a: Block, b: Block): boolean => a.k1 < b.k1 || (a.k1 === b.k1 && a.k2 < b.k2);

export const LIST_SPEC: TreapSpec = {
  left: 'l',
  right: 'r',
  up: 'p',
  root: 'root',
  before: listBefore,
  aggregated: true,
};

export const SIZE_SPEC: TreapSpec = {
  left: 'sl',
  right: 'sr',
  up: 'sp',
  root: 'sizeRoot',
  before: (a, b) => a.size < b.size || (a.size === b.size && listBefore(a, b)),
  aggregated: false,
};

export function emptyFreeList(): FreeList {
  return {
    head: null,
    tail: null,
    count: 0,
    root: null,
    sizeRoot: null,
    sized: false,
    low: 0,
    high: 0,
    serial: 0,
    dirty: [],
    touched: [],
    rover: null,
  };
}

const usesSizeIndex = (heap: HeapState): boolean => heap.list.sized;

export const SIZE_INDEX_ON = 64;
export const SIZE_INDEX_OFF = 32;

/** Builds or drops the size index as the list crosses the thresholds (best fit only). */
function adjustSizeIndex(heap: HeapState): void {
  const list = heap.list;
  if (!list.sized && list.count > SIZE_INDEX_ON && heap.config.policy === 'best') {
    list.sized = true;
    for (const b of binBlocks(heap.blocks, list)) treapInsert(heap.blocks, list, b, SIZE_SPEC);
  } else if (list.sized && list.count < SIZE_INDEX_OFF) {
    list.sized = false;
    list.sizeRoot = null;
    for (const b of binBlocks(heap.blocks, list)) b.sl = b.sr = b.sp = null;
  }
}
const coalescesByList = (heap: HeapState): boolean => heap.config.coalesce === 'list';

/** A key for a zero-size block: negative, so it never collides with an address. */
export function zeroKey(list: FreeList): number {
  return -++list.serial;
}

/**
 * Files a newly freed block. Sorted orders first re-sort the blocks whose key changed
 * in place, then put the newcomer after every block with an equal key (a stable sort
 * of the list with the newcomer appended, as malloc.py does). LIFO takes the head and
 * FIFO the tail.
 */
export function listAdd(heap: HeapState, b: Block): void {
  const list = heap.list;
  const order = heap.config.order;
  if (isSortedOrder(order)) resortDirty(heap);
  b.k1 = sortKey(order, b);
  b.k2 = order === 'lifo' ? --list.low : ++list.high;
  b.pri = priorityOf(++list.serial);
  insertIndexed(heap, b);
  heap.stats.freeBlocks++;
  heap.stats.freeBytes += b.size;
  adjustSizeIndex(heap);
}

/** Takes a block out of the free list (it is being allocated or absorbed). */
export function listRemove(heap: HeapState, b: Block): void {
  removeIndexed(heap, b);
  heap.stats.freeBlocks--;
  heap.stats.freeBytes -= b.size;
  adjustSizeIndex(heap);
}

/**
 * A free block changes its extent where it stands: its header moves to `addr` (the low
 * end was carved off) and/or its size changes (it grew by a merge). Its place in the
 * list is kept.
 */
export function listReshape(heap: HeapState, b: Block, addr: number, size: number): void {
  const list = heap.list;
  heap.stats.freeBytes += size - b.size;
  b.addr = addr;
  b.size = size;
  const oldKey = moveKey(heap, b, size > 0 ? addr : b.key < 0 ? b.key : zeroKey(list));
  relink(heap.blocks, list, b, oldKey);
  const order = heap.config.order;
  if (isSortedOrder(order)) {
    const key = sortKey(order, b);
    // Still in sorted position between its neighbours (always so for an address-ordered
    // list that a split moved up): the place follows the key at once. Otherwise the
    // block keeps its place until the next sort, as malloc.py leaves it.
    if (key !== b.k1) {
      // With headers there are no empty elements, and a split or merge never moves a
      // block past another address: skip the neighbour check.
      const inPlace = (order === 'addr' && heap.config.headerSize > 0) || sitsBetweenNeighbours(heap, b, key);
      if (inPlace) b.k1 = key;
      else list.dirty.push(b.key);
    }
  }
  treapRefresh(heap.blocks, list, b, oldKey, LIST_SPEC);
  if (usesSizeIndex(heap)) {
    // A split usually leaves a block in the same size order; re-file it only if not.
    treapRefresh(heap.blocks, list, b, oldKey, SIZE_SPEC);
    treapReposition(heap.blocks, list, b, SIZE_SPEC);
  }
  if (coalescesByList(heap)) list.touched.push(b.key);
}

/** Whether place (key, b.k2) still lies strictly between b's list neighbours' places. */
function sitsBetweenNeighbours(heap: HeapState, b: Block, key: number): boolean {
  const prev = b.prev === null ? null : heap.blocks[b.prev];
  const next = b.next === null ? null : heap.blocks[b.next];
  const afterPrev = !prev || prev.k1 < key || (prev.k1 === key && prev.k2 < b.k2);
  const beforeNext = !next || key < next.k1 || (key === next.k1 && b.k2 < next.k2);
  return afterPrev && beforeNext;
}

function insertIndexed(heap: HeapState, b: Block): void {
  const list = heap.list;
  const pred = treapInsert(heap.blocks, list, b, LIST_SPEC);
  if (usesSizeIndex(heap)) treapInsert(heap.blocks, list, b, SIZE_SPEC);
  linkAfter(heap.blocks, list, pred, b);
  if (coalescesByList(heap)) list.touched.push(b.key);
}

function removeIndexed(heap: HeapState, b: Block): void {
  const list = heap.list;
  if (coalescesByList(heap)) {
    // Its neighbours become neighbours of each other: they may touch in memory.
    if (b.prev !== null) list.touched.push(b.prev);
    if (b.next !== null) list.touched.push(b.next);
  }
  treapRemove(heap.blocks, list, b, LIST_SPEC);
  if (usesSizeIndex(heap)) treapRemove(heap.blocks, list, b, SIZE_SPEC);
  unlink(heap.blocks, list, b);
}

/** Whether b is on the free list (a block being freed is free before it is filed). */
export function onList(heap: HeapState, b: Block): boolean {
  return b.free && (b.prev !== null || heap.list.head === b.key);
}

/**
 * Restores sorted order for the blocks whose key changed in place since the last sort,
 * with exactly the result of a stable sort of the current list. A block whose key grew
 * stood before every block that now has its key (it sorted lower), so it takes a place
 * below theirs; one whose key shrank stood after them and takes a place above. Blocks
 * that moved to the same key keep their relative order.
 */
export function resortDirty(heap: HeapState): void {
  const list = heap.list;
  const order = heap.config.order;
  if (list.dirty.length === 0) return;
  const moved: Block[] = [];
  const seen = new Set<number>();
  for (const key of list.dirty) {
    const b = heap.blocks[key];
    if (b && onList(heap, b) && sortKey(order, b) !== b.k1 && !seen.has(key)) {
      seen.add(key);
      moved.push(b);
    }
  }
  list.dirty = [];
  if (moved.length === 0) return;
  moved.sort((a, b) => (listBefore(a, b) ? -1 : 1));
  for (const b of moved) removeIndexed(heap, b);
  for (let i = moved.length - 1; i >= 0; i--) {
    const b = moved[i];
    if (sortKey(order, b) > b.k1) b.k2 = --list.low;
  }
  for (const b of moved) {
    const key = sortKey(order, b);
    if (key < b.k1) b.k2 = ++list.high;
    b.k1 = key;
  }
  for (const b of moved) insertIndexed(heap, b);
}

/** The leftmost block in list order with at least r bytes, and its 0-based position. */
export function firstFit(heap: HeapState, r: number): { block: Block; rank: number } | null {
  const root = heap.list.root;
  return root === null || subtreeMax(heap.blocks[root]) < r ? null : firstFitIn(heap.blocks, root, r);
}

/**
 * Like firstFit, but only among blocks placed at or after (k1, k2). Also returns `start`,
 * the number of blocks placed before (k1, k2).
 */
export function firstFitFrom(
  heap: HeapState,
  k1: number,
  k2: number,
  r: number,
): { block: Block | null; rank: number; start: number } {
  const B = heap.blocks;
  // The path to (k1, k2): each node at or after it, with its rank, is a candidate along
  // with its right subtree; the deepest one comes first in list order.
  const nodes: Block[] = [];
  const ranks: number[] = [];
  let rank = 0;
  for (let t = heap.list.root; t !== null; ) {
    const n = B[t];
    if (n.k1 < k1 || (n.k1 === k1 && n.k2 < k2)) {
      rank += n.lc + 1;
      t = n.r;
    } else {
      nodes.push(n);
      ranks.push(rank + n.lc);
      t = n.l;
    }
  }
  for (let i = nodes.length - 1; i >= 0; i--) {
    const n = nodes[i];
    if (n.size >= r) return { block: n, rank: ranks[i], start: rank };
    if (n.r !== null && n.rm >= r) {
      const sub = firstFitIn(B, n.r, r);
      return { block: sub.block, rank: ranks[i] + 1 + sub.rank, start: rank };
    }
  }
  return { block: null, rank: -1, start: rank };
}

/** First fit within a subtree whose max says a fit exists, with the rank inside that subtree. */
function firstFitIn(B: Record<number, Block>, root: number, r: number): { block: Block; rank: number } {
  let t = root;
  let rank = 0;
  for (;;) {
    const n = B[t];
    if (n.l !== null && n.lm >= r) {
      t = n.l;
      continue;
    }
    if (n.size >= r) return { block: n, rank: rank + n.lc };
    rank += n.lc + 1;
    t = n.r!; // the subtree's max says a fit lies to the right
  }
}

/** The smallest block with at least r bytes, the earliest in the list among equals. */
export function smallestFit(heap: HeapState, r: number): Block | null {
  const B = heap.blocks;
  let best: Block | null = null;
  if (!heap.list.sized) {
    for (let k = heap.list.head; k !== null; k = B[k].next) {
      const n = B[k];
      if (n.size >= r && (best === null || n.size < best.size)) best = n;
    }
    return best;
  }
  for (let t = heap.list.sizeRoot; t !== null; ) {
    const n = B[t];
    if (n.size >= r) {
      best = n;
      t = n.sl;
    } else t = n.sr;
  }
  return best;
}

/** The largest free block's size (0 when the list is empty). */
export function listLargest(heap: HeapState): number {
  const root = heap.list.root;
  return root === null ? 0 : subtreeMax(heap.blocks[root]);
}
