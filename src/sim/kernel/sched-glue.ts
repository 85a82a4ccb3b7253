import { appendLog } from '../base/ringlog.ts';
import { nextInt } from '../base/rng.ts';
import type { EnqueueReason, SchedContext, SchedPolicy, SchedProcInfo } from '../sched/policy.ts';
import { getPolicy, switchCostOf } from '../sched/registry.ts';
import type { Cpu, KernelState, LogKind, Proc } from './state.ts';

/**
 * The kernel's side of scheduling: it turns process-state changes into calls on the
 * policy, and owns the CPUs and the Gantt trace. Policies never see a Proc, only the
 * SchedProcInfo that the context hands them.
 */
export function policyOf(s: KernelState): SchedPolicy<unknown> {
  // The kernel asks several times per dispatch; the last answer is kept (a policy is a
  // constant, so this is only a memo of getPolicy).
  const name = s.sched.policy;
  if (name === lastPolicyName && lastPolicy) return lastPolicy;
  const p = getPolicy(name);
  if (!p) throw new Error(`unknown scheduling policy ${name}`); // validated at boot
  lastPolicyName = name;
  lastPolicy = p;
  return p;
}

let lastPolicyName = '';
let lastPolicy: SchedPolicy<unknown> | null = null;

/**
 * The context a policy sees. Its methods are shared functions that read the state through
 * `this`, not closures made per call: the kernel builds a context for nearly every
 * scheduling call, and making closures there costs more than the scheduling itself.
 */
interface KernelSchedContext extends SchedContext {
  s: KernelState;
}

function infoOf(this: KernelSchedContext, pid: number): SchedProcInfo {
  const p = this.s.procs[pid];
  return {
    pid,
    arrival: p.acct.arrival,
    nice: p.sched.nice,
    tickets: p.sched.tickets,
    priority: p.sched.priority,
    expected: p.sched.expected,
    cpuTicks: p.acct.cpu,
    affinity: p.sched.affinity ?? null,
    currency: p.sched.currency ?? null,
  };
}

function drawFrom(this: KernelSchedContext, n: number): number {
  return nextInt(this.s.rng, n);
}

function noteIn(this: KernelSchedContext, text: string): void {
  klog(this.s, 'sched', null, text);
}

/**
 * One context object serves every call, refreshed from the state each time it is asked
 * for: the kernel asks several times per dispatch, and allocating a context each time made
 * up the largest share of what the scheduling path allocated. Sharing it is safe because a
 * policy never keeps the context beyond the call it is given to, and a call made while
 * another is under way (a preemption decided during an enqueue) is for the same kernel at
 * the same tick, so the refresh leaves every field as the outer call saw it.
 */
const sharedContext: KernelSchedContext = {
  s: null as unknown as KernelState,
  now: 0,
  rng: null as unknown as KernelState['rng'],
  info: infoOf,
  draw: drawFrom,
  note: noteIn,
  explain: false,
};

export function schedContext(s: KernelState): SchedContext {
  const ctx = sharedContext;
  ctx.s = s;
  ctx.now = s.tick;
  ctx.rng = s.rng;
  ctx.explain = s.trace.cap > 0;
  return ctx;
}

/** Settles the ready/blocked time counters up to now, then changes state. */
export function setState(s: KernelState, p: Proc, next: Proc['state']): void {
  const elapsed = s.tick - p.acct.since;
  if (p.state === 'ready') p.acct.ready += elapsed;
  else if (p.state === 'blocked' || p.state === 'stopped') p.acct.blocked += elapsed;
  p.acct.since = s.tick;
  p.state = next;
}

export function klog(s: KernelState, kind: LogKind, pid: number | null, text: string): void {
  appendLog(s.log, { tick: s.tick, kind, pid, text });
}

/** Puts a process in the ready set, and preempts a running one if the policy says so. */
export function makeReady(s: KernelState, p: Proc, why: EnqueueReason): void {
  setState(s, p, 'ready');
  const pol = policyOf(s);
  const ctx = schedContext(s);
  pol.enqueue(s.sched.data, p.pid, why, ctx);
  if (!pol.shouldPreempt) return;
  for (const cpu of s.cpus) {
    if (cpu.running === null) return; // an idle CPU will take it: no preemption needed
  }
  for (const cpu of s.cpus) {
    const reason = pol.shouldPreempt(s.sched.data, cpu.running!, cpu.id, ctx);
    if (reason) {
      preempt(s, s.procs[cpu.running!], reason);
      return;
    }
  }
}

