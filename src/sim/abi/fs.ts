/**
 * The file-system half of the user/kernel interface: the file-system syscalls, their
 * flags, and what stat, statfs, readdir and fsck report (as xv6's stat.h and fcntl.h).
 */

/** Device numbers of character devices. */
export const DEV_NULL = 1;
export const DEV_TTY = 2;

/** access(2)'s questions, or-ed together: may the file be read, written, executed (or searched)? */
export const R_OK = 4;
export const W_OK = 2;
export const X_OK = 1;

/** The nine letters ls -l shows for permission bits: rwx for owner, group and others, with s/S and t/T for set-id and sticky. */
export function permString(mode: number): string {
  const triple = (shift: number, special: number, on: string) => {
    const x = (mode >> shift) & 1;
    const last = mode & special ? (x ? on : on.toUpperCase()) : x ? 'x' : '-';
    return ((mode >> (shift + 2)) & 1 ? 'r' : '-') + ((mode >> (shift + 1)) & 1 ? 'w' : '-') + last;
  };
  return triple(6, 0o4000, 's') + triple(3, 0o2000, 's') + triple(0, 0o1000, 't');
}

/** Inode types, as stored in the inode's first byte. */
export type InodeType = 'free' | 'file' | 'dir' | 'chardev' | 'symlink';

/** How much the journal protects. */
export type JournalMode =
  /** No journal: dirty blocks go home in block order on sync; after a crash only fsck helps. */
  | 'none'
  /** Metadata journaling, ordered mode: file data goes home before the metadata commits. */
  | 'ordered'
  /** Data journaling: every block, file data included, goes through the journal. */
  | 'data';

/** What stat() reports. */
export interface Stat {
  ino: number;
  type: InodeType;
  /** Permission bits (0o7777), as chmod sets them. */
  mode: number;
  rdev: number;
  nlink: number;
  size: number;
  blocks: number;
  atime: number;
  mtime: number;
  ctime: number;
}

/** What statfs() (df) reports. */
export interface StatFs {
  blockSize: number;
  totalBlocks: number;
  dataBlocks: number;
  freeBlocks: number;
  inodes: number;
  freeInodes: number;
  journalBlocks: number;
  journal: JournalMode;
}

export interface DirEntry {
  name: string;
  inum: number;
}

export interface OpenSyscallFlags {
  read?: boolean;
  write?: boolean;
  create?: boolean;
  truncate?: boolean;
  append?: boolean;
  excl?: boolean;
  directory?: boolean;
  /** Permission bits for a file O_CREAT makes (0666 when absent), less the umask. */
  mode?: number;
}

/** What the fsck syscall reports. */
export interface FsckSummary {
  clean: boolean;
  repaired: boolean;
  findings: string[];
  /** Blocks past the file system's last (the swap partition): first block and count; fsck leaves them alone. */
  beyond: { start: number; count: number };
}

export type FsSyscall =
  | { op: 'open'; path: string; flags: OpenSyscallFlags }
  | { op: 'lseek'; fd: number; offset: number; whence: number }
  | { op: 'stat'; path: string }
  /** stat without following a symbolic link in the last name. */
  | { op: 'lstat'; path: string }
  | { op: 'symlink'; target: string; path: string }
  | { op: 'readlink'; path: string }
  /** Sets a file's permission bits (a link is followed). */
  | { op: 'chmod'; path: string; mode: number }
  /** 0 when every access in `mode` (R_OK | W_OK | X_OK) would be allowed, else -EACCES (or why the path fails). */
  | { op: 'access'; path: string; mode: number }
  | { op: 'fstat'; fd: number }
  | { op: 'mkdir'; path: string }
  | { op: 'rmdir'; path: string }
  | { op: 'unlink'; path: string }
  | { op: 'link'; from: string; to: string }
  | { op: 'rename'; from: string; to: string }
  | { op: 'readdir'; path: string }
  | { op: 'chdir'; path: string }
  | { op: 'getcwd' }
  | { op: 'truncate'; path: string; size: number }
  | { op: 'ftruncate'; fd: number; size: number }
  | { op: 'statfs' }
  | { op: 'sync' }
  | { op: 'fsck'; repair: boolean };

export type FsSyscallResult = Stat | StatFs | DirEntry[] | FsckSummary;
