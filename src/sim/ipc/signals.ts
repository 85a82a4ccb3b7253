import type { ProgramRun } from '../abi/program.ts';
import { type MaskHow, SIGKILL, SIGSTOP } from '../abi/signals.ts';
import type { SignalHandler } from '../abi/syscalls.ts';
import { appendLog } from '../base/ringlog.ts';
import type { IpcState, SignalOutcome } from './types.ts';

/**
 * Signals, the parts that are not process lifecycle: mask arithmetic, the signal log, and
 * the code that cannot be data. A handler is a generator function; it lives in the runtime
 * beside the state, keyed by pid, and so does the program it interrupted. The state keeps
 * the matching frame (the interrupted syscall's result, the mask to restore), so the two
 * stacks always have the same depth. Replay rebuilds the handlers because programs register
 * them again through sigaction.
 */

/** What cannot be data: each process's handlers, and the code its running handler interrupted. */
export interface SignalRuntime {
  handlers: Map<number, Record<number, SignalHandler>>;
  /** The generators under the running handler, innermost last. */
  interrupted: Map<number, ProgramRun[]>;
}

export function createSignalRuntime(): SignalRuntime {
  return { handlers: new Map(), interrupted: new Map() };
}

/** SIGKILL and SIGSTOP can be neither caught, blocked nor ignored. */
export const UNBLOCKABLE = (1 << SIGKILL) | (1 << SIGSTOP);

/** The blocked mask sigprocmask(how, mask) leaves; SIGKILL and SIGSTOP are never blocked. */
export function nextMask(current: number, how: MaskHow, mask: number): number {
  const next = how === 'block' ? current | mask : how === 'unblock' ? current & ~mask : mask;
  return next & ~UNBLOCKABLE & ~1; // bit 0 is no signal
}

/** The lowest signal number set in a mask, or 0. */
export function lowestSignal(mask: number): number {
  for (let sig = 1; sig < 32; sig++) if (mask & (1 << sig)) return sig;
  return 0;
}

/** The signal numbers set in a mask, lowest first. */
export function signalsIn(mask: number): number[] {
  const out: number[] = [];
  for (let sig = 1; sig < 32; sig++) if (mask & (1 << sig)) out.push(sig);
  return out;
}

export function recordSignal(
  ipc: IpcState,
  tick: number,
  sig: number,
  from: number | null,
  to: number,
  outcome: SignalOutcome,
  released = false,
): void {
  appendLog(ipc.signalLog, { tick, sig, from, to, outcome, released });
}

export function setHandler(rt: SignalRuntime, pid: number, sig: number, handler: SignalHandler | null): void {
  let table = rt.handlers.get(pid);
  if (!handler) {
    if (table) delete table[sig];
    return;
  }
  if (!table) rt.handlers.set(pid, (table = {}));
  table[sig] = handler;
}

export function handlerFor(rt: SignalRuntime, pid: number, sig: number): SignalHandler | null {
  return rt.handlers.get(pid)?.[sig] ?? null;
}

/** Runs `handler` on top of `current`: returns the generator to run now. */
export function pushHandlerRun(rt: SignalRuntime, pid: number, current: ProgramRun, handler: SignalHandler, sig: number): ProgramRun {
  let under = rt.interrupted.get(pid);
  if (!under) rt.interrupted.set(pid, (under = []));
  under.push(current);
  return handlerRun(handler, sig);
}

/** The generator a finished handler interrupted, to resume. */
export function popHandlerRun(rt: SignalRuntime, pid: number): ProgramRun | undefined {
  return rt.interrupted.get(pid)?.pop();
}

/** Forgets a process's handlers and frames (it ended). */
export function forgetSignalRuntime(rt: SignalRuntime, pid: number): void {
  rt.handlers.delete(pid);
  rt.interrupted.delete(pid);
}

/** A handler as a program run: it returns nothing of its own, so its "exit code" is unused. */
function* handlerRun(handler: SignalHandler, sig: number): ProgramRun {
  yield* handler(sig);
  return 0;
}
