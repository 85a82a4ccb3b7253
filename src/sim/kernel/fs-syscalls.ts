import { EBADF, EINVAL, ENOTDIR, ESPIPE } from '../abi/errno.ts';
import { DEV_TTY, R_OK, W_OK, X_OK } from '../abi/fs.ts';
import type { FsSyscall, OpenSyscallFlags, Stat } from '../abi/fs.ts';
import type { Syscall, SyscallResult } from '../abi/syscalls.ts';
import { fsck } from '../fs/fsck.ts';
import {
  fsAccess,
  fsChmod,
  fsClose,
  fsLink,
  fsLookup,
  fsLookupNoFollow,
  fsMkdir,
  fsOpen,
  fsPermission,
  fsRead,
  fsReaddir,
  fsReadlink,
  fsRename,
  fsRmdir,
  fsStat,
  fsStatfs,
  fsSymlink,
  fsSync,
  fsTruncate,
  fsUnlink,
  fsWrite,
  normalizePath,
  seekTarget,
  withTrace,
} from '../fs/index.ts';
import { fileOf, installFd, lowestFreeFd, openFile } from './files.ts';
import type { Runtime } from './runtime.ts';
import type { KernelState, OpenFile, Proc } from './state.ts';
import { isInt } from './syscall-args.ts';

/**
 * The file-system syscalls. The kernel owns the first two of the classic three levels:
 * each process's fd table points into the system-wide open-file table, whose entries
 * (shared after spawn and dup) hold the offset and the access mode; the file system owns
 * the third, the in-memory inodes, which an open pins until its description's last close.
 * Every call stamps the file system's clock with the tick, for the inode timestamps.
 */

type FsHandlers = {
  [K in FsSyscall['op']]: (s: KernelState, rt: Runtime, p: Proc, call: Extract<Syscall, { op: K }>) => SyscallResult;
};

const isStr = (v: unknown): v is string => typeof v === 'string';

/**
 * Runs a syscall's file-system work with the clock set to now, traced as one operation
 * under the syscall's own words (so the view highlights every block the call touched).
 */
function sys<T>(s: KernelState, label: string, body: () => T): T {
  s.fs.now = s.tick;
  return withTrace(s.fs, label, body);
}

/** read(2) on an open file: from the description's offset, which then advances. */
export function readFile(s: KernelState, f: OpenFile, count: number): string | number {
  const data = sys(s, `read inode ${f.ref} at offset ${f.offset}`, () => fsRead(s.fs, f.ref, f.offset, count));
  if (typeof data === 'string') f.offset += data.length;
  return data;
}

/** write(2) on an open file: at the offset, or at the end when opened for appending. */
export function writeFile(s: KernelState, f: OpenFile, data: string): number {
  return sys(s, `write inode ${f.ref}${f.flags.append ? ' (append)' : ` at offset ${f.offset}`}`, () => {
    if (f.flags.append) {
      const st = fsStat(s.fs, f.ref);
      if (typeof st !== 'number') f.offset = st.size;
    }
    const n = fsWrite(s.fs, f.ref, f.offset, data);
    if (n > 0) f.offset += n;
    return n;
  });
}

/** A stat for descriptors that are not files on the disk (the terminal). */
function ttyStat(): Stat {
  return { ino: -1, type: 'chardev', mode: 0o620, rdev: DEV_TTY, nlink: 1, size: 0, blocks: 0, atime: 0, mtime: 0, ctime: 0 };
}

function validFlags(f: unknown): f is OpenSyscallFlags {
  if (typeof f !== 'object' || f === null) return false;
  return Object.entries(f).every(([k, v]) => v === undefined || typeof v === 'boolean' || (k === 'mode' && isInt(v) && v >= 0 && v <= 0o7777));
}

/** 0 when the owner's bits of inode `inum` allow `want`, else -EACCES. */
function permitted(s: KernelState, inum: number, want: number): number {
  return fsPermission(s.fs, inum, want);
}

function lookupFile(s: KernelState, p: Proc, fd: number): OpenFile | null {
  return isInt(fd) ? fileOf(s, p, fd) : null;
}

/** A path's inode, then `then` on it (stat, readdir, truncate by name). */
function byPath(s: KernelState, p: Proc, path: unknown, label: string, then: (inum: number) => SyscallResult): SyscallResult {
  if (!isStr(path)) return -EINVAL;
  return sys(s, `${label} ${path}`, () => {
    const inum = fsLookup(s.fs, p.cwd, path);
    return inum < 0 ? inum : then(inum);
  });
}

