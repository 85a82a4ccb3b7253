import { EBADF, EINVAL, ENOTTY, EPERM, ESRCH } from '../abi/errno.ts';
import type { Syscall } from '../abi/syscalls.ts';
import type { SyscallHandler } from './outcome.ts';
import { fileOf } from './files.ts';
import { groupMembers } from './proc.ts';
import { wakeAll } from './sleep.ts';
import { isInt } from './syscall-args.ts';

/**
 * The terminal's syscalls: which process group is in the foreground (tcsetpgrp,
 * tcgetpgrp), the line discipline's modes (ttymode, as termios) and the window's size
 * (winsize, as ioctl TIOCGWINSZ; the host sets it, see kernel.ts's 'winsize' input). Reading and writing
 * the terminal go through read and write (fd-syscalls.ts).
 */

/** The channel a reader of the terminal sleeps on. */
export const TTY_CHANNEL = 'tty';

type TtyOp = 'tcsetpgrp' | 'tcgetpgrp' | 'ttymode' | 'winsize' | 'ttypending';
type Handlers = { [K in TtyOp]: SyscallHandler<Extract<Syscall, { op: K }>> };

export const TTY_SYSCALLS: Handlers = {
  tcsetpgrp: (s, _rt, _p, c) => {
    if (!isInt(c.pgid) || c.pgid <= 0) return -EINVAL;
    if (groupMembers(s, c.pgid).length === 0) return -EPERM;
    s.tty.fgPgid = c.pgid;
    // Readers that were in the background may now be in the foreground.
    wakeAll(s, TTY_CHANNEL);
    return 0;
  },
  tcgetpgrp: (s) => s.tty.fgPgid ?? -ESRCH,
  ttypending: (s) => s.tty.input.length,
  ttymode: (s, _rt, _p, c) => {
    if (typeof c.canonical === 'boolean') s.tty.canonical = c.canonical;
    if (typeof c.echo === 'boolean') s.tty.echo = c.echo;
    if (typeof c.isig === 'boolean') s.tty.isig = c.isig;
    if (!s.tty.canonical && s.tty.line) {
      s.tty.input += s.tty.line;
      s.tty.line = '';
    }
    return 0;
  },
  winsize: (s, _rt, p, c) => {
    if (!isInt(c.fd)) return -EBADF;
    const f = fileOf(s, p, c.fd);
    if (!f) return -EBADF;
    return f.kind === 'tty' ? { cols: s.tty.cols, rows: s.tty.rows } : -ENOTTY;
  },
};
