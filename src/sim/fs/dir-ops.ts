import { EBUSY, EEXIST, EINVAL, EISDIR, EMLINK, ENOENT, ENOTDIR, ENOTEMPTY, EPERM } from '../abi/errno.ts';
import type { DirEntry, StatFs } from '../abi/fs.ts';
import { beginTrace } from './cache.ts';
import { dirAdd, dirIsEmpty, dirList, dirLookup, dirRemove, dirRepoint } from './dir.ts';
import { readInode, writeInode } from './inode.ts';
import { syncAll } from './journal.ts';
import { maxFileBlocks, opCredits, ROOT_INUM } from './layout.ts';
import { createAt, dropLink, MAX_NLINK, runOp } from './ops-common.ts';
import { type ParentRef, resolveParent } from './path.ts';
import { checkDirWrite, createMode } from './perm.ts';
import type { FsState } from './types.ts';

/**
 * Operations on names: mkdir, rmdir, unlink, link, rename, readdir, plus statfs and sync.
 * Each one is a single transaction, so after a crash it happened entirely or not at all.
 */

/** The parent and the inode a path's last name refers to. */
function resolveEntry(fs: FsState, cwd: string, path: string): { parent: ParentRef; inum: number } | number {
  const parent = resolveParent(fs, cwd, path);
  if (typeof parent === 'number') return parent;
  if (parent.name === null) return { parent, inum: ROOT_INUM };
  const inum = dirLookup(fs, parent.dirInode, parent.name);
  if (inum < 0) return inum;
  return { parent, inum };
}

export function fsMkdir(fs: FsState, cwd: string, path: string): number {
  return runOp(fs, `mkdir ${path}`, 9, 0, () => {
    const parent = resolveParent(fs, cwd, path);
    if (typeof parent === 'number') return parent;
    const denied = checkDirWrite(parent);
    if (denied < 0 && dirLookup(fs, parent.dirInode, parent.name ?? '.') < 0) return denied;
    const r = createAt(fs, parent, 'dir', 0, createMode(0o777));
    return Math.min(r, 0);
  });
}

export function fsRmdir(fs: FsState, cwd: string, path: string): number {
  return runOp(fs, `rmdir ${path}`, 5 + fs.layout.dataBitmap.count, maxFileBlocks(fs.layout), () => {
    const e = resolveEntry(fs, cwd, path);
    if (typeof e === 'number') return e;
    const { parent, inum } = e;
    if (parent.name === null) return -EBUSY;
    if (parent.name === '.') return -EINVAL;
    if (parent.name === '..') return -ENOTEMPTY;
    const ino = readInode(fs, inum);
    if (ino.type !== 'dir') return -ENOTDIR;
    const denied = checkDirWrite(parent);
    if (denied < 0) return denied;
    if (!dirIsEmpty(fs, ino)) return -ENOTEMPTY;
    dirRemove(fs, parent.dirInode, parent.name);
    parent.dirInode.nlink--;
    parent.dirInode.mtime = parent.dirInode.ctime = fs.now;
    writeInode(fs, parent.dir, parent.dirInode);
    dropLink(fs, inum, ino, true);
    return 0;
  });
}

export function fsUnlink(fs: FsState, cwd: string, path: string): number {
  return runOp(fs, `unlink ${path}`, 4 + fs.layout.dataBitmap.count, maxFileBlocks(fs.layout), () => {
    const e = resolveEntry(fs, cwd, path);
    if (typeof e === 'number') return e;
    const { parent, inum } = e;
    if (parent.name === null) return -EISDIR;
    const ino = readInode(fs, inum);
    if (ino.type === 'dir') return -EISDIR;
    if (parent.wantDir) return -ENOTDIR;
    const denied = checkDirWrite(parent);
    if (denied < 0) return denied;
    dirRemove(fs, parent.dirInode, parent.name);
    parent.dirInode.mtime = parent.dirInode.ctime = fs.now;
    writeInode(fs, parent.dir, parent.dirInode);
    dropLink(fs, inum, ino);
    return 0;
  });
}

/** A hard link: `newPath` becomes another name for `oldPath`'s inode (not for directories). */
export function fsLink(fs: FsState, cwd: string, oldPath: string, newPath: string): number {
  return runOp(fs, `link ${oldPath} ${newPath}`, 7, 0, () => {
    const src = resolveEntry(fs, cwd, oldPath);
    if (typeof src === 'number') return src;
    const ino = readInode(fs, src.inum);
    if (ino.type === 'dir') return -EPERM;
    if (src.parent.wantDir) return -ENOTDIR;
    if (ino.nlink >= MAX_NLINK) return -EMLINK;
    const dst = resolveParent(fs, cwd, newPath);
    if (typeof dst === 'number') return dst;
    if (dst.name === null || dst.name === '.' || dst.name === '..') return -EEXIST;
    if (dst.wantDir) return dirLookup(fs, dst.dirInode, dst.name) >= 0 ? -EEXIST : -ENOENT;
    const denied = checkDirWrite(dst);
    if (denied < 0) return denied;
    const r = dirAdd(fs, dst.dirInode, dst.name, src.inum);
    if (r === 0) dst.dirInode.mtime = dst.dirInode.ctime = fs.now;
    // Written back even on failure: the directory may have gained an empty block first.
    writeInode(fs, dst.dir, dst.dirInode);
    if (r < 0) return r;
    ino.nlink++;
    ino.ctime = fs.now;
    writeInode(fs, src.inum, ino);
    return 0;
  });
}

