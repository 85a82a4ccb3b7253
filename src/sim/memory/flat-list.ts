import type { ListOrder } from '../abi/heap.ts';
import { blockSizeFor } from './config.ts';
import {
  addSlot,
  createPool,
  createTree,
  NONE,
  type Pool,
  placeBefore,
  removeSlot,
  type Tree,
  treeFirstFit,
  treeInsert,
  treeInsertLocated,
  treeLastBefore,
  treeMax,
  treeProblems,
  treeRemove,
  treeReposition,
  treeResized,
  treeSize,
  treeSlots,
} from './flat-btree.ts';
import type { HeapConfig } from './types.ts';

/**
 * OSTEP's malloc.py allocator with nothing but flat arrays: the engine the malloc solver
 * runs (ostep/malloc.ts). malloc.py keeps two things, a free list of (address, size) in
 * list order and a map from each allocated address to its chunk size, and that is all
 * this keeps: no block map, owners or boundary tags, which the kernel's allocator
 * (heap.ts, the list design) needs for realloc, reclaiming a process's blocks and
 * immediate coalescing, and malloc.py does not have. So an operation allocates no
 * object and touches no keyed record: each free-list element is a slot of the typed
 * arrays of a flat-btree pool.
 *
 * The searches are the list design's, on the same structures (see list-index.ts for the
 * mapping of list orders onto places (k1, k2), the re-sorting of blocks whose key changed
 * in place, and the search lengths): the list-order tree gives first fit and its rank,
 * and worst fit through the largest size; a size tree gives best fit, the same search
 * on (size, place) order. malloc.py's
 * coalescing pass visits only the elements whose list neighbours changed since the last
 * pass, as list-design.ts does. The property tests run this engine and the kernel's
 * allocator side by side on every policy, order and coalescing mode, step by step
 * (address, search length and whole free list), and against a naive model of malloc.py.
 *
 * This is a solver's working structure, never kernel state: it lives for one run.
 */

/** The placement policies malloc.py has. */
export type FlatPolicy = 'first' | 'best' | 'worst';

export interface FlatListConfig extends Pick<HeapConfig, 'base' | 'size' | 'headerSize' | 'align' | 'order'> {
  policy: FlatPolicy;
  /** malloc.py's coalescing pass after every free. */
  coalesce: boolean;
}

export interface FlatList {
  readonly config: FlatListConfig;
  /** One slot per free-list element: key is its address, then its size and place (k1, k2). */
  pool: Pool;
  /** The elements in list order, with subtree counts and largest sizes. */
  order: Tree;
  /** Best fit only: the elements by (size, place). */
  bySize: Tree | null;
  /** The list as links between slots, so walking it and finding neighbours costs O(1). */
  head: number;
  next: Int32Array;
  prev: Int32Array;
  /** Sequence counters for places: new ones are taken below `low` or above `high`. */
  low: number;
  high: number;
  /** Slots whose sort key changed in place since the list was last sorted (stale ones are harmless). */
  dirty: number[];
  /** Slots whose list neighbours changed since the last coalescing pass (stale ones are harmless). */
  touched: number[];
  /** Zero-byte elements on the list (they share addresses, which the address-order shortcuts rule out). */
  zeros: number;
  /** Marks for de-duplicating `dirty`, by generation. */
  seen: Int32Array;
  generation: number;
  /**
   * malloc.py's sizemap: allocated address to chunk size (header included). An array by
   * offset in the arena (-1 = not allocated) up to DIRECT_SIZES bytes of arena, a Map
   * beyond.
   */
  sizeAt: Int32Array | null;
  sizeMap: Map<number, number> | null;
  /** Free-list elements the latest malloc looked at. */
  searched: number;
}

/**
 * Whether the coalescing pass needs to know which list neighbours changed. In an
 * address-ordered list with no zero-byte elements and nothing to re-sort, neighbours in
 * the list are neighbours in memory, so only a free can make two of them touch, and the
 * free merges them itself (mergeFreed); everywhere else every change is noted.
 */
const tracking = (fl: FlatList): boolean => fl.config.coalesce && !addressShortcuts(fl);

/** An address-ordered list with no zero-byte elements and no element out of order. */
const addressShortcuts = (fl: FlatList): boolean => fl.config.order === 'addr' && fl.zeros === 0 && fl.dirty.length === 0;

const isSorted = (order: ListOrder): boolean => order === 'addr' || order === 'size-asc' || order === 'size-desc';

/** The largest arena whose sizemap is an array (16 MiB of it). */
const DIRECT_SIZES = 1 << 22;

