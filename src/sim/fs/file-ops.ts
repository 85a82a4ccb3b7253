import { EBADF, EEXIST, EFBIG, EINVAL, EISDIR, ENOENT, ENOTDIR } from '../abi/errno.ts';
import { DEV_NULL, type Stat } from '../abi/fs.ts';
import { isBytes, splice, zeros } from './bytes.ts';
import { beginTrace, bread, bwrite } from './cache.ts';
import { blockCount, bmap, freeBlocksFrom, inodeBlocks, maxFileSize, PERM_MASK, readInode, writeInode } from './inode.ts';
import { txBegin, txEnd } from './journal.ts';
import { maxFileBlocks } from './layout.ts';
import { createAt, reclaim, runOp } from './ops-common.ts';
import { resolve, resolveParent } from './path.ts';
import { checkAccess, checkDirWrite, createMode, R_OK, W_OK } from './perm.ts';
import type { FsState, Inode, OpenFlags } from './types.ts';

/**
 * Operations on files: open (with create, exclusive and truncate), close, read, write,
 * truncate, stat and lseek's arithmetic. Reads and writes take an explicit offset (the
 * kernel's open-file description owns the offset), so they work the same with or without
 * the kernel. An open pins the inode in memory: unlinked, it lives until the last close.
 */

/**
 * Blocks written per transaction by a large write (each chunk is atomic on its own). Its
 * credits (the blocks, the inode, the indirect block, the bitmap blocks) stay within
 * opCredits, so a chunk always fits the smallest journal mkfs allows.
 */
const CHUNK_BLOCKS = 8;

function writeCredits(fs: FsState): number {
  return CHUNK_BLOCKS + 3 + Math.min(fs.layout.dataBitmap.count, CHUNK_BLOCKS + 2);
}

function truncateCredits(fs: FsState): number {
  return 3 + fs.layout.dataBitmap.count;
}

/** The inode a path names (no side effects beyond reading). */
export function fsLookup(fs: FsState, cwd: string, path: string): number {
  beginTrace(fs, `lookup ${path}`);
  return resolve(fs, cwd, path);
}

function pin(fs: FsState, inum: number): void {
  const m = fs.icache[inum];
  if (m) m.refs++;
  else fs.icache[inum] = { inum, refs: 1 };
}

/** Opens (and maybe creates or truncates) a file; returns its inode number, pinned, or an errno. */
export function fsOpen(fs: FsState, cwd: string, path: string, flags: OpenFlags): number {
  return runOp(fs, `open ${path}`, 7 + truncateCredits(fs), flags.truncate ? maxFileBlocks(fs.layout) : 0, () => {
    let inum = resolve(fs, cwd, path);
    if (inum === -ENOENT && flags.create) {
      // Through a dangling link the file it names is created, unless O_EXCL asks for a new name.
      const parent = resolveParent(fs, cwd, path, !flags.excl);
      if (typeof parent === 'number') return parent;
      if (parent.wantDir) return -EISDIR;
      const denied = checkDirWrite(parent);
      if (denied < 0) return denied;
      inum = createAt(fs, parent, 'file', 0, createMode(flags.mode ?? 0o666));
      if (inum < 0) return inum;
      // A new file may be written whatever mode it was given, as open(2) allows.
      pin(fs, inum);
      return inum;
    } else if (inum < 0) {
      return inum;
    } else if (flags.create && flags.excl) {
      return -EEXIST;
    }
    const ino = readInode(fs, inum);
    if (ino.type === 'dir' && (flags.write || flags.truncate)) return -EISDIR;
    const denied = checkAccess(ino, (flags.read ? R_OK : 0) | (flags.write ? W_OK : 0));
    if (denied < 0) return denied;
    if (flags.directory && ino.type !== 'dir') return -ENOTDIR;
    if (flags.truncate && flags.write && ino.type === 'file' && ino.size > 0) truncateInode(fs, inum, ino, 0);
    pin(fs, inum);
    return inum;
  });
}

/** creat(2): open for writing, creating the file or emptying an existing one. */
export function fsCreate(fs: FsState, cwd: string, path: string): number {
  return fsOpen(fs, cwd, path, { write: true, create: true, truncate: true });
}

