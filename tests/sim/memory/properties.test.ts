import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EINVAL, ENOMEM } from '../../../src/sim/abi/errno.ts';
import { binBlocks } from '../../../src/sim/memory/bin.ts';
import { adjacentFreePairs, checkHeap } from '../../../src/sim/memory/check.ts';
import { blockSizeFor, COALESCING, LIST_ORDERS, PLACEMENTS } from '../../../src/sim/memory/config.ts';
import { coalesceHeap, createHeap, free, malloc, ownerOf, realloc } from '../../../src/sim/memory/heap.ts';
import { heapMetrics } from '../../../src/sim/memory/metrics.ts';
import type { Block, HeapConfig, HeapState } from '../../../src/sim/memory/types.ts';

type Design = HeapConfig['design'];

/** A random but valid configuration: aligned base and headers, so payloads must come out aligned. */
const configOf = (...designs: Design[]): fc.Arbitrary<Partial<HeapConfig>> =>
  fc
  .record({
    design: fc.constantFrom(...designs),
    policy: fc.constantFrom(...PLACEMENTS),
    order: fc.constantFrom(...LIST_ORDERS),
    coalesce: fc.constantFrom(...COALESCING),
    alignLog: fc.integer({ min: 0, max: 4 }),
    headerUnits: fc.integer({ min: 0, max: 2 }),
    baseUnits: fc.integer({ min: 0, max: 64 }),
    units: fc.integer({ min: 4, max: 160 }),
    minSplit: fc.integer({ min: 1, max: 24 }),
  })
  .map((r) => {
    const align = 2 ** r.alignLog;
    const headerSize = r.headerUnits * align;
    const coalesce = r.coalesce === 'list' && r.design !== 'list' ? 'immediate' : r.coalesce;
    const minBlock = Math.max(16, 2 ** Math.ceil(Math.log2(headerSize + 1)), align);
    const size = r.design === 'buddy' ? minBlock * Math.max(1, r.units >> 2) : r.units * 8 + r.alignLog;
    return { design: r.design, policy: r.policy, order: r.order, coalesce, align, headerSize, base: r.baseUnits * align, size, minBlock, minSplit: r.minSplit, historyCap: 4 };
  });