/** The chunk size allocated at addr, or -1. */
function sizeOf(fl: FlatList, addr: number): number {
  if (fl.sizeAt) {
    const size = fl.sizeAt[addr - fl.config.base]; // undefined outside the arena
    return size === undefined ? -1 : size;
  }
  return fl.sizeMap!.get(addr) ?? -1;
}

function setSize(fl: FlatList, addr: number, size: number): void {
  if (fl.sizeAt) fl.sizeAt[addr - fl.config.base] = size;
  else if (size < 0) fl.sizeMap!.delete(addr);
  else fl.sizeMap!.set(addr, size);
}

/** A new allocator with the whole arena as one free element. */
export function createFlatList(config: FlatListConfig): FlatList {
  const pool = createPool(64, false);
  const cap = pool.key.length;
  const fl: FlatList = {
    config,
    pool,
    order: createTree(pool, 'place'),
    bySize: config.policy === 'best' ? createTree(pool, 'size') : null,
    head: NONE,
    next: new Int32Array(cap),
    prev: new Int32Array(cap),
    low: 0,
    high: 0,
    dirty: [],
    touched: [],
    zeros: 0,
    seen: new Int32Array(cap),
    generation: 0,
    sizeAt: config.size <= DIRECT_SIZES ? new Int32Array(config.size + 1).fill(-1) : null,
    sizeMap: config.size <= DIRECT_SIZES ? null : new Map(),
    searched: 0,
  };
  if (config.size > 0) file(fl, config.base, config.size);
  return fl;
}

/** Free-list elements. */
export const flatCount = (fl: FlatList): number => treeSize(fl.order);

/** The key a sorted order sorts by (0 for the arrival orders). */
function sortKey(fl: FlatList, s: number): number {
  const order = fl.config.order;
  if (order === 'addr') return fl.pool.key[s];
  if (order === 'size-asc') return fl.pool.size[s];
  if (order === 'size-desc') return -fl.pool.size[s];
  return 0;
}

/**
 * malloc.py's malloc: the chunk is the payload rounded up to the alignment plus the
 * header. Returns its address, or -1 when no free element is large enough; `searched`
 * is set to the number of elements malloc.py's scan looks at.
 */
export function flatMalloc(fl: FlatList, size: number): number {
  const r = blockSizeFor(fl.config, size);
  const s = find(fl, r);
  if (s === NONE) return -1;
  const pool = fl.pool;
  const addr = pool.key[s];
  const have = pool.size[s];
  // A zero-byte chunk leaves the element as it was (malloc.py rewrites it unchanged).
  if (have > r) {
    if (r > 0) reshape(fl, s, addr + r, have - r);
  } else drop(fl, s);
  setSize(fl, addr, r);
  return addr;
}

/** The element malloc.py's scan picks for r bytes, setting `searched`; NONE if none fits. */
function find(fl: FlatList, r: number): number {
  const n = flatCount(fl);
  const t = fl.order;
  switch (fl.config.policy) {
    case 'first': {
      if (n === 0 || treeMax(t) < r) {
        fl.searched = n;
        return NONE;
      }
      return firstFit(fl, r);
    }
    case 'best':
      // The smallest element that fits, the earliest in the list among equals.
      fl.searched = n;
      return treeFirstFit(fl.pool, fl.bySize!, r);
    case 'worst': {
      const largest = treeMax(t);
      if (n === 0 || largest < r) {
        fl.searched = n;
        return NONE;
      }
      // The largest element, the earliest one if several share that size.
      const s = firstFit(fl, largest);
      fl.searched = n;
      return s;
    }
  }
}

/** The leftmost element with at least r bytes (one exists); sets `searched` to its position + 1. */
function firstFit(fl: FlatList, r: number): number {
  const s = treeFirstFit(fl.pool, fl.order, r);
  fl.searched = fl.order.rank + 1;
  return s;
}

/**
 * malloc.py's free: -1 for an address that is not allocated; otherwise the chunk goes
 * on the list (after every element with an equal key, under a sorted order: a stable
 * sort with the newcomer appended), the coalescing pass runs if configured, and 0.
 */
export function flatFree(fl: FlatList, addr: number): number {
  const size = sizeOf(fl, addr);
  if (size < 0) return -1;
  if (fl.config.coalesce && size > 0 && fl.config.order === 'addr') resortDirty(fl);
  if (fl.config.coalesce && size > 0 && addressShortcuts(fl)) mergeFreed(fl, addr, size);
  else file(fl, addr, size);
  if (fl.config.coalesce) coalesce(fl);
  setSize(fl, addr, -1);
  return 0;
}

