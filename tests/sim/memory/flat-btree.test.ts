import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addSlot,
  createPool,
  createTree,
  NONE,
  type Pool,
  removeSlot,
  type Tree,
  type TreeOrder,
  treeFirst,
  treeFirstFit,
  treeFirstFitFrom,
  treeInsert,
  treeLastBefore,
  treeMax,
  treeProblems,
  treeRankOf,
  treeRemove,
  treeReposition,
  treeResized,
  treeSize,
  treeSlots,
  treeStep,
} from '../../../src/sim/memory/flat-btree.ts';

/**
 * The free list's B+-tree index against the plainest model of it: an array of slots kept
 * sorted by the tree's order, searched by a linear scan. Small fanouts make nodes split,
 * merge and hand the root over all the time; 64 is the fanout the allocators use.
 */

type Op =
  | { kind: 'insert'; size: number; k1: number }
  | { kind: 'remove'; pick: number }
  | { kind: 'resize'; pick: number; size: number }
  | { kind: 'query'; r: number; start: number; k1: number };

/** Ops with inserts weighted `inserts` against 7 for the rest: 12 grows trees several levels deep. */
const opsArb = (inserts: number): fc.Arbitrary<Op[]> => fc.array(fc.oneof(
  { weight: inserts, arbitrary: fc.record({ kind: fc.constant('insert' as const), size: fc.integer({ min: 0, max: 40 }), k1: fc.integer({ min: 0, max: 30 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('remove' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('resize' as const), pick: fc.nat(), size: fc.integer({ min: 0, max: 45 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('query' as const), r: fc.integer({ min: 0, max: 46 }), start: fc.nat(200), k1: fc.integer({ min: -1, max: 31 }) }) },
), { maxLength: 250 });

function reference(pool: Pool, order: TreeOrder, slots: number[]): number[] {
  const cmp = (a: number, b: number): number =>
    (order === 'size' ? pool.size[a] - pool.size[b] : 0) || pool.k1[a] - pool.k1[b] || pool.k2[a] - pool.k2[b];
  return [...slots].sort(cmp);
}

/** The model's first fit from rank `start`: slot and rank, or NONE. */
function scanFit(pool: Pool, sorted: number[], r: number, start: number): [number, number] {
  for (let i = start; i < sorted.length; i++) if (pool.size[sorted[i]] >= r) return [sorted[i], i];
  return [NONE, -1];
}

function run(order: TreeOrder, fanout: number, ops: Op[]): void {
  const pool = createPool(4, false);
  const t: Tree = createTree(pool, order, fanout);
  let live: number[] = [];
  let serial = 0;
  for (const op of ops) {
    if (op.kind === 'insert') {
      // Places (k1, k2) are unique, as the allocators' are: k2 is a sequence number.
      const s = addSlot(pool, serial, op.size, op.k1, serial++);
      const pred = treeInsert(pool, t, s);
      const sorted = reference(pool, order, [...live, s]);
      const i = sorted.indexOf(s);
      expect(pred).toBe(i === 0 ? NONE : sorted[i - 1]);
      live.push(s);
    } else if (op.kind === 'remove' && live.length > 0) {
      const s = live[op.pick % live.length];
      treeRemove(pool, t, s);
      removeSlot(pool, s);
      live = live.filter((x) => x !== s);
    } else if (op.kind === 'resize' && live.length > 0) {
      const s = live[op.pick % live.length];
      const was = pool.size[s];
      pool.size[s] = op.size;
      if (order === 'size') treeReposition(pool, t, s, was);
      else treeResized(pool, t, s, was);
    } else if (op.kind === 'query') {
      const sorted = reference(pool, order, live);
      const [fit, fitRank] = scanFit(pool, sorted, op.r, 0);
      expect(treeFirstFit(pool, t, op.r)).toBe(fit);
      if (fit !== NONE) expect(t.rank).toBe(fitRank);
      const [from, fromRank] = scanFit(pool, sorted, op.r, op.start % (sorted.length + 2));
      expect(treeFirstFitFrom(pool, t, op.start % (sorted.length + 2), op.r)).toBe(from);
      if (from !== NONE) expect(t.rank).toBe(fromRank);
      if (order === 'place') {
        // The last slot placed before (k1, k2) for the middle of the sequence numbers.
        const k2 = serial / 2;
        const below = sorted.filter((s) => pool.k1[s] < op.k1 || (pool.k1[s] === op.k1 && pool.k2[s] < k2));
        expect(treeLastBefore(pool, t, op.k1, k2)).toBe(below.length ? below[below.length - 1] : NONE);
        expect(t.rank).toBe(below.length - 1);
        expect(treeRankOf(pool, t, op.k1, k2)).toBe(below.length);
      }
    }
    const sorted = reference(pool, order, live);
    expect(treeSlots(t)).toEqual(sorted);
    expect(treeSize(t)).toBe(live.length);
    expect(treeMax(t)).toBe(live.length ? Math.max(...live.map((s) => pool.size[s])) : 0);
    expect(treeFirst(t)).toBe(sorted.length ? sorted[0] : NONE);
    expect(treeProblems(pool, t, 'tree')).toEqual([]);
    expect(sorted.map((s) => treeStep(t, s, true))).toEqual(sorted.map((_, i) => sorted[i + 1] ?? NONE));
    expect(sorted.map((s) => treeStep(t, s, false))).toEqual(sorted.map((_, i) => sorted[i - 1] ?? NONE));
  }
}

describe('the free list B+-tree index', () => {
  it('keeps order, counts, largest sizes and ranks of a sorted list, in place order', () => {
    fc.assert(
      fc.property(fc.constantFrom(4, 5, 8), fc.constantFrom(5, 12).chain(opsArb), (fanout, ops) => run('place', fanout, ops)),
      { numRuns: 300 },
    );
  });

  it('and in (size, place) order, where a resized slot is re-filed', () => {
    fc.assert(
      fc.property(fc.constantFrom(4, 5, 8), fc.constantFrom(5, 12).chain(opsArb), (fanout, ops) => run('size', fanout, ops)),
      { numRuns: 300 },
    );
  });

  it('grows to several levels and shrinks back to one leaf', () => {
    const ops: Op[] = [];
    for (let i = 0; i < 150; i++) ops.push({ kind: 'insert', size: (i * 7) % 41, k1: (i * 13) % 31 });
    ops.push({ kind: 'query', r: 40, start: 100, k1: 15 });
    for (let i = 0; i < 150; i++) ops.push({ kind: 'remove', pick: i * 3 });
    run('place', 4, ops);
  });

  it('refuses a fanout too small to split', () => {
    expect(() => createTree(createPool(4), 'place', 3)).toThrow(/fanout must be at least 4/);
  });
});
