import { type EventQueue, peekEvent, popEvent, type TimerEvent } from '../base/events.ts';
import type { Decision, EnqueueReason, SchedContext, SchedPolicy } from './policy.ts';

/**
 * The scheduling loop, defined once: how time moves, in what order the work due at one
 * instant is done, how an idle CPU gets work, and when a slice ends. The kernel's advance
 * (kernel/kernel.ts) and OSTEP's simulators (ostep/textbook-order.ts) are both hosts of
 * it. What they do at each point (run a program's syscalls, or step to a job's next
 * burst) is the host's; where they differ in the loop itself, the difference is one of
 * its two rules:
 *
 * - order: at one instant the policy's own event (an MLFQ boost) always comes first; then
 *   either arrivals before I/O completions (OSTEP's simulators) or completions before
 *   arrivals (the kernel's machine, where an arrival is a spawn input applied after time
 *   has moved to its tick, and moving time is what completes the I/O due then).
 * - time: whole ticks, at least one per step (the kernel's clock; a fraction of a tick
 *   still takes the whole tick), or any real amount (scheduler.py's job lengths may be
 *   fractional).
 *
 * The loop keeps no state of its own: the clock is the context's `now`, the CPUs and the
 * timer queue are the host's, and the policy's state is the policy's.
 */

export interface LoopRules {
  order: 'arrivals-first' | 'completions-first';
  time: 'ticks' | 'real';
}

/** A CPU as the loop sees it (the kernel's Cpu is one). */
export interface LoopCpu {
  readonly id: number;
  /** The pid on it, or null when idle. */
  running: number | null;
  /** What is left of the running process's slice; null = it runs until it blocks or exits. */
  sliceLeft: number | null;
  /** Ticks of a context switch still to go: nobody runs until it is done. */
  switchLeft: number;
}

/** What the loop asks of the machine it runs. Every call happens at the context's `now`. */
export interface LoopHost<S> {
  readonly rules: LoopRules;
  readonly policy: SchedPolicy<S>;
  readonly data: S;
  readonly ctx: SchedContext;
  readonly cpus: readonly LoopCpu[];
  /** Timers: I/O completions and sleeps; the loop pops the due ones and hands each to `fire`. */
  readonly timers: EventQueue;
  fire(ev: TimerEvent): void;
  /** When the next arrival not yet admitted falls, or null; `admitArrivals` admits those due now. */
  nextArrival(): number | null;
  admitArrivals(): void;
  /** Puts the decision's process on `cpu`; what it does in no time runs here (it may give the CPU back at once). */
  start(cpu: LoopCpu, d: Decision): void;
  /** Time is about to move, with these processes on the CPUs (the kernel starts context switches here). */
  beforeStep(): void;
  /** How long the process on `cpu` runs before its host needs a say: the end of its CPU burst. */
  burstLeft(cpu: LoopCpu): number;
  /** `ticks` pass on `cpu`: the host accounts them (to its process, to switching, or as idle time). */
  pass(cpu: LoopCpu, ticks: number): void;
  /** The process on `cpu` reached the end of its burst: what it does next in no time runs here. */
  burstDone(cpu: LoopCpu): void;
  /** Takes the process off `cpu` and returns it to the ready set (through `ready`, with 'preempt'). */
  preempt(cpu: LoopCpu, reason: string): void;
  /** The policy's own event ran; `text` is what it did, in words. Any preemption it causes follows. */
  policyEvent(text: string | null): void;
  /** The clock moves to `t` (the context's `now` and the host's own clock). */
  moveTo(t: number): void;
}

/**
 * The process joins the ready set, and a running one is preempted if the policy says so:
 * only when every CPU is busy (an idle CPU will take it), and the first CPU whose process
 * the policy would give up. Returns that CPU and the reason, for the caller to preempt, or null.
 */
export function enqueueReady<S>(
  policy: SchedPolicy<S>,
  data: S,
  cpus: readonly LoopCpu[],
  pid: number,
  why: EnqueueReason,
  ctx: SchedContext,
): { cpu: LoopCpu; reason: string } | null {
  policy.enqueue(data, pid, why, ctx);
  if (!policy.shouldPreempt) return null;
  for (let c = 0; c < cpus.length; c++) if (cpus[c].running === null) return null;
  for (let c = 0; c < cpus.length; c++) {
    const cpu = cpus[c];
    const reason = policy.shouldPreempt(data, cpu.running!, cpu.id, ctx);
    if (reason) return { cpu, reason };
  }
  return null;
}

/** `enqueueReady` in a host, preempting as it says. */
export function ready<S>(h: LoopHost<S>, pid: number, why: EnqueueReason): void {
  const p = enqueueReady(h.policy, h.data, h.cpus, pid, why, h.ctx);
  if (p) h.preempt(p.cpu, p.reason);
}

