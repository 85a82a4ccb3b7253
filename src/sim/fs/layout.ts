import { crc32, encU32, padTo, u32 } from './bytes.ts';
import type { FsGeometry, Layout, RegionName } from './types.ts';

/**
 * The disk's layout: which blocks hold what, derived from the geometry at mkfs and stored
 * in the superblock (block 0), so a disk describes itself when it is mounted again.
 *
 *   | super | inode bitmap | data bitmap | inode table | journal | data ... |
 */

export const INODE_SIZE = 64;
export const DIRENT_SIZE = 32;
/** Longest name a directory entry holds. */
export const NAME_MAX = DIRENT_SIZE - 5;
export const NDIRECT = 10;
export const ROOT_INUM = 0;
export const MIN_BLOCK_SIZE = 128;
export const MAX_BLOCK_SIZE = 65536;
export const MAX_BLOCKS = 1 << 24;
export const MAX_INODES = 1 << 20;

const SB_MAGIC = 'GBFS';
/** Version 2 added permission bits to the inode (see inode.ts); a version-1 disk is upgraded when mounted. */
export const SB_VERSION = 2;
const SB_FIELDS = 14;

/**
 * The most blocks one operation may add to a transaction. The worst is a rename that
 * replaces a large file: two directory blocks, one that grows (bitmap and indirect block),
 * four inodes, the moved directory's ".." block, the inode bitmap, and every data-bitmap
 * block the freed file touches; plus room for its revoke records.
 */
export function opCredits(layout: Layout): number {
  return 14 + layout.dataBitmap.count;
}

/** Most blocks one file can hold (its data blocks and its indirect block). */
export function maxFileBlocks(layout: Layout): number {
  return NDIRECT + layout.blockSize / 4 + 1;
}

/** Journal blocks a transaction of `blocks` copies and `revokes` revoke records occupies. */
export function txLength(blockSize: number, blocks: number, revokes: number): number {
  return descriptorBlocks(blockSize, blocks + revokes) + blocks + 1;
}

/** Descriptor blocks for a transaction with this many block and revoke entries (16-byte header, 4 bytes each). */
export function descriptorBlocks(blockSize: number, entries: number): number {
  return Math.ceil((16 + 4 * entries) / blockSize);
}

/**
 * Journal blocks needed so the largest operation fits in an otherwise empty log: the
 * journal superblock, plus one transaction with every credit used and a whole file revoked.
 */
export function minJournalBlocks(layout: Layout): number {
  return 1 + txLength(layout.blockSize, opCredits(layout), maxFileBlocks(layout));
}

function isPowerOfTwo(n: number): boolean {
  return Number.isInteger(n) && n > 0 && (n & (n - 1)) === 0;
}

const ceilDiv = (a: number, b: number): number => Math.ceil(a / b);

/** The layout for a geometry, or what is wrong with the geometry. */
export function computeLayout(g: FsGeometry): Layout | { error: string } {
  const bs = g.blockSize;
  if (!isPowerOfTwo(bs) || bs < MIN_BLOCK_SIZE || bs > MAX_BLOCK_SIZE) {
    return { error: `block size must be a power of two from ${MIN_BLOCK_SIZE} to ${MAX_BLOCK_SIZE}, got ${bs}` };
  }
  if (!Number.isInteger(g.inodes) || g.inodes < 1 || g.inodes > MAX_INODES) {
    return { error: `inode count must be an integer from 1 to ${MAX_INODES}, got ${g.inodes}` };
  }
  if (!Number.isInteger(g.journalBlocks) || g.journalBlocks < 0) {
    return { error: `journal size must be a whole number of blocks, got ${g.journalBlocks}` };
  }
  const ibm = ceilDiv(g.inodes, 8 * bs);
  const itable = ceilDiv(g.inodes * INODE_SIZE, bs);
  const fixed = 1 + ibm + itable + g.journalBlocks;
  let data: number;
  let dbm: number;
  if (g.dataBlocks !== undefined) {
    if (!Number.isInteger(g.dataBlocks) || g.dataBlocks < 1) return { error: `data blocks must be at least 1, got ${g.dataBlocks}` };
    data = g.dataBlocks;
    dbm = ceilDiv(data, 8 * bs);
  } else {
    const total = g.blocks ?? 0;
    if (!Number.isInteger(total) || total < 1) return { error: `block count must be a positive integer, got ${g.blocks}` };
    const rest = total - fixed;
    dbm = Math.max(1, ceilDiv(rest, 8 * bs + 1));
    data = rest - dbm;
    if (data < 1) return { error: `${total} blocks leave no room for data after ${fixed + dbm} blocks of metadata` };
  }
  const blocks = fixed + dbm + data;
  if (blocks > MAX_BLOCKS) return { error: `at most ${MAX_BLOCKS} blocks, got ${blocks}` };
  const layout: Layout = {
    blockSize: bs,
    blocks,
    inodes: g.inodes,
    inodeBitmap: { start: 1, count: ibm },
    dataBitmap: { start: 1 + ibm, count: dbm },
    inodeTable: { start: 1 + ibm + dbm, count: itable },
    journal: { start: 1 + ibm + dbm + itable, count: g.journalBlocks },
    data: { start: fixed + dbm, count: data },
  };
  if (g.journalBlocks > 0 && g.journalBlocks < minJournalBlocks(layout)) {
    return { error: `a journal needs at least ${minJournalBlocks(layout)} blocks on this disk, got ${g.journalBlocks}` };
  }
  return layout;
}

