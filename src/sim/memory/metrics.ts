import { ENGINES } from './engines.ts';
import type { HeapState } from './types.ts';

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

export function heapMetrics(heap: HeapState): HeapMetrics {
  const s = heap.stats;
  const headerBytes = s.allocated * heap.config.headerSize;
  const inUse = s.payload + headerBytes + s.padding;
  const largestFree = ENGINES[heap.config.design].largest(heap);
  return {
    heapSize: heap.config.size,
    inUse,
    payload: s.payload,
    headerBytes,
    paddingBytes: s.padding,
    internalFragmentation: inUse === 0 ? 0 : (headerBytes + s.padding) / inUse,
    freeBytes: s.freeBytes,
    largestFree,
    externalFragmentation: s.freeBytes === 0 ? 0 : 1 - largestFree / s.freeBytes,
    freeBlocks: s.freeBlocks,
    allocatedBlocks: s.allocated,
    lastSearched: s.lastSearched,
    totalSearched: s.searched,
    peakPayload: s.peakPayload,
    utilisation: s.peakPayload / heap.config.size,
    allocs: s.allocs,
    frees: s.frees,
    reallocs: s.reallocs,
    failed: s.failed,
  };
}