/** The policy's own event, if due: it runs, and every CPU whose process the policy no longer wants is preempted. */
export function firePolicyEvent<S>(h: LoopHost<S>): void {
  const { policy, data, ctx } = h;
  if (!policy.nextEvent || !policy.onEvent) return;
  const t = policy.nextEvent(data, ctx);
  if (t === null || t > ctx.now) return;
  h.policyEvent(policy.onEvent(data, ctx));
  if (!policy.shouldPreempt) return;
  for (let c = 0; c < h.cpus.length; c++) {
    const cpu = h.cpus[c];
    if (cpu.running === null) continue;
    const reason = policy.shouldPreempt(data, cpu.running, cpu.id, ctx);
    if (reason) h.preempt(cpu, reason);
  }
}

/** The timers due now, in the order they were set. */
export function fireTimers<S>(h: LoopHost<S>): void {
  const now = h.ctx.now;
  for (let ev = peekEvent(h.timers); ev && ev.tick <= now; ev = peekEvent(h.timers)) {
    popEvent(h.timers);
    h.fire(ev);
  }
}

/** Every idle CPU takes the policy's choice, until it keeps one or the ready set is empty. */
export function dispatchIdle<S>(h: LoopHost<S>): void {
  for (let c = 0; c < h.cpus.length; c++) {
    const cpu = h.cpus[c];
    // Each pick takes a process out of the ready set, and one that comes straight back (it
    // yielded) soon costs the kernel a tick of its syscall budget, so this loop ends.
    while (cpu.running === null) {
      const d = h.policy.pick(h.data, cpu.id, h.ctx);
      if (!d) break;
      h.start(cpu, d);
    }
  }
}

/** The work due at the current instant, in the rule's order, then dispatch. */
export function settleInstant<S>(h: LoopHost<S>): void {
  firePolicyEvent(h);
  if (h.rules.order === 'arrivals-first') {
    h.admitArrivals();
    fireTimers(h);
  } else {
    fireTimers(h);
    h.admitArrivals();
  }
  dispatchIdle(h);
}

/** The next instant after now at which a timer, an arrival or the policy's own event falls, or null. */
export function nextInstant<S>(h: LoopHost<S>): number | null {
  const ev = peekEvent(h.timers);
  let next = ev ? ev.tick : null;
  const a = h.nextArrival();
  if (a !== null && (next === null || a < next)) next = a;
  if (h.policy.nextEvent) {
    const t = h.policy.nextEvent(h.data, h.ctx);
    // In real time a policy event already past is done with; with ticks it costs a step of one.
    if (t !== null && (h.rules.time === 'ticks' || t > h.ctx.now) && (next === null || t < next)) next = t;
  }
  return next;
}

/**
 * One step of time from now, at most to `end`: as far as the nearest event (a timer, an
 * arrival, the policy's own), the end of a running burst, of a slice or of a context
 * switch. The time passes on every CPU, the clock moves, and each running process whose
 * burst ended takes its next step; one whose slice ran out is preempted. Returns false,
 * without moving time, when there is nothing to move towards (no process runs and no
 * event will come).
 */
export function step<S>(h: LoopHost<S>, end: number): boolean {
  const now = h.ctx.now;
  h.beforeStep();
  let d = end - now;
  const next = nextInstant(h);
  if (next !== null) d = Math.min(d, next - now);
  let busy = false;
  for (let c = 0; c < h.cpus.length; c++) {
    const cpu = h.cpus[c];
    if (cpu.running === null) continue;
    busy = true;
    if (cpu.switchLeft > 0) {
      d = Math.min(d, cpu.switchLeft); // the process runs only once the switch is done
      continue;
    }
    d = Math.min(d, h.burstLeft(cpu));
    if (cpu.sliceLeft !== null) d = Math.min(d, cpu.sliceLeft);
  }
  if (!busy && next === null && !(end < Number.POSITIVE_INFINITY)) return false;
  if (h.rules.time === 'ticks') d = Math.max(1, Math.ceil(d));
  for (let c = 0; c < h.cpus.length; c++) {
    const cpu = h.cpus[c];
    if (cpu.running !== null && cpu.switchLeft <= 0) {
      h.pass(cpu, d);
      if (cpu.sliceLeft !== null) cpu.sliceLeft -= d;
      h.policy.charge(h.data, cpu.running, d, h.ctx);
    } else h.pass(cpu, d);
  }
  h.moveTo(now + d);
  for (let c = 0; c < h.cpus.length; c++) {
    const cpu = h.cpus[c];
    if (cpu.running === null || cpu.switchLeft > 0) continue;
    const pid = cpu.running;
    if (h.burstLeft(cpu) <= 0) h.burstDone(cpu);
    if (cpu.running === pid && cpu.sliceLeft !== null && cpu.sliceLeft <= 0) h.preempt(cpu, h.policy.sliceEnd(h.data, pid, h.ctx));
  }
  return true;
}