export const FS_SYSCALLS: FsHandlers = {
  open: (s, _rt, p, c) => {
    if (!isStr(c.path) || !validFlags(c.flags)) return -EINVAL;
    const fd = lowestFreeFd(s, p);
    if (fd < 0) return fd;
    const fl = c.flags;
    const write = fl.write === true;
    const read = fl.read === true || !write;
    return sys(s, `open ${c.path}`, () => {
      const inum = fsOpen(s.fs, p.cwd, c.path, { read, write, create: fl.create, truncate: fl.truncate, excl: fl.excl, directory: fl.directory, mode: fl.mode });
      if (inum < 0) return inum;
      const st = fsStat(s.fs, inum);
      let f: OpenFile;
      if (typeof st !== 'number' && st.type === 'chardev' && st.rdev === DEV_TTY) {
        // /dev/tty is the terminal itself: the description refers to it, not to the inode.
        fsClose(s.fs, inum);
        f = openFile(s, 'tty', 0, { read, write, append: false });
      } else {
        f = openFile(s, 'file', inum, { read, write, append: fl.append === true });
      }
      installFd(s, p, fd, f.id);
      return fd;
    });
  },
  lseek: (s, _rt, p, c) => {
    const f = lookupFile(s, p, c.fd);
    if (!f) return -EBADF;
    if (f.kind !== 'file') return -ESPIPE;
    if (!isInt(c.offset) || !isInt(c.whence)) return -EINVAL;
    const t = sys(s, `lseek inode ${f.ref}`, () => seekTarget(s.fs, f.ref, f.offset, c.offset, c.whence));
    if (t >= 0) f.offset = t;
    return t;
  },
  stat: (s, _rt, p, c) => byPath(s, p, c.path, 'stat', (inum) => fsStat(s.fs, inum)),
  lstat: (s, _rt, p, c) => {
    if (!isStr(c.path)) return -EINVAL;
    return sys(s, `lstat ${c.path}`, () => {
      const inum = fsLookupNoFollow(s.fs, p.cwd, c.path);
      return inum < 0 ? inum : fsStat(s.fs, inum);
    });
  },
  symlink: (s, _rt, p, c) =>
    isStr(c.target) && isStr(c.path) ? sys(s, `symlink ${c.target} ${c.path}`, () => fsSymlink(s.fs, p.cwd, c.target, c.path)) : -EINVAL,
  readlink: (s, _rt, p, c) => (isStr(c.path) ? sys(s, `readlink ${c.path}`, () => fsReadlink(s.fs, p.cwd, c.path)) : -EINVAL),
  fstat: (s, _rt, p, c) => {
    const f = lookupFile(s, p, c.fd);
    if (!f) return -EBADF;
    if (f.kind === 'tty') return ttyStat();
    return f.kind === 'file' ? sys(s, `fstat inode ${f.ref}`, () => fsStat(s.fs, f.ref)) : -EINVAL;
  },
  mkdir: (s, _rt, p, c) => (isStr(c.path) ? sys(s, `mkdir ${c.path}`, () => fsMkdir(s.fs, p.cwd, c.path)) : -EINVAL),
  rmdir: (s, _rt, p, c) => (isStr(c.path) ? sys(s, `rmdir ${c.path}`, () => fsRmdir(s.fs, p.cwd, c.path)) : -EINVAL),
  unlink: (s, _rt, p, c) => (isStr(c.path) ? sys(s, `unlink ${c.path}`, () => fsUnlink(s.fs, p.cwd, c.path)) : -EINVAL),
  link: (s, _rt, p, c) =>
    isStr(c.from) && isStr(c.to) ? sys(s, `link ${c.from} ${c.to}`, () => fsLink(s.fs, p.cwd, c.from, c.to)) : -EINVAL,
  rename: (s, _rt, p, c) =>
    isStr(c.from) && isStr(c.to) ? sys(s, `rename ${c.from} ${c.to}`, () => fsRename(s.fs, p.cwd, c.from, c.to)) : -EINVAL,
  // Listing a directory needs its r bit, entering it its x bit, truncating a file its w bit.
  readdir: (s, _rt, p, c) => byPath(s, p, c.path, 'readdir', (inum) => permitted(s, inum, R_OK) || fsReaddir(s.fs, inum)),
  chdir: (s, _rt, p, c) =>
    byPath(s, p, c.path, 'chdir', (inum) => {
      const st = fsStat(s.fs, inum);
      if (typeof st === 'number') return st;
      if (st.type !== 'dir') return -ENOTDIR;
      const denied = permitted(s, inum, X_OK);
      if (denied < 0) return denied;
      const cwd = normalizePath(p.cwd, c.path);
      if (typeof cwd === 'number') return cwd;
      p.cwd = cwd;
      return 0;
    }),
  getcwd: (_s, _rt, p) => p.cwd,
  truncate: (s, _rt, p, c) =>
    isInt(c.size) ? byPath(s, p, c.path, 'truncate', (inum) => permitted(s, inum, W_OK) || fsTruncate(s.fs, inum, c.size)) : -EINVAL,
  chmod: (s, _rt, p, c) => (isStr(c.path) && isInt(c.mode) ? sys(s, `chmod ${c.path}`, () => fsChmod(s.fs, p.cwd, c.path, c.mode)) : -EINVAL),
  access: (s, _rt, p, c) => (isStr(c.path) && isInt(c.mode) ? sys(s, `access ${c.path}`, () => fsAccess(s.fs, p.cwd, c.path, c.mode)) : -EINVAL),
  ftruncate: (s, _rt, p, c) => {
    const f = lookupFile(s, p, c.fd);
    if (f?.kind !== 'file' || !f.flags.write) return -EBADF;
    return isInt(c.size) ? sys(s, `ftruncate inode ${f.ref}`, () => fsTruncate(s.fs, f.ref, c.size)) : -EINVAL;
  },
  statfs: (s) => fsStatfs(s.fs),
  sync: (s) => sys(s, 'sync', () => fsSync(s.fs)),
  fsck: (s, _rt, _p, c) => {
    const repair = c.repair === true;
    const r = sys(s, repair ? 'fsck -y' : 'fsck -n', () => fsck(s.fs, { repair }));
    return { clean: r.clean, repaired: r.repaired, findings: r.findings.map((f) => f.text), beyond: r.beyond };
  },
};
