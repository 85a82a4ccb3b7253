import { ENOSPC } from '../abi/errno.ts';
import { encU8, splice, u8 } from './bytes.ts';
import { bforget, bread, bwrite } from './cache.ts';
import type { FsState, Region } from './types.ts';

/**
 * The inode and data bitmaps: bit i (least significant first within each byte) says
 * whether inode i, or data block i of the data region, is in use. Allocation always takes
 * the lowest free index, as OSTEP's vsfs does, starting from a hint below which every bit
 * is known to be set, so a full region is not rescanned from the start each time.
 */

function bitAddr(fs: FsState, region: Region, i: number): { block: number; byte: number; mask: number } {
  const per = fs.layout.blockSize * 8;
  return { block: region.start + Math.floor(i / per), byte: (i % per) >> 3, mask: 1 << (i & 7) };
}

export function getBit(fs: FsState, region: Region, i: number): boolean {
  const a = bitAddr(fs, region, i);
  return (u8(bread(fs, a.block), a.byte) & a.mask) !== 0;
}

export function setBit(fs: FsState, region: Region, i: number, on: boolean): void {
  const a = bitAddr(fs, region, i);
  const data = bread(fs, a.block);
  const old = u8(data, a.byte);
  const next = on ? old | a.mask : old & ~a.mask;
  if (next !== old) bwrite(fs, a.block, splice(data, a.byte, encU8(next)), true);
}

/** Lowest clear bit at or after `from` among the first `limit`, or -1. */
function findClear(fs: FsState, region: Region, from: number, limit: number): number {
  const per = fs.layout.blockSize * 8;
  let i = from;
  while (i < limit) {
    const blockIndex = Math.floor(i / per);
    const data = bread(fs, region.start + blockIndex);
    const blockEnd = Math.min(limit, (blockIndex + 1) * per);
    while (i < blockEnd) {
      const byte = u8(data, (i % per) >> 3);
      if (byte === 0xff && (i & 7) === 0) {
        i += 8;
        continue;
      }
      if ((byte & (1 << (i & 7))) === 0) return i;
      i++;
    }
  }
  return -1;
}

/** Allocates the lowest free inode number, or -ENOSPC. */
export function allocInodeNumber(fs: FsState): number {
  const i = findClear(fs, fs.layout.inodeBitmap, fs.alloc.inodeHint, fs.layout.inodes);
  if (i < 0) {
    fs.alloc.inodeHint = fs.layout.inodes;
    return -ENOSPC;
  }
  setBit(fs, fs.layout.inodeBitmap, i, true);
  fs.alloc.inodeHint = i + 1;
  fs.alloc.freeInodes--;
  return i;
}

export function freeInodeNumber(fs: FsState, inum: number): void {
  if (!getBit(fs, fs.layout.inodeBitmap, inum)) return;
  setBit(fs, fs.layout.inodeBitmap, inum, false);
  fs.alloc.inodeHint = Math.min(fs.alloc.inodeHint, inum);
  fs.alloc.freeInodes++;
}

/** Allocates the lowest free data block; returns its absolute block number, or -ENOSPC. */
export function allocDataBlock(fs: FsState): number {
  const d = fs.layout.data;
  const i = findClear(fs, fs.layout.dataBitmap, fs.alloc.dataHint, d.count);
  if (i < 0) {
    fs.alloc.dataHint = d.count;
    return -ENOSPC;
  }
  setBit(fs, fs.layout.dataBitmap, i, true);
  fs.alloc.dataHint = i + 1;
  fs.alloc.freeData--;
  return d.start + i;
}

/** Frees a data block (by absolute number) and forgets its cached contents. */
export function freeDataBlock(fs: FsState, block: number): void {
  const i = block - fs.layout.data.start;
  if (i < 0 || i >= fs.layout.data.count || !getBit(fs, fs.layout.dataBitmap, i)) return;
  setBit(fs, fs.layout.dataBitmap, i, false);
  bforget(fs, block);
  fs.alloc.dataHint = Math.min(fs.alloc.dataHint, i);
  fs.alloc.freeData++;
}

/** Counts the set bits among the first `limit` (the free counts are rebuilt this way at mount). */
export function countSet(fs: FsState, region: Region, limit: number): number {
  const per = fs.layout.blockSize * 8;
  let n = 0;
  for (let blockIndex = 0; blockIndex * per < limit; blockIndex++) {
    const data = bread(fs, region.start + blockIndex);
    const bits = Math.min(per, limit - blockIndex * per);
    for (let i = 0; i < bits; i += 8) {
      let byte = u8(data, i >> 3);
      if (bits - i < 8) byte &= (1 << (bits - i)) - 1;
      for (; byte; byte &= byte - 1) n++;
    }
  }
  return n;
}
