import { allocDataBlock, allocInodeNumber } from './bitmap.ts';
import { beginTrace, diskWrite } from './cache.ts';
import { createDevice } from './device.ts';
import { dirAdd } from './dir.ts';
import { newInode, writeInode } from './inode.ts';
import { createJournal, encodeJournalSuper, syncAll } from './journal.ts';
import { computeLayout, encodeSuperblock, ROOT_INUM } from './layout.ts';
import { createFsState, normalizeOptions } from './mount.ts';
import type { FsGeometry, FsOptions, FsState } from './types.ts';

/**
 * mkfs: a fresh file system on a new device. It writes the superblock, an empty journal,
 * and the root directory (inode 0, the first data block, holding "." and ".." that both
 * name the root), then syncs, so the disk is complete before anything else happens.
 */

/** The default disk: small enough to see every block. */
export const DEFAULT_GEOMETRY: FsGeometry = { blockSize: 512, blocks: 64, inodes: 32, journalBlocks: 20 };

export function mkfs(geometry: Partial<FsGeometry> = {}, opts: Partial<FsOptions> = {}): FsState | { error: string } {
  const g: FsGeometry = { ...DEFAULT_GEOMETRY, ...geometry };
  if (geometry.dataBlocks !== undefined && geometry.blocks === undefined) delete g.blocks;
  const layout = computeLayout(g);
  if ('error' in layout) return layout;
  const o: FsOptions = normalizeOptions(opts);
  const fs = createFsState(createDevice(layout.blockSize, layout.blocks), layout, { ...o, journal: 'none' });
  beginTrace(fs, 'mkfs');
  fs.alloc.freeInodes = layout.inodes;
  fs.alloc.freeData = layout.data.count;
  diskWrite(fs, 0, encodeSuperblock(layout));
  if (layout.journal.count > 0) diskWrite(fs, layout.journal.start, encodeJournalSuper(layout.blockSize, 1, 1));
  const root = allocInodeNumber(fs);
  const rootIno = newInode('dir', fs.now);
  const block = allocDataBlock(fs);
  if (root !== ROOT_INUM || block < 0) return { error: 'the disk is too small for a root directory' };
  rootIno.direct[0] = block;
  dirAdd(fs, rootIno, '.', ROOT_INUM);
  dirAdd(fs, rootIno, '..', ROOT_INUM);
  rootIno.nlink = 2;
  writeInode(fs, ROOT_INUM, rootIno);
  syncAll(fs);
  const mode = layout.journal.count === 0 ? 'none' : o.journal;
  fs.opts.journal = mode;
  fs.journal = createJournal(mode);
  return fs;
}