/** The region a block belongs to. */
export function regionOf(layout: Layout, block: number): RegionName {
  if (block === 0) return 'super';
  if (block < layout.dataBitmap.start) return 'inode-bitmap';
  if (block < layout.inodeTable.start) return 'data-bitmap';
  if (block < layout.journal.start) return 'inode-table';
  if (block < layout.data.start) return 'journal';
  return block < layout.blocks ? 'data' : 'swap';
}

/** True when `block` is a data-region block (a valid target for a block pointer). */
export function isDataBlock(layout: Layout, block: number): boolean {
  return block >= layout.data.start && block < layout.data.start + layout.data.count;
}

export function encodeSuperblock(layout: Layout): string {
  const fields = [
    SB_VERSION,
    layout.blockSize,
    layout.blocks,
    layout.inodes,
    layout.inodeBitmap.start,
    layout.inodeBitmap.count,
    layout.dataBitmap.start,
    layout.dataBitmap.count,
    layout.inodeTable.start,
    layout.inodeTable.count,
    layout.journal.start,
    layout.journal.count,
    layout.data.start,
    layout.data.count,
  ];
  const body = SB_MAGIC + fields.map(encU32).join('');
  return padTo(body + encU32(crc32(body)), layout.blockSize);
}

/** The format version a (valid) superblock records. */
export function superblockVersion(block: string): number {
  return u32(block, 4);
}

/** Reads a superblock, checking its magic, checksum and that its regions tile the disk. */
export function decodeSuperblock(block: string): Layout | { error: string } {
  if (block.length < 4 + 4 * (SB_FIELDS + 1) || block.slice(0, 4) !== SB_MAGIC) {
    return { error: 'no Glassbox file system here (bad superblock magic)' };
  }
  const end = 4 + 4 * SB_FIELDS;
  if (crc32(block.slice(0, end)) !== u32(block, end)) return { error: 'the superblock checksum does not match' };
  const f = (i: number) => u32(block, 4 + 4 * i);
  if (f(0) !== SB_VERSION && f(0) !== 1) return { error: `unknown file-system version ${f(0)}` };
  const layout: Layout = {
    blockSize: f(1),
    blocks: f(2),
    inodes: f(3),
    inodeBitmap: { start: f(4), count: f(5) },
    dataBitmap: { start: f(6), count: f(7) },
    inodeTable: { start: f(8), count: f(9) },
    journal: { start: f(10), count: f(11) },
    data: { start: f(12), count: f(13) },
  };
  const problem = tilingProblem(layout);
  if (problem) return { error: `the superblock describes an impossible disk: ${problem}` };
  return layout;
}

/** Why the regions do not tile the disk one after another with room enough, or null. */
function tilingProblem(l: Layout): string | null {
  const bs = l.blockSize;
  if (!isPowerOfTwo(bs) || bs < MIN_BLOCK_SIZE || bs > MAX_BLOCK_SIZE) return `block size ${bs}`;
  if (l.inodes < 1 || l.inodes > MAX_INODES || l.blocks > MAX_BLOCKS) return 'sizes out of range';
  const order = [l.inodeBitmap, l.dataBitmap, l.inodeTable, l.journal, l.data];
  let next = 1;
  for (const r of order) {
    if (r.start !== next) return 'regions are not contiguous';
    next += r.count;
  }
  if (next !== l.blocks) return 'regions do not add up to the disk size';
  if (l.inodeBitmap.count * 8 * bs < l.inodes || l.inodeTable.count * bs < l.inodes * INODE_SIZE) return 'inode regions too small';
  if (l.data.count < 1 || l.dataBitmap.count * 8 * bs < l.data.count) return 'data regions too small';
  if (l.journal.count > 0 && l.journal.count < minJournalBlocks(l)) return 'journal too small';
  return null;
}
