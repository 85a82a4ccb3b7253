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
  runs: Map<number, ProgramRun>;
}

export function createRuntime(programs: Record<string, Program>): Runtime {
  return { programs, runs: new Map() };
}
