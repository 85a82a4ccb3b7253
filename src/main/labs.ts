import type { Scenario } from '../shared/scenario.ts';
import { compareSchedPolicies, type LabResult, parseWorkloadText, type WorkloadText } from '../sim/labs/sched.ts';
import type { SchedConfig } from '../sim/sched/policy.ts';
import { checkSchedConfig } from '../sim/sched/registry.ts';
import { cpuTotal, jobArgv } from '../sim/sched/workload.ts';

/**
 * The labs that run outside the session's machine (comparing policies), and the scenarios
 * that put a workload into it. Both only call pure simulator functions.
 */
export function schedLab(w: WorkloadText, policies: SchedConfig[], cpus: number): LabResult {
  return compareSchedPolicies(w, policies, cpus);
}

/** A scenario that boots with this scheduler and starts the workload's jobs at their arrival ticks. */
export function workloadScenario(w: WorkloadText, sched: SchedConfig, cpus: number): { ok: true; scenario: Scenario } | { ok: false; error: string } {
  const bad = checkSchedConfig(sched);
  if (bad.length) return { ok: false, error: bad.join('; ') };
  const workload = parseWorkloadText(w);
  if ('error' in workload) return { ok: false, error: workload.error };
  return {
    ok: true,
    scenario: {
      glassbox: 1,
      name: `${sched.policy.toUpperCase()} · ${workload.jobs.length} job${workload.jobs.length === 1 ? '' : 's'}`,
      description: `Workload (${w.format}): ${w.text.trim().slice(0, 200)}`,
      seed: w.seed ?? 1,
      kernel: { cpus, sched: { policy: sched.policy, quantum: sched.quantum, ...(sched.options ? { options: sched.options } : {}) } },
      processes: workload.jobs.map((j) => ({
        at: j.arrival,
        program: 'job',
        argv: jobArgv(j),
        expected: cpuTotal(j),
        ...(j.nice === undefined ? {} : { nice: j.nice }),
        ...(j.tickets === undefined ? {} : { tickets: j.tickets }),
        ...(j.priority === undefined ? {} : { priority: j.priority }),
      })),
      inputs: [],
    },
  };
}
