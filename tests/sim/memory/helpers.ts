import { expect } from 'vitest';
import { binBlocks } from '../../../src/sim/memory/bin.ts';
import { checkHeap } from '../../../src/sim/memory/check.ts';
import { createHeap } from '../../../src/sim/memory/heap.ts';
import type { HeapConfig, HeapState } from '../../../src/sim/memory/types.ts';

/** malloc.py's toy heap: 100 bytes at 0, no header, no alignment, any remainder split off. */
export const TOY: Partial<HeapConfig> = { base: 0, size: 100, headerSize: 0, align: 1, minSplit: 1, coalesce: 'none', historyCap: 0 };

export function heapOf(config: Partial<HeapConfig>): HeapState {
  const heap = createHeap(config);
  if ('error' in heap) throw new Error(heap.error);
  return heap;
}

/** The list design's free list as [addr, size] pairs, head first. */
export function listOf(heap: HeapState): [number, number][] {
  return binBlocks(heap.blocks, heap.list).map((b) => [b.addr, b.size]);
}

/** A bin's blocks as [addr, size] pairs. */
export function binOf(heap: HeapState, key: number): [number, number][] {
  return binBlocks(heap.blocks, heap.bins[key]).map((b) => [b.addr, b.size]);
}

export function expectConsistent(heap: HeapState): void {
  expect(checkHeap(heap)).toEqual([]);
}
