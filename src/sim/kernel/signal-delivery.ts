import { defaultAction, SIGCHLD, SIGCONT, SIGKILL, SIGSEGV, SIGSTOP, signalName } from '../abi/signals.ts';
import type { SyscallResult } from '../abi/syscalls.ts';
import { handlerFor, lowestSignal, nextMask, popHandlerRun, pushHandlerRun } from '../ipc/signals.ts';
import { setState } from './cpu-accounting.ts';
import { klog } from './klog.ts';
import { terminate } from './proc.ts';
import { type Runtime, signalRuntime } from './runtime.ts';
import { descheduleAnywhere, makeReady } from './scheduling.ts';
import { catchSignal, holdSignal, notifyParent, noteSignal } from './signal-post.ts';
import { INIT_PID, type KernelState, type Proc } from './state.ts';

/**
 * Signal delivery: sending a signal, carrying out its action (terminate, stop, continue,
 * ignore, or catch), stopping and continuing processes, and running a caught signal's
 * handler on top of the interrupted code and returning from it. Ignoring, holding and
 * catching, which never end a process, are in signal-post.ts, which exit's SIGCHLD uses.
 *
 * A caught signal stays pending until the process returns to user mode (kernel.ts,
 * runUser): before the program is handed its next syscall result, the handler starts
 * instead, and that result waits in a frame until the handler returns, as sigreturn(2)
 * restores it. The signal numbers are in abi/signals.ts; masks, the handler table and the
 * signal log are in ipc/signals.ts; the syscalls (sigaction, sigprocmask, ...) in
 * signal-syscalls.ts.
 */

/** Stops a process (SIGSTOP, SIGTSTP); a sleeper stays on its wait channel. */
export function stopProcess(s: KernelState, p: Proc, sig: number): void {
  if (p.state === 'stopped' || p.state === 'zombie') return;
  descheduleAnywhere(s, p, `stopped by ${signalName(sig)}`);
  setState(s, p, 'stopped');
  p.termSignal = sig;
  const parent = s.procs[p.ppid];
  if (parent) {
    parent.stoppedKids[p.pid] = true;
    delete parent.continuedKids[p.pid];
    notifyParent(s, parent, p.pid);
  }
}

/**
 * SIGCONT: a stopped process goes back to sleep if it was waiting, otherwise to ready. The
 * parent hears of it (SIGCHLD, and wait() with `continued`, as WCONTINUED), so a shell
 * learns that a job someone else continued is running again.
 */
export function continueProcess(s: KernelState, p: Proc): void {
  if (p.state !== 'stopped') return;
  p.termSignal = null;
  if (p.wchan !== null) setState(s, p, 'blocked');
  else makeReady(s, p, 'continue');
  const parent = s.procs[p.ppid];
  if (parent) {
    delete parent.stoppedKids[p.pid];
    parent.continuedKids[p.pid] = true;
    notifyParent(s, parent, p.pid);
  }
}

/**
 * Sends a signal. Blocked signals wait in the pending mask. SIGKILL and SIGSTOP cannot be
 * caught, blocked or ignored; init (pid 1) receives only the signals it asked for. `from` is
 * the sending pid, or null for the kernel; the signal log records what became of it.
 */
export function sendSignal(s: KernelState, rt: Runtime, p: Proc, sig: number, from: number | null = null): void {
  if (p.state === 'zombie') return;
  if (sig !== SIGCHLD) klog(s, 'signal', p.pid, `${signalName(sig)} sent to pid ${p.pid}`);
  if (sig === SIGCONT) continueProcess(s, p);
  // init takes only the signals it catches (holdSignal ignores the rest), so not even SIGKILL.
  if (p.pid !== INIT_PID || p.sig.actions[sig] === 'catch') {
    if (sig === SIGKILL) {
      noteSignal(s, p, sig, from, 'terminated');
      terminate(s, rt, p, null, sig);
      return;
    }
    if (sig === SIGSTOP) {
      noteSignal(s, p, sig, from, 'stopped');
      stopProcess(s, p, sig);
      return;
    }
  }
  if (holdSignal(s, p, sig, from)) return;
  deliver(s, rt, p, sig, from);
}

/**
 * Carries out a signal's action now: a caught one waits for its handler (signal-post.ts,
 * catchSignal), anything else takes its default action. `released` marks a signal that
 * was held pending and is now unblocked.
 */
export function deliver(s: KernelState, rt: Runtime, p: Proc, sig: number, from: number | null = null, released = false): void {
  if (!catchSignal(s, p, sig, from, released)) deliverDefault(s, rt, p, sig, from, released);
}

/** The default action, whatever the disposition says. */
export function deliverDefault(s: KernelState, rt: Runtime, p: Proc, sig: number, from: number | null, released: boolean): void {
  p.sig.pending &= ~(1 << sig);
  switch (defaultAction(sig)) {
    case 'terminate':
      noteSignal(s, p, sig, from, 'terminated', released);
      terminate(s, rt, p, null, sig);
      return;
    case 'stop':
      noteSignal(s, p, sig, from, 'stopped', released);
      stopProcess(s, p, sig);
      return;
    case 'continue':
      noteSignal(s, p, sig, from, 'continued', released);
      return;
    default:
      noteSignal(s, p, sig, from, 'ignored', released);
      return;
  }
}

/**
 * Acts on pending signals that `wereBlocked` held and the mask no longer blocks (after
 * sigprocmask, or when a handler returns and its mask is restored).
 */
export function deliverPending(s: KernelState, rt: Runtime, p: Proc, wereBlocked = ~0): void {
  const ready = p.sig.pending & ~p.sig.blocked & wereBlocked;
  if (!ready) return;
  for (let sig = 1; sig < 32 && p.state !== 'zombie'; sig++) if (ready & (1 << sig)) deliver(s, rt, p, sig, null, true);
}

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
