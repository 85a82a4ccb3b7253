import { describe, expect, it } from 'vitest';
import { EBADF, EBUSY, EEXIST, EFBIG, EINVAL, EISDIR, ENAMETOOLONG, ENOENT, ENOSPC, ENOTDIR, ENOTEMPTY, EPERM } from '../../../src/sim/abi/errno.ts';
import type { Stat } from '../../../src/sim/abi/fs.ts';
import { fsck } from '../../../src/sim/fs/fsck.ts';
import {
  fsClose,
  fsCreate,
  fsLink,
  fsLookup,
  fsMkdir,
  fsMknod,
  fsOpen,
  fsRead,
  fsReaddir,
  fsRename,
  fsRmdir,
  fsStat,
  fsStatfs,
  fsSync,
  fsTruncate,
  fsUnlink,
  fsWrite,
  mkfs,
  NAME_MAX,
  SEEK_CUR,
  SEEK_END,
  SEEK_SET,
  seekTarget,
} from '../../../src/sim/fs/index.ts';
import { makeFs } from './helpers.ts';

const names = (fs: ReturnType<typeof makeFs>, path: string): string[] => {
  const list = fsReaddir(fs, fsLookup(fs, '/', path));
  if (typeof list === 'number') throw new Error(`readdir ${path}: ${list}`);
  return list.map((e) => `${e.name}:${e.inum}`);
};
const stat = (fs: ReturnType<typeof makeFs>, path: string) => fsStat(fs, fsLookup(fs, '/', path)) as Stat;

function create(fs: ReturnType<typeof makeFs>, path: string, data = ''): number {
  const inum = fsOpen(fs, '/', path, { write: true, create: true });
  if (inum >= 0 && data) fsWrite(fs, inum, 0, data);
  if (inum >= 0) fsClose(fs, inum);
  return inum;
}

describe('mkfs and the on-disk layout', () => {
  it('lays out superblock, bitmaps, inode table, journal and data, and makes the root', () => {
    const fs = makeFs();
    expect(fs.layout).toMatchObject({
      blockSize: 512,
      blocks: 64,
      inodes: 32,
      inodeBitmap: { start: 1, count: 1 },
      dataBitmap: { start: 2, count: 1 },
      inodeTable: { start: 3, count: 4 },
      journal: { start: 7, count: 20 },
      data: { start: 27, count: 37 },
    });
    expect(names(fs, '/')).toEqual(['.:0', '..:0']);
    expect(stat(fs, '/')).toMatchObject({ ino: 0, type: 'dir', nlink: 2, size: 64, blocks: 1 });
    expect(fsck(fs, { repair: false }).clean).toBe(true);
  });

  it('refuses an impossible geometry with a reason', () => {
    expect(mkfs({ blockSize: 100 })).toEqual({ error: expect.stringContaining('power of two') });
    expect(mkfs({ blocks: 8 })).toEqual({ error: expect.stringMatching(/no room for data|journal/) });
    expect(mkfs({ journalBlocks: 3 })).toEqual({ error: expect.stringContaining('a journal needs at least') });
    expect(mkfs({ inodes: 0 })).toHaveProperty('error');
  });

  it('can be sized by data blocks, as vsfs is', () => {
    const fs = makeFs({ blockSize: 1024, inodes: 8, dataBlocks: 8, journalBlocks: 0 }, { journal: 'none' });
    expect(fs.layout.data.count).toBe(8);
    expect(fs.journal.mode).toBe('none');
  });
});

describe('paths', () => {
  it('resolves absolute and relative paths, "." and ".." through real entries', () => {
    const fs = makeFs();
    fsMkdir(fs, '/', '/a');
    fsMkdir(fs, '/', '/a/b');
    create(fs, '/a/b/f');
    const f = fsLookup(fs, '/', '/a/b/f');
    expect(fsLookup(fs, '/a', 'b/f')).toBe(f);
    expect(fsLookup(fs, '/a/b', './f')).toBe(f);
    expect(fsLookup(fs, '/a/b', '../b/../../a/b/f')).toBe(f);
    expect(fsLookup(fs, '/', '/..')).toBe(0);
    expect(fsLookup(fs, '/', '/a/b/')).toBe(fsLookup(fs, '/', '/a/b'));
    expect(fsLookup(fs, '/', '/a/b/f/')).toBe(-ENOTDIR);
    expect(fsLookup(fs, '/', '/a/b/f/g')).toBe(-ENOTDIR);
    expect(fsLookup(fs, '/', '/a/nope')).toBe(-ENOENT);
    expect(fsLookup(fs, '/', '')).toBe(-ENOENT);
    expect(fsLookup(fs, '/', `/${'n'.repeat(NAME_MAX + 1)}`)).toBe(-ENAMETOOLONG);
    expect(fsLookup(fs, '/', `/${'n/'.repeat(600)}`)).toBe(-ENAMETOOLONG);
    expect(fsLookup(fs, '/', '/\u2603')).toBe(-EINVAL);
  });
});

