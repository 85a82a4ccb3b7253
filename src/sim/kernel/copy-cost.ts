import type { Syscall } from '../abi/syscalls.ts';
import { type Outcome, SUSPEND } from './outcome.ts';
import type { KernelState, Proc } from './state.ts';

/**
 * Moving data through a pipe or a file costs CPU when `limits.copyBytesPerTick` is set: a
 * transfer of n bytes holds the process for ceil(n / copyBytesPerTick) ticks. With the
 * cost at 0 (the default for headless runs), data moves in no time.
 */
function ticksFor(s: KernelState, bytes: number): number {
  const rate = s.config.limits.copyBytesPerTick ?? 0;
  return rate > 0 && bytes > 0 ? Math.ceil(bytes / rate) : 0;
}

/** Delivers `result` after the ticks that moving `bytes` takes (at once when that is none). */
export function afterCopy(s: KernelState, p: Proc, result: Outcome, bytes: number): Outcome {
  const ticks = ticksFor(s, bytes);
  if (result === SUSPEND || ticks === 0 || p.state !== 'running') return result;
  p.burstLeft = ticks;
  p.sysret = result;
  return SUSPEND;
}

/** A transfer that moved `bytes` and has more to do: it runs again after their ticks. Returns false when copying is free. */
export function continueAfterCopy(s: KernelState, p: Proc, rest: Syscall, bytes: number): boolean {
  const ticks = ticksFor(s, bytes);
  if (ticks === 0 || p.state !== 'running') return false;
  p.burstLeft = ticks;
  p.syscall = rest;
  return true;
}

/** The bytes a read or write result stands for. */
export function bytesOf(result: Outcome): number {
  return typeof result === 'string' ? result.length : typeof result === 'number' && result > 0 ? result : 0;
}
