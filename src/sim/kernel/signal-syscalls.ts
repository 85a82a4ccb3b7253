import { EINVAL } from '../abi/errno.ts';
import type { SignalSyscall } from '../abi/ipc.ts';
import { NSIG, SIGKILL, SIGSTOP } from '../abi/signals.ts';
import type { Syscall } from '../abi/syscalls.ts';
import { PAUSE_CHANNEL } from '../ipc/channels.ts';
import { nextMask, setHandler } from '../ipc/signals.ts';
import { type Outcome, SUSPEND, type SyscallHandler } from './outcome.ts';
import { block } from './sleep.ts';
import { signalRuntime } from './runtime.ts';
import { deliverPending } from './signal-delivery.ts';
import type { Proc } from './state.ts';
import { isInt } from './syscall-args.ts';

/**
 * The signal syscalls: sigaction (default, ignore, or a handler), sigprocmask, sigpending
 * and pause. Delivery itself is in signal-delivery.ts.
 */

const HOWS: readonly string[] = ['block', 'unblock', 'setmask'];

/** A result for a syscall that may have stopped or ended its own caller. */
function answer(p: Proc, value: number): Outcome {
  p.sysret = value;
  return p.state === 'running' ? value : SUSPEND;
}

export const sigaction: SyscallHandler<Extract<Syscall, { op: 'sigaction' }>> = (_s, rt, p, c) => {
  if (!isInt(c.sig) || c.sig <= 0 || c.sig >= NSIG || c.sig === SIGKILL || c.sig === SIGSTOP) return -EINVAL;
  const bit = 1 << c.sig;
  if (c.action === 'ignore') {
    p.sig.actions[c.sig] = 'ignore';
    p.sig.pending &= ~bit;
  } else if (c.action === 'default') {
    delete p.sig.actions[c.sig];
  } else if (typeof c.action === 'function') {
    p.sig.actions[c.sig] = 'catch';
  } else return -EINVAL;
  setHandler(signalRuntime(rt), p.pid, c.sig, typeof c.action === 'function' ? c.action : null);
  if (typeof c.action === 'function' && c.restart === true) p.sig.restart |= bit;
  else p.sig.restart &= ~bit;
  return 0;
};

type Handlers = { [K in SignalSyscall['op']]: SyscallHandler<Extract<SignalSyscall, { op: K }>> };

export const SIGNAL_SYSCALLS: Handlers = {
  /** The old mask; signals it unblocks that were pending are acted on now. */
  sigprocmask: (s, rt, p, c) => {
    if (!HOWS.includes(c.how) || !isInt(c.mask)) return -EINVAL;
    const old = p.sig.blocked;
    p.sig.blocked = nextMask(old, c.how, c.mask);
    deliverPending(s, rt, p, old);
    return answer(p, old);
  },
  /** Signals that arrived while blocked and wait to be unblocked. */
  sigpending: (_s, _rt, p) => p.sig.pending & p.sig.blocked,
  /** Sleeps until a caught signal's handler has run; then returns -EINTR. */
  pause: (s, _rt, p) => {
    block(s, p, PAUSE_CHANNEL, null, 'blocked: pause (until a signal)');
    return SUSPEND;
  },
};
