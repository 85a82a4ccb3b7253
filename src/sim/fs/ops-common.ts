import { EEXIST, EMLINK } from '../abi/errno.ts';
import type { InodeType } from '../abi/fs.ts';
import { allocInodeNumber, freeInodeNumber } from './bitmap.ts';
import { beginTrace } from './cache.ts';
import { dirAdd, dirLookup } from './dir.ts';
import { clearInode, DEFAULT_PERMS, freeBlocksFrom, newInode, writeInode } from './inode.ts';
import { txBegin, txEnd } from './journal.ts';
import type { ParentRef } from './path.ts';
import type { FsState, Inode } from './types.ts';

/**
 * What the operations share: running one as a transaction, creating an inode under a
 * parent, and dropping a link (freeing the inode when no link and no open file is left).
 */

export const MAX_NLINK = 0xffff;

/** Runs `body` as one traced operation inside the running transaction. */
export function runOp<T>(fs: FsState, label: string, credits: number, revokes: number, body: () => T | number): T | number {
  beginTrace(fs, label);
  const r = txBegin(fs, credits, revokes);
  if (r < 0) return r;
  const out = body();
  txEnd(fs);
  return out;
}

export function isOpen(fs: FsState, inum: number): boolean {
  return (fs.icache[inum]?.refs ?? 0) > 0;
}

/**
 * Creates an inode of `type` and links it into `parent` under `parent.name`. A new
 * directory gets "." and "..", and its parent one more link (from the child's ".."). The
 * parent's inode is updated in place and written back. Returns the inode number or an errno.
 */
export function createAt(fs: FsState, parent: ParentRef, type: InodeType, rdev = 0, mode = DEFAULT_PERMS[type]): number {
  const name = parent.name;
  if (name === null || name === '.' || name === '..') return -EEXIST;
  if (dirLookup(fs, parent.dirInode, name) >= 0) return -EEXIST;
  if (type === 'dir' && parent.dirInode.nlink >= MAX_NLINK) return -EMLINK;
  const inum = allocInodeNumber(fs);
  if (inum < 0) return inum;
  const ino = newInode(type, fs.now, mode);
  ino.rdev = rdev;
  ino.nlink = type === 'dir' ? 2 : 1;
  let r = 0;
  if (type === 'dir') {
    r = dirAdd(fs, ino, '.', inum);
    if (r === 0) r = dirAdd(fs, ino, '..', parent.dir);
  }
  if (r === 0) r = dirAdd(fs, parent.dirInode, name, inum);
  if (r < 0) {
    freeBlocksFrom(fs, ino, 0);
    freeInodeNumber(fs, inum);
    // The parent may have gained an (empty) indirect block before the disk filled up.
    writeInode(fs, parent.dir, parent.dirInode);
    return r;
  }
  if (type === 'dir') parent.dirInode.nlink++;
  parent.dirInode.mtime = parent.dirInode.ctime = fs.now;
  writeInode(fs, parent.dir, parent.dirInode);
  writeInode(fs, inum, ino);
  return inum;
}

/** Frees an inode and all its blocks. */
export function reclaim(fs: FsState, inum: number, ino: Inode): void {
  freeBlocksFrom(fs, ino, 0);
  clearInode(fs, inum);
  freeInodeNumber(fs, inum);
}

/**
 * One link fewer (`all` drops every link, for a removed directory). With none left and
 * nobody holding it open, the inode is freed; otherwise it is written back and lives on.
 */
export function dropLink(fs: FsState, inum: number, ino: Inode, all = false): void {
  ino.nlink = all ? 0 : Math.max(0, ino.nlink - 1);
  ino.ctime = fs.now;
  if (ino.nlink === 0 && !isOpen(fs, inum)) reclaim(fs, inum, ino);
  else writeInode(fs, inum, ino);
}
