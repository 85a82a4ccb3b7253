import { describe, expect, it } from 'vitest';
import { EINVAL, ENOMEM } from '../../../src/sim/abi/errno.ts';
import type { Placement } from '../../../src/sim/abi/heap.ts';
import { coalesceHeap, free, malloc } from '../../../src/sim/memory/heap.ts';
import type { HeapState } from '../../../src/sim/memory/types.ts';
import { expectConsistent, heapOf, listOf, TOY } from './helpers.ts';

/** Allocates 10, 20 and 30 bytes, then frees the 20: free list [[10,20],[60,40]]. */
function twoHoles(policy: Placement): HeapState {
  const heap = heapOf({ ...TOY, policy });
  expect([malloc(heap, 10, 1), malloc(heap, 20, 1), malloc(heap, 30, 1)]).toEqual([0, 10, 30]);
  expect(free(heap, 10)).toBe(0);
  expect(listOf(heap)).toEqual([
    [10, 20],
    [60, 40],
  ]);
  return heap;
}

describe('placement policies on an address-ordered list', () => {
  it('first fit takes the first block that fits and counts the blocks it looked at', () => {
    const heap = twoHoles('first');
    expect(malloc(heap, 15, 1)).toBe(10);
    expect(heap.stats.lastSearched).toBe(1);
    expect(listOf(heap)).toEqual([
      [25, 5],
      [60, 40],
    ]);
    expect(malloc(heap, 8, 1)).toBe(60);
    expect(heap.stats.lastSearched).toBe(2);
    expectConsistent(heap);
  });

  it('best fit takes the smallest block that fits, and always scans the whole list', () => {
    const heap = twoHoles('best');
    expect(malloc(heap, 15, 1)).toBe(10);
    expect(heap.stats.lastSearched).toBe(2);
    expect(malloc(heap, 30, 1)).toBe(60);
    expect(listOf(heap)).toEqual([
      [25, 5],
      [90, 10],
    ]);
  });

  it('worst fit takes the largest block', () => {
    const heap = twoHoles('worst');
    expect(malloc(heap, 15, 1)).toBe(60);
    expect(heap.stats.lastSearched).toBe(2);
    expect(listOf(heap)).toEqual([
      [10, 20],
      [75, 25],
    ]);
  });

  it('ties go to the block earlier in the list', () => {
    const heap = heapOf({ ...TOY, policy: 'best' });
    for (let i = 0; i < 5; i++) malloc(heap, 10, 1);
    free(heap, 30);
    free(heap, 10);
    expect(listOf(heap)).toEqual([
      [10, 10],
      [30, 10],
      [50, 50],
    ]);
    expect(malloc(heap, 10, 1)).toBe(10);
  });

  it('next fit resumes where the last allocation was made, and wraps around', () => {
    const heap = twoHoles('next');
    // The last allocation came from the block now at 60: next fit starts there, first fit would not.
    expect(malloc(heap, 5, 1)).toBe(60);
    expect(heap.stats.lastSearched).toBe(1);
    expect(malloc(heap, 12, 1)).toBe(65);
    expect(malloc(heap, 20, 1)).toBe(77); // [[10,20],[97,3]] now
    // The 3 bytes at 97 do not hold 15: it wraps to the block at 10, having looked at 2.
    expect(malloc(heap, 15, 1)).toBe(10);
    expect(heap.stats.lastSearched).toBe(2);
    expect(malloc(heap, 40, 1)).toBe(-ENOMEM);
    expect(heap.stats.lastSearched).toBe(2);
    expectConsistent(heap);
  });

  it('a failed search looks at every block and changes no block', () => {
    const heap = twoHoles('first');
    const before = listOf(heap);
    expect(malloc(heap, 41, 1)).toBe(-ENOMEM);
    expect(heap.stats.lastSearched).toBe(2);
    expect(heap.stats.failed).toBe(1);
    expect(listOf(heap)).toEqual(before);
  });
});

describe('splitting and block sizes', () => {
  it('rounds the payload to the alignment and adds an unaligned header', () => {
    const heap = heapOf({ ...TOY, headerSize: 3, align: 4 });
    expect(malloc(heap, 5, 1)).toBe(0); // 8 + 3
    expect(malloc(heap, 8, 1)).toBe(11); // 8 + 3
    expect(listOf(heap)).toEqual([[22, 78]]);
    expect(heap.stats.padding).toBe(3);
  });

  it('leaves a remainder below minSplit inside the allocation as padding', () => {
    const heap = heapOf({ ...TOY, size: 40, minSplit: 8 });
    expect(malloc(heap, 35, 1)).toBe(0);
    expect(listOf(heap)).toEqual([]);
    expect(heap.blocks[0].size).toBe(40);
    expect(heap.stats.padding).toBe(5);
    expectConsistent(heap);
  });

  it('a header-less zero-byte request gets the block address and owns nothing; freeing it files an empty element', () => {
    const heap = heapOf({ ...TOY, coalesce: 'list' });
    expect(malloc(heap, 0, 7)).toBe(0);
    expect(listOf(heap)).toEqual([[0, 100]]);
    expect(free(heap, 0)).toBe(0);
    // malloc.py appends [0, 0] and sorts stably by address: it goes after its equal.
    expect(listOf(heap)).toEqual([
      [0, 100],
      [0, 0],
    ]);
    expect(free(heap, 0)).toBe(-EINVAL);
    expectConsistent(heap);
  });
});

