import { SIGSEGV, signalName } from '../abi/signals.ts';
import type { SyscallResult } from '../abi/syscalls.ts';
import { handlerFor, lowestSignal, nextMask, popHandlerRun, pushHandlerRun } from '../ipc/signals.ts';
import { deliverDefault, deliverPending, terminate } from './proc.ts';
import { type Runtime, signalRuntime } from './runtime.ts';
import { klog } from './sched-glue.ts';
import type { KernelState, Proc } from './state.ts';

/**
 * Running a caught signal's handler on top of the interrupted code, and returning from it.
 * The kernel does this as a process returns to user mode (kernel.ts, runUser): before it
 * hands the program its next syscall result, a due signal's handler starts instead, and
 * that result waits in a frame until the handler returns, as sigreturn(2) restores it.
 */

/** A signal waits to be acted on: pending and not blocked. */
export function signalDue(p: Proc): boolean {
  return (p.sig.pending & ~p.sig.blocked) !== 0;
}

/** A handler is running (its frame is on the stack). */
export function inHandler(p: Proc): boolean {
  return p.sig.frames.length > 0;
}

/**
 * Starts the handler of the lowest due signal, the signal blocked while it runs, and keeps
 * `value` (what the interrupted code was about to receive) and any syscall to re-run in a
 * frame. A signal with no handler any more takes its default action instead. Returns the
 * value to resume user code with.
 */
export function enterHandler(s: KernelState, rt: Runtime, p: Proc, value: SyscallResult): SyscallResult {
  const sig = lowestSignal(p.sig.pending & ~p.sig.blocked);
  const srt = signalRuntime(rt);
  const handler = p.sig.actions[sig] === 'catch' ? handlerFor(srt, p.pid, sig) : null;
  const current = rt.runs.get(p.pid);
  if (!handler || !current) {
    p.sysret = value; // in case the default action stops it: it resumes with this
    deliverDefault(s, rt, p, sig, null, false);
    return value;
  }
  p.sig.pending &= ~(1 << sig);
  p.sig.frames.push({ sig, mask: p.sig.blocked, sysret: value, syscall: p.syscall });
  p.syscall = null;
  p.sig.blocked = nextMask(p.sig.blocked, 'block', 1 << sig);
  rt.runs.set(p.pid, pushHandlerRun(srt, p.pid, current, handler, sig));
  klog(s, 'signal', p.pid, `pid ${p.pid} runs its ${signalName(sig)} handler`);
  return 0; // a generator's first resume value is not seen
}

/**
 * The running handler returned: the mask before it is restored (releasing any signal that
 * arrived meanwhile), and the code it interrupted resumes exactly where it was.
 */
export function leaveHandler(s: KernelState, rt: Runtime, p: Proc): SyscallResult {
  const frame = p.sig.frames.pop();
  const under = popHandlerRun(signalRuntime(rt), p.pid);
  if (!frame || !under) {
    // The frames in the state and the generators in the runtime always pair up; if they
    // ever do not, the process cannot be resumed and dies as if it faulted.
    klog(s, 'error', p.pid, `pid ${p.pid} (${p.name}) returned from a signal handler with nothing to resume`);
    terminate(s, rt, p, null, SIGSEGV);
    return 0;
  }
  rt.runs.set(p.pid, under);
  const wereBlocked = p.sig.blocked;
  p.sig.blocked = frame.mask;
  p.syscall = frame.syscall;
  p.sysret = frame.sysret;
  deliverPending(s, rt, p, wereBlocked);
  return frame.sysret;
}
