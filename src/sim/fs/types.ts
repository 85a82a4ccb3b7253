import type { InodeType, JournalMode } from '../abi/fs.ts';

/**
 * The file system's state, as plain data. Read this file first: it is the documentation of
 * the on-disk format and of everything the kernel keeps in memory about the disk.
 *
 * Block contents are strings of exactly `blockSize` characters, one character per byte
 * (char codes 0..255, "latin1"). A string is immutable, compact (V8 stores it one byte per
 * character) and JSON-serialisable, and replacing one block's string is an O(block) patch.
 * Everything on the disk (superblock, bitmaps, inodes, directory entries, the journal) is
 * encoded into those bytes by the codecs in this folder, so a corrupt byte is as real here
 * as on a real disk, and fsck reads the same bytes the views decode.
 */

/** Where a new directory entry goes. */
export type DirInsert =
  /** The first free slot (holes left by removals are reused), as xv6 and ext2 do. */
  | 'first-free'
  /** Always after the last used slot; the directory's holes are squeezed out when it is full (OSTEP vsfs). */
  | 'append';

/** The shape of a disk, given to mkfs. */
export interface FsGeometry {
  /** Bytes per block: a power of two from 128 to 65536. */
  blockSize: number;
  /** Total blocks on the device. Either this or `dataBlocks` fixes the size. */
  blocks?: number;
  /** Exactly this many data blocks (the total follows): how OSTEP's vsfs is sized. */
  dataBlocks?: number;
  /** Inodes in the inode table. */
  inodes: number;
  /** Blocks for the journal region, 0 for none. */
  journalBlocks: number;
}

/** Mount-time behaviour (not on the disk). */
export interface FsOptions {
  journal: JournalMode;
  dirInsert: DirInsert;
  /** Buffers the cache aims to hold; it may run over while one operation is in flight. */
  cacheBlocks: number;
  /** Operations grouped into one transaction (1 = every operation commits on its own). */
  commitEvery: number;
}

export interface Region {
  start: number;
  count: number;
}

/** Where each region of the disk lives, in blocks. Block 0 is the superblock. */
export interface Layout {
  blockSize: number;
  blocks: number;
  inodes: number;
  inodeBitmap: Region;
  dataBitmap: Region;
  inodeTable: Region;
  journal: Region;
  data: Region;
}

/** The disk's regions; 'swap' is every block past the file system's last (the kernel's swap partition). */
export type RegionName = 'super' | 'inode-bitmap' | 'data-bitmap' | 'inode-table' | 'journal' | 'data' | 'swap';

/** One block device. */
export interface DeviceState {
  blockSize: number;
  blockCount: number;
  /** Block number -> contents. An absent block reads as zeros (a fresh disk costs nothing). */
  blocks: Record<number, string>;
  reads: number;
  /** Writes that reached the platter (or were lost to a crash): the crash points are numbered by it. */
  writes: number;
  /** Crash injection: the write numbered `crashAt` and every later one are lost. */
  crashAt: number | null;
  crashed: boolean;
}

/** A decoded inode (64 bytes on disk). */
export interface Inode {
  type: InodeType;
  /** Permission bits (0o7777): rwx for owner, group and others, set-id and sticky. */
  mode: number;
  /** Device number for a chardev (1 = null, 2 = tty), kept in direct[0] on the disk. */
  rdev: number;
  nlink: number;
  size: number;
  atime: number;
  mtime: number;
  ctime: number;
  /** Direct block pointers (absolute block numbers, 0 = none). */
  direct: number[];
  /** Block of further pointers, 0 = none. */
  indirect: number;
}

/** A buffer in the cache. Its journal state says where its latest contents stand. */
export interface Buf {
  block: number;
  data: string;
  /** Newer than the disk's copy. */
  dirty: boolean;
  /** 'running': changed by the open transaction; 'committed': safe in the journal, not yet home. */
  jstate: 'none' | 'running' | 'committed';
  /** LRU list, most recently used at the head. */
  prev: number | null;
  next: number | null;
}

export interface CacheState {
  capacity: number;
  bufs: Record<number, Buf>;
  count: number;
  dirty: number;
  /** Dirty buffers outside any transaction (ordered-mode file data), which go home before a commit. */
  unjournaled: Record<number, true>;
  head: number | null;
  tail: number | null;
  hits: number;
  misses: number;
}

