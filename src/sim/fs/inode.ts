import { EFBIG } from '../abi/errno.ts';
import type { InodeType } from '../abi/fs.ts';
import { allocDataBlock, freeDataBlock } from './bitmap.ts';
import { encU8, encU16, encU32, splice, u8, u16, u32, zeros } from './bytes.ts';
import { bread, bwrite } from './cache.ts';
import { INODE_SIZE, NDIRECT } from './layout.ts';
import type { FsState, Inode } from './types.ts';

/**
 * Inodes: 64 bytes each in the inode table.
 *   0 type u8 (0 free, 1 file, 2 dir, 3 chardev, 4 symlink) | 1 rdev u8 | 2 nlink u16 | 4 size u32
 *   8 atime u32 | 12 mtime u32 | 16 ctime u32 | 20 direct[10] u32 | 60 indirect u32
 * Block pointers are absolute block numbers; 0 means none (block 0 is the superblock, never
 * data). The indirect block holds blockSize/4 more pointers. A symbolic link keeps its
 * target path in its data blocks, `size` bytes long (ext2's slow symlink).
 */

const TYPE_CODES: InodeType[] = ['free', 'file', 'dir', 'chardev', 'symlink'];

/** The type a code names, or null for a code no inode may have. */
export function typeFromCode(code: number): InodeType | null {
  return TYPE_CODES[code] ?? null;
}

export function decodeInode(s: string, at: number): Inode {
  const direct: number[] = [];
  for (let i = 0; i < NDIRECT; i++) direct.push(u32(s, at + 20 + 4 * i));
  return {
    type: typeFromCode(u8(s, at)) ?? 'free',
    rdev: u8(s, at + 1),
    nlink: u16(s, at + 2),
    size: u32(s, at + 4),
    atime: u32(s, at + 8),
    mtime: u32(s, at + 12),
    ctime: u32(s, at + 16),
    direct,
    indirect: u32(s, at + 60),
  };
}

export function encodeInode(ino: Inode): string {
  return (
    encU8(TYPE_CODES.indexOf(ino.type)) +
    encU8(ino.rdev) +
    encU16(ino.nlink) +
    encU32(ino.size) +
    encU32(ino.atime) +
    encU32(ino.mtime) +
    encU32(ino.ctime) +
    ino.direct.map(encU32).join('') +
    encU32(ino.indirect)
  );
}

export function newInode(type: InodeType, now: number): Inode {
  return { type, rdev: 0, nlink: 0, size: 0, atime: now, mtime: now, ctime: now, direct: new Array(NDIRECT).fill(0), indirect: 0 };
}

/** The inode-table block and byte offset of an inode. */
export function inodeAddr(fs: FsState, inum: number): { block: number; offset: number } {
  const byteAt = inum * INODE_SIZE;
  const bs = fs.layout.blockSize;
  return { block: fs.layout.inodeTable.start + Math.floor(byteAt / bs), offset: byteAt % bs };
}

export function readInode(fs: FsState, inum: number): Inode {
  const a = inodeAddr(fs, inum);
  return decodeInode(bread(fs, a.block), a.offset);
}

export function writeInode(fs: FsState, inum: number, ino: Inode): void {
  const a = inodeAddr(fs, inum);
  bwrite(fs, a.block, splice(bread(fs, a.block), a.offset, encodeInode(ino)), true);
}

/** A free inode's bytes: all zero. */
export function clearInode(fs: FsState, inum: number): void {
  const a = inodeAddr(fs, inum);
  bwrite(fs, a.block, splice(bread(fs, a.block), a.offset, zeros(INODE_SIZE)), true);
}

/** Pointers held by an indirect block. */
export function pointersPerBlock(fs: FsState): number {
  return fs.layout.blockSize / 4;
}

export function maxFileSize(fs: FsState): number {
  return (NDIRECT + pointersPerBlock(fs)) * fs.layout.blockSize;
}

/** A freshly allocated, zeroed data block; `meta` blocks (directories, indirect blocks) are journaled. */
function allocZeroed(fs: FsState, meta: boolean): number {
  const b = allocDataBlock(fs);
  if (b > 0) bwrite(fs, b, zeros(fs.layout.blockSize), meta);
  return b;
}

/**
 * The disk block holding file block `fbn`: 0 for a hole when `alloc` is false, otherwise
 * allocated (zeroed) on demand. Updates `ino`'s pointers in place; the caller writes the
 * inode back. Returns a negative errno (ENOSPC, EFBIG) on failure.
 */
export function bmap(fs: FsState, ino: Inode, fbn: number, alloc: boolean, meta: boolean): number {
  if (fbn < NDIRECT) {
    if (ino.direct[fbn] === 0 && alloc) {
      const b = allocZeroed(fs, meta);
      if (b < 0) return b;
      ino.direct[fbn] = b;
    }
    return ino.direct[fbn];
  }
  const slot = fbn - NDIRECT;
  if (slot >= pointersPerBlock(fs)) return -EFBIG;
  if (ino.indirect === 0) {
    if (!alloc) return 0;
    const ib = allocZeroed(fs, true);
    if (ib < 0) return ib;
    ino.indirect = ib;
  }
  const data = bread(fs, ino.indirect);
  const b = u32(data, slot * 4);
  if (b !== 0 || !alloc) return b;
  const nb = allocZeroed(fs, meta);
  if (nb < 0) return nb;
  bwrite(fs, ino.indirect, splice(bread(fs, ino.indirect), slot * 4, encU32(nb)), true);
  return nb;
}

/** Every data block an inode holds, in file order, followed by its indirect block if any. */
export function inodeBlocks(fs: FsState, ino: Inode): number[] {
  const out = ino.direct.filter((b) => b !== 0);
  if (ino.indirect !== 0) {
    const data = bread(fs, ino.indirect);
    for (let i = 0; i < pointersPerBlock(fs); i++) {
      const b = u32(data, i * 4);
      if (b !== 0) out.push(b);
    }
    out.push(ino.indirect);
  }
  return out;
}

/** Frees every block from file block `fromFbn` on (and the indirect block once it is empty). */
export function freeBlocksFrom(fs: FsState, ino: Inode, fromFbn: number): void {
  for (let i = fromFbn; i < NDIRECT; i++) {
    if (ino.direct[i] !== 0) freeDataBlock(fs, ino.direct[i]);
    ino.direct[i] = 0;
  }
  if (ino.indirect === 0) return;
  const first = Math.max(0, fromFbn - NDIRECT);
  let data = bread(fs, ino.indirect);
  let changed = false;
  for (let i = first; i < pointersPerBlock(fs); i++) {
    const b = u32(data, i * 4);
    if (b === 0) continue;
    freeDataBlock(fs, b);
    data = splice(data, i * 4, encU32(0));
    changed = true;
  }
  if (first === 0) {
    freeDataBlock(fs, ino.indirect);
    ino.indirect = 0;
  } else if (changed) bwrite(fs, ino.indirect, data, true);
}

/** Blocks an inode would free if truncated to nothing (for sizing a transaction's revokes). */
export function blockCount(fs: FsState, ino: Inode): number {
  let n = ino.direct.filter((b) => b !== 0).length;
  if (ino.indirect !== 0) n += 1 + pointersPerBlock(fs);
  return n;
}
