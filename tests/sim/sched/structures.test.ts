import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPidQueue, popFront, pushBack, pushFront, queueHas, queuePids, removePid } from '../../../src/sim/sched/pidqueue.ts';
import { createRbTree, type RbTree, rbHas, rbIds, rbInsert, rbPopFirst, rbRemove } from '../../../src/sim/sched/rbtree.ts';
import { createTicketPool, holderOf, releaseSlot, setTickets, ticketsBefore } from '../../../src/sim/sched/ticketpool.ts';

/** Checks the red-black rules and the links; returns the black height. */
function checkRb(t: RbTree): void {
  const n = t.nodes;
  if (t.root !== null) {
    expect(n[t.root].parent).toBeNull();
    expect(n[t.root].red).toBe(false);
  }
  let count = 0;
  const walk = (id: number | null, lo: number | null): number => {
    if (id === null) return 1;
    count++;
    const node = n[id];
    for (const child of [node.left, node.right]) if (child !== null) expect(n[child].parent).toBe(id);
    if (node.red) for (const child of [node.left, node.right]) if (child !== null) expect(n[child].red).toBe(false);
    const l = walk(node.left, lo);
    const r = walk(node.right, id);
    expect(l).toBe(r);
    return l + (node.red ? 0 : 1);
  };
  walk(t.root, null);
  expect(count).toBe(t.size);
  const ids = rbIds(t);
  expect(ids.length).toBe(t.size);
  expect(t.first).toBe(ids.length ? ids[0] : null);
  expect(t.last).toBe(ids.length ? ids[ids.length - 1] : null);
  for (let i = 1; i < ids.length; i++) {
    const a = n[ids[i - 1]];
    const b = n[ids[i]];
    expect(a.key < b.key || (a.key === b.key && (a.tie < b.tie || (a.tie === b.tie && ids[i - 1] < ids[i])))).toBe(true);
  }
}

const op = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), id: fc.integer({ min: 1, max: 40 }), key: fc.integer({ min: 0, max: 10 }), tie: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ kind: fc.constant('remove' as const), id: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('pop' as const) }),
);

describe('red-black tree', () => {
  it('keeps its invariants and the same order as a sorted list, through any inserts and removes', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
        const t = createRbTree();
        const model = new Map<number, [number, number]>();
        const sorted = () =>
          [...model.entries()].sort((a, b) => a[1][0] - b[1][0] || a[1][1] - b[1][1] || a[0] - b[0]).map(([id]) => id);
        for (const o of ops) {
          if (o.kind === 'insert') {
            rbInsert(t, o.id, o.key, o.tie);
            model.set(o.id, [o.key, o.tie]);
          } else if (o.kind === 'remove') {
            expect(rbRemove(t, o.id)).toBe(model.delete(o.id));
          } else {
            const want = sorted()[0] ?? null;
            expect(rbPopFirst(t)).toBe(want);
            if (want !== null) model.delete(want);
          }
          checkRb(t);
          expect(rbIds(t)).toEqual(sorted());
        }
        for (const id of model.keys()) expect(rbHas(t, id)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

describe('pid queue', () => {
  it('behaves as a list: push at either end, pop, remove anywhere', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('back', 'front', 'pop', 'remove'), fc.integer({ min: 1, max: 12 })), { maxLength: 100 }), (ops) => {
        const q = createPidQueue();
        let model: number[] = [];
        for (const [kind, pid] of ops) {
          if (kind === 'back' && !model.includes(pid)) model.push(pid);
          if (kind === 'front' && !model.includes(pid)) model.unshift(pid);
          if (kind === 'back') pushBack(q, pid);
          if (kind === 'front') pushFront(q, pid);
          if (kind === 'pop') expect(popFront(q)).toBe(model.shift() ?? null);
          if (kind === 'remove') {
            expect(removePid(q, pid)).toBe(model.includes(pid));
            model = model.filter((p) => p !== pid);
          }
          expect(queuePids(q)).toEqual(model);
          expect(q.size).toBe(model.length);
          for (let p = 1; p <= 12; p++) expect(queueHas(q, p)).toBe(model.includes(p));
        }
      }),
    );
  });

  it('writes as JSON with only the queued pids', () => {
    const q = createPidQueue();
    for (const pid of [3, 4, 5]) pushBack(q, pid);
    removePid(q, 4);
    expect(JSON.parse(JSON.stringify(q))).toEqual({ head: 3, tail: 5, next: { 3: 5, 5: null }, prev: { 3: null, 5: 3 }, size: 2 });
  });
});

describe('ticket pool', () => {
  it('finds the holder of ticket w as the first slot whose running sum exceeds w', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 0, max: 50 }), fc.boolean()), { maxLength: 80 }),
        fc.nat(),
        (ops, w0) => {
          const p = createTicketPool(2);
          const order: number[] = [];
          const tickets = new Map<number, number>();
          for (const [pid, n, release] of ops) {
            if (release) {
              releaseSlot(p, pid);
              tickets.delete(pid);
              const i = order.indexOf(pid);
              if (i >= 0) order.splice(i, 1);
            } else {
              setTickets(p, pid, n);
              if (!tickets.has(pid)) order.push(pid);
              tickets.set(pid, n);
            }
          }
          const total = order.reduce((a, pid) => a + (tickets.get(pid) ?? 0), 0);
          expect(p.total).toBe(total);
          if (total === 0) {
            expect(holderOf(p, 0)).toBeNull();
            return;
          }
          const w = w0 % total;
          let acc = 0;
          const want = order.find((pid) => (acc += tickets.get(pid)!) > w);
          const got = holderOf(p, w)!;
          expect(got).toBe(want);
          expect(ticketsBefore(p, got)).toBe(acc - tickets.get(got)!);
        },
      ),
    );
  });
});
