import type { DirEntry, InodeType } from '../abi/fs.ts';
import { toHex, u8, u32, zeros } from './bytes.ts';
import { decodeDirent, slotCount } from './dir.ts';
import { decodeInode, typeCodeAt, typeFromCode } from './inode.ts';
import { COMMIT_MAGIC, DESC_MAGIC, decodeJournalSuper } from './journal.ts';
import { decodeSuperblock, DIRENT_SIZE, INODE_SIZE, isDataBlock, ROOT_INUM, regionOf } from './layout.ts';
import { PATH_MAX } from './path.ts';
import type { FsState, Inode, IoRecord, Layout, RegionName } from './types.ts';

/**
 * Selectors for the file-system views: plain data derived from the state, no UI code.
 * They never change the state (they read the cache and the device directly rather than
 * through bread, which would move the LRU list and the trace), so the renderer can call
 * them on an immutable snapshot.
 */

/** A block's newest contents: the cached copy if there is one, else the disk's. */
export function peekBlock(fs: FsState, block: number): string {
  return fs.cache.bufs[block]?.data ?? fs.dev.blocks[block] ?? zeros(fs.layout.blockSize);
}

function peekBit(fs: FsState, start: number, i: number): boolean {
  const per = fs.layout.blockSize * 8;
  const data = peekBlock(fs, start + Math.floor(i / per));
  return (u8(data, (i % per) >> 3) & (1 << (i & 7))) !== 0;
}

function peekInode(fs: FsState, inum: number): Inode {
  const at = inum * INODE_SIZE;
  return decodeInode(peekBlock(fs, fs.layout.inodeTable.start + Math.floor(at / fs.layout.blockSize)), at % fs.layout.blockSize);
}

/** Pointers of an indirect block. */
function peekPointers(fs: FsState, block: number): number[] {
  const data = peekBlock(fs, block);
  const out: number[] = [];
  for (let i = 0; i < fs.layout.blockSize / 4; i++) out.push(u32(data, 4 * i));
  return out;
}

/** What a symbolic link holds, read without touching the cache (a damaged size is capped at PATH_MAX). */
export function peekLinkTarget(fs: FsState, ino: Inode): string {
  const bs = fs.layout.blockSize;
  const size = Math.min(ino.size, PATH_MAX);
  let out = '';
  for (let fbn = 0; fbn * bs < size && fbn < ino.direct.length; fbn++) {
    const b = ino.direct[fbn];
    out += b && b < fs.layout.blocks ? peekBlock(fs, b).slice(0, Math.min(bs, size - fbn * bs)) : '';
  }
  return out;
}

function peekDir(fs: FsState, ino: Inode): DirEntry[] {
  const bs = fs.layout.blockSize;
  const per = bs / DIRENT_SIZE;
  const out: DirEntry[] = [];
  const indirect = ino.indirect ? peekPointers(fs, ino.indirect) : [];
  for (let slot = 0; slot < slotCount(fs, ino); slot++) {
    const fbn = Math.floor(slot / per);
    const b = fbn < ino.direct.length ? ino.direct[fbn] : (indirect[fbn - ino.direct.length] ?? 0);
    if (!b) continue;
    const e = decodeDirent(peekBlock(fs, b), (slot % per) * DIRENT_SIZE);
    if (e) out.push(e);
  }
  return out;
}

// ---- block map --------------------------------------------------------------------------

export type CellState = 'free' | 'used' | 'dirty' | 'journal';

export interface BlockCell {
  block: number;
  region: RegionName;
  state: CellState;
  /** Held in the buffer cache. */
  cached: boolean;
  /** What the last operation did to it, if anything. */
  touched: 'read' | 'write' | null;
}

/**
 * One cell per block: its region, whether it is free, in use, dirty in the cache or live
 * in the journal. Blocks past the file system are the swap partition; `swapInUse` says
 * which of them hold a page (the file system itself cannot know).
 */
