import { countSet, freeInodeNumber } from './bitmap.ts';
import { encU16, splice, u8 } from './bytes.ts';
import { beginTrace, bread, createCache, diskRead, diskWrite } from './cache.ts';
import { blockCount, clearInode, DEFAULT_PERMS, decodeInode, encodeInode, freeBlocksFrom, readInode, typeFromCode } from './inode.ts';
import { createJournal, syncAll, txBegin, txEnd } from './journal.ts';
import { decodeSuperblock, encodeSuperblock, INODE_SIZE, superblockVersion } from './layout.ts';
import { recoverJournal } from './recovery.ts';
import { surviving } from './device.ts';
import type { DeviceState, FsOptions, FsState, Layout } from './types.ts';

/**
 * Mounting: read the superblock, replay the journal, rebuild the in-core free counts from
 * the bitmaps, and free inodes that were left with no links (files unlinked while open
 * when the system went down).
 */

export const DEFAULT_FS_OPTIONS: FsOptions = { journal: 'ordered', dirInsert: 'first-free', cacheBlocks: 32, commitEvery: 1 };

const clampInt = (v: unknown, lo: number, hi: number, fallback: number): number =>
  typeof v === 'number' && Number.isFinite(v) ? Math.max(lo, Math.min(hi, Math.floor(v))) : fallback;

/** Options with every field valid (a scenario file may say anything): unknown values fall back to the defaults. */
export function normalizeOptions(opts: Partial<FsOptions> = {}): FsOptions {
  const d = DEFAULT_FS_OPTIONS;
  return {
    journal: opts.journal === 'none' || opts.journal === 'ordered' || opts.journal === 'data' ? opts.journal : d.journal,
    dirInsert: opts.dirInsert === 'append' || opts.dirInsert === 'first-free' ? opts.dirInsert : d.dirInsert,
    cacheBlocks: clampInt(opts.cacheBlocks, 4, 1 << 20, d.cacheBlocks),
    commitEvery: clampInt(opts.commitEvery, 1, 1 << 16, d.commitEvery),
  };
}

/** A file-system state over a device whose layout is known; nothing is read yet. */
export function createFsState(dev: DeviceState, layout: Layout, options: Partial<FsOptions>): FsState {
  const opts = normalizeOptions(options);
  const mode = layout.journal.count === 0 ? 'none' : opts.journal;
  return {
    dev,
    layout,
    opts: { ...opts, journal: mode },
    cache: createCache(opts.cacheBlocks),
    journal: createJournal(mode),
    icache: {},
    alloc: { freeInodes: 0, freeData: 0, inodeHint: 0, dataHint: 0 },
    now: 0,
    trace: { op: '', io: [], dropped: 0 },
    stats: { ops: 0 },
    recovery: null,
  };
}

/** Mounts a disk: recovery, free counts, orphan cleanup. Returns the state or what is wrong. */
export function mountFs(dev: DeviceState, opts: Partial<FsOptions> = {}): FsState | { error: string } {
  const sb = decodeSuperblock(dev.blocks[0] ?? '');
  if ('error' in sb) return sb;
  if (sb.blockSize !== dev.blockSize || sb.blocks > dev.blockCount) {
    return { error: `the superblock describes ${sb.blocks} blocks of ${sb.blockSize} bytes, the device has ${dev.blockCount} of ${dev.blockSize}` };
  }
  const fs = createFsState(dev, sb, opts);
  beginTrace(fs, 'mount');
  diskRead(fs, 0);
  const report = recoverJournal(fs);
  if (superblockVersion(dev.blocks[0] ?? '') === 1) upgradeFromVersion1(fs);
  fs.alloc.freeInodes = sb.inodes - countSet(fs, sb.inodeBitmap, sb.inodes);
  fs.alloc.freeData = sb.data.count - countSet(fs, sb.dataBitmap, sb.data.count);
  report.orphansFreed = freeOrphans(fs);
  fs.recovery = report;
  return fs;
}

/**
 * A version-1 disk's inodes began with a type byte and a device byte. Each is rewritten
 * in the version-2 form (type and permission bits in one mode word, a device's number in
 * its first pointer), with the permissions a new inode of its type gets, and the
 * superblock then says version 2. Like fsck, this runs before the disk is in use, so it
 * writes straight to the device.
 */
function upgradeFromVersion1(fs: FsState): void {
  syncAll(fs);
  const { inodeTable, blockSize, inodes } = fs.layout;
  const perBlock = blockSize / INODE_SIZE;
  for (let b = 0; b < inodeTable.count; b++) {
    let data = bread(fs, inodeTable.start + b);
    for (let k = 0; k < perBlock && b * perBlock + k < inodes; k++) {
      const at = k * INODE_SIZE;
      const type = typeFromCode(u8(data, at));
      if (type === null || type === 'free') continue;
      const ino = decodeInode(splice(data, at, encU16(u8(data, at))), at);
      if (type === 'chardev') ino.rdev = u8(data, at + 1);
      ino.mode = DEFAULT_PERMS[type];
      data = splice(data, at, encodeInode(ino));
    }
    diskWrite(fs, inodeTable.start + b, data);
  }
  diskWrite(fs, 0, encodeSuperblock(fs.layout));
}

/** Allocated inodes with no links left: nothing can reach them, so they are freed. */
function freeOrphans(fs: FsState): number[] {
  const found: number[] = [];
  const { inodeTable, blockSize, inodes } = fs.layout;
  const perBlock = blockSize / INODE_SIZE;
  for (let b = 0; b < inodeTable.count; b++) {
    const data = bread(fs, inodeTable.start + b);
    for (let k = 0; k < perBlock && b * perBlock + k < inodes; k++) {
      const ino = decodeInode(data, k * INODE_SIZE);
      if (ino.type !== 'free' && ino.nlink === 0) found.push(b * perBlock + k);
    }
  }
  for (const inum of found) {
    const ino = readInode(fs, inum);
    if (txBegin(fs, 3 + fs.layout.dataBitmap.count, blockCount(fs, ino)) < 0) break;
    freeBlocksFrom(fs, ino, 0);
    clearInode(fs, inum);
    freeInodeNumber(fs, inum);
    txEnd(fs);
  }
  if (found.length > 0) syncAll(fs);
  return found;
}

/**
 * Pulls the plug: whatever the cache held is lost, the disk keeps only the writes that
 * reached it, and the file system is mounted again from the disk (replaying the journal).
 */
export function crashAndRemount(fs: FsState): FsState | { error: string } {
  return mountFs(surviving(fs.dev), fs.opts);
}