/** Takes a running process off its CPU and returns it to the ready set. */
export function preempt(s: KernelState, p: Proc, reason: string): void {
  if (p.cpu === null) return;
  const cpu = s.cpus[p.cpu];
  const pid = p.pid;
  // Chosen and preempted in the same tick before it ran (a better process arrived at that
  // tick): that dispatch was not its first run.
  if (cpu.lastPid !== pid && p.acct.firstRun === s.tick && p.acct.cpu === 0) p.acct.firstRun = null;
  releaseCpu(s, p, `preempted: ${reason}`);
  makeReady(s, p, 'preempt');
}

/** Detaches a process from its CPU (it blocked, stopped, exited or was preempted). */
export function releaseCpu(s: KernelState, p: Proc, until: string): void {
  if (p.cpu === null) return;
  const cpu = s.cpus[p.cpu];
  if (cpu.traceSeq !== null && cpu.traceSeq >= s.trace.first) s.trace.items[cpu.traceSeq].until = until;
  cpu.running = null;
  cpu.sliceLeft = null;
  cpu.switchLeft = 0;
  // A process that ran no tick (picked and blocked again in zero time) leaves no bar: the
  // previous bar stays the one a re-picked process may continue.
  if (cpu.traceSeq !== null) cpu.lastSeq = cpu.traceSeq;
  cpu.traceSeq = null;
  p.cpu = null;
}

/** Removes a process from the ready set, or from its CPU, wherever it is. */
export function descheduleAnywhere(s: KernelState, p: Proc, until: string): void {
  if (p.state === 'ready') policyOf(s).remove(s.sched.data, p.pid, schedContext(s));
  if (p.state === 'running') releaseCpu(s, p, until);
}

/** Starts `p` on `cpu` as the policy decided; records the Gantt slice. */
export function dispatch(s: KernelState, cpuId: number, p: Proc, slice: number | null, why: string): void {
  const cpu = s.cpus[cpuId];
  const pid = p.pid;
  setState(s, p, 'running');
  p.cpu = cpuId;
  cpu.running = pid;
  cpu.sliceLeft = slice;
  if (p.acct.firstRun === null) p.acct.firstRun = s.tick;
  cpu.why = why;
  cpu.traceSeq = null;
  if (cpu.lastPid === pid) resumeSlice(s, cpu, pid);
}

/**
 * Called just before time passes: a CPU about to run a process other than the one whose
 * code it ran last makes a context switch, which takes `switchCost` ticks charged to
 * nobody (a 'switch' slice on the Gantt chart). Counting here rather than at dispatch
 * means a process that is picked and blocks again in zero time (init reaping a child)
 * costs nothing and is not counted.
 */
export function beginRunning(s: KernelState): void {
  for (const cpu of s.cpus) {
    const pid = cpu.running;
    if (pid === null || pid === cpu.lastPid) continue;
    if (cpu.lastPid !== null) {
      s.stats.contextSwitches++;
      const cost = switchCostOf(s.config.sched);
      if (cost > 0) {
        cpu.switchLeft = cost;
        if (s.trace.cap > 0) {
          const why = `context switch from pid ${cpu.lastPid} to pid ${pid} (${cost} tick${cost === 1 ? '' : 's'})`;
          cpu.traceSeq = appendLog(s.trace, { pid, name: s.procs[pid].name, cpu: cpu.id, start: s.tick, end: s.tick, why, kind: 'switch' });
        }
      }
    }
    cpu.lastPid = pid;
  }
}

/**
 * A policy's own event (an MLFQ boost, an aged process overtaking): run it when due, log
 * what it did, and let the policy preempt whatever it no longer wants running.
 */
export function firePolicyEvent(s: KernelState): void {
  const pol = policyOf(s);
  if (!pol.nextEvent || !pol.onEvent) return;
  const ctx = schedContext(s);
  const t = pol.nextEvent(s.sched.data, ctx);
  if (t === null || t > s.tick) return;
  const text = pol.onEvent(s.sched.data, ctx);
  if (text) klog(s, 'sched', null, text);
  if (!pol.shouldPreempt) return;
  for (const cpu of s.cpus) {
    if (cpu.running === null) continue;
    const reason = pol.shouldPreempt(s.sched.data, cpu.running, cpu.id, ctx);
    if (reason) preempt(s, s.procs[cpu.running], reason);
  }
}

/**
 * A parent blocked in wait() for `want` (a pid, -1 for any child, 0 or -pgid for a group):
 * the policy may lend its share to the children it waits for (lottery ticket transfer).
 */
