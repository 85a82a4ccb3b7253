import { ENOSYS } from '../abi/errno.ts';
import type { Syscall } from '../abi/syscalls.ts';
import { FD_SYSCALLS } from './fd-syscalls.ts';
import { FS_SYSCALLS } from './fs-syscalls.ts';
import { HEAP_SYSCALLS } from './heap-syscalls.ts';
import { IPC_SYSCALLS } from './ipc-syscalls.ts';
import type { Outcome, SyscallHandler } from './outcome.ts';
import { PROC_SYSCALLS } from './proc-syscalls.ts';
import type { Runtime } from './runtime.ts';
import type { KernelState, Proc } from './state.ts';
import { TTY_SYSCALLS } from './tty-syscalls.ts';
import { VM_SYSCALLS } from './vm-syscalls.ts';

/**
 * The syscall table (xv6's syscall.c): every op a program may yield, and the handler that
 * runs it. The bodies live in files by subsystem: processes (proc-syscalls.ts),
 * descriptors (fd-syscalls.ts), the file system (fs-syscalls.ts), the terminal
 * (tty-syscalls.ts), the heap (heap-syscalls.ts), IPC (ipc-syscalls.ts) and virtual memory
 * (vm-syscalls.ts). The type
 * makes a missing or misspelt op a compile error.
 */

type Table = { [K in Syscall['op']]: SyscallHandler<Extract<Syscall, { op: K }>> };

const SYSCALLS: Table = {
  ...PROC_SYSCALLS,
  ...FD_SYSCALLS,
  ...FS_SYSCALLS,
  ...TTY_SYSCALLS,
  ...HEAP_SYSCALLS,
  ...IPC_SYSCALLS,
  ...VM_SYSCALLS,
};

/** Executes one syscall for `p`. Malformed requests get an errno; nothing here throws. */
export function execSyscall(s: KernelState, rt: Runtime, p: Proc, call: Syscall): Outcome {
  if (call === null || typeof call !== 'object' || typeof call.op !== 'string' || !Object.hasOwn(SYSCALLS, call.op)) {
    return -ENOSYS;
  }
  const handler = SYSCALLS[call.op] as SyscallHandler<Syscall>;
  return handler(s, rt, p, call);
}
