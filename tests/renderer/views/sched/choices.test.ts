import { describe, expect, it } from 'vitest';
import { POLICY_CHOICES } from '../../../../src/renderer/views/sched/choices.tsx';
import { compareSchedPolicies } from '../../../../src/sim/labs/sched.ts';
import { policyNames } from '../../../../src/sim/sched/registry.ts';

describe('the scheduler menus', () => {
  it('offer every policy the kernel has, and no other', () => {
    expect([...POLICY_CHOICES].sort()).toEqual([...policyNames()].sort());
  });

  it('offer only policies the lab can run, on one CPU and on two', () => {
    for (const cpus of [1, 2]) {
      const r = compareSchedPolicies(
        { format: 'scheduler', text: '-l 30,10,20' },
        POLICY_CHOICES.map((policy) => ({ policy, quantum: 5 })),
        cpus,
      );
      expect(r).toMatchObject({ ok: true });
      if (!r.ok) continue;
      expect(r.runs.map((x) => x.policy)).toEqual(POLICY_CHOICES);
      // Every run finishes all three jobs, each having had its 30, 10 and 20 ticks of CPU.
      for (const run of r.runs) expect(run.jobs.map((j) => [j.cpu, j.turnaround !== null])).toEqual([[30, true], [10, true], [20, true]]);
    }
  });
});
