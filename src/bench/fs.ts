import type { JournalMode } from '../sim/abi/fs.ts';
import { fsClose, fsMkdir, fsOpen, fsRead, fsSync, fsUnlink, fsWrite, type FsState, mkfs, mountFs, surviving } from '../sim/fs/index.ts';
import { type Benchmark, fmtRate, timeMs } from './types.ts';

/**
 * File-system throughput on a 64 MiB simulated disk (4 KiB blocks), per journal mode:
 * create, write (one 4 KiB block each, then sync), read back and unlink, files spread over 64
 * directories. Then recovery time against journal size: the log is filled with committed
 * transactions, the machine "crashes" before any checkpoint, and mount replays it.
 */

const MIB = 1024 * 1024;

function disk64(journal: JournalMode, journalBlocks = 1024, cacheBlocks = 512): FsState {
  const fs = mkfs(
    { blockSize: 4096, blocks: (64 * MIB) / 4096, inodes: 16384, journalBlocks: journal === 'none' ? 0 : journalBlocks },
    { journal, cacheBlocks },
  );
  if ('error' in fs) throw new Error(fs.error);
  return fs;
}

const DIRS = 64;
const path = (i: number) => `/d${i % DIRS}/f${i}`;

function throughput(journal: JournalMode, files: number): string[] {
  const fs = disk64(journal);
  for (let d = 0; d < DIRS; d++) fsMkdir(fs, '/', `/d${d}`);
  const block = 'x'.repeat(4096);
  const create = timeMs(() => {
    for (let i = 0; i < files; i++) {
      fsClose(fs, fsOpen(fs, '/', path(i), { write: true, create: true }));
    }
  });
  const write = timeMs(() => {
    for (let i = 0; i < files; i++) {
      const inum = fsOpen(fs, '/', path(i), { write: true });
      fsWrite(fs, inum, 0, block);
      fsClose(fs, inum);
    }
    fsSync(fs);
  });
  let bytes = 0;
  const read = timeMs(() => {
    for (let i = 0; i < files; i++) {
      const inum = fsOpen(fs, '/', path(i), { read: true });
      const data = fsRead(fs, inum, 0, 4096);
      bytes += typeof data === 'string' ? data.length : 0;
      fsClose(fs, inum);
    }
  });
  const unlink = timeMs(() => {
    for (let i = 0; i < files; i++) fsUnlink(fs, '/', path(i));
  });
  if (bytes !== files * 4096) throw new Error(`read back ${bytes} bytes, expected ${files * 4096}`);
  const rate = (ms: number) => fmtRate((files * 1000) / Math.max(ms, 1e-6), 'ops');
  return [
    `  ${journal.padEnd(8)} create ${rate(create)}, write 4 KiB ${rate(write)}, read 4 KiB ${rate(read)}, unlink ${rate(unlink)}` +
      `  (${fs.dev.writes} disk writes, ${fs.journal.commits} commits, ${fs.journal.checkpoints} checkpoints)`,
  ];
}

function recovery(journalBlocks: number): string {
  // A cache big enough that only a full log forces a checkpoint.
  const fs = disk64('ordered', journalBlocks, 4 * journalBlocks);
  for (let d = 0; d < DIRS; d++) fsMkdir(fs, '/', `/d${d}`);
  // Fill the log with committed transactions (each create is one), stopping before the
  // checkpoint that would empty it.
  let i = 0;
  while (fs.journal.head + 8 < journalBlocks && i < 1_000_000) {
    const inum = fsOpen(fs, '/', path(i++), { write: true, create: true });
    if (inum < 0) break;
    fsClose(fs, inum);
  }
  const txs = Object.keys(fs.journal.committed).length;
  const crashed = surviving(fs.dev);
  let replayed = 0;
  const ms = timeMs(() => {
    const m = mountFs(crashed, { journal: 'ordered', cacheBlocks: 512 });
    if ('error' in m) throw new Error(m.error);
    replayed = m.recovery?.blocksReplayed ?? 0;
  });
  return `  journal ${String(journalBlocks).padStart(5)} blocks: ${txs} transactions, ${replayed} blocks replayed in ${ms.toFixed(1)} ms`;
}

export const fsBench: Benchmark = {
  name: 'fs',
  description: 'file-system operations per second on a 64 MiB disk, and journal recovery time against journal size',
  run({ quick }) {
    const files = quick ? 300 : 4000;
    const lines = [`64 MiB disk, 4 KiB blocks, ${files} files in ${DIRS} directories:`];
    for (const mode of ['none', 'ordered', 'data'] as const) lines.push(...throughput(mode, files));
    lines.push('recovery after a crash with a full log (ordered mode):');
    for (const size of quick ? [64, 256] : [64, 256, 1024, 4096]) lines.push(recovery(size));
    return lines;
  },
};