/** Releases one open of an inode; the last close of an unlinked file frees it. */
export function fsClose(fs: FsState, inum: number): number {
  const m = fs.icache[inum];
  if (!m) return -EBADF;
  if (--m.refs > 0) return 0;
  delete fs.icache[inum];
  const ino = readInode(fs, inum);
  if (ino.type === 'free' || ino.nlink > 0) return 0;
  runOp(fs, `close inode ${inum} (last link gone)`, truncateCredits(fs) + 2, blockCount(fs, ino), () => {
    reclaim(fs, inum, readInode(fs, inum));
    return 0;
  });
  return 0;
}

/** Reads up to `count` bytes at `offset` ('' at end of file). */
export function fsRead(fs: FsState, inum: number, offset: number, count: number): string | number {
  beginTrace(fs, `read inode ${inum}`);
  if (!Number.isInteger(offset) || offset < 0 || !Number.isInteger(count) || count < 0) return -EINVAL;
  const ino = readInode(fs, inum);
  if (ino.type === 'free') return -EBADF;
  if (ino.type === 'dir') return -EISDIR;
  if (ino.type === 'chardev') return ino.rdev === DEV_NULL ? '' : -EINVAL;
  const bs = fs.layout.blockSize;
  const end = Math.min(ino.size, offset + count, maxFileSize(fs));
  let out = '';
  for (let pos = offset; pos < end; ) {
    const fbn = Math.floor(pos / bs);
    const within = pos % bs;
    const take = Math.min(bs - within, end - pos);
    const b = bmap(fs, ino, fbn, false, false);
    out += b > 0 ? bread(fs, b).slice(within, within + take) : zeros(take);
    pos += take;
  }
  return out;
}

/**
 * Writes `data` at `offset`, growing the file as needed. A large write is split into
 * transactions of a few blocks each. Returns the bytes written (fewer when the disk fills
 * part-way) or an errno (ENOSPC, EFBIG, EISDIR, EINVAL for characters that are not bytes).
 */
export function fsWrite(fs: FsState, inum: number, offset: number, data: string): number {
  beginTrace(fs, `write inode ${inum}`);
  if (!Number.isInteger(offset) || offset < 0 || typeof data !== 'string' || !isBytes(data)) return -EINVAL;
  const first = readInode(fs, inum);
  if (first.type === 'free') return -EBADF;
  if (first.type === 'dir') return -EISDIR;
  if (first.type === 'chardev') return first.rdev === DEV_NULL ? data.length : -EINVAL;
  const bs = fs.layout.blockSize;
  const limit = Math.min(offset + data.length, maxFileSize(fs));
  if (data.length > 0 && limit <= offset) return -EFBIG;
  const chunk = CHUNK_BLOCKS * bs;
  let pos = offset;
  let err = 0;
  while (pos < limit && err === 0) {
    const stop = Math.min(limit, (Math.floor(pos / bs) * bs) + chunk);
    const r = txBegin(fs, writeCredits(fs), 0);
    if (r < 0) return pos > offset ? pos - offset : r;
    const ino = readInode(fs, inum);
    while (pos < stop) {
      const within = pos % bs;
      const take = Math.min(bs - within, stop - pos);
      const b = bmap(fs, ino, Math.floor(pos / bs), true, false);
      if (b < 0) {
        err = b;
        break;
      }
      const bytes = data.slice(pos - offset, pos - offset + take);
      bwrite(fs, b, take === bs ? bytes : splice(bread(fs, b), within, bytes), false);
      pos += take;
    }
    if (pos > ino.size) ino.size = pos;
    ino.mtime = ino.ctime = fs.now;
    writeInode(fs, inum, ino);
    txEnd(fs);
  }
  if (pos > offset) return pos - offset;
  return err < 0 ? err : data.length === 0 ? 0 : -EFBIG;
}

