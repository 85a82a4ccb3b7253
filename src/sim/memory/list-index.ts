import { derivedIndex } from '../base/derived.ts';
import { isSortedOrder, linkAfter, moveKey, relink, sortKey, unlink } from './bin.ts';
import {
  addSlot,
  createPool,
  createTree,
  dropTree,
  NONE,
  type Pool,
  rekeySlot,
  removeSlot,
  sizeBefore,
  type Tree,
  treeFirstFit,
  treeFirstFitFrom,
  treeInsert,
  treeMax,
  treeProblems,
  treeRankOf,
  treeRemove,
  treeReposition,
  treeResized,
  treeSize,
  treeSlots,
  treeStep,
} from './flat-btree.ts';
import type { Block, FreeList, HeapState } from './types.ts';

/**
 * The list design's free list. In the state it is a doubly linked list of free headers in
 * list order (head, tail, next/prev) with each block's place (k1, k2): plain data, as
 * malloc.py's list is a Python list. So that no operation walks the list, a derived index
 * is kept beside the state (base/derived.ts): flat B+-trees over typed arrays
 * (flat-btree.ts, the same index and searches the malloc solver's engine runs on), rebuilt
 * from the list on first use by a heap object (a clone, a restored snapshot, an immer
 * draft) and updated by every function in this file, the only code that changes the list.
 * The index is never part of the state, which stays plain JSON.
 *
 * - The list-order tree is keyed by each block's place (k1, k2), with counts and largest
 *   sizes per node. First fit is "the leftmost block with size >= r", and its rank is
 *   OSTEP's search length minus one, both found in O(log n).
 * - The size tree (best fit only) is keyed by (size, place), so the best fit, with
 *   malloc.py's tie-break (the earlier block in the list), is the first fit in that
 *   order. On a short
 *   list a scan of the flat arrays is cheaper than keeping a second tree up to date: the
 *   tree is built when the list grows past SIZE_INDEX_ON blocks and dropped when it
 *   shrinks below SIZE_INDEX_OFF (the gap stops thrashing).
 *
 * Each list order maps onto places as follows, so that list order is (k1, k2) ascending:
 * - ADDRSORT, SIZESORT+ and SIZESORT-: k1 is the sort key (the address, the size, the
 *   negated size) as of the last time the list was in order around the block, and k2 a
 *   sequence number that puts a newcomer after every block with an equal key.
 * - INSERT-FRONT (lifo): k1 is 0 and k2 counts down, so each newcomer is first.
 * - INSERT-BACK (fifo): k1 is 0 and k2 counts up, so each newcomer is last.
 * A split remainder stays where the block was, even if that breaks a size order: malloc.py
 * does exactly that, and re-sorts only when a block is freed (see resortDirty). When the
 * new key still fits between the block's neighbours (always, for an address-ordered
 * list), k1 simply follows it.
 */

interface ListIndex {
  pool: Pool;
  order: Tree;
  /** Best fit on a long list only. */
  bySize: Tree | null;
}


export const SIZE_INDEX_ON = 64;
export const SIZE_INDEX_OFF = 32;

/** Builds the index of a heap's free list from the list alone. */
function buildIndex(heap: HeapState): ListIndex {
  const list = heap.list;
  const pool = createPool(list.count * 2);
  const ix: ListIndex = { pool, order: createTree(pool, 'place'), bySize: null };
  for (let k = list.head, n = 0; k !== null && n < list.count; k = heap.blocks[k].next, n++) {
    const b = heap.blocks[k];
    treeInsert(pool, ix.order, addSlot(pool, b.key, b.size, b.k1, b.k2));
  }
  adjustSizeIndex(heap, ix);
  return ix;
}

/** The kept index is current while it holds as many blocks as the list (a cheap guard; see base/derived.ts). */
const INDEX = derivedIndex<HeapState, ListIndex>(buildIndex, (ix, heap) => treeSize(ix.order) === heap.list.count);

export function emptyFreeList(): FreeList {
  return { head: null, tail: null, count: 0, low: 0, high: 0, serial: 0, dirty: [], touched: [], rover: null };
}

/** Builds or drops the size tree as the list crosses the thresholds (best fit only). */
function adjustSizeIndex(heap: HeapState, ix: ListIndex): void {
  const count = heap.list.count;
  if (!ix.bySize && count > SIZE_INDEX_ON && heap.config.policy === 'best') {
    const tree = createTree(ix.pool, 'size');
    for (const s of treeSlots(ix.order)) treeInsert(ix.pool, tree, s);
    ix.bySize = tree;
  } else if (ix.bySize && count < SIZE_INDEX_OFF) {
    dropTree(ix.pool, ix.bySize);
    ix.bySize = null;
  }
}

