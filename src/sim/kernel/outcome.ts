import type { SyscallResult } from '../abi/syscalls.ts';
import type { Runtime } from './runtime.ts';
import type { KernelState, Proc } from './state.ts';

/** A handler's answer when the process does not resume at once (it blocked, runs a burst, exited). */
export const SUSPEND = Symbol('suspend');
export type Outcome = SyscallResult | typeof SUSPEND;

/** One syscall's implementation: it runs in the kernel on behalf of `p`. */
export type SyscallHandler<C> = (s: KernelState, rt: Runtime, p: Proc, call: C) => Outcome;