/** Cuts or extends a file to `size` bytes (an extension reads as zeros). */
function truncateInode(fs: FsState, inum: number, ino: Inode, size: number): void {
  const bs = fs.layout.blockSize;
  if (size < ino.size) {
    freeBlocksFrom(fs, ino, Math.ceil(size / bs));
    if (size % bs !== 0) {
      const b = bmap(fs, ino, Math.floor(size / bs), false, false);
      if (b > 0) bwrite(fs, b, splice(bread(fs, b), size % bs, zeros(bs - (size % bs))), false);
    }
  }
  ino.size = size;
  ino.mtime = ino.ctime = fs.now;
  writeInode(fs, inum, ino);
}

export function fsTruncate(fs: FsState, inum: number, size: number): number {
  beginTrace(fs, `truncate inode ${inum}`);
  if (!Number.isInteger(size) || size < 0) return -EINVAL;
  if (size > maxFileSize(fs)) return -EFBIG;
  const ino = readInode(fs, inum);
  if (ino.type === 'dir') return -EISDIR;
  if (ino.type !== 'file') return ino.type === 'free' ? -EBADF : -EINVAL;
  return runOp(fs, `truncate #${inum} to ${size}`, truncateCredits(fs), blockCount(fs, ino), () => {
    truncateInode(fs, inum, readInode(fs, inum), size);
    return 0;
  });
}

export function fsStat(fs: FsState, inum: number): Stat | number {
  beginTrace(fs, `stat #${inum}`);
  if (!Number.isInteger(inum) || inum < 0 || inum >= fs.layout.inodes) return -EBADF;
  const ino = readInode(fs, inum);
  if (ino.type === 'free') return -ENOENT;
  return {
    ino: inum,
    type: ino.type,
    mode: ino.mode,
    rdev: ino.rdev,
    nlink: ino.nlink,
    size: ino.size,
    blocks: inodeBlocks(fs, ino).length,
    atime: ino.atime,
    mtime: ino.mtime,
    ctime: ino.ctime,
  };
}

export const SEEK_SET = 0;
export const SEEK_CUR = 1;
export const SEEK_END = 2;

/** lseek's arithmetic: the new offset, or -EINVAL (bad whence, or before the start). */
export function seekTarget(fs: FsState, inum: number, current: number, offset: number, whence: number): number {
  if (!Number.isInteger(offset)) return -EINVAL;
  let base: number;
  if (whence === SEEK_SET) base = 0;
  else if (whence === SEEK_CUR) base = current;
  else if (whence === SEEK_END) base = readInode(fs, inum).size;
  else return -EINVAL;
  const target = base + offset;
  return target < 0 ? -EINVAL : target;
}

/** Creates a character device node (mknod). */
export function fsMknod(fs: FsState, cwd: string, path: string, rdev: number): number {
  return runOp(fs, `mknod ${path}`, 7, 0, () => {
    const parent = resolveParent(fs, cwd, path);
    if (typeof parent === 'number') return parent;
    return checkDirWrite(parent) || createAt(fs, parent, 'chardev', rdev);
  });
}

/** chmod(2): sets the permission bits of the inode a path names (through a link). Only ownership is needed, which the one user has. */
export function fsChmod(fs: FsState, cwd: string, path: string, mode: number): number {
  if (!Number.isInteger(mode) || mode < 0 || mode > PERM_MASK) return -EINVAL;
  return runOp(fs, `chmod ${path}`, 2, 0, () => {
    const inum = resolve(fs, cwd, path);
    if (inum < 0) return inum;
    const ino = readInode(fs, inum);
    ino.mode = mode;
    ino.ctime = fs.now;
    writeInode(fs, inum, ino);
    return 0;
  });
}

/** 0 when the owner's bits of inode `inum` allow every access in `want`, else -EACCES. */
export function fsPermission(fs: FsState, inum: number, want: number): number {
  return checkAccess(readInode(fs, inum), want);
}

/** access(2): 0 when the inode a path names allows every access in `want`, else why not. */
export function fsAccess(fs: FsState, cwd: string, path: string, want: number): number {
  beginTrace(fs, `access ${path}`);
  if (!Number.isInteger(want) || want < 0 || want > 7) return -EINVAL;
  const inum = resolve(fs, cwd, path);
  if (inum < 0) return inum;
  return checkAccess(readInode(fs, inum), want);
}