const coalescesByList = (heap: HeapState): boolean => heap.config.coalesce === 'list';

/** A key for a zero-size block: negative, so it never collides with an address. */
export function zeroKey(list: FreeList): number {
  return -++list.serial;
}

const slotOf = (ix: ListIndex, b: Block): number => ix.pool.slotOf!.get(b.key)!;
const blockAt = (heap: HeapState, ix: ListIndex, s: number): Block => heap.blocks[ix.pool.key[s]];

/**
 * Files a newly freed block. Sorted orders first re-sort the blocks whose key changed
 * in place, then put the newcomer after every block with an equal key (a stable sort
 * of the list with the newcomer appended, as malloc.py does). LIFO takes the head and
 * FIFO the tail.
 */
export function listAdd(heap: HeapState, b: Block): void {
  const ix = INDEX.of(heap);
  const list = heap.list;
  const order = heap.config.order;
  if (isSortedOrder(order)) resortDirty(heap, ix);
  b.k1 = sortKey(order, b);
  b.k2 = order === 'lifo' ? --list.low : ++list.high;
  insertIndexed(heap, ix, b);
  heap.stats.freeBlocks++;
  heap.stats.freeBytes += b.size;
  adjustSizeIndex(heap, ix);
}

/** Takes a block out of the free list (it is being allocated or absorbed). */
export function listRemove(heap: HeapState, b: Block): void {
  const ix = INDEX.of(heap);
  removeIndexed(heap, ix, b);
  heap.stats.freeBlocks--;
  heap.stats.freeBytes -= b.size;
  adjustSizeIndex(heap, ix);
}

/**
 * A free block changes its extent where it stands: its header moves to `addr` (the low
 * end was carved off) and/or its size changes (it grew by a merge). Its place in the
 * list is kept.
 */
export function listReshape(heap: HeapState, b: Block, addr: number, size: number): void {
  const ix = INDEX.of(heap);
  const pool = ix.pool;
  const s = slotOf(ix, b);
  const list = heap.list;
  const was = pool.size[s];
  heap.stats.freeBytes += size - b.size;
  b.addr = addr;
  b.size = size;
  const oldKey = moveKey(heap, b, size > 0 ? addr : b.key < 0 ? b.key : zeroKey(list));
  relink(heap.blocks, list, b, oldKey);
  rekeySlot(pool, s, oldKey, b.key);
  pool.size[s] = size;
  const order = heap.config.order;
  if (isSortedOrder(order)) {
    const key = sortKey(order, b);
    // Still in sorted position between its neighbours (always so for an address-ordered
    // list that a split moved up): the place follows the key at once. Otherwise the
    // block keeps its place until the next sort, as malloc.py leaves it.
    if (key !== b.k1) {
      // With headers there are no empty elements, and a split or merge never moves a
      // block past another address: skip the neighbour check.
      const inPlace = (order === 'addr' && heap.config.headerSize > 0) || sitsBetweenNeighbours(ix, s, key);
      if (inPlace) {
        b.k1 = key;
        pool.k1[s] = key;
      } else list.dirty.push(b.key);
    }
  }
  treeResized(pool, ix.order, s, was);
  // A split usually leaves a block in the same size order; it is re-filed only if not.
  if (ix.bySize) treeReposition(pool, ix.bySize, s, was);
  if (coalescesByList(heap)) list.touched.push(b.key);
}

/** Whether place (key, k2) of slot s still lies strictly between its list neighbours' places. */
function sitsBetweenNeighbours(ix: ListIndex, s: number, key: number): boolean {
  const { pool, order } = ix;
  const k2 = pool.k2[s];
  const prev = treeStep(order, s, false);
  const next = treeStep(order, s, true);
  const afterPrev = prev === NONE || pool.k1[prev] < key || (pool.k1[prev] === key && pool.k2[prev] < k2);
  const beforeNext = next === NONE || key < pool.k1[next] || (key === pool.k1[next] && k2 < pool.k2[next]);
  return afterPrev && beforeNext;
}

function insertIndexed(heap: HeapState, ix: ListIndex, b: Block): void {
  const list = heap.list;
  const pool = ix.pool;
  const s = addSlot(pool, b.key, b.size, b.k1, b.k2);
  const pred = treeInsert(pool, ix.order, s);
  if (ix.bySize) treeInsert(pool, ix.bySize, s);
  linkAfter(heap.blocks, list, pred === NONE ? null : blockAt(heap, ix, pred), b);
  if (coalescesByList(heap)) list.touched.push(b.key);
}

