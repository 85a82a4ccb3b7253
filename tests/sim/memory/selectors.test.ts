import { describe, expect, it } from 'vitest';
import { free, malloc } from '../../../src/sim/memory/heap.ts';
import { replayTrace } from '../../../src/sim/memory/replay.ts';
import { emptyAllocations, freeLists, heapBlocks, metricsHistory, replaySeries, usageByOwner } from '../../../src/sim/memory/selectors.ts';
import { heapOf } from './helpers.ts';

describe('heap view selectors', () => {
  it('lays out the arena in address order with header, payload, padding and free-list position', () => {
    const heap = heapOf({ base: 0, size: 128, headerSize: 8, align: 8, minSplit: 16, order: 'lifo', coalesce: 'none' });
    const a = malloc(heap, 5, 7);
    const b = malloc(heap, 16, 8);
    malloc(heap, 16, 7);
    free(heap, a);
    free(heap, b);
    expect(heapBlocks(heap)).toEqual([
      { addr: 0, size: 16, free: true, owner: null, header: 0, payload: 0, padding: 0, freeList: 'free list, LIFO (insert at head)', freeIndex: 1 },
      { addr: 16, size: 24, free: true, owner: null, header: 0, payload: 0, padding: 0, freeList: 'free list, LIFO (insert at head)', freeIndex: 0 },
      { addr: 40, size: 24, free: false, owner: 7, header: 8, payload: 16, padding: 0, freeList: null, freeIndex: null },
      { addr: 64, size: 64, free: true, owner: null, header: 0, payload: 0, padding: 0, freeList: 'free list, LIFO (insert at head)', freeIndex: 2 },
    ]);
    expect(usageByOwner(heap)).toEqual([{ owner: 7, blocks: 1, bytes: 24, payload: 16 }]);
  });

  it('labels segregated classes and buddy block sizes', () => {
    const seg = heapOf({ design: 'segregated', base: 0, size: 256, classes: [16, 64] });
    expect(freeLists(seg).map((l) => [l.label, l.blocks])).toEqual([
      ['<= 16 B', []],
      ['17-64 B', []],
      ['> 64 B', [{ addr: 0, size: 256 }]],
    ]);
    const buddy = heapOf({ design: 'buddy', base: 0, size: 64, headerSize: 0, minBlock: 32 });
    malloc(buddy, 1, 1);
    expect(freeLists(buddy).map((l) => [l.label, l.blocks.length])).toEqual([
      ['32 B blocks', 1],
      ['64 B blocks', 0],
    ]);
  });

  it('lists zero-byte allocations and the metric history', () => {
    const heap = heapOf({ base: 0, size: 64, headerSize: 0, align: 1, historyCap: 10 });
    malloc(heap, 0, 3);
    expect(emptyAllocations(heap)).toEqual([{ addr: 0, owner: 3 }]);
    malloc(heap, 10, 3);
    expect(metricsHistory(heap).map((s) => [s.op, s.payload, s.freeBlocks])).toEqual([
      ['malloc', 0, 1],
      ['malloc', 10, 1],
    ]);
  });

  it('turns a replay into chart points', () => {
    const r = replayTrace({ base: 0, size: 100, headerSize: 0, align: 1, minSplit: 1, coalesce: 'none' }, [
      { kind: 'alloc', id: 0, size: 30 },
      { kind: 'alloc', id: 1, size: 30 },
      { kind: 'free', id: 0 },
    ]);
    if ('error' in r) throw new Error(r.error);
    expect(replaySeries(r.steps)).toEqual([
      { index: 0, inUse: 30, freeBytes: 70, largestFree: 70, externalFragmentation: 0, searched: 1 },
      { index: 1, inUse: 60, freeBytes: 40, largestFree: 40, externalFragmentation: 0, searched: 1 },
      { index: 2, inUse: 30, freeBytes: 70, largestFree: 40, externalFragmentation: 1 - 40 / 70, searched: 0 },
    ]);
  });
});
