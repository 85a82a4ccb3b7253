import { describe, expect, it } from 'vitest';
import { ENOMEM } from '../../../src/sim/abi/errno.ts';
import { createHeap, free, malloc } from '../../../src/sim/memory/heap.ts';
import { heapMetrics } from '../../../src/sim/memory/metrics.ts';
import type { HeapConfig } from '../../../src/sim/memory/types.ts';
import { binOf, expectConsistent, heapOf } from './helpers.ts';

const BUDDY = { design: 'buddy', base: 0, size: 128, headerSize: 0, align: 1, minBlock: 16, coalesce: 'immediate', historyCap: 0 } as const;

describe('binary buddy allocator', () => {
  it('halves a larger block until the request fits, filing the upper halves', () => {
    const heap = heapOf(BUDDY);
    expect(malloc(heap, 10, 1)).toBe(0);
    // Looked at the 16, 32, 64 and 128-byte lists before finding a block.
    expect(heap.stats.lastSearched).toBe(4);
    expect(binOf(heap, 16)).toEqual([[16, 16]]);
    expect(binOf(heap, 32)).toEqual([[32, 32]]);
    expect(binOf(heap, 64)).toEqual([[64, 64]]);
    expect(heap.blocks[0].size).toBe(16);
    expect(heap.stats.padding).toBe(6); // 10 bytes in a 16-byte block
    expectConsistent(heap);
  });

  it('merges a freed block with its buddy, level by level, and not with a neighbour that is not its buddy', () => {
    const heap = heapOf(BUDDY);
    const a = malloc(heap, 10, 1); // 0
    const b = malloc(heap, 20, 1); // 32
    const c = malloc(heap, 5, 1); // 16
    expect([a, b, c]).toEqual([0, 32, 16]);
    free(heap, a); // buddy 16 is in use
    expect(binOf(heap, 16)).toEqual([[0, 16]]);
    free(heap, c); // 0 and 16 merge into 0..32; its buddy 32 is in use
    expect(binOf(heap, 16)).toEqual([]);
    expect(binOf(heap, 32)).toEqual([[0, 32]]);
    free(heap, b); // 0..32 + 32..64, then + 64..128
    expect(binOf(heap, 128)).toEqual([[0, 128]]);
    expectConsistent(heap);
  });

  it('cuts an arena that is not a power of two into aligned top blocks that never merge', () => {
    const heap = heapOf({ ...BUDDY, size: 96 });
    expect(binOf(heap, 64)).toEqual([[0, 64]]);
    expect(binOf(heap, 32)).toEqual([[64, 32]]);
    expect(malloc(heap, 64, 1)).toBe(0);
    expect(malloc(heap, 32, 1)).toBe(64);
    expect(malloc(heap, 1, 1)).toBe(-ENOMEM);
    free(heap, 64);
    free(heap, 0);
    expect(binOf(heap, 64)).toEqual([[0, 64]]);
    expect(heapMetrics(heap).largestFree).toBe(64);
    expectConsistent(heap);
  });

  it('rejects an arena that is not a multiple of the smallest block', () => {
    expect(createHeap({ ...BUDDY, size: 100 })).toEqual({ error: expect.stringContaining('heap.size') });
    expect(createHeap({ ...BUDDY, minBlock: 24 })).toEqual({ error: expect.stringContaining('heap.minBlock') });
  });
});

const SEG: Partial<HeapConfig> = {
  design: 'segregated',
  base: 0,
  size: 256,
  headerSize: 0,
  align: 1,
  minSplit: 1,
  classes: [16, 32, 64],
  coalesce: 'immediate',
  historyCap: 0,
};

describe('segregated size classes', () => {
  it('files each free block in the class of its size', () => {
    const heap = heapOf(SEG);
    expect(binOf(heap, 3)).toEqual([[0, 256]]);
    expect(malloc(heap, 10, 1)).toBe(0);
    expect(heap.stats.lastSearched).toBe(1); // classes 0-2 are empty; the head of class 3
    expect(malloc(heap, 20, 1)).toBe(10);
    expect(binOf(heap, 3)).toEqual([[30, 226]]);
    free(heap, 0);
    expect(binOf(heap, 0)).toEqual([[0, 10]]);
    expectConsistent(heap);
  });

  it("scans the request's class first fit, then takes the head of a larger class", () => {
    const heap = heapOf(SEG);
    malloc(heap, 10, 1);
    malloc(heap, 20, 1);
    free(heap, 0); // class 0: [0,10]
    expect(malloc(heap, 8, 1)).toBe(0); // class 0: [8,2]
    expect(binOf(heap, 0)).toEqual([[8, 2]]);
    expect(malloc(heap, 5, 1)).toBe(30); // [8,2] is too small: 1 looked at, then the head of class 3
    expect(heap.stats.lastSearched).toBe(2);
    expectConsistent(heap);
  });

  it('coalesces freed blocks and refiles the merged block by its new size', () => {
    const heap = heapOf(SEG);
    const ptrs = [10, 10, 10].map((n) => malloc(heap, n, 1));
    free(heap, ptrs[0]);
    free(heap, ptrs[2]); // merges with the free rest above: [20,236]
    free(heap, ptrs[1]); // merges both ways
    expect(binOf(heap, 3)).toEqual([[0, 256]]);
    expect(binOf(heap, 0)).toEqual([]);
    expectConsistent(heap);
  });
});
