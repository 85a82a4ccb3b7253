import type { DirEntry } from '../abi/fs.ts';
import { encU32, splice, u32, zeros } from './bytes.ts';
import { bread, bwrite } from './cache.ts';
import { decodeDirent, encodeDirent, slotCount } from './dir.ts';
import { bmap, clearInode, decodeInode, inodeAddr, maxFileSize, pointersPerBlock, typeCodeAt, typeFromCode, writeInode } from './inode.ts';
import { DIRENT_SIZE, INODE_SIZE, isDataBlock } from './layout.ts';
import { PATH_MAX, readLinkTarget } from './path.ts';
import type { FsState, Inode } from './types.ts';

/**
 * fsck's first pass and the tools the later passes share. The first pass reads every
 * inode, checks its type and each block pointer (inside the data region, and claimed by
 * no other inode), and builds the map of which inode owns which block.
 */

export type FsckKind =
  | 'bad-inode-type'
  | 'bad-pointer'
  | 'duplicate-block'
  | 'bad-size'
  | 'bad-symlink'
  | 'inode-bitmap'
  | 'data-bitmap'
  | 'root-not-dir'
  | 'bad-dot'
  | 'bad-dotdot'
  | 'bad-entry'
  | 'entry-free-inode'
  | 'dir-linked-twice'
  | 'unreachable'
  | 'link-count';

export interface FsckFinding {
  kind: FsckKind;
  /** What is wrong, and what was done about it, in words. */
  text: string;
  inode?: number;
  block?: number;
}

export interface FsckContext {
  fs: FsState;
  fix: boolean;
  findings: FsckFinding[];
  /** Decoded inodes (kept up to date as repairs change them). */
  inodes: Inode[];
  /** Data block -> the inode that owns it. */
  owner: Record<number, number>;
}

export function report(ctx: FsckContext, kind: FsckKind, what: string, repair: string, at: { inode?: number; block?: number } = {}): void {
  ctx.findings.push({ kind, text: ctx.fix ? `${what}: ${repair}` : what, ...at });
}

const TYPE_NAMES: Record<Inode['type'], string> = { dir: 'directory', chardev: 'device', symlink: 'symbolic link', file: 'file', free: 'free inode' };

export const typeName = (ino: Inode): string => TYPE_NAMES[ino.type];

/** Pass 1: inode types and block pointers; fills `ctx.inodes` and `ctx.owner`. */
export function scanInodes(ctx: FsckContext): void {
  const { fs } = ctx;
  for (let i = 0; i < fs.layout.inodes; i++) {
    const a = inodeAddr(fs, i);
    const raw = bread(fs, a.block);
    const ino = decodeInode(raw, a.offset);
    if (typeFromCode(typeCodeAt(raw, a.offset)) === null) {
      report(ctx, 'bad-inode-type', `inode ${i} has an unknown type code ${typeCodeAt(raw, a.offset)}`, 'cleared', { inode: i });
      if (ctx.fix) bwrite(fs, a.block, splice(raw, a.offset, zeros(INODE_SIZE)), true);
      ctx.inodes.push({ ...ino, type: 'free' });
      continue;
    }
    ctx.inodes.push(ino);
    if (ino.type === 'free') continue;
    let changed = false;
    ino.direct.forEach((b, j) => {
      if (b !== 0 && !claim(ctx, i, b, `direct pointer ${j}`)) {
        ino.direct[j] = 0;
        changed = true;
      }
    });
    if (ino.indirect !== 0) {
      if (!claim(ctx, i, ino.indirect, 'indirect pointer')) {
        ino.indirect = 0;
        changed = true;
      } else scanIndirect(ctx, i, ino.indirect);
    }
    if (ino.size > maxFileSize(fs)) {
      report(ctx, 'bad-size', `inode ${i} has size ${ino.size}, more than the largest file`, `cut to ${maxFileSize(fs)}`, { inode: i });
      ino.size = maxFileSize(fs);
      changed = true;
    }
    if (ino.type === 'dir' && ino.size % DIRENT_SIZE !== 0) {
      report(ctx, 'bad-size', `directory ${i} has size ${ino.size}, not a whole number of entries`, 'rounded down', { inode: i });
      ino.size -= ino.size % DIRENT_SIZE;
      changed = true;
    }
    if (changed && ctx.fix) writeInode(fs, i, ino);
    if (ino.type === 'symlink') checkSymlink(ctx, i, ino);
  }
}

