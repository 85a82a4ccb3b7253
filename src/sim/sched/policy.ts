import type { RngState } from '../kernel/rng.ts';

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
}

export interface SchedContext {
  now: number;
  rng: RngState;
  info(pid: number): SchedProcInfo;
}

/** Why a process joins the ready set. */
export type EnqueueReason = 'arrive' | 'wake' | 'preempt' | 'yield' | 'continue';

/** A dispatch decision, with the reason in words for the views. */
export interface Decision {
  pid: number;
  /** Ticks it may run before the policy wants a say again; null = until it blocks or exits. */
  slice: number | null;
  reason: string;
}

export interface SchedConfig {
  policy: string;
  /** Round-robin time slice, in ticks. */
  quantum: number;
  /** Extra policy options (levels, boost, latency, ...), validated by the policy. */
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
  init(cfg: SchedConfig, cpus: number): S;
  enqueue(s: S, pid: number, why: EnqueueReason, ctx: SchedContext): void;
  /** The process left the ready set without being picked (killed, stopped). */
  remove(s: S, pid: number, ctx: SchedContext): void;
  /** Chooses the next process for `cpu` and takes it out of the ready set. */
  pick(s: S, cpu: number, ctx: SchedContext): Decision | null;
  /** The running process used `ticks` of CPU. */
  charge(s: S, pid: number, ticks: number, ctx: SchedContext): void;
  /** The running process blocked (I/O, sleep, wait). */
  onBlock?(s: S, pid: number, ctx: SchedContext): void;
  /** The process exited; forget it. */
  onExit?(s: S, pid: number, ctx: SchedContext): void;
  /** After an enqueue: should `running` on `cpu` be preempted? Returns the reason, or null. */
  shouldPreempt?(s: S, running: number, cpu: number, ctx: SchedContext): string | null;
  /** The next tick at which the policy has something to do by itself (an MLFQ boost). */
  nextEvent?(s: S, ctx: SchedContext): number | null;
  /** Called when the tick from nextEvent arrives. */
  onEvent?(s: S, ctx: SchedContext): string | null;
  /** The ready set, for the views: one or more named queues in dispatch order. */
  readyQueues(s: S): ReadyQueue[];
}

export interface ReadyQueue {
  name: string;
  pids: number[];
  /** Per-pid annotation, e.g. tickets or vruntime. */
  notes?: Record<number, string>;
}
