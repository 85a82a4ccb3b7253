import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { logItems } from '../../../src/sim/base/ringlog.ts';
import { cpuCaches } from '../../../src/sim/kernel/sched-selectors.ts';
import { createMachine, runTo, type TimedInput } from '../../../src/sim/machine/machine.ts';
import { cacheProblems } from '../../../src/sim/sched/cpu-cache.ts';

const CACHE = { size: 100, warmupTime: 10, warmRate: 2 };
const job = (tick: number, ticks: number, workingSet?: number): TimedInput => ({
  tick,
  kind: 'spawn',
  request: { program: 'cpu', argv: ['cpu', String(ticks)], ...(workingSet === undefined ? {} : { sched: { workingSet } }) },
});
const finishOf = (m: ReturnType<typeof createMachine>, pid: number) => logItems(m.state.exited).find((e) => e.pid === pid)?.finish ?? null;

describe('CPU caches in the kernel', () => {
  it('runs a process warm once its working set has warmed: 100 ticks of work in 10 + 45', () => {
    const m = createMachine({ seed: 1, cpus: 1, login: null, cache: CACHE });
    runTo(m, 30, [job(0, 100, 50)]);
    const [cpu] = cpuCaches(m.state);
    expect(cpu.warmPids.map((w) => [w.pid, w.workingSet])).toEqual([[2, 50]]);
    expect(cpu.warmTicks).toBe(20);
    runTo(m, 200, []);
    expect(finishOf(m, 2)).toBe(55);
    // Exited: no cache keeps it.
    expect(cpuCaches(m.state)[0].warmPids).toEqual([]);
    expect(m.state.cpus[0].warmTicks).toBe(45);
  });

  it('shows a warming process with the ticks it has left', () => {
    const m = createMachine({ seed: 1, cpus: 1, login: null, cache: CACHE });
    runTo(m, 4, [job(0, 100, 50)]);
    expect(cpuCaches(m.state)[0].warming.map((w) => [w.pid, w.left])).toEqual([[2, 6]]);
  });

  it('never warms a working set larger than the cache, and leaves processes without one alone', () => {
    const m = createMachine({ seed: 1, cpus: 1, login: null, cache: CACHE });
    runTo(m, 300, [job(0, 100, 150), job(0, 40)]);
    expect(finishOf(m, 2)).toBe(140);
    expect(m.state.cpus[0].warmTicks).toBe(0);
  });

  it('changes nothing on a machine without caches', () => {
    const m = createMachine({ seed: 1, cpus: 1, login: null });
    runTo(m, 300, [job(0, 100, 50)]);
    expect(finishOf(m, 2)).toBe(100);
    expect(cpuCaches(m.state)[0].size).toBeNull();
  });

  it('keeps every cache consistent, and a CPU warm no longer than busy, whatever the jobs and queues', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ tick: fc.integer({ min: 0, max: 100 }), ticks: fc.integer({ min: 0, max: 60 }), ws: fc.option(fc.integer({ min: 0, max: 120 })) }), { maxLength: 12 }),
        fc.integer({ min: 1, max: 3 }),
        fc.constantFrom({}, { runQueues: 'per-cpu' }, { runQueues: 'per-cpu', migrate: false }),
        fc.record({ size: fc.integer({ min: 0, max: 150 }), warmupTime: fc.integer({ min: 0, max: 12 }), warmRate: fc.integer({ min: 1, max: 4 }) }),
        (jobs, cpus, options, cache) => {
          const inputs = jobs.map((j) => job(j.tick, j.ticks, j.ws ?? undefined)).sort((a, b) => a.tick - b.tick);
          const m = createMachine({ seed: 3, cpus, login: null, cache, sched: { policy: 'rr', quantum: 3, options } as never });
          let cursor = 0;
          for (let t = 25; t <= 400; t += 25) {
            cursor = runTo(m, t, inputs, cursor);
            const ws = (pid: number) => m.state.procs[pid]?.sched.workingSet ?? 0;
            for (const c of m.state.cpus) {
              expect(cacheProblems(c.cache, cache, ws)).toEqual([]);
              expect(c.warmTicks).toBeLessThanOrEqual(c.busyTicks);
              // Only live processes with a working set are ever in a cache.
              for (const pid of [...c.cache.warm, ...c.cache.warming.map((w) => w.job)]) expect(m.state.procs[pid]?.state).not.toBe('zombie');
            }
          }
          // A job's CPU time lies between its work at the warm rate and its work cold.
          for (const e of logItems(m.state.exited)) {
            const work = Number(e.argv[1]);
            expect(e.cpu).toBeLessThanOrEqual(work);
            expect(e.cpu).toBeGreaterThanOrEqual(Math.ceil(work / cache.warmRate));
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
