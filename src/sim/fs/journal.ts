import { ENOSPC } from '../abi/errno.ts';
import type { JournalMode } from '../abi/fs.ts';
import { crc32, encU32, padTo, u32 } from './bytes.ts';
import { diskWrite, dirtyBufs, markClean, shrinkCache } from './cache.ts';
import { descriptorBlocks, txLength } from './layout.ts';
import type { FsState, JournalState } from './types.ts';

/**
 * Write-ahead journaling, as OSTEP tells it. Each operation's block changes join the
 * running transaction. Commit writes, in order: the descriptor blocks (the transaction's
 * sequence number, the home address of every block it carries, and its revoke records),
 * a copy of each block, and last a commit block with a checksum over all of them. Only
 * then may the blocks go home: checkpoint writes every dirty buffer to its home location
 * and finally frees the log by rewriting the journal superblock. In ordered mode, file
 * data (which is not journaled) goes home before the descriptor, so committed metadata
 * never points at blocks that were never written.
 *
 * On-disk formats (journal-relative block 0 is the journal superblock):
 *   superblock  "GBJS" | first live seq u32 | first log block u32
 *   descriptor  "GBJD" | seq u32 | blocks n u32 | revokes r u32 | n home numbers | r revoked numbers
 *               (continued over as many blocks as it needs)
 *   commit      "GBJC" | seq u32 | crc32 of the descriptor blocks and the copies u32
 *
 * The log is never wrapped: a checkpoint empties it, and the next transaction starts at
 * block 1 again with a larger sequence number, so a stale transaction further along can
 * never be mistaken for a live one.
 */

export const JSB_MAGIC = 'GBJS';
export const DESC_MAGIC = 'GBJD';
export const COMMIT_MAGIC = 'GBJC';

export function createJournal(mode: JournalMode, seq = 1): JournalState {
  return {
    mode,
    seq,
    head: 1,
    running: {},
    runningCount: 0,
    revoked: {},
    revokedCount: 0,
    runningOps: 0,
    committed: {},
    live: {},
    commits: 0,
    checkpoints: 0,
    lastCommitWrite: -1,
    overflows: 0,
  };
}

export function encodeJournalSuper(blockSize: number, seq: number, start: number): string {
  return padTo(JSB_MAGIC + encU32(seq) + encU32(start), blockSize);
}

export function decodeJournalSuper(block: string): { seq: number; start: number } | null {
  if (block.slice(0, 4) !== JSB_MAGIC) return null;
  return { seq: u32(block, 4), start: u32(block, 8) };
}

/**
 * Makes room for an operation that will add up to `credits` blocks and `revokes` revoke
 * records: when the log cannot take the running transaction grown by that much, the
 * running transaction commits and everything is checkpointed first. Returns 0, or
 * -ENOSPC when even an empty log is too small (the journal was sized too small).
 */
export function txBegin(fs: FsState, credits: number, revokes: number): number {
  const j = fs.journal;
  if (j.mode === 'none') return 0;
  const bs = fs.layout.blockSize;
  const cap = fs.layout.journal.count;
  const need = txLength(bs, j.runningCount + credits, j.revokedCount + revokes);
  if (j.head + need <= cap) return 0;
  checkpoint(fs);
  return 1 + txLength(bs, credits, revokes) <= cap ? 0 : -ENOSPC;
}

/** Ends an operation: commits when the group is full, and relieves cache pressure. */
export function txEnd(fs: FsState): void {
  const j = fs.journal;
  if (j.mode !== 'none' && ++j.runningOps >= Math.max(1, fs.opts.commitEvery)) commit(fs);
  if (fs.cache.dirty > (fs.cache.capacity * 3) / 4) checkpoint(fs);
  shrinkCache(fs);
}

/** Writes dirty file data that is not journaled to its home (ordered mode's first step). */
function flushOrderedData(fs: FsState): void {
  const blocks = Object.keys(fs.cache.unjournaled)
    .map(Number)
    .sort((a, b) => a - b);
  for (const block of blocks) {
    const b = fs.cache.bufs[block];
    diskWrite(fs, block, b.data);
    markClean(fs, b);
  }
}

/** Commits the running transaction to the log. */
export function commit(fs: FsState): void {
  const j = fs.journal;
  j.runningOps = 0;
  if (j.mode === 'none' || (j.runningCount === 0 && j.revokedCount === 0)) return;
  if (j.mode === 'ordered') flushOrderedData(fs);
  const bs = fs.layout.blockSize;
  const blocks = Object.keys(j.running).map(Number).sort((a, b) => a - b);
  const revoked = Object.keys(j.revoked).map(Number).sort((a, b) => a - b);
  const length = txLength(bs, blocks.length, revoked.length);
  if (j.head + length > fs.layout.journal.count) {
    // Only a transaction that outgrew its credits gets here: write it home unprotected
    // rather than overrun the log.
    j.overflows++;
    writeRunningHome(fs, blocks);
    return;
  }
  const nDesc = descriptorBlocks(bs, blocks.length + revoked.length);
  const header = padTo(
    DESC_MAGIC + encU32(j.seq) + encU32(blocks.length) + encU32(revoked.length) + [...blocks, ...revoked].map(encU32).join(''),
    nDesc * bs,
  );
  const base = fs.layout.journal.start + j.head;
  let crc = 0;
  for (let i = 0; i < nDesc; i++) {
    const part = header.slice(i * bs, (i + 1) * bs);
    crc = crc32(part, crc);
    diskWrite(fs, base + i, part);
  }
  blocks.forEach((home, i) => {
    const data = fs.cache.bufs[home].data;
    crc = crc32(data, crc);
    diskWrite(fs, base + nDesc + i, data);
  });
  diskWrite(fs, base + nDesc + blocks.length, padTo(COMMIT_MAGIC + encU32(j.seq) + encU32(crc), bs));
  j.lastCommitWrite = fs.dev.writes - 1;
  for (const home of blocks) {
    fs.cache.bufs[home].jstate = 'committed';
    j.live[home] = true;
  }
  j.committed[j.seq] = { seq: j.seq, start: j.head, length, blocks, revoked };
  j.head += length;
  j.seq++;
  j.running = {};
  j.runningCount = 0;
  j.revoked = {};
  j.revokedCount = 0;
  j.commits++;
}

function writeRunningHome(fs: FsState, blocks: number[]): void {
  const j = fs.journal;
  for (const home of blocks) {
    const b = fs.cache.bufs[home];
    diskWrite(fs, home, b.data);
    markClean(fs, b);
  }
  j.running = {};
  j.runningCount = 0;
  j.revoked = {};
  j.revokedCount = 0;
}

/**
 * Commits what is running, writes every dirty buffer home in block order, then frees the
 * log by rewriting the journal superblock (the last write, so a crash before it just
 * means recovery replays transactions whose blocks are already home: harmless).
 */
export function checkpoint(fs: FsState): void {
  const j = fs.journal;
  commit(fs);
  for (const b of dirtyBufs(fs)) {
    diskWrite(fs, b.block, b.data);
    markClean(fs, b);
  }
  if (j.mode === 'none' || j.head === 1) return;
  diskWrite(fs, fs.layout.journal.start, encodeJournalSuper(fs.layout.blockSize, j.seq, 1));
  j.committed = {};
  j.live = {};
  j.head = 1;
  j.checkpoints++;
}

/** sync(2): everything in memory reaches its home on the disk. */
export function syncAll(fs: FsState): void {
  checkpoint(fs);
  shrinkCache(fs);
}
