import { fc, test } from '@fast-check/vitest';
import { enablePatches, produceWithPatches } from 'immer';
import { describe, expect, it } from 'vitest';
import { approxBytes, type FrameCost, frameCost, KEYFRAME_EVERY, KeptFrames } from '../../src/main/kept-frames.ts';
import { Session } from '../../src/main/session.ts';
import { stateHash } from '../../src/sim/base/hash.ts';

enablePatches();

const cost = (values: number, spine = 0): FrameCost => ({ spine, values });

/** The frames' ticks, oldest first. */
function ticks(f: KeptFrames<number>, upTo: number): number[] {
  const out: number[] = [];
  for (let t = 0; t <= upTo; t++) if (f.has(t)) out.push(t);
  return out;
}

describe('the frames a session keeps', () => {
  it('a smaller budget set later thins and lets go at once, and the bound holds from then on', () => {
    const f = new KeptFrames<number>({ count: 1000, bytes: 10_000 });
    for (let t = 0; t < 200; t++) f.add(t, t, t === 0 ? null : cost(40));
    expect(f.bytes).toBeGreaterThan(5000);
    f.setByteLimit(1000);
    expect(f.byteLimit).toBe(1000);
    expect(f.bytes).toBeLessThanOrEqual(1000);
    expect(f.has(199)).toBe(true);
    for (let t = 200; t < 400; t++) {
      f.add(t, t, cost(40));
      expect(f.bytes).toBeLessThanOrEqual(1000);
    }
  });

  it('keeps every frame while under both bounds', () => {
    const f = new KeptFrames<number>({ count: 100, bytes: 1000 });
    for (let t = 0; t < 10; t++) f.add(t, t, t === 0 ? null : cost(10));
    expect(f.size).toBe(10);
    expect(f.bytes).toBe(90);
    expect(f.range()).toEqual({ from: 0, everyFrameFrom: 0 });
  });

  it('thins the older half to keyframes when over its bytes, keeping the newest frames whole', () => {
    // Frames whose cost is mostly copies of the same objects: thinning frees most of it.
    const f = new KeptFrames<number>({ count: 1000, bytes: 1000 });
    let t = 0;
    f.add(0, 0, null);
    while (f.range()!.everyFrameFrom === f.range()!.from) {
      t++;
      f.add(t, t, cost(1, 9));
      expect(t).toBeLessThan(1000);
    }
    expect(f.bytes).toBeLessThanOrEqual(1000);
    const range = f.range()!;
    const kept = ticks(f, t);
    // Before everyFrameFrom only keyframes remain; after it, every frame.
    const sparse = kept.filter((k) => k < range.everyFrameFrom);
    for (let i = 1; i < sparse.length; i++) expect(sparse[i] - sparse[i - 1]).toBe(KEYFRAME_EVERY);
    expect(kept.filter((k) => k >= range.everyFrameFrom)).toEqual(Array.from({ length: t + 1 - range.everyFrameFrom }, (_, i) => range.everyFrameFrom + i));
    expect(f.get(t)).toBe(t);
    // More play lets the oldest keyframes go first.
    f.add(t + 1, t + 1, cost(1, 9));
    for (let i = 0; i < 200 && f.range()!.from === range.from; i++) f.add(t + 2 + i, t + 2 + i, cost(1, 9));
    expect(f.range()!.from).toBeGreaterThan(range.from);
  });

  it('lets the oldest go when only keyframes are left and the bound is still passed', () => {
    const f = new KeptFrames<number>({ count: 1000, bytes: 100 });
    for (let t = 0; t <= 200; t++) f.add(t, t, t === 0 ? null : cost(50));
    expect(f.bytes).toBeLessThanOrEqual(100);
    expect(f.range()!.from).toBeGreaterThan(150);
    expect(f.has(200)).toBe(true);
  });

  it('holds to its count as before', () => {
    const f = new KeptFrames<number>({ count: 5, bytes: 1 << 30 });
    for (let t = 0; t < 50; t++) f.add(t, t, null);
    expect(f.size).toBeLessThanOrEqual(5);
    expect(f.has(49)).toBe(true);
  });

  test.prop(
    [
      fc.array(fc.oneof(fc.record({ add: fc.nat(500), spine: fc.nat(50) }), fc.record({ back: fc.nat(40) })), { maxLength: 300 }),
      fc.integer({ min: 2, max: 60 }),
      fc.integer({ min: 100, max: 5000 }),
    ],
    { numRuns: 300 },
  )('stays within both bounds and keeps the present, through any play and steps back', (ops, count, budget) => {
    const f = new KeptFrames<number>({ count, bytes: budget });
    let tick = 0;
    f.add(0, 0, null);
    for (const op of ops) {
      if ('back' in op) {
        tick = Math.max(0, tick - op.back);
        f.forgetAfter(tick);
        continue;
      }
      tick += 1;
      f.add(tick, tick, cost(op.add, op.spine));
      expect(f.size).toBeLessThanOrEqual(count);
      // One frame may stand alone over the budget only if it is the present.
      if (f.size > 1) expect(f.bytes).toBeLessThanOrEqual(budget);
      expect(f.get(tick)).toBe(tick);
      const range = f.range()!;
      expect(range.from).toBeLessThanOrEqual(range.everyFrameFrom);
      expect(range.everyFrameFrom).toBeLessThanOrEqual(tick);
    }
    expect(f.bytes).toBeGreaterThanOrEqual(0);
  });
});

describe('what a frame costs to keep', () => {
  it('counts each copied object once, however many changes are under it, and the values replaced', () => {
    const before = { a: { list: Array.from({ length: 100 }, (_, i) => i), n: 1 }, b: { s: 'x'.repeat(1000) } };
    const [after, patches, inverse] = produceWithPatches(before, (d) => {
      d.a.list[3] = -1;
      d.a.list[4] = -1;
      d.b.s = 'y';
    });
    const c = frameCost(after, patches, inverse);
    // The root (2 entries), a (2), a.list (100) and b (1) were copied once each.
    expect(c.spine).toBe(4 * 32 + 12 * (2 + 2 + 100 + 1));
    // The old values: two numbers and a string of 1,000 characters.
    expect(c.values).toBe(8 + 8 + 16 + 1000);
  });

  it('measures a huge value only up to its cap', () => {
    const big = Array.from({ length: 100_000 }, (_, i) => ({ i, s: `item ${i}` }));
    expect(approxBytes(big, 10_000)).toBe(10_000);
    expect(approxBytes({ a: 'abc' }, 10_000)).toBe(32 + 12 + 16 + 3);
  });
});

describe('a session with a small frame budget', () => {
  it('says how far back it steps at once, and a step back before that replays to the same state', () => {
    const s = new Session({ snapshotBytes: 100_000, timers: { now: () => 0, every: () => () => {} } });
    s.ttyInput('yes | cat > /dev/null &\n');
    const hashes = new Map<number, string>();
    for (let i = 0; i < 60; i++) {
      s.step(50);
      hashes.set(s.current.tick, stateHash(s.current));
    }
    const history = s.status().history!;
    expect(history.from).toBeGreaterThan(0);
    expect(history.everyFrameFrom).toBeGreaterThanOrEqual(history.from);
    for (const t of [50, history.from, history.everyFrameFrom, s.current.tick - 50]) {
      const tick = Math.ceil(t / 50) * 50;
      s.seek(tick);
      expect(stateHash(s.current)).toBe(hashes.get(tick));
    }
  });
});
