import { describe, expect, it } from 'vitest';
import { logItems } from '../../../src/sim/base/ringlog.ts';
import { EINVAL, ENOMEM } from '../../../src/sim/abi/errno.ts';
import { free, malloc, ownerOf, payloadOf, realloc, reclaimOwner } from '../../../src/sim/memory/heap.ts';
import { heapMetrics } from '../../../src/sim/memory/metrics.ts';
import { expectConsistent, heapOf, listOf } from './helpers.ts';

/** 256 bytes at 0 with 8-byte headers and alignment: a 16-byte request takes a 24-byte block. */
const REAL = { base: 0, size: 256, headerSize: 8, align: 8, minSplit: 16, coalesce: 'immediate', historyCap: 0 } as const;

describe('realloc', () => {
  it('grows in place into a free block above, moving that block up', () => {
    const heap = heapOf(REAL);
    malloc(heap, 16, 1);
    const b = malloc(heap, 16, 2);
    expect(listOf(heap)).toEqual([[48, 208]]);
    expect(realloc(heap, b, 40)).toBe(24);
    expect(heap.blocks[24]).toMatchObject({ size: 48, request: 40, owner: 2 });
    expect(listOf(heap)).toEqual([[72, 184]]);
    expect(heap.stats.lastSearched).toBe(0);
    expectConsistent(heap);
  });

  it('moves a block it cannot grow, for the same owner, and frees the old one', () => {
    const heap = heapOf(REAL);
    const a = malloc(heap, 16, 3);
    malloc(heap, 16, 4);
    expect(realloc(heap, a, 100)).toBe(48);
    expect(ownerOf(heap, 48)).toBe(3);
    expect(ownerOf(heap, a)).toBeNull();
    expect(listOf(heap)).toEqual([
      [0, 24],
      [160, 96],
    ]);
    expectConsistent(heap);
  });

  it('shrinks in place, freeing the tail and merging it with a free block above', () => {
    const heap = heapOf(REAL);
    const a = malloc(heap, 100, 1); // 112 bytes
    expect(realloc(heap, a, 10)).toBe(0);
    expect(heap.blocks[0]).toMatchObject({ size: 24, request: 10 });
    expect(listOf(heap)).toEqual([[24, 232]]);
    expectConsistent(heap);
  });

  it('leaves the block untouched when there is no room, as realloc(3) does', () => {
    const heap = heapOf(REAL);
    const a = malloc(heap, 16, 1);
    malloc(heap, 16, 1);
    expect(realloc(heap, a, 300)).toBe(-ENOMEM);
    expect(heap.blocks[a]).toMatchObject({ free: false, owner: 1, request: 16, size: 24 });
    expect(realloc(heap, a + 1, 8)).toBe(-EINVAL);
    expect(realloc(heap, a, -1)).toBe(-EINVAL);
    expectConsistent(heap);
  });
});

describe('metrics', () => {
  it('splits the arena into payload, headers, padding and free bytes', () => {
    const heap = heapOf(REAL);
    malloc(heap, 10, 1); // 16 payload+padding + 8 header
    malloc(heap, 16, 1);
    const m = heapMetrics(heap);
    expect(m).toMatchObject({ payload: 26, headerBytes: 16, paddingBytes: 6, inUse: 48, freeBytes: 208, largestFree: 208 });
    expect(m.payload + m.headerBytes + m.paddingBytes + m.freeBytes).toBe(m.heapSize);
    expect(m.internalFragmentation).toBeCloseTo(22 / 48);
    expect(m.externalFragmentation).toBe(0);
    expect(m.utilisation).toBeCloseTo(26 / 256);
  });

  it('measures external fragmentation as 1 - largest free block / free bytes', () => {
    const heap = heapOf({ ...REAL, size: 96, headerSize: 0 });
    const ptrs = [16, 16, 16, 16, 16, 16].map((n) => malloc(heap, n, 1));
    free(heap, ptrs[0]);
    free(heap, ptrs[2]);
    free(heap, ptrs[4]);
    const m = heapMetrics(heap);
    expect(m.freeBlocks).toBe(3);
    expect(m.largestFree).toBe(16);
    expect(m.externalFragmentation).toBeCloseTo(1 - 16 / 48);
    expect(malloc(heap, 32, 1)).toBe(-ENOMEM); // 48 bytes free, but not 32 in one piece
  });

  it('keeps the peak payload after frees, for utilisation', () => {
    const heap = heapOf(REAL);
    const a = malloc(heap, 100, 1);
    free(heap, a);
    malloc(heap, 10, 1);
    expect(heapMetrics(heap).utilisation).toBeCloseTo(100 / 256);
  });

  it('records a sample per operation for the fragmentation chart', () => {
    const heap = heapOf({ ...REAL, historyCap: 2 });
    const a = malloc(heap, 10, 1);
    free(heap, a);
    malloc(heap, 999, 1);
    const samples = logItems(heap.history);
    expect(samples.map((s) => [s.op, s.ok])).toEqual([
      ['free', true],
      ['malloc', false],
    ]);
  });
});

describe('owners', () => {
  it('reclaims every block of one owner, in address order, and leaves the others', () => {
    const heap = heapOf(REAL);
    const a = malloc(heap, 10, 5);
    const b = malloc(heap, 20, 6);
    const c = malloc(heap, 30, 5);
    expect(reclaimOwner(heap, 5)).toEqual([
      { addr: a, size: 24, request: 10 },
      { addr: c, size: 40, request: 30 },
    ]);
    expect(ownerOf(heap, b)).toBe(6);
    expect(heapMetrics(heap).payload).toBe(20);
    expect(payloadOf(heap, b)).toBe(b + 8);
    expectConsistent(heap);
  });
});
