import type { DirEntry } from '../abi/fs.ts';
import { getBit, setBit } from './bitmap.ts';
import { beginTrace } from './cache.ts';
import { dirAdd, dirLookup } from './dir.ts';
import { type FsckContext, type FsckFinding, readSlots, report, scanInodes, typeName, writeSlot } from './fsck-scan.ts';
import { DEFAULT_PERMS, readInode, writeInode } from './inode.ts';
import { syncAll } from './journal.ts';
import { ROOT_INUM } from './layout.ts';
import { createAt, reclaim } from './ops-common.ts';
import type { FsState } from './types.ts';

export type { FsckFinding, FsckKind } from './fsck-scan.ts';

/**
 * fsck: checks the file system's invariants and, with `repair`, fixes what it finds. It is
 * the only defence when there is no journal. The passes, in the classic order:
 *   1. inodes: known types; block pointers inside the data region, none claimed twice;
 *   2. the bitmaps against the inodes in use and the blocks they own;
 *   3. the tree from the root: "." and ".." right, no entry naming a free inode, no
 *      duplicate names, no directory reached twice;
 *   4. inodes in use that the tree does not reach: reconnected in /lost+found, or freed
 *      when no link is left;
 *   5. link counts against the entries that name each inode.
 * Repairs bypass the journal and are synced at the end, as a real fsck runs before mount.
 */

export interface FsckReport {
  findings: FsckFinding[];
  /** Nothing was wrong. */
  clean: boolean;
  /** Findings were fixed (repair mode only). */
  repaired: boolean;
  /**
   * Blocks past the last one the superblock describes: the kernel's swap partition. They
   * belong to no inode and no bitmap, and are not leaks; fsck reports them and checks nothing there.
   */
  beyond: { start: number; count: number };
}

export function fsck(fs: FsState, opts: { repair: boolean }): FsckReport {
  beginTrace(fs, opts.repair ? 'fsck -y' : 'fsck -n');
  const saved = fs.journal;
  if (opts.repair) {
    syncAll(fs);
    fs.journal = { ...saved, mode: 'none' };
  }
  const ctx: FsckContext = { fs, fix: opts.repair, findings: [], inodes: [], owner: {} };
  scanInodes(ctx);
  checkBitmaps(ctx);
  const visited: Record<number, true> = {};
  const refs: number[] = new Array(fs.layout.inodes).fill(0);
  if (ctx.inodes[ROOT_INUM].type !== 'dir') {
    report(ctx, 'root-not-dir', 'the root inode is not a directory', 'rebuilt as an empty directory', { inode: ROOT_INUM });
    if (ctx.fix) rebuildRoot(ctx);
  }
  if (ctx.inodes[ROOT_INUM].type === 'dir') {
    visited[ROOT_INUM] = true;
    walkTree(ctx, ROOT_INUM, ROOT_INUM, visited, refs);
  }
  reconnectUnreachable(ctx, visited, refs);
  checkLinkCounts(ctx, visited, refs);
  if (opts.repair) {
    // Repairs allocated and freed blocks: make sure the bitmaps end up exact.
    const final: FsckContext = { fs, fix: true, findings: [], inodes: [], owner: {} };
    scanInodes(final);
    checkBitmaps(final);
    ctx.findings.push(...final.findings);
    syncAll(fs);
    fs.journal = saved;
  }
  const beyond = { start: fs.layout.blocks, count: Math.max(0, fs.dev.blockCount - fs.layout.blocks) };
  return { findings: ctx.findings, clean: ctx.findings.length === 0, repaired: opts.repair && ctx.findings.length > 0, beyond };
}

function checkBitmaps(ctx: FsckContext): void {
  const { fs } = ctx;
  const l = fs.layout;
  let usedInodes = 0;
  for (let i = 0; i < l.inodes; i++) {
    const inUse = ctx.inodes[i].type !== 'free';
    if (inUse) usedInodes++;
    if (getBit(fs, l.inodeBitmap, i) === inUse) continue;
    report(ctx, 'inode-bitmap', `inode ${i} is ${inUse ? 'in use but marked free' : 'free but marked in use'} in the inode bitmap`, 'bit corrected', { inode: i });
    if (ctx.fix) setBit(fs, l.inodeBitmap, i, inUse);
  }
  let usedData = 0;
  for (let k = 0; k < l.data.count; k++) {
    const b = l.data.start + k;
    const used = ctx.owner[b] !== undefined;
    if (used) usedData++;
    if (getBit(fs, l.dataBitmap, k) === used) continue;
    const what = used ? `block ${b} is used by inode ${ctx.owner[b]} but marked free` : `block ${b} is used by no inode but marked in use`;
    report(ctx, 'data-bitmap', `${what} in the data bitmap`, 'bit corrected', { block: b });
    if (ctx.fix) setBit(fs, l.dataBitmap, k, used);
  }
  if (ctx.fix) fs.alloc = { freeInodes: l.inodes - usedInodes, freeData: l.data.count - usedData, inodeHint: 0, dataHint: 0 };
}

function rebuildRoot(ctx: FsckContext): void {
  const ino = ctx.inodes[ROOT_INUM];
  for (const b in ctx.owner) if (ctx.owner[b] === ROOT_INUM) delete ctx.owner[b];
  Object.assign(ino, { type: 'dir', mode: DEFAULT_PERMS.dir, rdev: 0, nlink: 2, size: 0, direct: ino.direct.map(() => 0), indirect: 0 });
  setBit(ctx.fs, ctx.fs.layout.inodeBitmap, ROOT_INUM, true);
  writeInode(ctx.fs, ROOT_INUM, ino);
}