export function blockMap(fs: FsState, swapInUse: (block: number) => boolean = () => false): BlockCell[] {
  const l = fs.layout;
  const touched: Record<number, 'read' | 'write'> = {};
  for (const r of fs.trace.io) if (touched[r.block] !== 'write') touched[r.block] = r.kind;
  const cells: BlockCell[] = [];
  for (let b = 0; b < fs.dev.blockCount; b++) {
    const region = regionOf(l, b);
    const buf = fs.cache.bufs[b];
    let state: CellState = 'used';
    if (region === 'swap') state = swapInUse(b) ? 'used' : 'free';
    if (region === 'data') state = peekBit(fs, l.dataBitmap.start, b - l.data.start) ? 'used' : 'free';
    if (region === 'journal') {
      const rel = b - l.journal.start;
      state = rel === 0 ? 'used' : rel < fs.journal.head ? 'journal' : 'free';
    }
    if (buf?.dirty) state = 'dirty';
    cells.push({ block: b, region, state, cached: buf !== undefined, touched: touched[b] ?? null });
  }
  return cells;
}

// ---- decoded blocks ---------------------------------------------------------------------

/** An inode as the table shows it: its fields, with "invalid" for a type code no inode may have. */
export interface InodeRow extends Omit<Inode, 'type'> {
  inum: number;
  type: InodeType | 'invalid';
  /** Open-file descriptions holding it (the in-memory inode's count), 0 if not open. */
  openRefs: number;
}

function inodeRow(fs: FsState, inum: number): InodeRow {
  const at = inum * INODE_SIZE;
  const data = peekBlock(fs, fs.layout.inodeTable.start + Math.floor(at / fs.layout.blockSize));
  const ino = decodeInode(data, at % fs.layout.blockSize);
  const valid = typeFromCode(typeCodeAt(data, at % fs.layout.blockSize)) !== null;
  return { inum, ...ino, type: valid ? ino.type : 'invalid', openRefs: fs.icache[inum]?.refs ?? 0 };
}

export type DecodedBlock =
  | { kind: 'superblock'; layout: Layout | null; problem: string | null }
  | { kind: 'bitmap'; of: 'inodes' | 'data'; first: number; bits: (0 | 1)[] }
  | { kind: 'inodes'; inodes: InodeRow[] }
  | { kind: 'journal-super'; seq: number | null; start: number | null }
  | { kind: 'journal-descriptor'; seq: number; blocks: number[]; revoked: number[] }
  | { kind: 'journal-commit'; seq: number; checksum: string }
  | { kind: 'journal-copy' | 'journal-free'; hex: string; text: string }
  | { kind: 'directory'; owner: number; entries: DirEntry[] }
  | { kind: 'indirect'; owner: number; pointers: number[] }
  | { kind: 'file-data'; owner: number | null; hex: string; text: string }
  | { kind: 'swap'; hex: string; text: string };

/** Printable characters as they are, everything else as a dot (like hexdump -C). */
function printable(s: string): string {
  return s.replace(/[^\x20-\x7e]/g, '.');
}

/** The inode (and role) that owns a data block, found by scanning the inode table. */
export function blockOwner(fs: FsState, block: number): { inum: number; role: 'data' | 'indirect'; type: InodeType } | null {
  for (let inum = 0; inum < fs.layout.inodes; inum++) {
    const ino = peekInode(fs, inum);
    if (ino.type === 'free') continue;
    if (ino.indirect === block) return { inum, role: 'indirect', type: ino.type };
    if (ino.direct.includes(block)) return { inum, role: 'data', type: ino.type };
    if (ino.indirect && isDataBlock(fs.layout, ino.indirect) && peekPointers(fs, ino.indirect).includes(block)) {
      return { inum, role: 'data', type: ino.type };
    }
  }
  return null;
}

