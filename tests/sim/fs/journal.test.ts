import { describe, expect, it } from 'vitest';
import {
  crashAndRemount,
  crashAtWrite,
  fsClose,
  fsLookup,
  fsMkdir,
  fsOpen,
  fsRead,
  fsRmdir,
  fsSync,
  fsWrite,
  mountFs,
  surviving,
} from '../../../src/sim/fs/index.ts';
import { fsck } from '../../../src/sim/fs/fsck.ts';
import { COMMIT_MAGIC, DESC_MAGIC, JSB_MAGIC } from '../../../src/sim/fs/journal.ts';
import { makeFs } from './helpers.ts';

const magicAt = (blocks: Record<number, string>, b: number) => blocks[b]?.slice(0, 4);

describe('the journal', () => {
  it('commits a transaction as descriptor, block copies, then the commit block; home writes wait for the checkpoint', () => {
    const fs = makeFs();
    const j0 = fs.layout.journal.start;
    const before = fs.dev.writes;
    fsMkdir(fs, '/', '/d');
    const writes = fs.trace.io.filter((r) => r.disk && r.kind === 'write').map((r) => r.block);
    // mkdir changes the root inode and the new one (one inode block), both bitmaps, the
    // root's directory block and the new directory's block: five home blocks.
    expect(writes).toEqual([j0 + 1, j0 + 2, j0 + 3, j0 + 4, j0 + 5, j0 + 6, j0 + 7]);
    expect(fs.dev.writes - before).toBe(7);
    expect(magicAt(fs.dev.blocks, j0 + 1)).toBe(DESC_MAGIC);
    expect(magicAt(fs.dev.blocks, j0 + 7)).toBe(COMMIT_MAGIC);
    expect(fs.journal.committed[1].blocks).toHaveLength(5);
    for (const home of fs.journal.committed[1].blocks) expect(fs.cache.bufs[home]).toMatchObject({ dirty: true, jstate: 'committed' });
    fsSync(fs);
    const sync = fs.trace.io.filter((r) => r.disk && r.kind === 'write').map((r) => r.block);
    expect(sync[sync.length - 1]).toBe(j0); // the journal superblock is rewritten last: the log is free
    expect(magicAt(fs.dev.blocks, j0)).toBe(JSB_MAGIC);
    expect(fs.journal).toMatchObject({ head: 1, committed: {}, checkpoints: 1 });
    expect(fs.cache.dirty).toBe(0);
  });

  it('recovery replays committed transactions and discards one without its commit block', () => {
    const fs = makeFs();
    fsMkdir(fs, '/', '/kept');
    const start = fs.dev.writes;
    fsMkdir(fs, '/', '/lost');
    const commitWrite = fs.journal.lastCommitWrite;
    expect(commitWrite).toBe(fs.dev.writes - 1);
    // Run the same again, losing the second mkdir's commit block.
    const again = makeFs();
    fsMkdir(again, '/', '/kept');
    crashAtWrite(again.dev, start + (commitWrite - start));
    fsMkdir(again, '/', '/lost');
    expect(again.dev.crashed).toBe(true);
    const m = mountFs(surviving(again.dev));
    if ('error' in m) throw new Error(m.error);
    expect(m.recovery).toMatchObject({ replayed: [1], discardedIncomplete: true, blocksReplayed: 5 });
    expect(fsLookup(m, '/', '/kept')).toBeGreaterThan(0);
    expect(fsLookup(m, '/', '/lost')).toBeLessThan(0);
    expect(fsck(m, { repair: false }).clean).toBe(true);
    // The log is empty now, and a second mount has nothing to do.
    const m2 = mountFs(surviving(m.dev));
    if ('error' in m2) throw new Error(m2.error);
    expect(m2.recovery).toMatchObject({ replayed: [], discardedIncomplete: false });
  });

  it('a freed directory block is revoked, so replay does not write it over file data that reused it', () => {
    const fs = makeFs({ blocks: 128, journalBlocks: 60 }, { journal: 'ordered' });
    fsMkdir(fs, '/', '/d');
    const dirBlock = fs.layout.data.start + 1;
    fsRmdir(fs, '/', '/d');
    expect(fs.journal.committed[2].revoked).toEqual([dirBlock]);
    const inum = fsOpen(fs, '/', '/f', { write: true, create: true });
    fsWrite(fs, inum, 0, 'file data');
    fsClose(fs, inum);
    expect(fs.dev.blocks[dirBlock].slice(0, 9)).toBe('file data'); // ordered: data went home before the commit
    const m = mountFs(surviving(fs.dev));
    if ('error' in m) throw new Error(m.error);
    expect(m.recovery?.replayed).toEqual([1, 2, 3, 4]);
    expect(fsRead(m, fsLookup(m, '/', '/f'), 0, 20)).toBe('file data');
  });

  it('data journaling puts file blocks in the transaction too', () => {
    const ordered = makeFs({}, { journal: 'ordered' });
    const data = makeFs({}, { journal: 'data' });
    for (const fs of [ordered, data]) {
      const inum = fsOpen(fs, '/', '/f', { write: true, create: true });
      fsWrite(fs, inum, 0, 'x');
      fsClose(fs, inum);
    }
    const fileBlock = ordered.layout.data.start + 1;
    const last = (fs: typeof data) => Object.values(fs.journal.committed).pop()?.blocks ?? [];
    expect(last(ordered)).not.toContain(fileBlock);
    expect(last(data)).toContain(fileBlock);
  });

  it('group commit puts several operations in one transaction', () => {
    const fs = makeFs({}, { commitEvery: 3 });
    fsMkdir(fs, '/', '/a');
    fsMkdir(fs, '/', '/b');
    expect(fs.journal.commits).toBe(0);
    expect(fs.journal.runningOps).toBe(2);
    fsMkdir(fs, '/', '/c');
    expect(fs.journal.commits).toBe(1);
  });

  it('a full log is checkpointed before the next transaction', () => {
    const fs = makeFs();
    for (let i = 0; i < 8; i++) fsMkdir(fs, '/', `/d${i}`);
    expect(fs.journal.checkpoints).toBeGreaterThan(0);
    expect(fs.journal.head).toBeLessThanOrEqual(fs.layout.journal.count);
    const m = mountFs(surviving(fs.dev));
    if ('error' in m) throw new Error(m.error);
    for (let i = 0; i < 8; i++) expect(fsLookup(m, '/', `/d${i}`)).toBeGreaterThan(0);
  });

  it('a damaged journal superblock is reported and the log treated as empty', () => {
    const fs = makeFs();
    fsSync(fs);
    const dev = surviving(fs.dev);
    dev.blocks[fs.layout.journal.start] = 'junk'.padEnd(512, '\0');
    const m = mountFs(dev);
    if ('error' in m) throw new Error(m.error);
    expect(m.recovery?.problem).toContain('journal superblock is unreadable');
  });

  it('mount refuses a disk without a file system, in words', () => {
    const fs = makeFs();
    const dev = surviving(fs.dev);
    delete dev.blocks[0];
    expect(mountFs(dev)).toEqual({ error: expect.stringContaining('bad superblock magic') });
    dev.blocks[0] = `${fs.dev.blocks[0].slice(0, 20)}X${fs.dev.blocks[0].slice(21)}`;
    expect(mountFs(dev)).toEqual({ error: expect.stringContaining('checksum') });
  });
});

describe('mount options and pulling the plug', () => {
  it('unknown option values fall back to the defaults', () => {
    const fs = makeFs({}, { journal: 'sometimes' as never, cacheBlocks: Number.NaN, commitEvery: -3 });
    expect(fs.opts).toEqual({ journal: 'ordered', dirInsert: 'first-free', cacheBlocks: 32, commitEvery: 1 });
  });

  it('crashAndRemount loses the cache but keeps what was committed', () => {
    const fs = makeFs({}, { journal: 'ordered' });
    fsMkdir(fs, '/', '/committed');
    expect(fs.cache.dirty).toBeGreaterThan(0);
    const m = crashAndRemount(fs);
    if ('error' in m) throw new Error(m.error);
    expect(fsLookup(m, '/', '/committed')).toBeGreaterThan(0);
    expect(m.recovery?.replayed.length).toBeGreaterThan(0);
    const plain = makeFs({}, { journal: 'none' });
    fsMkdir(plain, '/', '/lost');
    const p = crashAndRemount(plain);
    if ('error' in p) throw new Error(p.error);
    expect(fsLookup(p, '/', '/lost')).toBeLessThan(0); // never written back: gone with the cache
  });
});