describe('free', () => {
  it('refuses a pointer that is not a block start, and a double free', () => {
    const heap = heapOf(TOY);
    const a = malloc(heap, 10, 1);
    expect(free(heap, a + 1)).toBe(-EINVAL);
    expect(free(heap, 99)).toBe(-EINVAL);
    expect(free(heap, a)).toBe(0);
    expect(free(heap, a)).toBe(-EINVAL);
  });
});

describe('list orders', () => {
  /** Three 10-byte blocks freed in the order 20, 0, 10 leave these lists (no coalescing). */
  function freedInOrder(order: 'addr' | 'lifo' | 'fifo' | 'size-asc' | 'size-desc'): [number, number][] {
    const heap = heapOf({ ...TOY, order });
    malloc(heap, 10, 1);
    malloc(heap, 10, 1);
    malloc(heap, 10, 1);
    for (const a of [20, 0, 10]) free(heap, a);
    return listOf(heap);
  }

  it('address order keeps the list sorted by address', () => {
    expect(freedInOrder('addr')).toEqual([
      [0, 10],
      [10, 10],
      [20, 10],
      [30, 70],
    ]);
  });

  it('LIFO puts each freed block at the head, FIFO at the tail', () => {
    expect(freedInOrder('lifo')).toEqual([
      [10, 10],
      [0, 10],
      [20, 10],
      [30, 70],
    ]);
    expect(freedInOrder('fifo')).toEqual([
      [30, 70],
      [20, 10],
      [0, 10],
      [10, 10],
    ]);
  });

  it('size orders are stable: equal sizes keep their order and a newcomer goes after them', () => {
    expect(freedInOrder('size-asc')).toEqual([
      [20, 10],
      [0, 10],
      [10, 10],
      [30, 70],
    ]);
    expect(freedInOrder('size-desc')).toEqual([
      [30, 70],
      [20, 10],
      [0, 10],
      [10, 10],
    ]);
  });

  it('a split remainder keeps its place until the next free re-sorts the list', () => {
    const heap = heapOf({ ...TOY, order: 'size-asc' });
    malloc(heap, 10, 1);
    malloc(heap, 30, 1);
    free(heap, 10); // [[10,30],[40,60]]
    expect(malloc(heap, 55, 1)).toBe(40);
    expect(listOf(heap)).toEqual([
      [10, 30],
      [95, 5],
    ]);
    free(heap, 0);
    expect(listOf(heap)).toEqual([
      [95, 5],
      [0, 10],
      [10, 30],
    ]);
    expectConsistent(heap);
  });
});

describe('coalescing', () => {
  /** Allocates three 10-byte blocks (0, 10, 20; free [30,70]) and frees them in the given order. */
  function freeThree(config: Parameters<typeof heapOf>[0], order: number[]): HeapState {
    const heap = heapOf({ ...TOY, ...config });
    for (let i = 0; i < 3; i++) malloc(heap, 10, 1);
    for (const a of order) free(heap, a);
    expectConsistent(heap);
    return heap;
  }

  it('immediate coalescing merges with free neighbours in memory, whatever the list order', () => {
    const heap = freeThree({ coalesce: 'immediate', order: 'lifo' }, [0, 20, 10]);
    expect(listOf(heap)).toEqual([[0, 100]]);
  });

  it('list coalescing (malloc.py) merges only list neighbours that touch in memory', () => {
    expect(listOf(freeThree({ coalesce: 'list', order: 'lifo' }, [0, 10, 20]))).toEqual([
      [20, 10],
      [10, 10],
      [0, 10],
      [30, 70],
    ]);
    expect(listOf(freeThree({ coalesce: 'list', order: 'fifo' }, [0, 10, 20]))).toEqual([
      [30, 70],
      [0, 30],
    ]);
    expect(listOf(freeThree({ coalesce: 'list', order: 'addr' }, [20, 0, 10]))).toEqual([[0, 100]]);
  });

  it('without coalescing, free neighbours stay apart until asked', () => {
    const heap = freeThree({ coalesce: 'none' }, [0, 10, 20]);
    expect(listOf(heap)).toHaveLength(4);
    expect(coalesceHeap(heap)).toBe(3);
    expect(listOf(heap)).toEqual([[0, 100]]);
    expectConsistent(heap);
  });

  it('deferred coalescing merges everything when an allocation fails, then retries', () => {
    const heap = freeThree({ coalesce: 'deferred' }, [0, 10, 20]);
    expect(malloc(heap, 80, 1)).toBe(0);
    // 4 blocks looked at in vain, then 1 after merging.
    expect(heap.stats.lastSearched).toBe(5);
    expect(listOf(heap)).toEqual([[80, 20]]);
    expectConsistent(heap);
  });
});