type Op =
  | { kind: 'alloc'; size: number }
  | { kind: 'free'; pick: number }
  | { kind: 'realloc'; pick: number; size: number }
  | { kind: 'badFree'; addr: number }
  | { kind: 'coalesce' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('alloc' as const), size: fc.integer({ min: 0, max: 200 }) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('free' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('realloc' as const), pick: fc.nat(), size: fc.integer({ min: 0, max: 300 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('badFree' as const), addr: fc.integer({ min: -8, max: 5000 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('coalesce' as const) }) },
);

interface Live {
  addr: number;
  owner: number;
  size: number;
}

/** Every check a step must pass, whatever the design. */
function expectSound(heap: HeapState): void {
  expect(checkHeap(heap)).toEqual([]);
  const m = heapMetrics(heap);
  expect(m.payload + m.headerBytes + m.paddingBytes + m.freeBytes).toBe(heap.config.size);
  if (heap.config.coalesce !== 'immediate') return;
  if (heap.config.design === 'buddy') {
    for (const key in heap.blocks) {
      const b = heap.blocks[key];
      const buddy = heap.blocks[heap.config.base + ((b.addr - heap.config.base) ^ b.size)];
      expect(Boolean(b.free && buddy?.free && buddy.size === b.size && buddy !== b)).toBe(false);
    }
  } else expect(adjacentFreePairs(heap)).toEqual([]);
}

function expectPlaced(heap: HeapState, l: Live): void {
  const { base, size, headerSize, align } = heap.config;
  expect(ownerOf(heap, l.addr)).toBe(l.owner);
  expect(l.addr).toBeGreaterThanOrEqual(base);
  expect((l.addr + headerSize - base) % align).toBe(0);
  const b = heap.blocks[l.addr];
  if (heap.empty[l.addr]) {
    expect(l.addr).toBeLessThanOrEqual(base + size);
    return;
  }
  expect(b.request).toBe(l.size);
  expect(b.size).toBeGreaterThanOrEqual(blockSizeFor(heap.config, l.size));
  expect(l.addr + b.size).toBeLessThanOrEqual(base + size);
}

/**
 * A header-less zero-byte allocation owns no memory, so a later block can start at its
 * address; a pointer names one allocation, and the older one is forgotten.
 */
function supersede(live: Live[], addr: number): void {
  for (let i = live.length - 1; i >= 0; i--) if (live[i].addr === addr) live.splice(i, 1);
}

function run(config: Partial<HeapConfig>, ops: Op[]): void {
  const heap = createHeap(config);
  if ('error' in heap) throw new Error(heap.error);
  const live: Live[] = [];
  let owner = 1;
  for (const op of ops) {
    if (op.kind === 'alloc') {
      const addr = malloc(heap, op.size, owner);
      if (addr >= 0) {
        supersede(live, addr);
        live.push({ addr, owner, size: op.size });
        expectPlaced(heap, live.at(-1)!);
      } else expect(addr).toBe(-ENOMEM);
      owner = (owner % 3) + 1;
    } else if (op.kind === 'free' && live.length > 0) {
      const [l] = live.splice(op.pick % live.length, 1);
      expect(free(heap, l.addr)).toBe(0);
    } else if (op.kind === 'realloc' && live.length > 0) {
      const l = live[op.pick % live.length];
      const got = realloc(heap, l.addr, op.size);
      if (got >= 0) {
        if (got !== l.addr) expect(ownerOf(heap, l.addr)).toBeNull();
        live.splice(live.indexOf(l), 1);
        supersede(live, got);
        live.push(l);
        l.addr = got;
        l.size = op.size;
      } else expect(got).toBe(-ENOMEM);
      expectPlaced(heap, l);
    } else if (op.kind === 'badFree' && !live.some((l) => l.addr === op.addr)) {
      const before = structuredClone(heap);
      expect(free(heap, op.addr)).toBe(-EINVAL);
      expect(heap).toEqual(before);
    } else if (op.kind === 'coalesce') {
      coalesceHeap(heap);
    }
    expectSound(heap);
  }
  for (const l of live) expectPlaced(heap, l);
}

describe('allocator properties over random traces', () => {
  it('keeps every invariant for every design, policy, order and coalescing mode', () => {
    fc.assert(
      fc.property(configOf('list', 'buddy', 'segregated'), fc.array(opArb, { maxLength: 80 }), (config, ops) => run(config, ops)),
      { numRuns: 300 },
    );
  });

  for (const design of ['list', 'buddy', 'segregated'] as const) {
    it(`${design}: blocks never overlap, pointers are aligned, bad frees change nothing`, () => {
      fc.assert(
        fc.property(configOf(design), fc.array(opArb, { maxLength: 120 }), (config, ops) => run(config, ops)),
        { numRuns: 100 },
      );
    });
  }
});

/** What a linear scan of the free list would pick and how many elements it would look at. */
function referenceSearch(heap: HeapState, r: number): { addr: number; searched: number } {
  const list = binBlocks(heap.blocks, heap.list);
  const fits = (b: Block) => b.size >= r;
  const policy = heap.config.policy;
  if (policy === 'first' || policy === 'next') {
    const rover = heap.list.rover;
    const start = policy === 'next' && rover ? list.filter((b) => b.k1 < rover.k1 || (b.k1 === rover.k1 && b.k2 < rover.k2)).length : 0;
    for (let i = 0; i < list.length; i++) {
      const b = list[(start + i) % list.length];
      if (fits(b)) return { addr: b.addr, searched: i + 1 };
    }
    return { addr: -1, searched: list.length };
  }
  let pick: Block | null = null;
  for (const b of list) {
    if (!fits(b)) continue;
    if (!pick || (policy === 'best' ? b.size < pick.size : b.size > pick.size)) pick = b;
  }
  return { addr: pick ? pick.addr : -1, searched: list.length };
}

describe('indexed search lengths equal a linear scan of the list', () => {
  const longRun = fc.record({
    policy: fc.constantFrom(...PLACEMENTS),
    order: fc.constantFrom(...LIST_ORDERS),
    coalesce: fc.constantFrom('none', 'list', 'immediate'),
    ops: fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 1, max: 40 }), fc.nat()), { minLength: 100, maxLength: 600 }),
  });
  it('for every policy and order, on lists long enough to index by size', () => {
    fc.assert(
      fc.property(longRun, ({ policy, order, coalesce, ops }) => {
        const heap = createHeap({ base: 0, size: 30000, headerSize: 1, align: 1, minSplit: 1, policy, order, coalesce, historyCap: 0 });
        if ('error' in heap) throw new Error(heap.error);
        const live: number[] = [];
        for (const [grow, size, pick] of ops) {
          if (grow || live.length < 2) {
            const want = referenceSearch(heap, size + 1);
            const addr = malloc(heap, size, 1);
            expect([addr < 0 ? -1 : addr, heap.stats.lastSearched]).toEqual([want.addr, want.searched]);
            if (addr >= 0) live.push(addr);
          } else {
            free(heap, live.splice(pick % live.length, 1)[0]);
          }
        }
        expect(checkHeap(heap)).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });
});

describe('the free-list index is derived data', () => {
  const trace = fc.record({
    policy: fc.constantFrom(...PLACEMENTS),
    order: fc.constantFrom(...LIST_ORDERS),
    coalesce: fc.constantFrom(...COALESCING),
    headerSize: fc.constantFrom(0, 1),
    ops: fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 40 }), fc.nat()), { minLength: 50, maxLength: 300 }),
  });
  it('a copy of the state, which builds its own index, goes on exactly as the heap with the live index', () => {
    fc.assert(
      fc.property(trace, ({ policy, order, coalesce, headerSize, ops }) => {
        const live = createHeap({ base: 0, size: 8000, headerSize, align: 1, minSplit: 1, policy, order, coalesce, historyCap: 0 });
        if ('error' in live) throw new Error(live.error);
        const ptrs: number[] = [];
        for (const [grow, size, pick] of ops) {
          // A fresh copy each step, as a restored snapshot or a replay would hand over.
          const copy = structuredClone(live);
          if (grow || ptrs.length < 2) {
            const addr = malloc(live, size, 1);
            expect(malloc(copy, size, 1)).toBe(addr);
            if (addr >= 0) ptrs.push(addr);
          } else {
            const addr = ptrs.splice(pick % ptrs.length, 1)[0];
            expect(free(copy, addr)).toBe(free(live, addr));
          }
          expect(copy).toEqual(live);
          expect(checkHeap(live)).toEqual([]);
        }
      }),
      { numRuns: 60 },
    );
  });
});
