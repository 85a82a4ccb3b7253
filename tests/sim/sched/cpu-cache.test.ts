import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CacheParams,
  cacheDispatch,
  cacheForget,
  cacheProblems,
  cacheRan,
  createCache,
  isWarm,
  isWarming,
  ticksUntilWarm,
  workRate,
} from '../../../src/sim/sched/cpu-cache.ts';

const sizes: Record<number, number> = { 1: 50, 2: 50, 3: 30, 4: 150, 5: 0 };
const ws = (job: number) => sizes[job];
const P: CacheParams = { size: 100, warmupTime: 10, warmRate: 2 };

describe('a CPU cache', () => {
  it('warms a dispatched job after warmupTime ticks of running, and only then runs it fast', () => {
    const c = createCache();
    cacheDispatch(c, P, 1, ws);
    expect(isWarming(c, 1)).toBe(true);
    expect(workRate(c, P, 1)).toBe(1);
    expect(ticksUntilWarm(c, 1)).toBe(10);
    cacheRan(c, P, 1, 9, ws);
    expect(isWarm(c, 1)).toBe(false);
    expect(ticksUntilWarm(c, 1)).toBe(1);
    cacheRan(c, P, 1, 1, ws);
    expect(isWarm(c, 1)).toBe(true);
    expect(workRate(c, P, 1)).toBe(2);
    expect(ticksUntilWarm(c, 1)).toBeNull();
  });

  it('keeps a warming job its countdown when it is dispatched again', () => {
    const c = createCache();
    cacheDispatch(c, P, 1, ws);
    cacheRan(c, P, 1, 4, ws);
    cacheDispatch(c, P, 1, ws);
    expect(ticksUntilWarm(c, 1)).toBe(6);
  });

  it('is warm at once with no warm-up time, and newest first', () => {
    const c = createCache();
    const p = { ...P, warmupTime: 0 };
    cacheDispatch(c, p, 1, ws);
    cacheDispatch(c, p, 3, ws);
    expect(c.warm).toEqual([3, 1]);
    expect(c.used).toBe(80);
  });

  it('pushes the oldest warm job back to warming when the warm sets no longer fit', () => {
    const c = createCache();
    const p = { ...P, warmupTime: 0 };
    cacheDispatch(c, p, 1, ws);
    cacheDispatch(c, p, 2, ws);
    cacheDispatch(c, p, 3, ws);
    expect(c.warm).toEqual([3, 2]);
    expect(c.warming).toEqual([{ job: 1, left: 0 }]);
    expect(c.used).toBe(80);
    // A countdown of 0 still needs a tick of running to turn warm.
    expect(ticksUntilWarm(c, 1)).toBe(1);
    cacheRan(c, p, 1, 1, ws);
    expect(c.warm).toEqual([1, 3]);
    expect(c.warming).toEqual([{ job: 2, left: 0 }]);
  });

  it('pushes out a job larger than the whole cache the moment it turns warm', () => {
    const c = createCache();
    cacheDispatch(c, P, 4, ws);
    cacheRan(c, P, 4, 10, ws);
    expect(isWarm(c, 4)).toBe(false);
    expect(c.warming).toEqual([{ job: 4, left: 10 }]);
    expect(c.used).toBe(0);
  });

  it('forgets an exited job whether it was warm or warming', () => {
    const c = createCache();
    const p = { ...P, warmupTime: 0 };
    cacheDispatch(c, p, 1, ws);
    cacheForget(c, 1, ws);
    expect(c).toEqual(createCache());
    cacheDispatch(c, P, 2, ws);
    cacheForget(c, 2, ws);
    expect(c).toEqual(createCache());
  });

  it('names what is wrong with an inconsistent cache', () => {
    expect(cacheProblems({ warm: [1, 2, 4], warming: [{ job: 1, left: 3 }], used: 7 }, P, ws)).toEqual([
      'used is 7, but the warm working sets sum to 250',
      'warm working sets (250) exceed the cache (100)',
      'job 1 is both warm and warming',
    ]);
  });

  // Any sequence of dispatches and runs keeps the invariants: the warm sets fit the cache,
  // `used` is their sum, no job is twice in a list or in both, no countdown exceeds the warm-up.
  it('keeps its invariants under any sequence of dispatches, runs and exits', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('dispatch' as const), job: fc.integer({ min: 1, max: 8 }) }),
      fc.record({ kind: fc.constant('run' as const), job: fc.integer({ min: 1, max: 8 }), ticks: fc.integer({ min: 1, max: 12 }) }),
      fc.record({ kind: fc.constant('forget' as const), job: fc.integer({ min: 1, max: 8 }) }),
    );
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 120 }), { minLength: 8, maxLength: 8 }),
        fc.integer({ min: 0, max: 150 }),
        fc.integer({ min: 0, max: 6 }),
        fc.array(op, { maxLength: 60 }),
        (setSizes, size, warmupTime, ops) => {
          const wsOf = (j: number) => setSizes[j - 1];
          const p: CacheParams = { size, warmupTime, warmRate: 3 };
          const c = createCache();
          for (const o of ops) {
            if (o.kind === 'dispatch') cacheDispatch(c, p, o.job, wsOf);
            else if (o.kind === 'forget') cacheForget(c, o.job, wsOf);
            else {
              // Run as a caller does: never past the point where the cache changes.
              const until = ticksUntilWarm(c, o.job);
              const wasWarm = isWarm(c, o.job);
              cacheRan(c, p, o.job, until === null ? o.ticks : Math.min(o.ticks, until), wsOf);
              // A warm job stays warm while it runs (only a job turning warm pushes others out).
              if (wasWarm) expect(isWarm(c, o.job)).toBe(true);
            }
            expect(cacheProblems(c, p, wsOf)).toEqual([]);
          }
        },
      ),
    );
  });

  it('turns a warming job warm after exactly warmupTime ticks of running, one at a time or all at once', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20 }), (warmupTime) => {
        const p = { ...P, warmupTime, size: 1000 };
        const one = createCache();
        const all = createCache();
        cacheDispatch(one, p, 1, ws);
        cacheDispatch(all, p, 1, ws);
        if (warmupTime === 0) {
          expect(isWarm(one, 1)).toBe(true);
          return;
        }
        let ticks = 0;
        while (!isWarm(one, 1)) {
          cacheRan(one, p, 1, 1, ws);
          ticks++;
        }
        expect(ticks).toBe(warmupTime);
        cacheRan(all, p, 1, ticksUntilWarm(all, 1)!, ws);
        expect(all).toEqual(one);
      }),
    );
  });
});