/** A block's contents, decoded according to where it is and who owns it. */
export function decodeBlock(fs: FsState, block: number): DecodedBlock {
  const l = fs.layout;
  const data = peekBlock(fs, block);
  const raw = { hex: toHex(data), text: printable(data) };
  switch (regionOf(l, block)) {
    case 'super': {
      const sb = decodeSuperblock(data);
      return { kind: 'superblock', layout: 'error' in sb ? null : sb, problem: 'error' in sb ? sb.error : null };
    }
    case 'inode-bitmap':
    case 'data-bitmap': {
      const isInodes = regionOf(l, block) === 'inode-bitmap';
      const region = isInodes ? l.inodeBitmap : l.dataBitmap;
      const per = l.blockSize * 8;
      const first = (block - region.start) * per;
      const limit = Math.min(per, (isInodes ? l.inodes : l.data.count) - first);
      const bits: (0 | 1)[] = [];
      for (let i = 0; i < limit; i++) bits.push(peekBit(fs, region.start, first + i) ? 1 : 0);
      return { kind: 'bitmap', of: isInodes ? 'inodes' : 'data', first, bits };
    }
    case 'inode-table': {
      const per = l.blockSize / INODE_SIZE;
      const first = (block - l.inodeTable.start) * per;
      const inodes: InodeRow[] = [];
      for (let i = first; i < Math.min(l.inodes, first + per); i++) inodes.push(inodeRow(fs, i));
      return { kind: 'inodes', inodes };
    }
    case 'journal':
      return decodeJournalBlock(fs, block, data, raw);
    case 'swap':
      return { kind: 'swap', ...raw };
    case 'data': {
      const owner = blockOwner(fs, block);
      if (owner?.role === 'indirect') return { kind: 'indirect', owner: owner.inum, pointers: peekPointers(fs, block) };
      if (owner?.type === 'dir') {
        const entries: DirEntry[] = [];
        for (let off = 0; off < l.blockSize; off += DIRENT_SIZE) {
          const e = decodeDirent(data, off);
          if (e) entries.push(e);
        }
        return { kind: 'directory', owner: owner.inum, entries };
      }
      return { kind: 'file-data', owner: owner?.inum ?? null, ...raw };
    }
  }
}

function decodeJournalBlock(fs: FsState, block: number, data: string, raw: { hex: string; text: string }): DecodedBlock {
  const rel = block - fs.layout.journal.start;
  if (rel === 0) {
    const sb = decodeJournalSuper(data);
    return { kind: 'journal-super', seq: sb?.seq ?? null, start: sb?.start ?? null };
  }
  const magic = data.slice(0, 4);
  if (magic === DESC_MAGIC) {
    const n = u32(data, 8);
    const r = u32(data, 12);
    const fits = Math.max(0, Math.floor((fs.layout.blockSize - 16) / 4));
    const entries: number[] = [];
    for (let i = 0; i < Math.min(n + r, fits); i++) entries.push(u32(data, 16 + 4 * i));
    return { kind: 'journal-descriptor', seq: u32(data, 4), blocks: entries.slice(0, n), revoked: entries.slice(n) };
  }
  if (magic === COMMIT_MAGIC) return { kind: 'journal-commit', seq: u32(data, 4), checksum: u32(data, 8).toString(16).padStart(8, '0') };
  return { kind: rel < fs.journal.head ? 'journal-copy' : 'journal-free', ...raw };
}

// ---- tables and trees -------------------------------------------------------------------

/** Every inode in use, in number order. */
export function inodeTable(fs: FsState): InodeRow[] {
  const rows: InodeRow[] = [];
  for (let inum = 0; inum < fs.layout.inodes; inum++) {
    const row = inodeRow(fs, inum);
    if (row.type !== 'free') rows.push(row);
  }
  return rows;
}

export interface TreeNode {
  name: string;
  path: string;
  inum: number;
  type: InodeType;
  size: number;
  nlink: number;
  /** What a symbolic link holds. */
  target?: string;
  children: TreeNode[];
}

