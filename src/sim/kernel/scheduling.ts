import { enqueueReady } from '../sched/loop.ts';
import type { EnqueueReason } from '../sched/policy.ts';
import { setState } from './cpu-accounting.ts';
import { cacheOnDispatch } from './cpu-caches.ts';
import { closeSlice, continueSlice } from './gantt.ts';
import { klog } from './klog.ts';
import { type KernelSchedContext, policyOf, schedContext } from './sched-context.ts';
import type { KernelState, Proc } from './state.ts';

/**
 * The kernel's side of scheduling: the only place, besides the scheduling loop it runs on
 * (sched/loop.ts), that turns process-state changes into calls on the policy (enqueue,
 * remove, shouldPreempt, lend), and that puts a process on a CPU or takes it off.
 */

/** Puts a process in the ready set, and preempts a running one if the policy says so. */
export function makeReady(s: KernelState, p: Proc, why: EnqueueReason, ctx: KernelSchedContext = schedContext(s)): void {
  setState(s, p, 'ready');
  const due = enqueueReady(ctx.policy, s.sched.data, s.cpus, p.pid, why, ctx);
  if (due) preempt(s, s.procs[due.cpu.running!], due.reason, ctx);
}

/** Takes a running process off its CPU and returns it to the ready set. */
export function preempt(s: KernelState, p: Proc, reason: string, ctx: KernelSchedContext = schedContext(s)): void {
  if (p.cpu === null) return;
  const cpu = s.cpus[p.cpu];
  const pid = p.pid;
  // Chosen and preempted in the same tick before it ran (a better process arrived at that
  // tick): that dispatch was not its first run.
  if (cpu.lastPid !== pid && p.acct.firstRun === s.tick && p.acct.cpu === 0) p.acct.firstRun = null;
  releaseCpu(s, p, `preempted: ${reason}`);
  makeReady(s, p, 'preempt', ctx);
}

/** Detaches a process from its CPU (it blocked, stopped, exited or was preempted). */
export function releaseCpu(s: KernelState, p: Proc, until: string): void {
  if (p.cpu === null) return;
  const cpu = s.cpus[p.cpu];
  closeSlice(s, cpu, until);
  cpu.running = null;
  cpu.sliceLeft = null;
  cpu.switchLeft = 0;
  p.cpu = null;
}

/** Removes a process from the ready set, or from its CPU, wherever it is. */
export function descheduleAnywhere(s: KernelState, p: Proc, until: string): void {
  if (p.state === 'ready') policyOf(s).remove(s.sched.data, p.pid, schedContext(s));
  if (p.state === 'running') releaseCpu(s, p, until);
}

/** Starts `p` on `cpu` as the policy decided. */
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
  if (cpu.lastPid === pid) continueSlice(s, cpu, pid);
  cacheOnDispatch(s, cpu, p);
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
