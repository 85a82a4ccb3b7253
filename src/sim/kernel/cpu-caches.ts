import { cacheDispatch, cacheForget, cacheRan, ticksUntilWarm, workRate } from '../sched/cpu-cache.ts';
import type { Cpu, KernelState, Proc } from './state.ts';

/**
 * Each CPU's cache (sched/cpu-cache.ts, the model OSTEP's multi.py uses) in the kernel. A
 * machine configured with `cache` gives every CPU one; a process spawned with a working
 * set warms the cache of the CPU it runs on, and once warm there its CPU bursts progress
 * `warmRate` units of work per tick. A process without a working set (the shell, init)
 * takes no part, and a machine without `cache` runs everything at one unit per tick, as
 * before. Scheduling decides nothing here: affinity pays only where the policy keeps a
 * process on one CPU (per-CPU run queues).
 */
function cached(s: KernelState, p: Proc): boolean {
  return s.config.cache !== undefined && p.sched.workingSet != null;
}

function workingSetOf(this: KernelState, pid: number): number {
  return this.procs[pid]?.sched.workingSet ?? 0;
}

/** `p` is put on `cpu`: its working set starts warming there, unless it is warm or warming already. */
export function cacheOnDispatch(s: KernelState, cpu: Cpu, p: Proc): void {
  if (cached(s, p)) cacheDispatch(cpu.cache, s.config.cache!, p.pid, workingSetOf.bind(s));
}

/**
 * Ticks `p` must run on `cpu` before its burst ends or its rate changes (it turns warm):
 * the loop's step stops there. Without a cache this is the burst itself.
 */
export function ticksOfWork(s: KernelState, cpu: Cpu, p: Proc): number {
  if (!cached(s, p) || p.burstLeft <= 0) return p.burstLeft;
  const work = Math.ceil(p.burstLeft / workRate(cpu.cache, s.config.cache!, p.pid));
  const warming = ticksUntilWarm(cpu.cache, p.pid);
  return warming === null ? work : Math.min(work, warming);
}

/** `ticks` of `p` running on `cpu`: its burst shrinks by the work done at the cache's rate, and its warm-up counts down. */
export function chargeWork(s: KernelState, cpu: Cpu, p: Proc, ticks: number): void {
  if (!cached(s, p)) {
    p.burstLeft -= ticks;
    return;
  }
  const params = s.config.cache!;
  const rate = workRate(cpu.cache, params, p.pid);
  p.burstLeft = Math.max(0, p.burstLeft - ticks * rate);
  if (rate > 1) cpu.warmTicks += ticks;
  cacheRan(cpu.cache, params, p.pid, ticks, workingSetOf.bind(s));
}

/** `p` exited: no cache keeps its working set. */
export function cacheOnExit(s: KernelState, p: Proc): void {
  if (!cached(s, p)) return;
  for (const cpu of s.cpus) cacheForget(cpu.cache, p.pid, workingSetOf.bind(s));
}
