import type { SyscallHandler } from './outcome.ts';
import { makePipe } from './pipe-syscalls.ts';
import { SIGNAL_SYSCALLS, type SignalSyscall, sigaction } from './signal-syscalls.ts';
import type { Syscall } from './syscalls.ts';
import { SYSV_SYSCALLS, type SysvSyscall, type SysvSyscallResult } from './sysv-syscalls.ts';

/**
 * The IPC syscalls, gathered for the dispatch table: pipe (its reads and writes go through
 * read and write), the signal calls, and the System V style queues, semaphores and shared
 * memory. See each module for the semantics, and programs/sys.ts for typed wrappers.
 */

export type IpcSyscall = { op: 'pipe' } | SignalSyscall | SysvSyscall;

/** pipe() answers [read fd, write fd]. */
export type IpcSyscallResult = [number, number] | SysvSyscallResult;

type Handlers = { [K in IpcSyscall['op'] | 'sigaction']: SyscallHandler<Extract<Syscall, { op: K }>> };

export const IPC_SYSCALLS: Handlers = {
  pipe: (s, _rt, p) => makePipe(s, p),
  sigaction,
  ...SIGNAL_SYSCALLS,
  ...SYSV_SYSCALLS,
};
