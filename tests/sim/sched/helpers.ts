import { type RunOptions, runWorkload, type WorkloadResult } from '../../../src/sim/machine/run-workload.ts';
import type { SchedConfig } from '../../../src/sim/sched/policy.ts';
import type { Burst, JobSpec, Workload } from '../../../src/sim/sched/workload.ts';

/** A job of `ticks` CPU arriving at `arrival`, with extra attributes. */
export function cpuJob(arrival: number, ticks: number, extra: Partial<JobSpec> = {}): JobSpec {
  return { arrival, bursts: [{ kind: 'cpu', ticks }], ...extra };
}

export function burstJob(arrival: number, bursts: Array<[Burst['kind'], number]>, extra: Partial<JobSpec> = {}): JobSpec {
  return { arrival, bursts: bursts.map(([kind, ticks]) => ({ kind, ticks })), ...extra };
}

/** Runs a workload through the kernel, failing the test on an error. */
export function run(jobs: JobSpec[] | Workload, sched: Partial<SchedConfig> & { policy: string }, opts: RunOptions = {}): WorkloadResult {
  const w = Array.isArray(jobs) ? { jobs } : jobs;
  const r = runWorkload(w, { quantum: 1, ...sched }, opts);
  if ('error' in r) throw new Error(r.error);
  return r;
}

/** The Gantt bars of one kind (runs by default) as [job index, start, end]. */
export function bars(r: WorkloadResult, kind?: 'switch' | 'io'): Array<[number, number, number]> {
  const job = new Map(r.jobs.map((j) => [j.pid, j.job]));
  return r.slices.filter((s) => s.kind === kind).map((s) => [job.get(s.pid) ?? -1, s.start, s.end]);
}

export function finishes(r: WorkloadResult): number[] {
  return r.jobs.map((j) => j.finish);
}
