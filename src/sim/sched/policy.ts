import type { RngState } from '../base/rng.ts';

/**
 * What a scheduling policy may know about a process. The scheduler knows nothing of
 * programs or syscalls: only these attributes, and the CPU time it has been charged.
 */
export interface SchedProcInfo {
  pid: number;
  /** Tick the process arrived (was created). */
  arrival: number;
  /** -20 (favoured) .. 19; CFS turns it into a weight. */
  nice: number;
  /** Lottery and stride share. */
  tickets: number;
  /** Static priority for the priority policies: a lower number runs first. */
  priority: number;
  /** Total CPU the job will need, when the workload says so (SJF/STCF); otherwise null. */
  expected: number | null;
  /** CPU ticks used so far. */
  cpuTicks: number;
  /** CPUs it may run on (per-CPU run queues honour it), or null for any. */
  affinity: number[] | null;
  /** Lottery ticket currency it is funded in (e.g. a user's), or null for the base currency. */
  currency: string | null;
  /** The memory it touches as it runs, in the units of a CPU cache's size (cpu-cache.ts); absent = none. */
  workingSet?: number;
}

/**
 * What a policy is handed with each call. It is valid for that call only: the kernel
 * refreshes one context object for every call rather than making a new one, so a policy
 * must not keep it.
 */
export interface SchedContext {
  now: number;
  rng: RngState;
  info(pid: number): SchedProcInfo;
  /** A uniformly random integer in [0, n): the lottery's draw. The kernel draws from `rng`. */
  draw(n: number): number;
  /** Records a scheduling event in words (a demotion, a boost) for the log and the views. */
  note(text: string): void;
  /**
   * Whether anyone will read the words: false in a headless run with the Gantt trace off,
   * where a policy may leave Decision.reason and sliceEnd empty rather than format them.
   */
  explain: boolean;
  /**
   * The one Decision the host lends its policy's picks, which `decide` fills in (and
   * makes on first use: a host creates its context with null here). The kernel picks
   * close to a million times in a busy run, and a pick need allocate nothing.
   */
  decision: Decision | null;
}

/**
 * Why a process joins the ready set: it was created, woke from a sleep or I/O, lost the
 * CPU to preemption (its slice ran out or a better process arrived), gave the CPU up,
 * was continued after a stop, or was moved from another CPU's run queue.
 */
export type EnqueueReason = 'arrive' | 'wake' | 'preempt' | 'yield' | 'continue' | 'migrate';

/** A dispatch decision, with the reason in words for the views. */
export interface Decision {
  pid: number;
  /** Ticks it may run before the policy wants a say again; null = until it blocks or exits. */
  slice: number | null;
  reason: string;
}

/** What `pick` returns: the context's Decision, filled in. It holds until the next pick, so a host acts on it at once. */
export function decide(ctx: SchedContext, pid: number, slice: number | null, reason: string): Decision {
  let d = ctx.decision;
  if (d === null) {
    d = { pid, slice, reason };
    ctx.decision = d;
    return d;
  }
  d.pid = pid;
  d.slice = slice;
  d.reason = reason;
  return d;
}

/**
 * The scheduler's configuration. Options every policy understands: `tieBreak` ('fifo' =
 * the order processes joined the ready set, OSTEP's rule and the default; 'pid' = lower
 * pid first), `switchCost` (ticks a context switch takes, charged to nobody),
 * `runQueues` ('global', or 'per-cpu' with `migrate` and `balanceEvery`). Each policy
 * documents its own options (levels, boost, latency, ...) and validates them in `check`.
 */
export interface SchedConfig {
  policy: string;
  /** Time slice, in ticks, for the policies that use one (RR, lottery, stride, priority). */
  quantum: number;
  /** Extra policy options, validated by the policy. */
  options?: Record<string, unknown>;
}

/**
 * A scheduling policy: plain-data state plus functions over it. Adding a policy means
 * adding one file that implements this and registering it in ./registry.ts.
 */
export interface SchedPolicy<S = unknown> {
  readonly name: string;
  readonly label: string;
  /** The tie-break rule in force, in words, shown in the UI. */
  tieBreak(s: S): string;
  /** What is wrong with the configuration's options, one line each (empty = fine). */
  check(cfg: SchedConfig): string[];
  /** Fresh state. Bad options fall back to their defaults (see `check`); it never throws. */
  init(cfg: SchedConfig, cpus: number): S;
  enqueue(s: S, pid: number, why: EnqueueReason, ctx: SchedContext): void;
  /** The process left the ready set without being picked (killed, stopped). */
  remove(s: S, pid: number, ctx: SchedContext): void;
  /** Chooses the next process for `cpu` and takes it out of the ready set; the choice is `decide(ctx, ...)`'s. */
  pick(s: S, cpu: number, ctx: SchedContext): Decision | null;
  /** The running process used `ticks` of CPU. */
  charge(s: S, pid: number, ticks: number, ctx: SchedContext): void;
  /** The words for a preemption when a dispatch's slice runs out ("quantum of 10 used up"). */
  sliceEnd(s: S, pid: number, ctx: SchedContext): string;
  /** The running process blocked (I/O, sleep, wait). */
  onBlock?(s: S, pid: number, ctx: SchedContext): void;
  /** The process exited; forget it. */
  onExit?(s: S, pid: number, ctx: SchedContext): void;
  /**
   * After an enqueue or a policy event: should `running` on `cpu` be preempted? Returns
   * the reason in words, or null.
   */
  shouldPreempt?(s: S, running: number, cpu: number, ctx: SchedContext): string | null;
  /**
   * The next tick at which the policy has something to do by itself (an MLFQ boost, an
   * aged process overtaking the running one), or null. The kernel skips ahead to it, so a
   * policy that needs a say must say when.
   */
  nextEvent?(s: S, ctx: SchedContext): number | null;
  /** Called when the tick from nextEvent arrives; returns what it did, in words. */
  onEvent?(s: S, ctx: SchedContext): string | null;
  /**
   * `waiter` has blocked until one of `targets` does something (a parent in wait() for
   * its children): a proportional-share policy may lend them its share meanwhile (lottery
   * ticket transfer). Returns what it did, in words, or null.
   */
  lend?(s: S, waiter: number, targets: number[], ctx: SchedContext): string | null;
  /** How many processes are waiting in the ready set (not running). */
  readyCount(s: S): number;
  /** The ready set, for the views: one or more named queues in dispatch order. */
  readyQueues(s: S): ReadyQueue[];
}

export interface ReadyQueue {
  name: string;
  pids: number[];
  /** Per-pid annotation, e.g. tickets or vruntime. */
  notes?: Record<number, string>;
}
