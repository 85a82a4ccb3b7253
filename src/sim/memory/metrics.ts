import type { HeapMetrics } from '../abi/heap.ts';
import { ENGINES } from './engines.ts';
import type { HeapState } from './types.ts';

/** The heap's figures now (see HeapMetrics for what each one means). */
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