/** Pass 3: every directory reachable from `start`, whose parent is `parent`. */
function walkTree(ctx: FsckContext, start: number, parent: number, visited: Record<number, true>, refs: number[]): void {
  const { fs } = ctx;
  const queue: [number, number][] = [[start, parent]];
  for (let q = 0; q < queue.length; q++) {
    const [d, p] = queue[q];
    const ino = ctx.inodes[d];
    const slots = readSlots(fs, ino);
    const fixed = (slot: number, want: DirEntry, kind: 'bad-dot' | 'bad-dotdot') => {
      const e = slots[slot] ?? null;
      if (e && e.name === want.name && e.inum === want.inum) return e;
      const has = e ? `"${e.name}" naming ${e.inum}` : 'missing';
      report(ctx, kind, `directory ${d}: entry ${slot} should be "${want.name}" naming ${want.inum}, but is ${has}`, 'rewritten', { inode: d });
      if (!ctx.fix) return e;
      writeSlot(fs, d, ino, slot, want);
      return want;
    };
    const counted = [fixed(0, { name: '.', inum: d }, 'bad-dot'), fixed(1, { name: '..', inum: p }, 'bad-dotdot')];
    for (const e of counted) if (e && ctx.inodes[e.inum] && ctx.inodes[e.inum].type !== 'free') refs[e.inum]++;
    const names: Record<string, true> = {};
    for (let slot = 2; slot < slots.length; slot++) {
      const e = slots[slot];
      if (!e) continue;
      const drop = (kind: 'bad-entry' | 'entry-free-inode' | 'dir-linked-twice', why: string) => {
        report(ctx, kind, `directory ${d}: entry "${e.name}" ${why}`, 'entry removed', { inode: d });
        if (ctx.fix) writeSlot(fs, d, ino, slot, null);
      };
      if (e.name === '.' || e.name === '..' || names[e.name]) {
        drop('bad-entry', e.name.startsWith('.') && e.name.length <= 2 ? 'is a second dot entry' : 'repeats a name');
        continue;
      }
      names[e.name] = true;
      const target = ctx.inodes[e.inum];
      if (!target || target.type === 'free') {
        drop('entry-free-inode', `names inode ${e.inum}, which is not in use`);
        continue;
      }
      if (target.type === 'dir' && visited[e.inum]) {
        drop('dir-linked-twice', `names directory ${e.inum}, which is already linked elsewhere`);
        if (!ctx.fix) refs[e.inum]++;
        continue;
      }
      refs[e.inum]++;
      visited[e.inum] = true;
      if (target.type === 'dir') queue.push([e.inum, d]);
    }
  }
}

/** Pass 4: inodes in use that the tree does not reach. */
function reconnectUnreachable(ctx: FsckContext, visited: Record<number, true>, refs: number[]): void {
  const { fs } = ctx;
  for (let i = 0; i < fs.layout.inodes; i++) {
    const ino = ctx.inodes[i];
    // An open file may have no name left: it is freed at its last close, not here.
    if (ino.type === 'free' || visited[i] || fs.icache[i]) continue;
    const what = `inode ${i} (${typeName(ino)}, ${ino.nlink} links) is in use but not reachable from the root`;
    if (!ctx.fix) {
      report(ctx, 'unreachable', what, '', { inode: i });
      continue;
    }
    const lf = ino.nlink === 0 ? -1 : lostAndFound(ctx, visited, refs);
    const lfIno = lf >= 0 ? readInode(fs, lf) : null;
    if (!lfIno || dirAdd(fs, lfIno, `#${i}`, i) < 0) {
      report(ctx, 'unreachable', what, 'freed', { inode: i });
      reclaim(fs, i, ino);
      ctx.inodes[i] = readInode(fs, i);
      continue;
    }
    writeInode(fs, lf, lfIno);
    ctx.inodes[lf] = lfIno;
    report(ctx, 'unreachable', what, `reconnected as /lost+found/#${i}`, { inode: i });
    refs[i]++;
    visited[i] = true;
    if (ino.type === 'dir') walkTree(ctx, i, lf, visited, refs);
  }
}

/** /lost+found, made when first needed; -1 when it cannot be. */
function lostAndFound(ctx: FsckContext, visited: Record<number, true>, refs: number[]): number {
  const { fs } = ctx;
  const root = readInode(fs, ROOT_INUM);
  const found = dirLookup(fs, root, 'lost+found');
  if (found >= 0) return ctx.inodes[found]?.type === 'dir' && visited[found] ? found : -1;
  const lf = createAt(fs, { dir: ROOT_INUM, dirInode: root, name: 'lost+found', wantDir: true }, 'dir');
  if (lf < 0) return -1;
  ctx.inodes[ROOT_INUM] = readInode(fs, ROOT_INUM);
  ctx.inodes[lf] = readInode(fs, lf);
  visited[lf] = true;
  refs[lf] += 2;
  refs[ROOT_INUM]++;
  return lf;
}

/** Pass 5: link counts. */
function checkLinkCounts(ctx: FsckContext, visited: Record<number, true>, refs: number[]): void {
  for (let i = 0; i < ctx.fs.layout.inodes; i++) {
    const ino = ctx.fix ? readInode(ctx.fs, i) : ctx.inodes[i];
    if (ino.type === 'free' || !visited[i] || ino.nlink === refs[i]) continue;
    report(ctx, 'link-count', `inode ${i} has link count ${ino.nlink}, but ${refs[i]} directory entries name it`, `set to ${refs[i]}`, { inode: i });
    if (ctx.fix) {
      ino.nlink = refs[i];
      writeInode(ctx.fs, i, ino);
    }
  }
}
