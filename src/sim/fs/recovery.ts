import { crc32, u32 } from './bytes.ts';
import { diskRead, diskWrite } from './cache.ts';
import { COMMIT_MAGIC, DESC_MAGIC, decodeJournalSuper, encodeJournalSuper } from './journal.ts';
import { descriptorBlocks } from './layout.ts';
import type { FsState, RecoveryReport } from './types.ts';

/**
 * Journal recovery at mount. It reads the log from the journal superblock on and collects
 * each transaction whose commit block is present, names the same sequence number and
 * carries the right checksum. The first transaction that fails any of that ends the scan
 * and is discarded: it never committed, so none of it happened. The committed ones are
 * then replayed in order (blocks revoked by the same or a later transaction are skipped),
 * and the log is emptied. Replaying twice is harmless, so a crash during recovery is too.
 */

interface FoundTx {
  seq: number;
  blocks: number[];
  copies: string[];
  revoked: number[];
}

function readTx(fs: FsState, pos: number, seq: number): { tx: FoundTx; length: number } | 'end' | 'incomplete' {
  const { journal, blockSize: bs, blocks: diskBlocks } = fs.layout;
  const first = diskRead(fs, journal.start + pos);
  if (first.slice(0, 4) !== DESC_MAGIC || u32(first, 4) !== seq) return 'end';
  const n = u32(first, 8);
  const r = u32(first, 12);
  const nDesc = descriptorBlocks(bs, n + r);
  if (n > journal.count || r > diskBlocks || pos + nDesc + n + 1 > journal.count) return 'incomplete';
  let header = first;
  let crc = crc32(first);
  for (let i = 1; i < nDesc; i++) {
    const part = diskRead(fs, journal.start + pos + i);
    header += part;
    crc = crc32(part, crc);
  }
  const entries: number[] = [];
  for (let i = 0; i < n + r; i++) entries.push(u32(header, 16 + 4 * i));
  const copies: string[] = [];
  for (let i = 0; i < n; i++) {
    const data = diskRead(fs, journal.start + pos + nDesc + i);
    crc = crc32(data, crc);
    copies.push(data);
  }
  const c = diskRead(fs, journal.start + pos + nDesc + n);
  if (c.slice(0, 4) !== COMMIT_MAGIC || u32(c, 4) !== seq || u32(c, 8) !== crc) return 'incomplete';
  return { tx: { seq, blocks: entries.slice(0, n), copies, revoked: entries.slice(n) }, length: nDesc + n + 1 };
}

/** A home location a journal copy may be written to: inside the disk, outside the superblock and the log. */
function isHome(fs: FsState, block: number): boolean {
  const j = fs.layout.journal;
  return block > 0 && block < fs.layout.blocks && (block < j.start || block >= j.start + j.count);
}

export function recoverJournal(fs: FsState): RecoveryReport {
  const report: RecoveryReport = { replayed: [], blocksReplayed: 0, discardedIncomplete: false, orphansFreed: [], problem: null };
  const j = fs.layout.journal;
  if (j.count === 0) return report;
  const sb = decodeJournalSuper(diskRead(fs, j.start));
  if (!sb || sb.start < 1 || sb.start >= j.count) {
    report.problem = 'the journal superblock is unreadable; the log was treated as empty';
    fs.journal.seq = 1;
    diskWrite(fs, j.start, encodeJournalSuper(fs.layout.blockSize, 1, 1));
    return report;
  }
  const found: FoundTx[] = [];
  let pos = sb.start;
  let seq = sb.seq;
  while (pos < j.count) {
    const r = readTx(fs, pos, seq);
    if (r === 'end') break;
    if (r === 'incomplete') {
      report.discardedIncomplete = true;
      break;
    }
    found.push(r.tx);
    pos += r.length;
    seq++;
  }
  const revokedBy: Record<number, number> = {};
  for (const tx of found) for (const b of tx.revoked) revokedBy[b] = tx.seq;
  for (const tx of found) {
    tx.blocks.forEach((home, i) => {
      if (!isHome(fs, home) || (revokedBy[home] ?? -1) >= tx.seq) return;
      diskWrite(fs, home, tx.copies[i]);
      report.blocksReplayed++;
    });
    report.replayed.push(tx.seq);
  }
  if (found.length === 0 && !report.discardedIncomplete) {
    fs.journal.seq = sb.seq;
    return report;
  }
  // Empty the log. The next transaction's number is one no stale block in the log carries.
  fs.journal.seq = seq + 1;
  diskWrite(fs, j.start, encodeJournalSuper(fs.layout.blockSize, fs.journal.seq, 1));
  return report;
}