/**
 * Files a freed chunk in an address-ordered list where the shortcuts hold, merging it at
 * once with the elements just below and above it if they touch it: what malloc.py's
 * pass makes of the sorted list, without filing the chunk only to merge it away. The
 * run keeps the place of its lowest element.
 */
function mergeFreed(fl: FlatList, addr: number, size: number): void {
  const pool = fl.pool;
  const key = pool.key;
  // The last element below addr (no element starts at addr: it was allocated).
  const pred = treeLastBefore(pool, fl.order, addr, Number.NEGATIVE_INFINITY, false);
  const succ = pred === NONE ? fl.head : fl.next[pred];
  const below = pred !== NONE && key[pred] + pool.size[pred] === addr;
  const above = succ !== NONE && addr + size === key[succ];
  if (below) {
    let grown = pool.size[pred] + size;
    if (above) {
      grown += pool.size[succ];
      drop(fl, succ);
    }
    reshape(fl, pred, key[pred], grown);
  } else if (above) reshape(fl, succ, addr, size + pool.size[succ]);
  // No element starts at addr, so the chunk's place is where the search for pred landed.
  else file(fl, addr, size, true);
}

/**
 * Puts a new element on the list at its order's place; `located` when the latest search
 * of the list-order tree landed there (see treeInsertLocated).
 */
function file(fl: FlatList, addr: number, size: number, located = false): void {
  const order = fl.config.order;
  if (isSorted(order)) resortDirty(fl);
  const pool = fl.pool;
  const s = addSlot(pool, addr, size, 0, order === 'lifo' ? --fl.low : ++fl.high);
  if (size === 0) fl.zeros++;
  if (pool.key.length > fl.next.length) growLinks(fl);
  pool.k1[s] = sortKey(fl, s);
  attach(fl, s, located);
}

function growLinks(fl: FlatList): void {
  const cap = fl.pool.key.length;
  const grown = (a: Int32Array): Int32Array => {
    const b = new Int32Array(cap);
    b.set(a);
    return b;
  };
  fl.next = grown(fl.next);
  fl.prev = grown(fl.prev);
  fl.seen = grown(fl.seen);
}

/** Links slot s (in no tree) into the list at its place (k1, k2); for `located`, see file. */
function attach(fl: FlatList, s: number, located = false): void {
  const pred = located ? treeInsertLocated(fl.pool, fl.order, s) : treeInsert(fl.pool, fl.order, s);
  if (fl.bySize) treeInsert(fl.pool, fl.bySize, s);
  const succ = pred === NONE ? fl.head : fl.next[pred];
  fl.prev[s] = pred;
  fl.next[s] = succ;
  if (pred === NONE) fl.head = s;
  else fl.next[pred] = s;
  if (succ !== NONE) fl.prev[succ] = s;
  if (tracking(fl)) fl.touched.push(s);
}

/** Unlinks slot s from the list and its trees; the slot stays in use. */
function detach(fl: FlatList, s: number): void {
  const pred = fl.prev[s];
  const succ = fl.next[s];
  if (tracking(fl)) {
    // Its neighbours become neighbours of each other: they may touch in memory.
    if (pred !== NONE) fl.touched.push(pred);
    if (succ !== NONE) fl.touched.push(succ);
  }
  treeRemove(fl.pool, fl.order, s);
  if (fl.bySize) treeRemove(fl.pool, fl.bySize, s);
  if (pred === NONE) fl.head = succ;
  else fl.next[pred] = succ;
  if (succ !== NONE) fl.prev[succ] = pred;
}

/** Takes an element off the list for good. */
function drop(fl: FlatList, s: number): void {
  if (fl.pool.size[s] === 0) fl.zeros--;
  detach(fl, s);
  removeSlot(fl.pool, s);
}

/** An element on the list changes its extent where it stands (see listReshape in list-index.ts). */
function reshape(fl: FlatList, s: number, addr: number, size: number): void {
  const pool = fl.pool;
  const was = pool.size[s];
  if (was === 0) fl.zeros--;
  if (size === 0) fl.zeros++;
  pool.key[s] = addr;
  pool.size[s] = size;
  const order = fl.config.order;
  if (isSorted(order)) {
    const key = sortKey(fl, s);
    if (key !== pool.k1[s]) {
      // Without zero-byte elements a split or merge never moves an element past another
      // address.
      if ((order === 'addr' && fl.zeros === 0) || sitsBetweenNeighbours(fl, s, key)) pool.k1[s] = key;
      else fl.dirty.push(s);
    }
  }
  treeResized(pool, fl.order, s, was);
  if (fl.bySize) treeReposition(pool, fl.bySize, s, was);
  if (tracking(fl)) fl.touched.push(s);
}