/** A committed transaction that has not been checkpointed yet. */
export interface CommittedTx {
  seq: number;
  /** Journal-relative block of its descriptor. */
  start: number;
  /** Blocks it occupies in the log (descriptor + copies + commit). */
  length: number;
  /** Home locations of the blocks it carries. */
  blocks: number[];
  revoked: number[];
}

export interface JournalState {
  mode: JournalMode;
  /** Sequence number the next transaction gets. */
  seq: number;
  /** Journal-relative block where the next transaction's descriptor goes (0 is the journal superblock). */
  head: number;
  /** Blocks changed by the running transaction (home block numbers). */
  running: Record<number, true>;
  runningCount: number;
  /** Blocks freed by the running transaction whose older journal copies must not be replayed. */
  revoked: Record<number, true>;
  revokedCount: number;
  /** Operations in the running transaction. */
  runningOps: number;
  /** Committed, not yet checkpointed, keyed by seq. */
  committed: Record<number, CommittedTx>;
  /** Blocks that have a copy somewhere in the live log (so freeing one needs a revoke record). */
  live: Record<number, true>;
  commits: number;
  checkpoints: number;
  /** The device write number of the latest commit block (-1 before the first): what is durable. */
  lastCommitWrite: number;
  /** Transactions that outgrew the log and were written home unprotected (a credit bug if ever non-zero). */
  overflows: number;
}

/** One block touched by the current operation, in order. */
export interface IoRecord {
  block: number;
  kind: 'read' | 'write';
  /** True when it reached the device; false when the cache served it. */
  disk: boolean;
}

export interface OpTrace {
  /** The operation, e.g. "creat /tmp/a". */
  op: string;
  io: IoRecord[];
  /** Records beyond the cap that were not kept. */
  dropped: number;
  /** Set while a caller (a syscall) groups several operations under one label. */
  held?: boolean;
}

/** An inode the kernel holds open. */
export interface MemInode {
  inum: number;
  /** Open-file descriptions that refer to it. */
  refs: number;
}

export interface FsState {
  dev: DeviceState;
  layout: Layout;
  opts: FsOptions;
  cache: CacheState;
  journal: JournalState;
  /** In-memory inodes: the ones that are open. An unlinked inode lives on here until its last close. */
  icache: Record<number, MemInode>;
  /** In-core allocation summary, rebuilt from the bitmaps at mount. */
  alloc: {
    freeInodes: number;
    freeData: number;
    /** Every inode below this index is in use: the lowest-free search starts here. */
    inodeHint: number;
    /** Every data block below this index (data-relative) is in use. */
    dataHint: number;
  };
  /** The clock for timestamps, in ticks; the kernel sets it before each call. */
  now: number;
  trace: OpTrace;
  stats: { ops: number };
  /** What the last mount found in the journal, or null for a fresh mkfs. */
  recovery: RecoveryReport | null;
}

/** What mounting did to bring the disk back to a consistent state. */
export interface RecoveryReport {
  /** Sequence numbers of the committed transactions that were replayed, in order. */
  replayed: number[];
  /** Block copies written home by the replay. */
  blocksReplayed: number;
  /** A transaction was found in the log without a valid commit block, and was discarded. */
  discardedIncomplete: boolean;
  /** Inodes with no links left (unlinked while open before the crash) that were freed. */
  orphansFreed: number[];
  /** Something unreadable, in words (the log was then treated as empty), or null. */
  problem: string | null;
}

/** How a file is opened at the file-system level. */
export interface OpenFlags {
  read?: boolean;
  write?: boolean;
  create?: boolean;
  truncate?: boolean;
  excl?: boolean;
  /** Fail with ENOTDIR unless it is a directory. */
  directory?: boolean;
  /** Permission bits for a file this open creates (0666 when absent), less the umask. */
  mode?: number;
}

/** The kernel's disk configuration (KernelConfig.disk). */
export interface DiskConfig {
  geometry?: Partial<FsGeometry>;
  options?: Partial<FsOptions>;
  /** A saved image (see image.ts) to boot from; without one, boot makes a fresh file system. */
  image?: string;
}
