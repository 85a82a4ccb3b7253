import type { Syscall, SyscallResult } from './syscalls.ts';

/**
 * A user program, as the kernel runs it: a generator whose every `yield` is a syscall.
 */

/** What a program is given when it starts: its own pid, arguments and environment. */
export interface ProcessContext {
  pid: number;
  argv: string[];
  env: Record<string, string>;
}

/** A user program: a generator whose every `yield` is a syscall. Its return value is the exit code. */
export type Program = (ctx: ProcessContext) => Generator<Syscall, number, SyscallResult>;

export type ProgramRun = Generator<Syscall, number, SyscallResult>;