describe('files', () => {
  it('create, write, read, truncate and stat', () => {
    const fs = makeFs();
    fs.now = 7;
    const inum = fsOpen(fs, '/', '/f', { write: true, create: true });
    expect(inum).toBe(1);
    expect(fsWrite(fs, inum, 0, 'hello world')).toBe(11);
    fs.now = 9;
    expect(fsWrite(fs, inum, 600, 'far')).toBe(3);
    expect(fsRead(fs, inum, 0, 5)).toBe('hello');
    expect(fsRead(fs, inum, 598, 10)).toBe('\0\0far');
    expect(fsRead(fs, inum, 700, 10)).toBe('');
    expect(fsStat(fs, inum)).toMatchObject({ type: 'file', size: 603, nlink: 1, blocks: 2, ctime: 9, mtime: 9, atime: 7 });
    expect(fsTruncate(fs, inum, 5)).toBe(0);
    expect(fsStat(fs, inum)).toMatchObject({ size: 5, blocks: 1 });
    expect(fsTruncate(fs, inum, 8)).toBe(0);
    expect(fsRead(fs, inum, 0, 100)).toBe('hello\0\0\0');
    expect(fsClose(fs, inum)).toBe(0);
    expect(fsClose(fs, inum)).toBe(-EBADF);
  });

  it('grows past the direct pointers into the indirect block, and stops at the largest file', () => {
    const fs = makeFs({ blocks: 400, journalBlocks: 40 });
    const inum = fsOpen(fs, '/', '/big', { write: true, create: true });
    const data = 'abcdefgh'.repeat(64 * 12); // 12 blocks: 10 direct + 2 through the indirect block
    expect(fsWrite(fs, inum, 0, data)).toBe(data.length);
    expect(fsRead(fs, inum, 0, data.length)).toBe(data);
    expect(fsStat(fs, inum)).toMatchObject({ blocks: 13 });
    const max = (10 + 512 / 4) * 512;
    expect(fsWrite(fs, inum, max, 'x')).toBe(-EFBIG);
    expect(fsTruncate(fs, inum, max + 1)).toBe(-EFBIG);
    expect(fsTruncate(fs, inum, 0)).toBe(0);
    expect(fsStat(fs, inum)).toMatchObject({ blocks: 0 });
    expect(fsck(fs, { repair: false }).clean).toBe(true);
  });

  it('open flags: excl, truncate, directory; errors for the wrong kind of file', () => {
    const fs = makeFs();
    create(fs, '/f', 'data');
    fsMkdir(fs, '/', '/d');
    expect(fsOpen(fs, '/', '/f', { write: true, create: true, excl: true })).toBe(-EEXIST);
    expect(fsOpen(fs, '/', '/missing', { read: true })).toBe(-ENOENT);
    expect(fsOpen(fs, '/', '/missing/x', { write: true, create: true })).toBe(-ENOENT);
    expect(fsOpen(fs, '/', '/f/x', { write: true, create: true })).toBe(-ENOTDIR);
    expect(fsOpen(fs, '/', '/new/', { write: true, create: true })).toBe(-EISDIR);
    expect(fsOpen(fs, '/', '/d', { write: true })).toBe(-EISDIR);
    expect(fsOpen(fs, '/', '/f', { read: true, directory: true })).toBe(-ENOTDIR);
    const d = fsOpen(fs, '/', '/d', { read: true });
    expect(fsRead(fs, d, 0, 10)).toBe(-EISDIR);
    expect(fsWrite(fs, d, 0, 'x')).toBe(-EISDIR);
    expect(fsTruncate(fs, d, 0)).toBe(-EISDIR);
    fsClose(fs, d);
    const t = fsCreate(fs, '/', '/f');
    expect(fsStat(fs, t)).toMatchObject({ size: 0 });
    expect(fsCreate(fs, '/', '/d')).toBe(-EISDIR);
    expect(fsWrite(fs, t, 0, 'ok\u0100')).toBe(-EINVAL);
    expect(fsRead(fs, t, -1, 1)).toBe(-EINVAL);
    fsClose(fs, t);
  });

  it('lseek arithmetic', () => {
    const fs = makeFs();
    const inum = create(fs, '/f', '0123456789');
    expect(seekTarget(fs, inum, 4, 3, SEEK_SET)).toBe(3);
    expect(seekTarget(fs, inum, 4, 3, SEEK_CUR)).toBe(7);
    expect(seekTarget(fs, inum, 4, -2, SEEK_END)).toBe(8);
    expect(seekTarget(fs, inum, 4, -20, SEEK_END)).toBe(-EINVAL);
    expect(seekTarget(fs, inum, 4, 0, 9)).toBe(-EINVAL);
  });

  it('character devices: /dev/null swallows writes and reads as empty', () => {
    const fs = makeFs();
    fsMkdir(fs, '/', '/dev');
    const inum = fsMknod(fs, '/', '/dev/null', 1);
    expect(fsWrite(fs, inum, 0, 'gone')).toBe(4);
    expect(fsRead(fs, inum, 0, 10)).toBe('');
    expect(fsStat(fs, inum)).toMatchObject({ type: 'chardev', rdev: 1, size: 0 });
  });

  it('running out of inodes or blocks is ENOSPC, and nothing leaks', () => {
    const fs = makeFs({ blocks: 40, inodes: 4, journalBlocks: 0 }, { journal: 'none' });
    expect(create(fs, '/a')).toBe(1);
    expect(create(fs, '/b')).toBe(2);
    expect(create(fs, '/c')).toBe(3);
    expect(create(fs, '/d')).toBe(-ENOSPC);
    expect(fsMkdir(fs, '/', '/e')).toBe(-ENOSPC);
    const free = fsStatfs(fs).freeBlocks;
    const a = fsOpen(fs, '/', '/a', { write: true });
    const n = fsWrite(fs, a, 0, 'z'.repeat(512 * 60));
    expect(n).toBe(512 * free - 512); // one block went to the indirect block
    expect(fsWrite(fs, a, n, 'more')).toBe(-ENOSPC);
    fsClose(fs, a);
    expect(fsStatfs(fs).freeBlocks).toBe(0);
    expect(fsUnlink(fs, '/', '/a')).toBe(0);
    expect(fsStatfs(fs)).toMatchObject({ freeBlocks: free, freeInodes: 1 });
    expect(fsck(fs, { repair: false }).clean).toBe(true);
  });
});

