import type { Program, ProgramRun } from '../abi/program.ts';
import { createSignalRuntime, type SignalRuntime } from '../ipc/signals.ts';

/**
 * The part of a running kernel that cannot be data: the program code, and each live
 * process's suspended generator. It sits beside KernelState, keyed by pid. It is rebuilt,
 * never copied: re-entering a past tick replays from tick 0.
 */
export interface Runtime {
  programs: Record<string, Program>;
  /** The code each process runs in user mode now: its program, or a signal handler on top of it. */
  runs: Map<number, ProgramRun>;
  /** Signal handlers and the code they interrupted (made on first use when absent). */
  signals?: SignalRuntime;
}

export function createRuntime(programs: Record<string, Program>): Runtime {
  return { programs, runs: new Map(), signals: createSignalRuntime() };
}

export function signalRuntime(rt: Runtime): SignalRuntime {
  rt.signals ??= createSignalRuntime();
  return rt.signals;
}