/** True when directory `inum` is `ancestor` or lies beneath it (walking up through ".."). */
function isWithin(fs: FsState, inum: number, ancestor: number): boolean {
  let cur = inum;
  for (let hops = 0; hops <= fs.layout.inodes; hops++) {
    if (cur === ancestor) return true;
    if (cur === ROOT_INUM) return false;
    const up = dirLookup(fs, readInode(fs, cur), '..');
    if (up < 0 || up === cur) return false;
    cur = up;
  }
  return false;
}

/**
 * rename(2): moves a name, replacing an existing target (a file by a file, an empty
 * directory by a directory). A moved directory's ".." is repointed and the two parents'
 * link counts follow.
 */
export function fsRename(fs: FsState, cwd: string, oldPath: string, newPath: string): number {
  return runOp(fs, `rename ${oldPath} ${newPath}`, opCredits(fs.layout), maxFileBlocks(fs.layout), () => {
    const src = resolveEntry(fs, cwd, oldPath);
    if (typeof src === 'number') return src;
    if (src.parent.name === null) return -EBUSY;
    if (src.parent.name === '.' || src.parent.name === '..') return -EINVAL;
    const dst = resolveParent(fs, cwd, newPath);
    if (typeof dst === 'number') return dst;
    if (dst.name === null) return -EBUSY;
    if (dst.name === '.' || dst.name === '..') return -EINVAL;
    const denied = checkDirWrite(src.parent) || checkDirWrite(dst);
    if (denied < 0) return denied;
    const moving = readInode(fs, src.inum);
    const isDir = moving.type === 'dir';
    if (!isDir && (src.parent.wantDir || dst.wantDir)) return -ENOTDIR;
    if (isDir && isWithin(fs, dst.dir, src.inum)) return -EINVAL;
    const target = dirLookup(fs, dst.dirInode, dst.name);
    if (target === src.inum) return 0;
    const sameParent = src.parent.dir === dst.dir;
    const srcDir = src.parent;
    const dstDir = sameParent ? src.parent : dst;
    if (target >= 0) {
      const t = readInode(fs, target);
      if (isDir && t.type !== 'dir') return -ENOTDIR;
      if (!isDir && t.type === 'dir') return -EISDIR;
      if (t.type === 'dir' && !dirIsEmpty(fs, t)) return -ENOTEMPTY;
      dirRepoint(fs, dstDir.dirInode, dst.name, src.inum);
      if (t.type === 'dir') dstDir.dirInode.nlink--;
      dropLink(fs, target, t, t.type === 'dir');
    } else {
      if (isDir && !sameParent && dstDir.dirInode.nlink >= MAX_NLINK) return -EMLINK;
      const r = dirAdd(fs, dstDir.dirInode, dst.name, src.inum);
      if (r < 0) {
        writeInode(fs, dstDir.dir, dstDir.dirInode);
        return r;
      }
    }
    dirRemove(fs, srcDir.dirInode, srcDir.name as string);
    if (isDir && !sameParent) {
      dirRepoint(fs, moving, '..', dstDir.dir);
      srcDir.dirInode.nlink--;
      dstDir.dirInode.nlink++;
    }
    moving.ctime = fs.now;
    writeInode(fs, src.inum, moving);
    for (const d of sameParent ? [srcDir] : [srcDir, dstDir]) {
      d.dirInode.mtime = d.dirInode.ctime = fs.now;
      writeInode(fs, d.dir, d.dirInode);
    }
    return 0;
  });
}

/** The entries of a directory, "." and ".." included, in slot order. */
export function fsReaddir(fs: FsState, inum: number): DirEntry[] | number {
  beginTrace(fs, `readdir inode ${inum}`);
  if (!Number.isInteger(inum) || inum < 0 || inum >= fs.layout.inodes) return -ENOENT;
  const ino = readInode(fs, inum);
  if (ino.type === 'free') return -ENOENT;
  if (ino.type !== 'dir') return -ENOTDIR;
  return dirList(fs, ino);
}

/** df: sizes and free space. */
export function fsStatfs(fs: FsState): StatFs {
  const l = fs.layout;
  return {
    blockSize: l.blockSize,
    totalBlocks: l.blocks,
    dataBlocks: l.data.count,
    freeBlocks: fs.alloc.freeData,
    inodes: l.inodes,
    freeInodes: fs.alloc.freeInodes,
    journalBlocks: l.journal.count,
    journal: fs.journal.mode,
  };
}

/** sync(2): commit, checkpoint and write back everything. */
export function fsSync(fs: FsState): number {
  beginTrace(fs, 'sync');
  syncAll(fs);
  return 0;
}
