import { logItems } from '../base/ringlog.ts';
import { type Averages, averages, entitlement, jainIndex, type JobMetrics, jobMetrics } from '../sched/metrics.ts';
import type { ReadyQueue } from '../sched/policy.ts';
import type { RbTree } from '../sched/rbtree.ts';
import { getPolicy } from '../sched/registry.ts';
import type { Slice } from '../sched/slice.ts';
import { isSystemProcess, stateCounts } from './proc-selectors.ts';
import type { KernelState, Proc } from './state.ts';

/**
 * Pure selectors for the scheduler views: the ready queues at the current tick (MLFQ
 * levels, the CFS tree in order with vruntimes, lottery tickets), what each CPU runs and
 * why, process-state counts, Gantt rows, and a live metrics table. They derive
 * everything from KernelState; the renderer only draws what they return.
 */
export interface CpuView {
  cpu: number;
  pid: number | null;
  name: string | null;
  /** Why it was chosen, in words. */
  why: string;
  /** Ticks left of its slice, or null for no limit. */
  sliceLeft: number | null;
  /** Ticks left of a context switch in progress (0 = none). */
  switching: number;
}

export interface SchedView {
  policy: string;
  label: string;
  tieBreak: string;
  cpus: CpuView[];
  queues: ReadyQueue[];
  states: Record<Proc['state'], number>;
}

export function schedView(s: KernelState): SchedView {
  const pol = getPolicy(s.sched.policy);
  return {
    policy: s.sched.policy,
    label: pol?.label ?? s.sched.policy,
    tieBreak: pol?.tieBreak(s.sched.data) ?? '',
    cpus: s.cpus.map((c) => ({
      cpu: c.id,
      pid: c.running,
      name: c.running === null ? null : (s.procs[c.running]?.name ?? null),
      why: c.running === null ? 'idle' : c.why,
      sliceLeft: c.sliceLeft,
      switching: c.switchLeft,
    })),
    queues: pol ? pol.readyQueues(s.sched.data) : [],
    states: stateCounts(s),
  };
}

/** One bar of a Gantt row: a process running, a context switch, an I/O, or the CPU idle. */
export interface GanttBar {
  start: number;
  end: number;
  kind: 'run' | 'switch' | 'io' | 'wait' | 'idle';
  pid: number | null;
  name: string;
  why: string;
  until?: string;
}

export interface GanttRow {
  key: string;
  label: string;
  bars: GanttBar[];
}

function bar(sl: Slice, from: number, to: number): GanttBar {
  const b: GanttBar = { start: Math.max(from, sl.start), end: Math.min(to, sl.end), kind: sl.kind ?? 'run', pid: sl.pid, name: sl.name, why: sl.why };
  if (sl.until !== undefined) b.until = sl.until;
  return b;
}

/**
 * The ticks the workload's recorded slices cover (runs, switches, I/O, and waits for
 * anything but the terminal; not init or the login shell): where the Gantt chart looks
 * once the machine has gone idle. A sleep or a wait for a child is work the chart draws: a
 * fork/wait program (forkgen) does nothing else. A wait for a line of input is the user's
 * time, not the workload's.
 */
export function workExtent(s: KernelState): { start: number; end: number } | null {
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  for (const sl of logItems(s.trace)) {
    if ((sl.kind === 'wait' && sl.why === 'waiting: tty') || sl.pid === 1) continue;
    const p = s.procs[sl.pid];
    if (p && isSystemProcess(s, p)) continue;
    if (sl.start < start) start = sl.start;
    if (sl.end > end) end = sl.end;
  }
  return Number.isFinite(start) ? { start, end } : null;
}

/** True while any workload process is running, ready, or blocked on anything but the terminal. */
export function workloadActive(s: KernelState): boolean {
  for (const key in s.procs) {
    const p = s.procs[key];
    if (p.state === 'zombie' || p.state === 'stopped' || p.wchan === 'tty' || isSystemProcess(s, p)) continue;
    return true;
  }
  return false;
}

/**
 * Gantt rows for [from, to): one per CPU (with idle gaps filled in) plus one for the I/O
 * device, or one per process (its runs, switches into it, and its I/O).
 */
