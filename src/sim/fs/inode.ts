import { EFBIG } from '../abi/errno.ts';
import type { InodeType } from '../abi/fs.ts';
import { allocDataBlock, freeDataBlock } from './bitmap.ts';
import { encU16, encU32, splice, u8, u16, u32, zeros } from './bytes.ts';
import { bread, bwrite } from './cache.ts';
import { INODE_SIZE, NDIRECT } from './layout.ts';
import type { FsState, Inode } from './types.ts';

/**
 * Inodes: 64 bytes each in the inode table.
 *   0 mode u16 | 2 nlink u16 | 4 size u32 | 8 atime u32 | 12 mtime u32 | 16 ctime u32
 *   20 direct[10] u32 | 60 indirect u32
 * The mode holds the type code in its low 4 bits (0 free, 1 file, 2 dir, 3 chardev,
 * 4 symlink) and the permission bits above them (mode >> 4: rwx for owner, group and
 * others, and the set-id and sticky bits), as ext2's i_mode holds both. Block pointers are
 * absolute block numbers; 0 means none (block 0 is the superblock, never data). The
 * indirect block holds blockSize/4 more pointers. A character device keeps its device
 * number in direct[0] instead, as ext2 does. A symbolic link keeps its target path in its
 * data blocks, `size` bytes long (ext2's slow symlink).
 *
 * File-system version 1 had a type byte and a device byte where the mode is: mounting
 * such a disk rewrites its inodes (upgradeInodeTable).
 */

const TYPE_CODES: InodeType[] = ['free', 'file', 'dir', 'chardev', 'symlink'];

/** The type a code names, or null for a code no inode may have. */
export function typeFromCode(code: number): InodeType | null {
  return TYPE_CODES[code] ?? null;
}

/** The type code of the inode at byte `at` (the low 4 bits of its mode). */
export function typeCodeAt(s: string, at: number): number {
  return u8(s, at) & 0xf;
}

/** Permission bits a new inode of each type gets: the usual 0666 and 0777 under a umask of 022 (a link's are never checked). */
export const DEFAULT_PERMS: Record<InodeType, number> = { free: 0, file: 0o644, dir: 0o755, chardev: 0o666, symlink: 0o777 };

/** Every permission bit: rwx for owner, group and others, and set-uid, set-gid and sticky. */
export const PERM_MASK = 0o7777;

export function decodeInode(s: string, at: number): Inode {
  const direct: number[] = [];
  for (let i = 0; i < NDIRECT; i++) direct.push(u32(s, at + 20 + 4 * i));
  const type = typeFromCode(typeCodeAt(s, at)) ?? 'free';
  const rdev = type === 'chardev' ? direct[0] : 0;
  if (type === 'chardev') direct[0] = 0;
  return {
    type,
    mode: (u16(s, at) >> 4) & PERM_MASK,
    rdev,
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
  const direct = ino.type === 'chardev' ? [ino.rdev, ...ino.direct.slice(1)] : ino.direct;
  return (
    encU16(TYPE_CODES.indexOf(ino.type) | ((ino.mode & PERM_MASK) << 4)) +
    encU16(ino.nlink) +
    encU32(ino.size) +
    encU32(ino.atime) +
    encU32(ino.mtime) +
    encU32(ino.ctime) +
    direct.map(encU32).join('') +
    encU32(ino.indirect)
  );
}

export function newInode(type: InodeType, now: number, mode = DEFAULT_PERMS[type]): Inode {
  return { type, mode, rdev: 0, nlink: 0, size: 0, atime: now, mtime: now, ctime: now, direct: new Array(NDIRECT).fill(0), indirect: 0 };
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
