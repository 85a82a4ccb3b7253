import { EBADF, EMFILE } from '../abi/errno.ts';
import { fsClose } from '../fs/index.ts';
import { releasePipeEnd } from './pipe-ends.ts';
import type { KernelState, OpenFile, Proc } from './state.ts';

/**
 * The system-wide open-file table and the per-process fd tables that point into it: the
 * classic three levels (fd -> open-file description -> the object). Descriptions are
 * shared after spawn and dup, and counted, so the object is released on the last close.
 */

export function openFile(s: KernelState, kind: OpenFile['kind'], ref: number, flags: OpenFile['flags']): OpenFile {
  const id = s.files.next++;
  const f: OpenFile = { id, kind, ref, flags, offset: 0, refs: 0 };
  s.files.table[id] = f;
  return f;
}

/** Lowest free fd at or above `min`, or -EMFILE. */
export function lowestFreeFd(s: KernelState, p: Proc, min = 0): number {
  for (let fd = min; fd < s.config.limits.maxFds; fd++) if (!(fd in p.fds)) return fd;
  return -EMFILE;
}

/** Points `fd` of `p` at open file `id` (closing whatever fd held before). */
export function installFd(s: KernelState, p: Proc, fd: number, id: number): void {
  if (fd in p.fds) closeFd(s, p, fd);
  p.fds[fd] = id;
  s.files.table[id].refs++;
}

export function fileOf(s: KernelState, p: Proc, fd: number): OpenFile | null {
  const id = p.fds[fd];
  return id === undefined ? null : (s.files.table[id] ?? null);
}

export function closeFd(s: KernelState, p: Proc, fd: number): number {
  const id = p.fds[fd];
  if (id === undefined) return -EBADF;
  delete p.fds[fd];
  const f = s.files.table[id];
  if (f && --f.refs <= 0) {
    delete s.files.table[id];
    releaseObject(s, f);
  }
  return 0;
}

export function closeAll(s: KernelState, p: Proc): void {
  for (const fd of Object.keys(p.fds)) closeFd(s, p, Number(fd));
}

export function dupFd(s: KernelState, p: Proc, fd: number, to: number | null): number {
  const id = p.fds[fd];
  if (id === undefined) return -EBADF;
  if (to === null) {
    const nfd = lowestFreeFd(s, p);
    if (nfd < 0) return nfd;
    installFd(s, p, nfd, id);
    return nfd;
  }
  if (to < 0 || to >= s.config.limits.maxFds) return -EBADF;
  if (to === fd) return to;
  installFd(s, p, to, id);
  return to;
}

/** The last description of an object closed: let its subsystem know. */
function releaseObject(s: KernelState, f: OpenFile): void {
  switch (f.kind) {
    case 'tty':
      return; // the terminal outlives its users
    case 'file':
      // The in-memory inode loses a reference; an unlinked file is freed at its last close.
      s.fs.now = s.tick;
      fsClose(s.fs, f.ref);
      return;
    case 'pipe-read':
    case 'pipe-write':
      releasePipeEnd(s, f);
      return;
  }
}
