/**
 * The heap half of the user/kernel interface: malloc, free, realloc and heapinfo, and
 * the allocator's vocabulary that heapinfo reports in.
 */

export type HeapSyscall =
  | { op: 'malloc'; size: number }
  | { op: 'free'; ptr: number }
  | { op: 'realloc'; ptr: number; size: number }
  | { op: 'heapinfo' };

/** How free blocks are organised. */
export type HeapDesign =
  /** One free list, searched by a placement policy (OSTEP's malloc.py, K&R malloc). */
  | 'list'
  /** Binary buddy system: power-of-two blocks, split in halves and merged with their buddy. */
  | 'buddy'
  /** Segregated fits: one free list per size class; search the request's class, then larger ones. */
  | 'segregated';

/** Which free block the list design picks (the segregated design always takes the first fit in a class). */
export type Placement = 'first' | 'next' | 'best' | 'worst';

/**
 * Where a freed block goes in its free list. The sorted orders re-sort the list when a
 * block is freed; the remainder of a split keeps its old place until then, exactly as
 * malloc.py does.
 */
export type ListOrder = 'addr' | 'size-asc' | 'size-desc' | 'lifo' | 'fifo';

/**
 * When adjacent free blocks are merged.
 * - `none`: never (only on demand, with coalesceHeap).
 * - `immediate`: on free, with the neighbours in memory (boundary tags), whatever the list order.
 * - `list`: on free, one pass over the free list that merges each block into the one before
 *   it when they touch in memory (malloc.py's rule: full coalescing under address order,
 *   only list neighbours otherwise). List design only.
 * - `deferred`: never on free; all at once when an allocation fails (then the search is
 *   retried), or on demand.
 */
export type Coalescing = 'none' | 'immediate' | 'list' | 'deferred';

/**
 * The figures a heap view shows after every step, derived from the running counters in
 * HeapState (kept exact by every operation) and the free index, so computing them costs
 * O(1) for the list and buddy designs. Always: payload + headerBytes + paddingBytes +
 * freeBytes = heapSize.
 */
export interface HeapMetrics {
  heapSize: number;
  /** Bytes held by allocated blocks: payload + headers + padding. */
  inUse: number;
  /** Bytes the owners asked for. */
  payload: number;
  /** Header bytes of allocated blocks. */
  headerBytes: number;
  /** Alignment padding, unsplit remainders and buddy rounding inside allocated blocks. */
  paddingBytes: number;
  /** (headers + padding) / inUse: the share of allocated bytes that is not payload. */
  internalFragmentation: number;
  freeBytes: number;
  largestFree: number;
  /** 1 - largestFree / freeBytes: how much free memory is unusable for one large request. */
  externalFragmentation: number;
  freeBlocks: number;
  allocatedBlocks: number;
  /** Free-list elements examined by the latest operation, and in total. */
  lastSearched: number;
  totalSearched: number;
  peakPayload: number;
  /** Peak payload / heap size: how much of the arena the workload ever put to use. */
  utilisation: number;
  allocs: number;
  frees: number;
  reallocs: number;
  failed: number;
}

/** What heapinfo reports: the metrics, and the allocator they describe. */
export interface HeapInfo extends HeapMetrics {
  design: HeapDesign;
  policy: Placement;
  order: ListOrder;
  coalesce: Coalescing;
  base: number;
  headerSize: number;
  align: number;
  /** The arena in pages of the machine's page size: how many it spans, and how many hold part of an allocated block. */
  pageSize: number;
  pages: number;
  pagesInUse: number;
  /** The caller's heap region in pages (its break above the heap's start), and how many of them are in memory. */
  heapPagesMapped: number;
  heapPagesResident: number;
}

export type HeapSyscallResult = HeapInfo;