describe('directories and names', () => {
  it('mkdir makes "." and ".." and gives the parent a link; rmdir undoes it', () => {
    const fs = makeFs();
    expect(fsMkdir(fs, '/', '/a')).toBe(0);
    expect(fsMkdir(fs, '/a', 'b')).toBe(0);
    const a = fsLookup(fs, '/', '/a');
    const b = fsLookup(fs, '/', '/a/b');
    expect(names(fs, '/a/b')).toEqual([`.:${b}`, `..:${a}`]);
    expect(stat(fs, '/')).toMatchObject({ nlink: 3 });
    expect(stat(fs, '/a')).toMatchObject({ nlink: 3 });
    expect(fsMkdir(fs, '/', '/a')).toBe(-EEXIST);
    expect(fsMkdir(fs, '/', '/')).toBe(-EEXIST);
    expect(fsMkdir(fs, '/', '/x/y')).toBe(-ENOENT);
    expect(fsRmdir(fs, '/', '/a')).toBe(-ENOTEMPTY);
    expect(fsRmdir(fs, '/', '/')).toBe(-EBUSY);
    expect(fsRmdir(fs, '/', '/a/b/.')).toBe(-EINVAL);
    expect(fsRmdir(fs, '/', '/nope')).toBe(-ENOENT);
    create(fs, '/f');
    expect(fsRmdir(fs, '/', '/f')).toBe(-ENOTDIR);
    expect(fsRmdir(fs, '/', '/a/b')).toBe(0);
    expect(stat(fs, '/a')).toMatchObject({ nlink: 2 });
    expect(fsRmdir(fs, '/', '/a')).toBe(0);
    expect(stat(fs, '/')).toMatchObject({ nlink: 2 });
    expect(fsck(fs, { repair: false }).clean).toBe(true);
  });

  it('hard links share an inode; the inode goes with its last link', () => {
    const fs = makeFs();
    const inum = create(fs, '/f', 'shared');
    fsMkdir(fs, '/', '/d');
    expect(fsLink(fs, '/', '/f', '/d/g')).toBe(0);
    expect(fsLookup(fs, '/', '/d/g')).toBe(inum);
    expect(stat(fs, '/f')).toMatchObject({ nlink: 2 });
    expect(fsLink(fs, '/', '/f', '/d/g')).toBe(-EEXIST);
    expect(fsLink(fs, '/', '/d', '/d2')).toBe(-EPERM);
    expect(fsLink(fs, '/', '/nope', '/x')).toBe(-ENOENT);
    expect(fsLink(fs, '/', '/f', '/nope/x')).toBe(-ENOENT);
    const before = fsStatfs(fs);
    expect(fsUnlink(fs, '/', '/f')).toBe(0);
    expect(fsRead(fs, inum, 0, 10)).toBe('shared');
    expect(fsUnlink(fs, '/', '/d/g')).toBe(0);
    expect(fsStatfs(fs)).toMatchObject({ freeInodes: before.freeInodes + 1, freeBlocks: before.freeBlocks + 1 });
    expect(fsUnlink(fs, '/', '/d/g')).toBe(-ENOENT);
    expect(fsUnlink(fs, '/', '/d')).toBe(-EISDIR);
    expect(fsUnlink(fs, '/', '/')).toBe(-EISDIR);
  });

  it('an unlinked file stays readable while open and is freed at the last close', () => {
    const fs = makeFs();
    const inum = create(fs, '/f', 'still here');
    const held = fsOpen(fs, '/', '/f', { read: true });
    const free = fsStatfs(fs).freeInodes;
    expect(fsUnlink(fs, '/', '/f')).toBe(0);
    expect(fsStat(fs, held)).toMatchObject({ nlink: 0 });
    expect(fsRead(fs, held, 0, 100)).toBe('still here');
    expect(fsStatfs(fs).freeInodes).toBe(free);
    expect(fsClose(fs, held)).toBe(0);
    expect(fsStatfs(fs).freeInodes).toBe(free + 1);
    expect(fsStat(fs, inum)).toBe(-ENOENT);
  });

  it('rename moves names, replaces targets, and keeps ".." and link counts right', () => {
    const fs = makeFs();
    fsMkdir(fs, '/', '/a');
    fsMkdir(fs, '/', '/b');
    fsMkdir(fs, '/', '/a/sub');
    const f = create(fs, '/a/f', 'one');
    create(fs, '/b/g', 'two');
    expect(fsRename(fs, '/', '/a/f', '/b/g')).toBe(0);
    expect(fsLookup(fs, '/', '/a/f')).toBe(-ENOENT);
    expect(fsRead(fs, fsLookup(fs, '/', '/b/g'), 0, 10)).toBe('one');
    expect(fsLookup(fs, '/', '/b/g')).toBe(f);
    const sub = fsLookup(fs, '/', '/a/sub');
    expect(fsRename(fs, '/', '/a/sub', '/b/moved')).toBe(0);
    expect(names(fs, '/b/moved')).toEqual([`.:${sub}`, `..:${fsLookup(fs, '/', '/b')}`]);
    expect(stat(fs, '/a')).toMatchObject({ nlink: 2 });
    expect(stat(fs, '/b')).toMatchObject({ nlink: 3 });
    expect(fsRename(fs, '/', '/b', '/b/moved/inside')).toBe(-EINVAL);
    expect(fsRename(fs, '/', '/b/g', '/a')).toBe(-EISDIR);
    expect(fsRename(fs, '/', '/b/moved', '/b/g')).toBe(-ENOTDIR);
    fsMkdir(fs, '/', '/a/full');
    create(fs, '/a/full/x');
    expect(fsRename(fs, '/', '/b/moved', '/a/full')).toBe(-ENOTEMPTY);
    expect(fsRename(fs, '/', '/nope', '/x')).toBe(-ENOENT);
    expect(fsRename(fs, '/', '/', '/x')).toBe(-EBUSY);
    expect(fsRename(fs, '/', '/b/g', '/b/g')).toBe(0);
    fsMkdir(fs, '/', '/empty');
    expect(fsRename(fs, '/', '/b/moved', '/empty')).toBe(0);
    expect(fsLookup(fs, '/', '/empty')).toBe(sub);
    expect(fsck(fs, { repair: false }).findings).toEqual([]);
  });

  it('removed entries leave holes that "first-free" reuses and "append" does not', () => {
    for (const [dirInsert, order] of [
      ['first-free', ['c', 'b']],
      ['append', ['b', 'c']],
    ] as const) {
      const fs = makeFs({}, { dirInsert });
      create(fs, '/a');
      create(fs, '/b');
      fsUnlink(fs, '/', '/a');
      create(fs, '/c');
      expect(names(fs, '/').map((n) => n.split(':')[0]).slice(2)).toEqual(order);
    }
  });

  it('readdir and stat refuse what is not there', () => {
    const fs = makeFs();
    create(fs, '/f');
    expect(fsReaddir(fs, fsLookup(fs, '/', '/f'))).toBe(-ENOTDIR);
    expect(fsReaddir(fs, 31)).toBe(-ENOENT);
    expect(fsStat(fs, 99)).toBe(-EBADF);
  });
});

