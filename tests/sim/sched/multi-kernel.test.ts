import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { logItems } from '../../../src/sim/base/ringlog.ts';
import { createMachine, runTo, type TimedInput } from '../../../src/sim/machine/machine.ts';
import { solve } from '../../../src/sim/ostep/index.ts';

/**
 * The multi policy and the CPU caches in the kernel, against multi.py's solver: with one
 * central queue, jobs of at least a tick that all start at tick 0 (init takes no CPU time),
 * every job finishes at the tick multi.py says, and each CPU is busy and warm as long. Where
 * the two part is only the exit: the kernel's caches forget an exited process, multi.py's
 * keep its working set until it is pushed out, so the property keeps to caches nothing is
 * ever pushed out of (all the working sets fit together).
 */
describe('the multi policy on the kernel', () => {
  it('finishes every job when multi.py does, and counts the same busy and warm ticks per CPU', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 8 }),
        fc.record({ size: fc.integer({ min: 60, max: 200 }), warmupTime: fc.integer({ min: 0, max: 6 }), warmRate: fc.integer({ min: 1, max: 3 }) }),
        fc.array(fc.record({ runTime: fc.integer({ min: 1, max: 40 }), workingSet: fc.integer({ min: 0, max: 40 }) }), { minLength: 1, maxLength: 6 }),
        (cpus, quantum, cache, jobs) => {
          fc.pre(jobs.reduce((a, j) => a + j.workingSet, 0) <= cache.size);
          const m = createMachine({ seed: 1, cpus, login: null, cache, sched: { policy: 'multi', quantum } });
          const inputs: TimedInput[] = jobs.map((j) => ({ tick: 0, kind: 'spawn', request: { program: 'cpu', argv: ['cpu', String(j.runTime)], sched: { workingSet: j.workingSet } } }));
          runTo(m, 2000, inputs);
          const finish = new Map(logItems(m.state.exited).map((e) => [e.pid, e.finish]));
          const want = solve('multi', {
            numCpus: cpus,
            quantum,
            perCpuQueues: false,
            peekInterval: 0,
            warmupTime: cache.warmupTime,
            warmRate: cache.warmRate,
            cacheSize: cache.size,
            jobs: jobs.map((j, i) => ({ name: String(i), ...j, affinity: [] })),
            stealVictims: [],
          }) as { finishTime: number; jobs: Array<{ finish: number }>; cpus: Array<{ utilization: number; warm: number }> };
          expect(jobs.map((_, i) => finish.get(i + 2))).toEqual(want.jobs.map((j) => j.finish));
          const ticks = (percent: number) => Math.round((percent * want.finishTime) / 100);
          expect(m.state.cpus.map((c) => [c.busyTicks, c.warmTicks])).toEqual(want.cpus.map((c) => [ticks(c.utilization), ticks(c.warm)]));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('steals with per-CPU queues every peek interval, and names the steal in the log', () => {
    const m = createMachine({ seed: 1, cpus: 2, login: null, sched: { policy: 'multi', quantum: 5, options: { queues: 'per-cpu', peekInterval: 10 } } });
    const inputs: TimedInput[] = [10, 50, 10, 50].map((n) => ({ tick: 0, kind: 'spawn', request: { program: 'cpu', argv: ['cpu', String(n)] } }));
    runTo(m, 400, inputs);
    expect(logItems(m.state.log).some((e) => /cpu \d stole pid \d+ from cpu \d/.test(e.text))).toBe(true);
    expect(logItems(m.state.exited).filter((e) => e.pid > 1)).toHaveLength(4);
  });
});