export function lendWhileWaiting(s: KernelState, p: Proc, want: number): void {
  const pol = policyOf(s);
  if (!pol.lend) return;
  const pgid = want === 0 ? p.pgid : -want;
  const targets: number[] = [];
  for (const key in p.children) {
    const c = s.procs[Number(key)];
    if (!c || c.state === 'zombie') continue;
    if (want > 0 ? c.pid === want : want === -1 || c.pgid === pgid) targets.push(c.pid);
  }
  if (targets.length === 0) return;
  const text = pol.lend(s.sched.data, p.pid, targets, schedContext(s));
  if (text) klog(s, 'sched', p.pid, text);
}

/**
 * A wait on a channel (a read of the terminal or a pipe, a wait for a child, a sleep) has
 * ended: it goes on the process's Gantt row. A wait that starts again the moment the last
 * one ended, on the same channel (a shell reading key after key), extends it.
 */
export function recordWait(s: KernelState, p: Proc, chan: string): void {
  // init waits for orphans all its life; its lane would only say so.
  if (s.trace.cap === 0 || s.tick <= p.acct.since || p.pid === 1) return;
  const why = `waiting: ${chan}`;
  const prev = p.waitSeq !== null && p.waitSeq >= s.trace.first ? s.trace.items[p.waitSeq] : undefined;
  if (prev && prev.pid === p.pid && prev.kind === 'wait' && prev.end === p.acct.since && prev.why === why) {
    prev.end = s.tick;
    return;
  }
  p.waitSeq = appendLog(s.trace, { pid: p.pid, name: p.name, cpu: -1, start: p.acct.since, end: s.tick, why, kind: 'wait' });
}

/** Puts an I/O on the Gantt trace, in the device's lane (cpu -1), when it starts. */
export function recordIo(s: KernelState, p: Proc, ticks: number): void {
  if (s.trace.cap === 0) return;
  const why = `I/O for ${ticks} tick${ticks === 1 ? '' : 's'}`;
  appendLog(s.trace, { pid: p.pid, name: p.name, cpu: -1, start: s.tick, end: s.tick + ticks, why, kind: 'io' });
}

/**
 * The same process picked again the moment its slice ended (nothing else was ready): it
 * simply kept the CPU, so its Gantt bar continues rather than a new one starting.
 */
function resumeSlice(s: KernelState, cpu: Cpu, pid: number): void {
  const seq = cpu.lastSeq;
  if (seq === null || seq < s.trace.first) return;
  const sl = s.trace.items[seq];
  if (sl.pid !== pid || sl.end !== s.tick || sl.kind) return;
  delete sl.until;
  cpu.traceSeq = seq;
}

/**
 * Accounts `ticks` of CPU to every running process, extending its Gantt slice. `onCpu`
 * holds the process running on each CPU, as the caller has just looked them up.
 */
export function chargeRunning(s: KernelState, ticks: number, onCpu: ReadonlyArray<Proc | null>): void {
  const pol = policyOf(s);
  let ctx: SchedContext | null = null;
  for (const cpu of s.cpus) {
    if (cpu.running === null) {
      s.stats.idleTicks += ticks;
      continue;
    }
    if (cpu.switchLeft > 0) {
      chargeSwitch(s, cpu, ticks);
      continue;
    }
    const p = onCpu[cpu.id]!;
    p.burstLeft -= ticks;
    p.acct.cpu += ticks;
    cpu.busyTicks += ticks;
    if (cpu.sliceLeft !== null) cpu.sliceLeft -= ticks;
    ctx ??= schedContext(s);
    pol.charge(s.sched.data, p.pid, ticks, ctx);
    extendSlice(s, p.pid, cpu, s.tick + ticks);
  }
}

/** Time spent switching: no process is charged; the 'switch' slice grows. */
function chargeSwitch(s: KernelState, cpu: Cpu, ticks: number): void {
  cpu.switchLeft = Math.max(0, cpu.switchLeft - ticks);
  s.stats.switchTicks += ticks;
  if (cpu.traceSeq !== null && cpu.traceSeq >= s.trace.first) s.trace.items[cpu.traceSeq].end = s.tick + ticks;
  if (cpu.switchLeft === 0) cpu.traceSeq = null; // the process's own slice starts next
}

/**
 * Extends the CPU's current Gantt slice to `end`, making it on the first tick run. A
 * traceCap of 0 turns the Gantt trace off (headless runs that only want the metrics).
 */
function extendSlice(s: KernelState, pid: number, cpu: Cpu, end: number): void {
  if (s.trace.cap === 0) return;
  if (cpu.traceSeq !== null && cpu.traceSeq >= s.trace.first) {
    s.trace.items[cpu.traceSeq].end = end;
    return;
  }
  cpu.traceSeq = appendLog(s.trace, { pid, name: s.procs[pid].name, cpu: cpu.id, start: s.tick, end, why: cpu.why });
}