/**
 * A symbolic link must hold a path: 1 to PATH_MAX bytes, every one of them stored (no
 * hole) and none of them NUL. One that does not is cleared, as e2fsck clears an invalid
 * link; its blocks go back to the free pool and its directory entry is removed later.
 */
function checkSymlink(ctx: FsckContext, i: number, ino: Inode): void {
  const { fs } = ctx;
  let why = '';
  if (ino.size === 0 || ino.size > PATH_MAX) why = `a target of ${ino.size} bytes`;
  else if (readLinkTarget(fs, ino).includes('\0')) why = 'a target with a hole or a NUL byte in it';
  if (why === '') return;
  report(ctx, 'bad-symlink', `symbolic link ${i} has ${why}`, 'cleared', { inode: i });
  for (const b in ctx.owner) if (ctx.owner[b] === i) delete ctx.owner[b];
  ctx.inodes[i] = { ...ino, type: 'free' };
  if (ctx.fix) clearInode(fs, i);
}

/** Claims block `b` for inode `i`; reports and returns false for a bad or doubly claimed pointer. */
function claim(ctx: FsckContext, i: number, b: number, what: string): boolean {
  if (!isDataBlock(ctx.fs.layout, b)) {
    report(ctx, 'bad-pointer', `inode ${i}: ${what} names block ${b}, outside the data region`, 'pointer cleared', { inode: i, block: b });
    return false;
  }
  const other = ctx.owner[b];
  if (other !== undefined) {
    report(ctx, 'duplicate-block', `inode ${i}: ${what} names block ${b}, which inode ${other} already uses`, 'pointer cleared', { inode: i, block: b });
    return false;
  }
  ctx.owner[b] = i;
  return true;
}

function scanIndirect(ctx: FsckContext, i: number, ib: number): void {
  const { fs } = ctx;
  let data = bread(fs, ib);
  let changed = false;
  for (let k = 0; k < pointersPerBlock(fs); k++) {
    const b = u32(data, 4 * k);
    if (b !== 0 && !claim(ctx, i, b, `indirect entry ${k}`)) {
      data = splice(data, 4 * k, encU32(0));
      changed = true;
    }
  }
  if (changed && ctx.fix) bwrite(fs, ib, data, true);
}

/** The slots of a directory, in order (null = free). */
export function readSlots(fs: FsState, ino: Inode): (DirEntry | null)[] {
  const bs = fs.layout.blockSize;
  const per = bs / DIRENT_SIZE;
  const n = slotCount(fs, ino);
  const out: (DirEntry | null)[] = [];
  for (let slot = 0; slot < n; slot++) {
    const b = bmap(fs, ino, Math.floor(slot / per), false, true);
    out.push(b > 0 ? decodeDirent(bread(fs, b), (slot % per) * DIRENT_SIZE) : null);
  }
  return out;
}

/** Rewrites one slot (allocating the directory's block if it has none); `ino` may grow. */
export function writeSlot(fs: FsState, inum: number, ino: Inode, slot: number, e: DirEntry | null): void {
  const bs = fs.layout.blockSize;
  const b = bmap(fs, ino, Math.floor((slot * DIRENT_SIZE) / bs), true, true);
  if (b <= 0) return;
  const off = (slot * DIRENT_SIZE) % bs;
  bwrite(fs, b, splice(bread(fs, b), off, e ? encodeDirent(e.name, e.inum) : zeros(DIRENT_SIZE)), true);
  if ((slot + 1) * DIRENT_SIZE > ino.size) ino.size = (slot + 1) * DIRENT_SIZE;
  writeInode(fs, inum, ino);
}
