import { createSignalRuntime, type SignalRuntime } from '../ipc/signals.ts';
import type { Syscall, SyscallResult } from './syscalls.ts';

/** What a program is given when it starts: its own pid, arguments and environment. */
export interface ProcessContext {
  pid: number;
  argv: string[];
  env: Record<string, string>;
}

/** A user program: a generator whose every `yield` is a syscall. Its return value is the exit code. */
export type Program = (ctx: ProcessContext) => Generator<Syscall, number, SyscallResult>;

export type ProgramRun = Generator<Syscall, number, SyscallResult>;

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
