import { EEXIST, ENOENT, ENOSPC } from '../abi/errno.ts';
import type { DirEntry } from '../abi/fs.ts';
import { encU8, encU32, padTo, splice, u8, u32, zeros } from './bytes.ts';
import { bread, bwrite } from './cache.ts';
import { bmap, maxFileSize } from './inode.ts';
import { DIRENT_SIZE, NAME_MAX } from './layout.ts';
import type { FsState, Inode } from './types.ts';

/**
 * Directories are files of fixed 32-byte entries:
 *   0 inode number u32 | 4 name length u8 (0 = free slot) | 5..31 name
 * A directory's size is its slot count times 32 (it never shrinks, as in ext2). Removing an
 * entry frees its slot in place, so the other entries keep their order; where a new one
 * goes follows the mount's `dirInsert` rule. Slots 0 and 1 are always "." and "..".
 */

export function encodeDirent(name: string, inum: number): string {
  return padTo(encU32(inum) + encU8(name.length) + name, DIRENT_SIZE);
}

/** The entry in a slot, or null for a free slot. */
export function decodeDirent(block: string, offset: number): DirEntry | null {
  const len = u8(block, offset + 4);
  if (len === 0) return null;
  return { inum: u32(block, offset), name: block.slice(offset + 5, offset + 5 + Math.min(len, NAME_MAX)) };
}

/** Slots in a directory (a damaged size beyond the largest file counts as the largest file). */
export function slotCount(fs: FsState, ino: Inode): number {
  return Math.floor(Math.min(ino.size, maxFileSize(fs)) / DIRENT_SIZE);
}

/** Visits every used slot in order; stops early when `visit` returns true. Returns the slot it stopped at, or -1. */
function scan(fs: FsState, ino: Inode, visit: (e: DirEntry, slot: number) => boolean): number {
  const bs = fs.layout.blockSize;
  const perBlock = bs / DIRENT_SIZE;
  const n = slotCount(fs, ino);
  for (let first = 0; first < n; first += perBlock) {
    const b = bmap(fs, ino, first / perBlock, false, true);
    if (b <= 0) continue;
    const data = bread(fs, b);
    const last = Math.min(n, first + perBlock);
    for (let slot = first; slot < last; slot++) {
      const e = decodeDirent(data, (slot - first) * DIRENT_SIZE);
      if (e && visit(e, slot)) return slot;
    }
  }
  return -1;
}

/** Every entry, in slot order ("." and ".." first). */
export function dirList(fs: FsState, ino: Inode): DirEntry[] {
  const out: DirEntry[] = [];
  scan(fs, ino, (e) => {
    out.push(e);
    return false;
  });
  return out;
}

/** The inode number a name maps to, or -ENOENT. */
export function dirLookup(fs: FsState, ino: Inode, name: string): number {
  let found = -ENOENT;
  scan(fs, ino, (e) => {
    if (e.name !== name) return false;
    found = e.inum;
    return true;
  });
  return found;
}

/** True when only "." and ".." are left. */
export function dirIsEmpty(fs: FsState, ino: Inode): boolean {
  return scan(fs, ino, (e) => e.name !== '.' && e.name !== '..') < 0;
}

function slotAddr(fs: FsState, ino: Inode, slot: number, alloc: boolean): { block: number; offset: number } {
  const bs = fs.layout.blockSize;
  const byteAt = slot * DIRENT_SIZE;
  return { block: bmap(fs, ino, Math.floor(byteAt / bs), alloc, true), offset: byteAt % bs };
}

function writeSlot(fs: FsState, ino: Inode, slot: number, bytes: string, alloc: boolean): number {
  const a = slotAddr(fs, ino, slot, alloc);
  if (a.block <= 0) return a.block;
  bwrite(fs, a.block, splice(bread(fs, a.block), a.offset, bytes), true);
  return 0;
}

/**
 * Adds `name -> inum`. May grow the directory by a block: `ino` (pointers, size) is
 * updated in place and the caller writes it back. Returns 0, -EEXIST or -ENOSPC.
 */
export function dirAdd(fs: FsState, ino: Inode, name: string, inum: number): number {
  let lastUsed = -1;
  let used = 0;
  let firstGap = -1;
  const dup = scan(fs, ino, (e, slot) => {
    if (firstGap < 0 && slot !== used) firstGap = used;
    used++;
    lastUsed = slot;
    return e.name === name;
  });
  if (dup >= 0) return -EEXIST;
  const n = slotCount(fs, ino);
  let slot: number;
  if (fs.opts.dirInsert === 'first-free') {
    slot = firstGap >= 0 ? firstGap : lastUsed + 1;
  } else {
    slot = lastUsed + 1;
    const perBlock = fs.layout.blockSize / DIRENT_SIZE;
    if (slot >= n && slot % perBlock === 0 && firstGap >= 0) {
      // The last block is full but holes remain: squeeze them out instead of growing.
      compact(fs, ino);
      slot = used;
    }
  }
  // A directory as large as a file can be is full: no space for another name.
  if (slot >= Math.floor(maxFileSize(fs) / DIRENT_SIZE)) return -ENOSPC;
  const r = writeSlot(fs, ino, slot, encodeDirent(name, inum), true);
  if (r < 0) return r;
  if (slot >= n) ino.size = (slot + 1) * DIRENT_SIZE;
  return 0;
}

/** Rewrites the entries packed at the front, in their order (the size stays: the tail is free slots). */
function compact(fs: FsState, ino: Inode): void {
  const entries = dirList(fs, ino);
  const n = slotCount(fs, ino);
  for (let slot = 0; slot < n; slot++) {
    const e = entries[slot];
    writeSlot(fs, ino, slot, e ? encodeDirent(e.name, e.inum) : zeros(DIRENT_SIZE), false);
  }
}

/** Removes the entry `name`. Returns 0 or -ENOENT. Later slots keep their places. */
export function dirRemove(fs: FsState, ino: Inode, name: string): number {
  const slot = scan(fs, ino, (e) => e.name === name);
  if (slot < 0) return -ENOENT;
  return writeSlot(fs, ino, slot, zeros(DIRENT_SIZE), false);
}

/** Points an existing entry at another inode (rename over a target, or a moved directory's ".."). */
export function dirRepoint(fs: FsState, ino: Inode, name: string, inum: number): number {
  const slot = scan(fs, ino, (e) => e.name === name);
  if (slot < 0) return -ENOENT;
  return writeSlot(fs, ino, slot, encodeDirent(name, inum), false);
}
