import { nextInt } from '../base/rng.ts';
import type { SchedContext, SchedPolicy, SchedProcInfo } from '../sched/policy.ts';
import { getPolicy } from '../sched/registry.ts';
import { klog } from './klog.ts';
import type { KernelState } from './state.ts';

/**
 * What a scheduling policy sees of the kernel. Policies never see a Proc, only the
 * SchedProcInfo that the context hands them, and the kernel's seeded random numbers.
 */

/** The policy the kernel runs (validated at boot, so it is always found). */
export function policyOf(s: KernelState): SchedPolicy<unknown> {
  const p = getPolicy(s.sched.policy);
  if (!p) throw new Error(`unknown scheduling policy ${s.sched.policy}`); // validated at boot
  return p;
}

/**
 * The context of one call on the policy. Its methods are shared functions that read the
 * state through `this`, not closures made per call, so a context is one small object: the
 * kernel makes one for nearly every scheduling call. It carries the policy too, found once
 * when the context is made rather than at each call made through it (a round-robin run
 * preempts close to a million times).
 */
export interface KernelSchedContext extends SchedContext {
  s: KernelState;
  policy: SchedPolicy<unknown>;
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
    workingSet: p.sched.workingSet ?? undefined,
  };
}

function drawFrom(this: KernelSchedContext, n: number): number {
  return nextInt(this.s.rng, n);
}

function noteIn(this: KernelSchedContext, text: string): void {
  klog(this.s, 'sched', null, text);
}

export function schedContext(s: KernelState): KernelSchedContext {
  return { s, policy: policyOf(s), now: s.tick, rng: s.rng, info: infoOf, draw: drawFrom, note: noteIn, explain: s.trace.cap > 0, decision: null };
}
