import { EBADF, EINVAL, EIO, ENOSYS } from '../abi/errno.ts';
import { SIGTTIN } from '../abi/signals.ts';
import type { Syscall } from '../abi/syscalls.ts';
import { ttyRead, ttyWrite } from '../tty/tty.ts';
import { afterCopy, bytesOf } from './copy-cost.ts';
import { closeFd, dupFd, fileOf } from './files.ts';
import { readFile, writeFile } from './fs-syscalls.ts';
import { SUSPEND, type SyscallHandler } from './outcome.ts';
import { pipeRead, pipeWrite } from './pipe-syscalls.ts';
import { groupMembers } from './proc.ts';
import { block } from './sleep.ts';
import { sendSignal } from './signal-delivery.ts';
import { isCount, isInt } from './syscall-args.ts';
import { TTY_CHANNEL } from './tty-syscalls.ts';

/**
 * The descriptor syscalls that work on every kind of open file: read and write (routed by
 * the open file's kind to the terminal, a pipe or the file system), close, dup and dup2.
 * The file-system calls that name paths are in fs-syscalls.ts.
 */

type FdOp = 'read' | 'write' | 'close' | 'dup' | 'dup2';
type Handlers = { [K in FdOp]: SyscallHandler<Extract<Syscall, { op: K }>> };

export const FD_SYSCALLS: Handlers = {
  read: (s, rt, p, c) => {
    if (!isInt(c.fd) || !isCount(c.count)) return -EINVAL;
    const f = fileOf(s, p, c.fd);
    if (!f?.flags.read) return -EBADF;
    if (f.kind === 'pipe-read') {
      const r = pipeRead(s, p, f, c);
      return afterCopy(s, p, r, bytesOf(r));
    }
    if (f.kind === 'file') {
      const r = readFile(s, f, c.count);
      return afterCopy(s, p, r, bytesOf(r));
    }
    if (f.kind !== 'tty') return -ENOSYS;
    if (s.tty.fgPgid !== null && p.pgid !== s.tty.fgPgid) {
      // A background job may not read the terminal: it is stopped until brought to the front.
      if (p.sig.actions[SIGTTIN] === 'ignore') return -EIO;
      p.syscall = { ...c };
      p.sysret = 0;
      for (const q of groupMembers(s, p.pgid)) sendSignal(s, rt, q, SIGTTIN);
      return p.state === 'running' ? -EIO : SUSPEND;
    }
    const data = ttyRead(s.tty, c.count);
    if (data !== null) return data;
    block(s, p, TTY_CHANNEL, { ...c });
    return SUSPEND;
  },
  write: (s, rt, p, c) => {
    if (!isInt(c.fd) || typeof c.data !== 'string') return -EINVAL;
    const f = fileOf(s, p, c.fd);
    if (!f?.flags.write) return -EBADF;
    if (f.kind === 'pipe-write') return pipeWrite(s, rt, p, f, c);
    if (f.kind === 'file') {
      const r = writeFile(s, f, c.data);
      return afterCopy(s, p, r, bytesOf(r));
    }
    if (f.kind !== 'tty') return -ENOSYS;
    ttyWrite(s.tty, c.data);
    return c.data.length;
  },
  close: (s, _rt, p, c) => (isInt(c.fd) ? closeFd(s, p, c.fd) : -EBADF),
  dup: (s, _rt, p, c) => (isInt(c.fd) ? dupFd(s, p, c.fd, null) : -EBADF),
  dup2: (s, _rt, p, c) => (isInt(c.fd) && isInt(c.to) ? dupFd(s, p, c.fd, c.to) : -EBADF),
};
