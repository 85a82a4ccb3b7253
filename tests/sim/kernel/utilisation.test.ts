import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { metricsTable } from '../../../src/sim/kernel/sched-selectors.ts';
import { createMachine, runTo, type TimedInput } from '../../../src/sim/machine/machine.ts';

/** Many short and long jobs started from outside, some killed: enough exits to wrap the bounded exit records. */
const jobs = fc
  .array(
    fc.oneof(
      fc.record({
        tick: fc.integer({ min: 0, max: 400 }),
        kind: fc.constant('spawn' as const),
        request: fc.integer({ min: 0, max: 30 }).map((n) => ({ program: 'cpu', argv: ['cpu', String(n)] })),
      }),
      fc.record({ tick: fc.integer({ min: 0, max: 400 }), kind: fc.constant('signal' as const), pid: fc.integer({ min: 2, max: 40 }), sig: fc.constantFrom(9, 15, 19, 18) }),
    ),
    { maxLength: 120 },
  )
  .map((xs) => [...xs].sort((a, b) => a.tick - b.tick) as TimedInput[]);

describe('CPU utilisation', () => {
  it('is never over 100%, whatever the jobs, CPUs and policy, at any tick', () => {
    fc.assert(
      fc.property(
        jobs,
        fc.integer({ min: 1, max: 4 }),
        fc.constantFrom('fifo', 'sjf', 'rr', 'mlfq', 'lottery'),
        fc.array(fc.integer({ min: 1, max: 150 }), { minLength: 1, maxLength: 6 }),
        (inputs, cpus, policy, steps) => {
          const m = createMachine({ seed: 7, cpus, login: null, sched: { policy } as never });
          expect(m.state.sched.policy).toBe(policy);
          let cursor = 0;
          for (const n of steps) {
            cursor = runTo(m, m.state.tick + n, inputs, cursor);
            for (const includeSystem of [false, true]) {
              const table = metricsTable(m.state, { includeSystem });
              expect(table.utilisation).toBeLessThanOrEqual(1);
              // No job used more CPU than the time it has been in the system.
              for (const r of table.rows) expect(r.cpu).toBeLessThanOrEqual((r.finished ? r.arrival + (r.turnaround ?? 0) : m.state.tick) - r.arrival);
            }
          }
        },
      ),
      { numRuns: 80 },
    );
  });

  it('counts what the jobs ran: two CPUs kept busy by three jobs are near fully used', () => {
    const m = createMachine({ seed: 7, cpus: 2, login: null, sched: { policy: 'rr' } as never });
    const spawn = (tick: number): TimedInput => ({ tick, kind: 'spawn', request: { program: 'cpu', argv: ['cpu', '40'] } });
    runTo(m, 100, [spawn(0), spawn(0), spawn(0)]);
    expect(metricsTable(m.state).utilisation).toBeGreaterThan(0.9);
    expect(metricsTable(m.state).utilisation).toBeLessThanOrEqual(1);
  });
});