export function ganttRows(s: KernelState, from: number, to: number, by: 'cpu' | 'process' = 'cpu'): GanttRow[] {
  const slices = logItems(s.trace);
  if (by === 'process') {
    // Waits still in progress have no slice yet: draw them up to now.
    for (const key in s.procs) {
      const p = s.procs[key];
      if (p.state !== 'blocked' || p.pid === 1 || p.wchan === null || p.wchan === 'io' || p.acct.since >= s.tick) continue;
      slices.push({ pid: p.pid, name: p.name, cpu: -1, start: p.acct.since, end: s.tick, why: `waiting: ${p.wchan}`, kind: 'wait' });
    }
  }
  return rowsFromSlices(slices, s.cpus.length, from, to, Math.min(to, s.tick), by);
}

/**
 * The same rows from any list of slices (a lab run's, say): `horizon` is how far time has
 * got, so idle is filled in only up to it.
 */
export function rowsFromSlices(all: readonly Slice[], cpus: number, from: number, to: number, horizon: number, by: 'cpu' | 'process' = 'cpu'): GanttRow[] {
  const slices = all.filter((sl) => sl.end > from && sl.start < to);
  if (by === 'process') {
    const rows = new Map<number, GanttRow>();
    for (const sl of slices) {
      let row = rows.get(sl.pid);
      if (!row) rows.set(sl.pid, (row = { key: `pid:${sl.pid}`, label: `${sl.pid} ${sl.name}`, bars: [] }));
      row.bars.push(bar(sl, from, to));
    }
    return [...rows.entries()].sort((a, b) => a[0] - b[0]).map(([, r]) => r);
  }
  const rows: GanttRow[] = Array.from({ length: cpus }, (_, c) => ({ key: `cpu:${c}`, label: `CPU ${c}`, bars: [] }));
  const io: GanttRow = { key: 'io', label: 'I/O', bars: [] };
  for (const sl of slices) {
    if (sl.kind === 'wait') continue; // waits belong to a process, not to a CPU
    (sl.kind === 'io' ? io : rows[sl.cpu])?.bars.push(bar(sl, from, to));
  }
  for (const row of rows) {
    row.bars.sort((a, b) => a.start - b.start);
    const filled: GanttBar[] = [];
    let t = from;
    for (const b of row.bars) {
      if (b.start > t) filled.push({ start: t, end: b.start, kind: 'idle', pid: null, name: 'idle', why: 'nothing ready' });
      filled.push(b);
      t = Math.max(t, b.end);
    }
    if (horizon > t) filled.push({ start: t, end: horizon, kind: 'idle', pid: null, name: 'idle', why: 'nothing ready' });
    row.bars = filled;
  }
  io.bars.sort((a, b) => a.start - b.start);
  return [...rows, io];
}

export interface MetricsRow extends JobMetrics {
  pid: number;
  name: string;
  arrival: number;
  finished: boolean;
  /** init or the login shell: listed apart, and left out of the averages unless asked. */
  system: boolean;
}

export interface MetricsTable {
  rows: MetricsRow[];
  /** Means over the workload (and the system processes too, if asked). */
  average: Averages;
  /** CPU time the counted processes used over their span, per CPU: the book's utilisation. */
  utilisation: number;
  /** From the first counted arrival to the last finish, or to now while any still runs. */
  span: { start: number; end: number };
  /** Jain's index of CPU per share among the processes present now, for proportional-share policies. */
  fairness: number | null;
}


/**
 * Per-process metrics so far, for the live processes (counted up to now) and those that
 * have exited (from their exit records). Averages and utilisation are over the workload,
 * as the book computes them: the system processes are listed but not counted unless
 * `includeSystem`, and utilisation runs over the work's span, not since boot.
 */
