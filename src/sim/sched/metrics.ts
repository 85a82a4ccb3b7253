import { weightOfNice } from './cfs.ts';
import type { Slice } from './slice.ts';

/**
 * Scheduling metrics, as pure functions of a run's facts: each job's arrival, first run,
 * finish and CPU time, and the Gantt trace. Definitions (OSTEP chapter 7):
 * response = first run - arrival; turnaround = finish - arrival; waiting = time ready but
 * not running. Utilisations and throughput are over the span from the first arrival to
 * the last finish.
 */
export interface JobTimes {
  arrival: number;
  firstRun: number | null;
  finish: number | null;
  /** CPU ticks it used. */
  cpu: number;
  /** Ticks spent ready but not running. */
  ready: number;
  /** Ticks spent blocked (on I/O, for a workload job). */
  blocked: number;
}

export interface JobMetrics {
  response: number | null;
  turnaround: number | null;
  waiting: number;
  cpu: number;
  io: number;
}

export interface Averages {
  response: number;
  turnaround: number;
  waiting: number;
}

export interface RunSummary {
  jobs: number;
  /** First arrival to last finish. */
  span: { start: number; end: number };
  average: Averages;
  /** Share of CPU time (all CPUs) spent running processes. */
  cpuUtilisation: number;
  /** Share of the span with at least one I/O in progress. */
  ioUtilisation: number;
  /** Share of CPU time spent context switching. */
  switchOverhead: number;
  /** Jobs finished per 1,000 ticks. */
  throughput: number;
  contextSwitches: number;
}

export function jobMetrics(j: JobTimes): JobMetrics {
  return {
    response: j.firstRun === null ? null : j.firstRun - j.arrival,
    turnaround: j.finish === null ? null : j.finish - j.arrival,
    waiting: j.ready,
    cpu: j.cpu,
    io: j.blocked,
  };
}

function mean(xs: number[]): number {
  let sum = 0;
  for (const x of xs) sum += x;
  return xs.length ? sum / xs.length : 0;
}

/** Plain means over the jobs that have the value (response needs a first run, turnaround a finish). */
export function averages(ms: readonly JobMetrics[]): Averages {
  const resp: number[] = [];
  const turn: number[] = [];
  for (const m of ms) {
    if (m.response !== null) resp.push(m.response);
    if (m.turnaround !== null) turn.push(m.turnaround);
  }
  return { response: mean(resp), turnaround: mean(turn), waiting: mean(ms.map((m) => m.waiting)) };
}

/** Ticks of slices of one kind ('run' = a process running, the slices with no kind). */
export function sliceTicks(slices: readonly Slice[], kind: 'run' | 'switch' | 'io', pid?: number): number {
  let n = 0;
  for (const sl of slices) {
    if ((sl.kind ?? 'run') !== kind || (pid !== undefined && sl.pid !== pid)) continue;
    n += sl.end - sl.start;
  }
  return n;
}

/** Ticks covered by at least one of the intervals (I/O slices overlap; their union is device-busy time). */
export function unionTicks(intervals: ReadonlyArray<{ start: number; end: number }>): number {
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  let total = 0;
  let curStart = Number.NEGATIVE_INFINITY;
  let curEnd = Number.NEGATIVE_INFINITY;
  for (const iv of sorted) {
    if (iv.start > curEnd) {
      if (curEnd > curStart) total += curEnd - curStart;
      curStart = iv.start;
      curEnd = iv.end;
    } else curEnd = Math.max(curEnd, iv.end);
  }
  if (curEnd > curStart) total += curEnd - curStart;
  return total;
}

/**
 * Context switches seen in a trace: on each CPU, a slice (a run, or a switch into a
 * process) whose process differs from the one in the CPU's previous slice.
 */
export function switchesInTrace(slices: readonly Slice[]): number {
  const last = new Map<number, number>();
  let n = 0;
  for (const sl of [...slices].sort((a, b) => a.start - b.start)) {
    if (sl.kind === 'io' || sl.kind === 'wait') continue;
    const prev = last.get(sl.cpu);
    if (prev !== undefined && prev !== sl.pid) n++;
    last.set(sl.cpu, sl.pid);
  }
  return n;
}

/**
 * Jain's fairness index of allocations x: (Σx)² / (n·Σx²). 1 when everyone got the same;
 * 1/n when one got everything. For proportional share, pass each job's CPU divided by its
 * share (tickets, or CFS weight) so "fair" means "in proportion".
 */
export function jainIndex(xs: readonly number[]): number {
  let sum = 0;
  let sq = 0;
  for (const x of xs) {
    sum += x;
    sq += x * x;
  }
  return xs.length === 0 || sq === 0 ? 1 : (sum * sum) / (xs.length * sq);
}

/**
 * CPU each pid received in [from, to) according to the trace, divided by its weight: the
 * input to jainIndex for a proportional-share policy. The natural window is while every
 * job is present: from the last arrival to the first finish.
 */
export function normalisedShares(
  slices: readonly Slice[],
  weights: ReadonlyArray<{ pid: number; weight: number }>,
  from: number,
  to: number,
): number[] {
  const got = new Map<number, number>();
  for (const sl of slices) {
    if (sl.kind) continue;
    const t = Math.min(to, sl.end) - Math.max(from, sl.start);
    if (t > 0) got.set(sl.pid, (got.get(sl.pid) ?? 0) + t);
  }
  return weights.map((w) => (got.get(w.pid) ?? 0) / Math.max(1e-9, w.weight));
}

/**
 * What a process is entitled to under a proportional-share policy (its tickets under
 * lottery and stride, its weight under CFS), or null under the other policies.
 */
export function entitlement(policy: string, attrs: { tickets: number; nice: number }): number | null {
  const base = policy.split('+')[0];
  if (base === 'lottery' || base === 'stride') return Math.max(1, attrs.tickets);
  if (base === 'cfs') return weightOfNice(attrs.nice);
  return null;
}

/** The whole-run figures for a finished (or partial) run. */
export function summarize(jobs: readonly JobTimes[], slices: readonly Slice[], cpus: number, contextSwitches: number): RunSummary {
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  let cpuTicks = 0;
  let finished = 0;
  for (const j of jobs) {
    start = Math.min(start, j.arrival);
    if (j.finish !== null) {
      end = Math.max(end, j.finish);
      finished++;
    }
    cpuTicks += j.cpu;
  }
  if (!Number.isFinite(start)) start = 0;
  if (!Number.isFinite(end) || end < start) end = start;
  const span = end - start;
  const capacity = span * Math.max(1, cpus);
  const io = unionTicks(slices.filter((sl) => sl.kind === 'io').map((sl) => ({ start: Math.max(start, sl.start), end: Math.min(end, sl.end) })));
  return {
    jobs: jobs.length,
    span: { start, end },
    average: averages(jobs.map(jobMetrics)),
    cpuUtilisation: capacity > 0 ? cpuTicks / capacity : 0,
    ioUtilisation: span > 0 ? io / span : 0,
    switchOverhead: capacity > 0 ? sliceTicks(slices, 'switch') / capacity : 0,
    throughput: span > 0 ? (finished * 1000) / span : 0,
    contextSwitches,
  };
}
