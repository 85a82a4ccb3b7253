import type { Syscall, SyscallResult } from '../abi/syscalls.ts';
import { setState } from './cpu-accounting.ts';
import { recordWait } from './gantt.ts';
import { policyOf, schedContext } from './sched-context.ts';
import { descheduleAnywhere, lendWhileWaiting, makeReady } from './scheduling.ts';
import type { KernelState, Proc, WaitChannel } from './state.ts';

/**
 * Sleep and wake-up, as xv6's sleep() and wakeup(): a process sleeps on a wait channel
 * (a name) and is woken by whoever makes its condition true. Every subsystem's syscalls
 * block and wake through these, and so does process exit; they call down into the
 * scheduler and the CPU accounting only, never back into the syscalls.
 */

/** The channel a process waiting for an I/O device sleeps on (a signal does not interrupt it). */
export const IO_CHANNEL = 'io';

/** Puts the process to sleep on `chan`; `call` is re-executed when it wakes (null = none). */
export function block(s: KernelState, p: Proc, chan: WaitChannel, call: Syscall | null, why = `blocked: ${chan}`): void {
  descheduleAnywhere(s, p, why);
  if (p.state === 'running' || p.state === 'ready') policyOf(s).onBlock?.(s.sched.data, p.pid, schedContext(s));
  setState(s, p, 'blocked');
  p.wchan = chan;
  p.syscall = call;
  p.waitToken++;
  (s.waiters[chan] ??= {})[p.pid] = true;
  if (call?.op === 'wait') lendWhileWaiting(s, p, call.pid);
}

/**
 * Wakes one sleeper. With `result`, the syscall it slept in is finished with that value;
 * without, the syscall is re-executed when it next runs. A stopped sleeper stays stopped
 * and is merely no longer waiting.
 */
export function wake(s: KernelState, p: Proc, result?: SyscallResult): void {
  if (p.wchan === null) return;
  if (p.state === 'blocked' && p.wchan !== IO_CHANNEL) recordWait(s, p, p.wchan);
  leaveWaitChannel(s, p);
  if (result !== undefined) {
    p.syscall = null;
    p.sysret = result;
  }
  if (p.state === 'blocked') makeReady(s, p, 'wake');
}

/** Wakes every process asleep on `chan` (their syscalls re-execute). */
export function wakeAll(s: KernelState, chan: WaitChannel): void {
  const q = s.waiters[chan];
  if (!q) return;
  for (const pid of Object.keys(q)) wake(s, s.procs[Number(pid)]);
}

export function leaveWaitChannel(s: KernelState, p: Proc): void {
  if (p.wchan === null) return;
  const q = s.waiters[p.wchan];
  if (q) {
    delete q[p.pid];
    if (isEmpty(q)) delete s.waiters[p.wchan];
  }
  p.wchan = null;
}

function isEmpty(o: object): boolean {
  for (const _ in o) return false;
  return true;
}

/** The channel a parent sleeps on in wait(). */
export function childChannel(pid: number): WaitChannel {
  return `child:${pid}`;
}

