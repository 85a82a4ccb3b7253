import { describe, expect, it } from 'vitest';
import { type DriverJob, drive, TEXTBOOK_RULES } from '../../../src/sim/ostep/textbook-order.ts';
import { fifo } from '../../../src/sim/sched/fifo.ts';
import type { LoopRules } from '../../../src/sim/sched/loop.ts';
import type { SchedPolicy } from '../../../src/sim/sched/policy.ts';

/**
 * The scheduling loop's two rules, seen through the textbook driver: the same jobs under
 * OSTEP's rules and under the kernel's (completions first, whole ticks) differ exactly
 * where the rules say they do.
 */
const KERNEL_RULES: LoopRules = { order: 'completions-first', time: 'ticks' };
const FIFO = fifo as SchedPolicy<unknown>;
const cfg = { policy: 'fifo', quantum: 1 };
const run = (jobs: DriverJob[], rules: LoopRules) => drive(FIFO, cfg, jobs, {}, 1, rules);
/** The segments as [job, start, ticks], in the order they ran. */
const order = (r: ReturnType<typeof run>) => r.segments.map((s) => [s.job, s.start, s.ticks]);

describe('the scheduling loop', () => {
  // Job 0 runs 0-1 and then waits for I/O until 3; job 1 holds the CPU until 6; job 2
  // arrives at 3, the instant job 0's I/O completes, so both join the queue at once.
  const tie: DriverJob[] = [
    { arrival: 0, bursts: [{ kind: 'cpu', ticks: 1 }, { kind: 'io', ticks: 2 }, { kind: 'cpu', ticks: 1 }] },
    { arrival: 0, bursts: [{ kind: 'cpu', ticks: 5 }] },
    { arrival: 3, bursts: [{ kind: 'cpu', ticks: 1 }] },
  ];

  it("takes an instant's arrivals before its I/O completions under OSTEP's order", () => {
    expect(order(run(tie, TEXTBOOK_RULES))).toEqual([
      [0, 0, 1],
      [1, 1, 2], // cut at 3, where the instant's work is done
      [1, 3, 3],
      [2, 6, 1],
      [0, 7, 1],
    ]);
  });

  it("takes an instant's I/O completions before its arrivals under the kernel's order", () => {
    expect(order(run(tie, KERNEL_RULES))).toEqual([
      [0, 0, 1],
      [1, 1, 2],
      [1, 3, 3],
      [0, 6, 1],
      [2, 7, 1],
    ]);
  });

  it('moves time by any amount in real time, and by whole ticks, at least one, with ticks', () => {
    const jobs: DriverJob[] = [
      { arrival: 0, bursts: [{ kind: 'cpu', ticks: 2.5 }] },
      { arrival: 0, bursts: [{ kind: 'cpu', ticks: 1 }] },
    ];
    const real = run(jobs, TEXTBOOK_RULES);
    expect(real.jobs.map((j) => j.finish)).toEqual([2.5, 3.5]);
    const ticks = run(jobs, KERNEL_RULES);
    expect(ticks.jobs.map((j) => j.finish)).toEqual([3, 4]);
  });

  it('stops when no process runs and nothing will ever happen', () => {
    // A policy that never picks: the run ends rather than waiting forever.
    const never: SchedPolicy<unknown> = { ...FIFO, pick: () => null };
    const r = drive(never, cfg, [{ arrival: 0, bursts: [{ kind: 'cpu', ticks: 3 }] }]);
    expect(r.segments).toEqual([]);
    expect(r.jobs[0].finish).toBeNull();
  });
});
