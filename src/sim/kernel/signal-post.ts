import { EINTR } from '../abi/errno.ts';
import { SIGCHLD } from '../abi/signals.ts';
import type { Syscall, SyscallResult } from '../abi/syscalls.ts';
import { channelObject } from '../ipc/channels.ts';
import { recordSignal } from '../ipc/signals.ts';
import type { SignalOutcome } from '../ipc/types.ts';
import { refreshDeadlocks } from './deadlock-watch.ts';
import { childChannel, IO_CHANNEL, wake, wakeAll } from './sleep.ts';
import { INIT_PID, type KernelState, type Proc } from './state.ts';

/**
 * The half of signal delivery that never ends or stops a process: a signal is ignored,
 * held pending while blocked, or caught (pending until the process next returns to user
 * mode, its sleep interrupted). The other half, the default actions that end and stop
 * processes, is in signal-delivery.ts and builds on this one. Exit's SIGCHLD needs only
 * this half (its default action is to be ignored), so proc.ts, which ends processes,
 * imports this file, and signal-delivery.ts imports proc.ts: the two do not import each other.
 */

/** SIGCHLD to the parent (on the child's behalf), and a retry of its wait() if it sleeps in one. */
export function notifyParent(s: KernelState, parent: Proc, child: number): void {
  if (parent.state !== 'zombie' && !holdSignal(s, parent, SIGCHLD, child) && !catchSignal(s, parent, SIGCHLD, child, false)) {
    // SIGCHLD's default action is to ignore it (abi/signals.ts, defaultAction).
    parent.sig.pending &= ~(1 << SIGCHLD);
    noteSignal(s, parent, SIGCHLD, child, 'ignored');
  }
  wakeAll(s, childChannel(parent.pid));
}

/**
 * A signal that is not acted on now: ignored (by its disposition, or sent to init, which
 * takes only the signals it catches) or blocked (it waits in the pending mask). Returns
 * whether it was one of those.
 */
export function holdSignal(s: KernelState, p: Proc, sig: number, from: number | null): boolean {
  const action = p.sig.actions[sig];
  if (action === 'ignore' || (p.pid === INIT_PID && action !== 'catch')) {
    noteSignal(s, p, sig, from, 'ignored');
    return true;
  }
  if (p.sig.blocked & (1 << sig)) {
    p.sig.pending |= 1 << sig;
    noteSignal(s, p, sig, from, 'pending');
    return true;
  }
  return false;
}

/**
 * A signal the process catches stays pending until it next returns to user mode, where
 * its handler runs on top of the interrupted code (kernel.ts, runUser). Returns false if
 * the process does not catch it: its default action is then due.
 */
export function catchSignal(s: KernelState, p: Proc, sig: number, from: number | null, released: boolean): boolean {
  if (p.sig.actions[sig] !== 'catch') return false;
  p.sig.pending |= 1 << sig;
  noteSignal(s, p, sig, from, 'caught', released);
  interruptForHandler(s, p, sig);
  return true;
}

/**
 * Gets a process that is not in user mode back there soon, so a caught signal's handler
 * can run. A process asleep in an interruptible syscall is woken, and that syscall fails
 * with EINTR (or runs again after the handler, with SA_RESTART); one in the middle of a
 * CPU burst is interrupted at the next tick, and the rest of the burst runs after the handler.
 */
function interruptForHandler(s: KernelState, p: Proc, sig: number): void {
  if (p.wchan !== null) {
    if (p.wchan === IO_CHANNEL) return; // a device wait is not interruptible: the handler runs after it
    const chan = p.wchan;
    const restart = (p.sig.restart & (1 << sig)) !== 0 && p.syscall !== null;
    wake(s, p, restart ? undefined : interruptedResult(p.syscall));
    if (channelObject(chan)?.kind === 'sem') refreshDeadlocks(s);
    return;
  }
  if (p.burstLeft > 1) {
    // It runs one more tick, then the handler; the rest of the burst is re-run after it.
    p.syscall = { op: 'cpu', ticks: p.burstLeft - 1 };
    p.burstLeft = 1;
  }
}

/** What an interrupted syscall returns: EINTR, or the bytes a pipe write had already sent. */
function interruptedResult(call: Syscall | null): SyscallResult {
  if (call?.op === 'write' && typeof call.sent === 'number' && call.sent > 0) return call.sent;
  return -EINTR;
}

/** The signal log's record of what became of a signal. */
export function noteSignal(s: KernelState, p: Proc, sig: number, from: number | null, outcome: SignalOutcome, released = false): void {
  recordSignal(s.ipc, s.tick, sig, from, p.pid, outcome, released);
}
