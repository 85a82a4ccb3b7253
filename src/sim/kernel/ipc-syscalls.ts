import type { IpcSyscall } from '../abi/ipc.ts';
import type { Syscall } from '../abi/syscalls.ts';
import type { SyscallHandler } from './outcome.ts';
import { makePipe } from './pipe-syscalls.ts';
import { SIGNAL_SYSCALLS, sigaction } from './signal-syscalls.ts';
import { SYSV_SYSCALLS } from './sysv-syscalls.ts';

/**
 * The IPC syscalls, gathered for the dispatch table: pipe (its reads and writes go through
 * read and write), the signal calls, and the System V style queues, semaphores and shared
 * memory. See each module for the semantics, and libc/sys.ts for typed wrappers.
 */

type Handlers = { [K in IpcSyscall['op'] | 'sigaction']: SyscallHandler<Extract<Syscall, { op: K }>> };

export const IPC_SYSCALLS: Handlers = {
  pipe: (s, _rt, p) => makePipe(s, p),
  sigaction,
  ...SIGNAL_SYSCALLS,
  ...SYSV_SYSCALLS,
};