/** Whether place (key, k2) of slot s still lies strictly between its list neighbours' places. */
function sitsBetweenNeighbours(fl: FlatList, s: number, key: number): boolean {
  const { k1, k2 } = fl.pool;
  const prev = fl.prev[s];
  const next = fl.next[s];
  const afterPrev = prev === NONE || k1[prev] < key || (k1[prev] === key && k2[prev] < k2[s]);
  const beforeNext = next === NONE || key < k1[next] || (key === k1[next] && k2[s] < k2[next]);
  return afterPrev && beforeNext;
}

const onList = (fl: FlatList, s: number): boolean => s < fl.pool.top && fl.pool.size[s] >= 0;

/**
 * Restores sorted order for the elements whose key changed in place, with exactly the
 * result of a stable sort of the list (the reasoning is resortDirty's in list-index.ts).
 */
function resortDirty(fl: FlatList): void {
  if (fl.dirty.length === 0) return;
  const pool = fl.pool;
  const moved: number[] = [];
  const generation = ++fl.generation;
  for (const s of fl.dirty) {
    if (onList(fl, s) && sortKey(fl, s) !== pool.k1[s] && fl.seen[s] !== generation) {
      fl.seen[s] = generation;
      moved.push(s);
    }
  }
  if (moved.length === 0) {
    fl.dirty.length = 0;
    return;
  }
  moved.sort((a, b) => (placeBefore(pool, a, b) ? -1 : 1));
  for (const s of moved) detach(fl, s);
  for (let i = moved.length - 1; i >= 0; i--) {
    const s = moved[i];
    if (sortKey(fl, s) > pool.k1[s]) pool.k2[s] = --fl.low;
  }
  for (const s of moved) {
    const key = sortKey(fl, s);
    if (key < pool.k1[s]) pool.k2[s] = ++fl.high;
    pool.k1[s] = key;
  }
  for (const s of moved) attach(fl, s);
  // Cleared only now: while elements move, every neighbour change is noted (see tracking).
  fl.dirty.length = 0;
}

/**
 * malloc.py's coalescing pass, visiting only the elements whose neighbours changed: from
 * each, back to the start of its run of touching elements, then merging forward (the
 * reasoning is coalesceListNeighbours's in list-design.ts).
 */
function coalesce(fl: FlatList): void {
  const touched = fl.touched;
  if (touched.length === 0) return;
  const { key, size } = fl.pool;
  const touches = (a: number, b: number): boolean => key[a] + size[a] === key[b];
  // The merges below push more entries; they need no visit, as every pair they make is
  // checked by the loop that made it.
  const visits = touched.length;
  for (let i = 0; i < visits; i++) {
    let s = touched[i];
    if (!onList(fl, s)) continue; // merged away or allocated since
    while (fl.prev[s] !== NONE && touches(fl.prev[s], s)) s = fl.prev[s];
    for (let n = fl.next[s]; n !== NONE && touches(s, n); n = fl.next[s]) {
      const grown = size[s] + size[n];
      drop(fl, n);
      reshape(fl, s, key[s], grown);
    }
  }
  touched.length = 0;
}

/** Calls `each` with every free-list element's address and size, in list order. */
export function forEachFree(fl: FlatList, each: (addr: number, size: number) => void): void {
  const { key, size } = fl.pool;
  for (let s = fl.head; s !== NONE; s = fl.next[s]) each(key[s], size[s]);
}

/** The free list as malloc.py prints it: [address, size] in list order. */
export function flatFreeList(fl: FlatList): [number, number][] {
  const out: [number, number][] = [];
  forEachFree(fl, (addr, size) => out.push([addr, size]));
  return out;
}

/**
 * What is wrong with the structures, if anything (for tests): each tree's own invariants,
 * the list-order tree against the links, and the size tree holding the same elements.
 */
export function flatListProblems(fl: FlatList): string[] {
  const out = treeProblems(fl.pool, fl.order, 'the list-order tree');
  const linked: number[] = [];
  for (let s = fl.head, p = NONE; s !== NONE; p = s, s = fl.next[s]) {
    if (fl.prev[s] !== p) out.push(`slot ${s} links back to ${fl.prev[s]}, not ${p}`);
    linked.push(s);
    if (linked.length > fl.pool.top) return [...out, 'the list links loop'];
  }
  const ordered = treeSlots(fl.order);
  if (ordered.length !== linked.length || ordered.some((s, i) => linked[i] !== s)) out.push('the list-order tree differs from the links');
  if (fl.bySize) {
    out.push(...treeProblems(fl.pool, fl.bySize, 'the size tree'));
    if (treeSlots(fl.bySize).length !== linked.length) out.push('the size tree does not hold every element');
  }
  return out;
}
