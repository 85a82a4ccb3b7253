import type { Coalescing, HeapDesign, ListOrder, Placement } from '../abi/heap.ts';
import type { RingLog } from '../base/ringlog.ts';

/**
 * The heap allocator's state, as plain data. Read this file first: it documents the
 * allocator. The arena is tiled by blocks keyed by their header address; free blocks are
 * also linked into free lists (records with next/prev keys, never spliced arrays), so an
 * allocation or a free changes a handful of records and an immer patch stays small.
 *
 * The allocator knows nothing of processes: a block's owner is an opaque number.
 */

export interface HeapConfig {
  design: HeapDesign;
  /** Address of the first byte of the arena. */
  base: number;
  /** Arena size in bytes. */
  size: number;
  /** Bytes of header in front of every allocated block's payload. */
  headerSize: number;
  /** Payload sizes are rounded up to a multiple of this (1 = no rounding). */
  align: number;
  policy: Placement;
  order: ListOrder;
  coalesce: Coalescing;
  /** The smallest remainder a split leaves as a free block; a smaller one stays in the allocated block. */
  minSplit: number;
  /** Segregated design: ascending upper bounds (block bytes) of the size classes; larger blocks go in one last class. */
  classes: number[];
  /** Buddy design: the smallest block, a power of two that divides the arena size. */
  minBlock: number;
  /** How many metric samples the heap keeps for a fragmentation chart (0 = none). */
  historyCap: number;
}

/**
 * A block header in the arena. Every block has all the fields, so the records keep one
 * shape; fields that do not apply are null (or 0).
 */
export interface Block {
  /** Its key in HeapState.blocks: the header address, or a negative serial for a zero-size free block. */
  key: number;
  /** Header address. */
  addr: number;
  /** Bytes including the header. 0 only for a header-less zero-byte free block (list design). */
  size: number;
  free: boolean;
  /** Opaque owner tag (a pid) of an allocated block; null when free. */
  owner: number | null;
  /** Payload bytes asked for (allocated blocks); the rest of the block is header and padding. */
  request: number;
  /** Address of the block just below in memory (a boundary tag), null for the first block. */
  below: number | null;
  /** Free-list links: keys of the neighbours in list order. */
  next: number | null;
  prev: number | null;
  /** List design: the block's place in list order is (k1, k2), ascending (see list-index.ts). */
  k1: number;
  k2: number;
}

/** A free list's ends and length. */
export interface Bin {
  head: number | null;
  tail: number | null;
  count: number;
}

/**
 * The list design's free list. Its search index is derived data kept beside the state,
 * never in it (see list-index.ts).
 */
export interface FreeList extends Bin {
  /** Sequence counters for list positions: new places are taken below `low` or above `high`. */
  low: number;
  high: number;
  /** Counter for zero-size block keys, so they are deterministic. */
  serial: number;
  /**
   * Keys of free blocks whose sort key changed in place since the list was last sorted
   * (sorted orders only). Append-only until the next sort; a stale or repeated key is
   * harmless, because a block whose k1 equals its sort key needs nothing.
   */
  dirty: number[];
  /** Keys of blocks whose list neighbours changed since the last `list` coalescing pass (stale keys are harmless). */
  touched: number[];
  /** Next fit: the list position after which the next search starts, or null (from the head). */
  rover: { k1: number; k2: number } | null;
}

/** A header-less allocation of zero bytes (only possible with headerSize 0): it owns no memory. */
export interface EmptyAlloc {
  owner: number;
}

/** Running totals, kept exact on every operation so metrics cost O(1). */
export interface HeapCounters {
  /** Calls of malloc, successful frees, calls of realloc. */
  allocs: number;
  frees: number;
  reallocs: number;
  /** malloc and realloc calls that found no room. */
  failed: number;
  /** Free-list elements examined, in total and by the latest operation. */
  searched: number;
  lastSearched: number;
  splits: number;
  merges: number;
  /** Live allocated blocks, and the bytes they hold by kind. */
  allocated: number;
  payload: number;
  /** Alignment padding plus remainders too small to split off. */
  padding: number;
  /** Bytes and count of free blocks. */
  freeBytes: number;
  freeBlocks: number;
  peakPayload: number;
}

/** One point of the fragmentation chart. */
export interface HeapSample {
  seq: number;
  op: HeapOpKind;
  ok: boolean;
  searched: number;
  payload: number;
  inUse: number;
  freeBytes: number;
  largestFree: number;
  freeBlocks: number;
  /**
   * Who called and what they got, so a view can list a program's calls with their results.
   * owner: the owner tag of the block operated on (the caller's pid in the kernel); null
   * for coalescing. call: the owner's how-many-th malloc, free or realloc this was (1 =
   * its first), 0 for coalesce and reclaim. size: bytes asked for (malloc, realloc) or
   * given back (free). addr: the block address returned (malloc, realloc) or freed (free);
   * null when the call failed, and for coalesce and reclaim.
   */
  owner: number | null;
  call: number;
  size: number;
  addr: number | null;
}

export type HeapOpKind = 'malloc' | 'free' | 'realloc' | 'coalesce' | 'reclaim';

export interface HeapState {
  config: HeapConfig;
  /** Every block, free or allocated, keyed by header address; together they tile the arena. */
  blocks: Record<number, Block>;
  /** Zero-byte header-less allocations, keyed by the address they returned. */
  empty: Record<number, EmptyAlloc>;
  /** List design: the free list. */
  list: FreeList;
  /** Segregated design: one free list per size class (by class index); buddy: one per block size. */
  bins: Record<number, Bin>;
  stats: HeapCounters;
  history: RingLog<HeapSample>;
  /** Per owner: how many malloc, free and realloc calls it has made (kept only while history is; dropped when it is reclaimed). */
  calls: Record<number, number>;
}
