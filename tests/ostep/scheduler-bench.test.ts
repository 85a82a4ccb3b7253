import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runWorkload } from '../../src/sim/machine/run-workload.ts';
import { solve } from '../../src/sim/ostep/index.ts';

/**
 * OSTEP's scheduler.py on 10,000 random jobs (-j 10000 -m 10 -s 1), replayed two ways:
 * through the solver (the policies in the textbook driver) and through the kernel
 * (runWorkload, each job a process). Both must give OSTEP's averages; the solver also
 * its slice counts (the kernel draws a job that keeps the CPU as one bar).
 */
interface BenchFile {
  jobs: number[];
  summary: Record<'FIFO' | 'SJF' | 'RR', { quantum: number | null; slices: number; average: { response: number; turnaround: number; wait: number } }>;
}

const bench = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'conformance', 'ostep', 'bench', 'scheduler-10000.json'), 'utf8')) as BenchFile;

describe('scheduler.py on 10,000 jobs', () => {
  for (const policy of ['FIFO', 'SJF', 'RR'] as const) {
    const want = bench.summary[policy];

    it(`${policy}: the solver gives OSTEP's averages and slice count`, () => {
      const out = solve('scheduler', { policy, quantum: want.quantum, jobs: bench.jobs }) as {
        trace: unknown[];
        average: { response: number; turnaround: number; wait: number };
      };
      expect(out.trace.length).toBe(want.slices);
      for (const k of ['response', 'turnaround', 'wait'] as const) expect(Math.abs(out.average[k] - want.average[k])).toBeLessThanOrEqual(0.005 + 1e-9);
    });

    it(`${policy}: the kernel gives OSTEP's averages`, () => {
      const r = runWorkload(
        { jobs: bench.jobs.map((ticks) => ({ arrival: 0, bursts: [{ kind: 'cpu' as const, ticks }] })) },
        { policy: policy.toLowerCase(), quantum: want.quantum ?? 1 },
        { traceCap: 0 },
      );
      if ('error' in r) throw new Error(r.error);
      expect(Math.abs(r.average.response - want.average.response)).toBeLessThanOrEqual(0.005 + 1e-9);
      expect(Math.abs(r.average.turnaround - want.average.turnaround)).toBeLessThanOrEqual(0.005 + 1e-9);
      // OSTEP's "wait" is time spent ready, which is the kernel's waiting time here (no I/O).
      expect(Math.abs(r.average.waiting - want.average.wait)).toBeLessThanOrEqual(0.005 + 1e-9);
    });
  }
});
