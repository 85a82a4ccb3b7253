import type { SpawnRequest } from '../abi/syscalls.ts';
import { logItems } from '../base/ringlog.ts';
import { advance } from '../kernel/kernel.ts';
// spawn's limit on argv: a job with more bursts must use the compact form.
import { MAX_ARGS } from '../kernel/proc-syscalls.ts';
import type { ExitRecord, KernelState } from '../kernel/state.ts';
import {
  type Averages,
  averages,
  entitlement,
  type JobMetrics,
  jainIndex,
  jobMetrics,
  normalisedShares,
  type RunSummary,
  summarize,
} from '../sched/metrics.ts';
import type { SchedConfig } from '../sched/policy.ts';
import { checkSchedConfig, getPolicy } from '../sched/registry.ts';
import type { Slice } from '../sched/slice.ts';
import { checkWorkload, cpuTotal, type JobSpec, jobArgv, type Workload } from '../sched/workload.ts';
import { createMachine, runTo, type TimedInput } from './machine.ts';

/**
 * Runs a workload through the real kernel: it boots with no login shell, starts each job
 * as a `job` process at its arrival tick (a spawn input, as the host would send), runs
 * until every job has exited, and reads the answer back from the kernel's exit records
 * and Gantt trace. The kernel learns each job's total CPU (spawn's sched.expected) so SJF
 * and STCF can use it.
 */
export interface RunOptions {
  cpus?: number;
  seed?: number;
  /** Gantt slices kept (default 100,000); 0 turns the trace off. Every job's exit record is kept. */
  traceCap?: number;
}

export interface JobResult extends JobMetrics {
  job: number;
  pid: number;
  name: string;
  arrival: number;
  firstRun: number | null;
  finish: number;
}

export interface WorkloadResult {
  policy: string;
  /** The tie-break rule in force, in words. */
  tieBreak: string;
  jobs: JobResult[];
  average: Averages;
  summary: RunSummary;
  /** The Gantt trace (runs, switches and I/O), oldest first. */
  slices: Slice[];
  /** False when traceCap dropped the oldest slices. */
  traceComplete: boolean;
  /** Job indices in the order they first got a CPU (ties: lower index first). */
  order: number[];
  /**
   * Under a proportional-share policy, Jain's index of the CPU each job got per ticket
   * (or per CFS weight) while all of them were present; null otherwise, or if the jobs
   * never overlapped or the trace was cut.
   */
  fairness: number | null;
  /** The kernel at the end, for views and inspection. */
  state: KernelState;
}

const FOREVER = Number.MAX_SAFE_INTEGER / 2;

export function runWorkload(workload: Workload, sched: SchedConfig, opts: RunOptions = {}): WorkloadResult | { error: string } {
  const bad = checkWorkload(workload) ?? checkSchedConfig(sched)[0];
  if (bad) return { error: bad };
  const n = workload.jobs.length;
  const argvs = workload.jobs.map(jobArgv);
  const tooLong = argvs.findIndex((a) => a.length > MAX_ARGS);
  if (tooLong >= 0) return { error: `jobs[${tooLong}]: ${argvs[tooLong].length - 1} bursts do not fit one command line (at most ${MAX_ARGS - 1})` };
  const m = createMachine({
    seed: opts.seed ?? 1,
    cpus: opts.cpus ?? 1,
    sched,
    login: null,
    traceCap: opts.traceCap ?? 100_000,
    // Room for every job at once, and for init to reap every exit in a tick without being
    // charged CPU for it (past the syscall budget a process pays a tick, which would shift
    // the jobs' schedule).
    limits: { maxProcs: n + 16, maxFds: 32, syscallsPerTick: 2 * n + 64 },
  });
  const s = m.state;
  // Keep every job's exit record, whatever the Gantt trace keeps: the metrics come from them.
  s.exited.cap = Math.max(s.exited.cap, n + 16);
  // Jobs are spawned in arrival order (ties by index); each gets the next pid, after init's.
  const byArrival = workload.jobs.map((_, i) => i).sort((a, b) => workload.jobs[a].arrival - workload.jobs[b].arrival || a - b);
  const inputs: TimedInput[] = byArrival.map((i) => ({ tick: workload.jobs[i].arrival, kind: 'spawn', request: spawnRequest(workload.jobs[i], argvs[i]) }));
  const firstPid = s.nextPid;
  runTo(m, inputs.length ? inputs[inputs.length - 1].tick : 0, inputs);
  if (s.nextPid - firstPid !== n) return { error: `only ${s.nextPid - firstPid} of ${n} jobs could be started` };
  const pids: number[] = Array(n);
  byArrival.forEach((i, k) => {
    pids[i] = firstPid + k;
  });
  // Jobs are the only processes that exit (init holds on), so n exits means all are done.
  advance(s, m.rt, FOREVER, (st) => st.stats.exits >= n);
  return collect(workload, pids, s);
}

function spawnRequest(job: JobSpec, argv: string[]): SpawnRequest {
  return {
    program: 'job',
    argv,
    sched: {
      expected: cpuTotal(job),
      ...(job.nice === undefined ? {} : { nice: job.nice }),
      ...(job.priority === undefined ? {} : { priority: job.priority }),
      ...(job.tickets === undefined ? {} : { tickets: job.tickets }),
      ...(job.currency === undefined ? {} : { currency: job.currency }),
      ...(job.affinity === undefined ? {} : { affinity: [...job.affinity] }),
    },
  };
}

function collect(w: Workload, pids: number[], s: KernelState): WorkloadResult {
  const records = new Map<number, ExitRecord>();
  for (const r of logItems(s.exited)) records.set(r.pid, r);
  const jobs: JobResult[] = pids.map((pid, i) => {
    const r = records.get(pid)!;
    const times = { arrival: r.arrival, firstRun: r.firstRun, finish: r.finish, cpu: r.cpu, ready: r.ready, blocked: r.blocked };
    return { job: i, pid, name: w.jobs[i].name ?? `job ${i}`, ...jobMetrics(times), arrival: r.arrival, firstRun: r.firstRun, finish: r.finish };
  });
  const slices = logItems(s.trace);
  const policy = getPolicy(s.sched.policy)!;
  const order = jobs
    .filter((j) => j.firstRun !== null)
    .sort((a, b) => a.firstRun! - b.firstRun! || a.job - b.job)
    .map((j) => j.job);
  const times = jobs.map((j) => ({ ...j, ready: j.waiting, blocked: j.io }));
  const from = Math.max(...jobs.map((j) => j.arrival));
  const to = Math.min(...jobs.map((j) => j.finish));
  const shares = jobs.map((j, i) => ({ pid: j.pid, weight: entitlement(s.sched.policy, { tickets: w.jobs[i].tickets ?? 100, nice: w.jobs[i].nice ?? 0 }) }));
  const fair = s.trace.first === 0 && s.trace.cap > 0 && to > from && shares.every((x) => x.weight !== null);
  return {
    policy: policy.label,
    tieBreak: policy.tieBreak(s.sched.data),
    jobs,
    average: averages(jobs),
    summary: summarize(times, slices, s.cpus.length, s.stats.contextSwitches),
    slices,
    traceComplete: s.trace.first === 0,
    order,
    fairness: fair ? jainIndex(normalisedShares(slices, shares as Array<{ pid: number; weight: number }>, from, to)) : null,
    state: s,
  };
}