describe('the buffer cache and the io trace', () => {
  it('writes stay dirty in the cache until sync; sync makes them clean and puts them on the disk', () => {
    const fs = makeFs({}, { journal: 'none' });
    const inum = fsOpen(fs, '/', '/f', { write: true, create: true });
    fsWrite(fs, inum, 0, 'cached');
    const dataBlock = fs.layout.data.start + 1;
    expect(fs.cache.bufs[dataBlock]).toMatchObject({ dirty: true });
    expect(fs.dev.blocks[dataBlock]).toBeUndefined();
    expect(fsSync(fs)).toBe(0);
    expect(fs.cache.dirty).toBe(0);
    expect(fs.cache.bufs[dataBlock]).toMatchObject({ dirty: false });
    expect(fs.dev.blocks[dataBlock].slice(0, 6)).toBe('cached');
    // The trace of sync lists the blocks written, in block order.
    const written = fs.trace.io.filter((r) => r.disk && r.kind === 'write').map((r) => r.block);
    expect(written).toEqual([...written].sort((x, y) => x - y));
    expect(written).toContain(dataBlock);
  });

  it('each operation records the blocks it read and wrote, in order', () => {
    const fs = makeFs({}, { journal: 'none' });
    fsMkdir(fs, '/', '/d');
    expect(fs.trace.op).toBe('mkdir /d');
    const io = fs.trace.io.map((r) => `${r.kind}:${r.block}`);
    const itable = fs.layout.inodeTable.start;
    expect(io[0]).toBe(`read:${itable}`); // the root inode, first of all
    expect(io).toContain(`write:${fs.layout.inodeBitmap.start}`);
    expect(io).toContain(`write:${fs.layout.dataBitmap.start}`);
    expect(io.indexOf(`write:${fs.layout.inodeBitmap.start}`)).toBeLessThan(io.lastIndexOf(`write:${itable}`));
  });

  it('evicts only clean buffers, least recently used first', () => {
    const fs = makeFs({ blocks: 200, journalBlocks: 0 }, { journal: 'none', cacheBlocks: 8 });
    for (let i = 0; i < 12; i++) create(fs, `/f${i}`, 'x');
    fsSync(fs);
    expect(fs.cache.count).toBeLessThanOrEqual(8);
    // Reading every file brings their blocks in and pushes older ones out.
    for (let i = 0; i < 12; i++) fsRead(fs, fsLookup(fs, '/', `/f${i}`), 0, 1);
    expect(fs.cache.count).toBeLessThanOrEqual(8);
    expect(fs.cache.misses).toBeGreaterThan(0);
    const order: number[] = [];
    for (let b = fs.cache.head; b !== null; b = fs.cache.bufs[b].next) order.push(b);
    expect(order.length).toBe(fs.cache.count);
  });
});

describe('limits', () => {
  it('a directory as large as a file can be takes no more names (ENOSPC)', () => {
    const fs = makeFs({ blockSize: 128, blocks: 600, inodes: 200, journalBlocks: 0 }, { journal: 'none' });
    // 128-byte blocks: 4 entries each, 10 direct + 32 indirect blocks = 168 slots, 2 of them "." and "..".
    let made = 0;
    for (let i = 0; i < 170; i++) if (create(fs, `/f${i}`) >= 0) made++;
    expect(made).toBe(166);
    expect(create(fs, '/one-more')).toBe(-ENOSPC);
    expect(fsck(fs, { repair: false }).clean).toBe(true);
  });
});
