import { switchCostOf } from '../sched/registry.ts';
import { chargeWork } from './cpu-caches.ts';
import { extendSlice, extendSwitch, recordSwitch } from './gantt.ts';
import type { Cpu, KernelState, Proc } from './state.ts';
import { vmSwitch } from './vm-lifecycle.ts';

/**
 * Where time goes: each process's ready, blocked and CPU ticks, each CPU's busy, idle and
 * switching ticks, and the count of context switches. The metrics tables read these
 * counters; the policy is told of every tick it charges.
 */

/** Settles the ready/blocked time counters up to now, then changes state. */
export function setState(s: KernelState, p: Proc, next: Proc['state']): void {
  const elapsed = s.tick - p.acct.since;
  if (p.state === 'ready') p.acct.ready += elapsed;
  else if (p.state === 'blocked' || p.state === 'stopped') p.acct.blocked += elapsed;
  p.acct.since = s.tick;
  p.state = next;
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
      vmSwitch(s, pid);
      const cost = switchCostOf(s.config.sched);
      if (cost > 0) {
        cpu.switchLeft = cost;
        recordSwitch(s, cpu, cpu.lastPid, pid, cost);
      }
    }
    cpu.lastPid = pid;
  }
}

/**
 * Accounts `ticks` passing on `cpu`: to its process and the process's Gantt slice, to the
 * context switch under way, or as idle time. The scheduling loop charges the policy and
 * the slice (sched/loop.ts, step).
 */
export function chargeCpu(s: KernelState, cpu: Cpu, ticks: number): void {
  if (cpu.running === null) {
    s.stats.idleTicks += ticks;
    return;
  }
  if (cpu.switchLeft > 0) {
    chargeSwitch(s, cpu, ticks);
    return;
  }
  chargeRun(s, cpu, s.procs[cpu.running], ticks);
}

/** `ticks` of `p` running on `cpu` (past its context switch): the process, the CPU and its Gantt slice are charged. */
export function chargeRun(s: KernelState, cpu: Cpu, p: Proc, ticks: number): void {
  chargeWork(s, cpu, p, ticks);
  p.acct.cpu += ticks;
  cpu.busyTicks += ticks;
  extendSlice(s, p.pid, cpu, s.tick + ticks);
}

/** Time spent switching: no process is charged. */
function chargeSwitch(s: KernelState, cpu: Cpu, ticks: number): void {
  cpu.switchLeft = Math.max(0, cpu.switchLeft - ticks);
  s.stats.switchTicks += ticks;
  extendSwitch(s, cpu, ticks);
}