function removeIndexed(heap: HeapState, ix: ListIndex, b: Block): void {
  const list = heap.list;
  if (coalescesByList(heap)) {
    // Its neighbours become neighbours of each other: they may touch in memory.
    if (b.prev !== null) list.touched.push(b.prev);
    if (b.next !== null) list.touched.push(b.next);
  }
  const s = slotOf(ix, b);
  treeRemove(ix.pool, ix.order, s);
  if (ix.bySize) treeRemove(ix.pool, ix.bySize, s);
  removeSlot(ix.pool, s);
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
function resortDirty(heap: HeapState, ix: ListIndex): void {
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
  moved.sort((a, b) => (a.k1 < b.k1 || (a.k1 === b.k1 && a.k2 < b.k2) ? -1 : 1));
  for (const b of moved) removeIndexed(heap, ix, b);
  for (let i = moved.length - 1; i >= 0; i--) {
    const b = moved[i];
    if (sortKey(order, b) > b.k1) b.k2 = --list.low;
  }
  for (const b of moved) {
    const key = sortKey(order, b);
    if (key < b.k1) b.k2 = ++list.high;
    b.k1 = key;
  }
  for (const b of moved) insertIndexed(heap, ix, b);
}

/** The leftmost block in list order with at least r bytes, and its 0-based position. */
export function firstFit(heap: HeapState, r: number): { block: Block; rank: number } | null {
  const ix = INDEX.of(heap);
  const s = treeFirstFit(ix.pool, ix.order, r);
  return s === NONE ? null : { block: blockAt(heap, ix, s), rank: ix.order.rank };
}

/**
 * Like firstFit, but only among blocks placed at or after (k1, k2). Also returns `start`,
 * the number of blocks placed before (k1, k2).
 */
export function firstFitFrom(heap: HeapState, k1: number, k2: number, r: number): { block: Block | null; rank: number; start: number } {
  const ix = INDEX.of(heap);
  const start = treeRankOf(ix.pool, ix.order, k1, k2);
  const s = treeFirstFitFrom(ix.pool, ix.order, start, r);
  return s === NONE ? { block: null, rank: -1, start } : { block: blockAt(heap, ix, s), rank: ix.order.rank, start };
}

/** The smallest block with at least r bytes, the earliest in the list among equals. */
export function smallestFit(heap: HeapState, r: number): Block | null {
  const ix = INDEX.of(heap);
  const { pool, bySize } = ix;
  let best = NONE;
  if (!bySize) {
    // Order does not matter to a minimum by (size, place): scan the slots as they lie
    // (a spare slot's size is -1, so it never fits).
    for (let s = 0; s < pool.top; s++) {
      if (pool.size[s] >= r && (best === NONE || sizeBefore(pool, s, best))) best = s;
    }
  } else best = treeFirstFit(pool, bySize, r);
  return best === NONE ? null : blockAt(heap, ix, best);
}

/** The largest free block's size (0 when the list is empty). */
export function listLargest(heap: HeapState): number {
  return treeMax(INDEX.of(heap).order);
}

/**
 * What is wrong with the free list's index, if one is kept for this heap: its own tree
 * invariants, and whether it indexes exactly the list, in list order, with each block's
 * size and place (the same as an index rebuilt from the state). Empty when sound.
 */
export function listIndexProblems(heap: HeapState, listed: readonly Block[]): string[] {
  const ix = INDEX.peek(heap);
  if (!ix) return [];
  const { pool } = ix;
  const out = treeProblems(pool, ix.order, 'the list index');
  if (ix.bySize) out.push(...treeProblems(pool, ix.bySize, 'the size index'));
  const slots = treeSlots(ix.order);
  if (slots.length !== listed.length || slots.some((s, i) => pool.key[s] !== listed[i].key)) out.push('the list index order differs from the list');
  for (const s of slots) {
    const b = heap.blocks[pool.key[s]];
    if (!b) out.push(`the list index holds a missing block ${pool.key[s]}`);
    else if (pool.size[s] !== b.size || pool.k1[s] !== b.k1 || pool.k2[s] !== b.k2) out.push(`the list index has a stale size or place for block ${b.key}`);
    if (pool.slotOf!.get(pool.key[s]) !== s) out.push(`the list index cannot find block ${pool.key[s]} by its key`);
  }
  if (pool.slotOf!.size !== slots.length) out.push(`the list index maps ${pool.slotOf!.size} keys for ${slots.length} blocks`);
  if (ix.bySize && treeSlots(ix.bySize).length !== slots.length) out.push('the size index does not hold every listed block');
  const rebuilt = INDEX.build(heap);
  if (treeMax(rebuilt.order) !== treeMax(ix.order) || treeSize(rebuilt.order) !== treeSize(ix.order)) {
    out.push('the list index differs from one rebuilt from the list');
  }
  return out;
}