export function metricsTable(s: KernelState, opts: { includeSystem?: boolean } = {}): MetricsTable {
  const rows: MetricsRow[] = [];
  for (const e of logItems(s.exited)) {
    const m = jobMetrics({ arrival: e.arrival, firstRun: e.firstRun, finish: e.finish, cpu: e.cpu, ready: e.ready, blocked: e.blocked });
    rows.push({ pid: e.pid, name: e.name, arrival: e.arrival, finished: true, system: isSystemProcess(s, e), ...m });
  }
  const shares: number[] = [];
  for (const key in s.procs) {
    const p = s.procs[key];
    if (p.state === 'zombie') continue;
    const pending = s.tick - p.acct.since;
    const m = jobMetrics({
      arrival: p.acct.arrival,
      firstRun: p.acct.firstRun,
      finish: null,
      cpu: p.acct.cpu,
      ready: p.acct.ready + (p.state === 'ready' ? pending : 0),
      blocked: p.acct.blocked + (p.state === 'blocked' || p.state === 'stopped' ? pending : 0),
    });
    const system = isSystemProcess(s, p);
    rows.push({ pid: p.pid, name: p.name, arrival: p.acct.arrival, finished: false, system, ...m });
    const share = entitlement(s.sched.policy, p.sched);
    if (!system && share !== null && s.tick > p.acct.arrival) shares.push(p.acct.cpu / (s.tick - p.acct.arrival) / share);
  }
  rows.sort((a, b) => a.pid - b.pid);
  const counted = rows.filter((r) => opts.includeSystem || !r.system);
  const span = workSpan(counted, s.tick);
  const capacity = (span.end - span.start) * Math.max(1, s.cpus.length);
  const cpu = counted.reduce((a, r) => a + r.cpu, 0);
  return {
    rows,
    average: averages(counted),
    utilisation: capacity > 0 ? cpu / capacity : 0,
    span,
    fairness: shares.length > 1 ? jainIndex(shares) : null,
  };
}

/** First arrival to last finish of the rows; a row still running holds the end at `now`. */
function workSpan(rows: readonly MetricsRow[], now: number): { start: number; end: number } {
  if (rows.length === 0) return { start: now, end: now };
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  for (const r of rows) {
    start = Math.min(start, r.arrival);
    end = Math.max(end, r.finished ? r.arrival + (r.turnaround ?? 0) : now);
  }
  return { start, end: Math.max(start, end) };
}

export interface TreeNodeView {
  pid: number;
  key: number;
  red: boolean;
  left: TreeNodeView | null;
  right: TreeNodeView | null;
}

/**
 * The red-black tree behind the ready set, for drawing it (CFS keyed by vruntime, stride
 * by pass, SJF/STCF by remaining time, FIFO and priority by their keys); null for the
 * policies that keep a queue instead.
 */
export function readyTree(s: KernelState): TreeNodeView | null {
  const data = s.sched.data as { ready?: { tree?: RbTree }; q?: { ready?: { tree?: RbTree } } } | null;
  const tree = data?.ready?.tree ?? data?.q?.ready?.tree;
  if (!tree) return null;
  const walk = (id: number | null): TreeNodeView | null => {
    if (id === null) return null;
    const n = tree.nodes[id];
    return { pid: id, key: n.key, red: n.red, left: walk(n.left), right: walk(n.right) };
  };
  return walk(tree.root);
}

/** One CPU's time and cache, as the scheduler view's cache strip and `glassbox run` show them. */
export interface CpuCacheView {
  cpu: number;
  /** Ticks it ran a process, and the part of them run warm (faster than cold). */
  busyTicks: number;
  warmTicks: number;
  /** Those as fractions of the ticks up to `over` (0 when that is 0). */
  utilisation: number;
  warm: number;
  /** Warm processes, newest first, with their working sets; and the ones warming, with the ticks each has left. */
  warmPids: Array<{ pid: number; name: string; workingSet: number }>;
  warming: Array<{ pid: number; name: string; workingSet: number; left: number }>;
  /** Cache units the warm working sets fill, of `size` (null size: the machine has no caches). */
  used: number;
  size: number | null;
}

/** Every CPU's figures, as fractions of the ticks up to `over` (a run reported as ending when its work did passes that tick). */
export function cpuCaches(s: KernelState, over = s.tick): CpuCacheView[] {
  const named = (pid: number) => ({ pid, name: s.procs[pid]?.name ?? `pid ${pid}`, workingSet: s.procs[pid]?.sched.workingSet ?? 0 });
  return s.cpus.map((c) => ({
    cpu: c.id,
    busyTicks: c.busyTicks,
    warmTicks: c.warmTicks,
    utilisation: over > 0 ? c.busyTicks / over : 0,
    warm: over > 0 ? c.warmTicks / over : 0,
    warmPids: c.cache.warm.map(named),
    warming: c.cache.warming.map((w) => ({ ...named(w.job), left: w.left })),
    used: c.cache.used,
    size: s.config.cache?.size ?? null,
  }));
}