/** The directory tree from the root (a directory met twice is shown once, so a damaged disk cannot loop). */
export function directoryTree(fs: FsState): TreeNode {
  const seen: Record<number, true> = {};
  const build = (name: string, path: string, inum: number): TreeNode => {
    const ino = peekInode(fs, inum);
    const node: TreeNode = { name, path, inum, type: ino.type, size: ino.size, nlink: ino.nlink, children: [] };
    if (ino.type === 'symlink') node.target = peekLinkTarget(fs, ino);
    if (ino.type !== 'dir' || seen[inum]) return node;
    seen[inum] = true;
    for (const e of peekDir(fs, ino)) {
      if (e.name === '.' || e.name === '..' || e.inum >= fs.layout.inodes) continue;
      node.children.push(build(e.name, path === '/' ? `/${e.name}` : `${path}/${e.name}`, e.inum));
    }
    return node;
  };
  return build('/', '/', ROOT_INUM);
}

// ---- the journal and the last operation -------------------------------------------------

export interface JournalView {
  mode: FsState['journal']['mode'];
  capacity: number;
  /** Journal blocks in use by committed transactions (the log's head). */
  used: number;
  nextSeq: number;
  running: { blocks: number[]; revoked: number[]; ops: number };
  committed: { seq: number; start: number; length: number; blocks: number[]; revoked: number[] }[];
  commits: number;
  checkpoints: number;
  recovery: FsState['recovery'];
}

export function journalView(fs: FsState): JournalView {
  const j = fs.journal;
  const sorted = (r: Record<number, true>) => Object.keys(r).map(Number).sort((a, b) => a - b);
  return {
    mode: j.mode,
    capacity: fs.layout.journal.count,
    used: j.head,
    nextSeq: j.seq,
    running: { blocks: sorted(j.running), revoked: sorted(j.revoked), ops: j.runningOps },
    committed: Object.values(j.committed).sort((a, b) => a.seq - b.seq),
    commits: j.commits,
    checkpoints: j.checkpoints,
    recovery: fs.recovery,
  };
}

/** The last operation and the blocks it read and wrote, in order. */
export function lastOperation(fs: FsState): { op: string; io: IoRecord[]; dropped: number } {
  return fs.trace;
}

// ---- the three levels: fd tables, open-file table, in-memory inodes ---------------------

/** What the view needs from the kernel (kept structural: the file system knows nothing of processes). */
export interface OpenFilesSource {
  procs: Record<number, { pid: number; name: string; fds: Record<number, number> }>;
  files: { table: Record<number, { id: number; kind: string; ref: number; offset: number; refs: number; flags: { read: boolean; write: boolean; append: boolean } }> };
}

export interface OpenFilesView {
  fdTables: { pid: number; name: string; fds: { fd: number; file: number }[] }[];
  files: { id: number; kind: string; inum: number | null; offset: number; refs: number; mode: string }[];
  inodes: { inum: number; refs: number; nlink: number; type: InodeType }[];
}

export function openFilesView(k: OpenFilesSource, fs: FsState): OpenFilesView {
  const fdTables = Object.values(k.procs)
    .sort((a, b) => a.pid - b.pid)
    .map((p) => ({ pid: p.pid, name: p.name, fds: Object.entries(p.fds).map(([fd, file]) => ({ fd: Number(fd), file })) }));
  const files = Object.values(k.files.table)
    .sort((a, b) => a.id - b.id)
    .map((f) => ({
      id: f.id,
      kind: f.kind,
      inum: f.kind === 'file' ? f.ref : null,
      offset: f.offset,
      refs: f.refs,
      mode: `${f.flags.read ? 'r' : '-'}${f.flags.write ? 'w' : '-'}${f.flags.append ? 'a' : '-'}`,
    }));
  const inodes = Object.values(fs.icache)
    .sort((a, b) => a.inum - b.inum)
    .map((m) => {
      const ino = peekInode(fs, m.inum);
      return { inum: m.inum, refs: m.refs, nlink: ino.nlink, type: ino.type };
    });
  return { fdTables, files, inodes };
}
