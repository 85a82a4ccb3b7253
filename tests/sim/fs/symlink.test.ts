import { test } from '@fast-check/vitest';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EEXIST, EINVAL, ELOOP, ENOENT, ENOTDIR } from '../../../src/sim/abi/errno.ts';
import { encU32, splice } from '../../../src/sim/fs/bytes.ts';
import { fsck } from '../../../src/sim/fs/fsck.ts';
import {
  type FsState,
  fsClose,
  fsLink,
  fsLookup,
  fsLookupNoFollow,
  fsMkdir,
  fsOpen,
  fsRead,
  fsReadlink,
  fsStat,
  fsSymlink,
  fsSync,
  fsUnlink,
  fsWrite,
  mountFs,
  SYMLOOP_MAX,
  surviving,
} from '../../../src/sim/fs/index.ts';
import { makeFs } from './helpers.ts';
import { applyOp, workloadArb } from './workload.ts';

function write(fs: FsState, path: string, text: string): void {
  const inum = fsOpen(fs, '/', path, { write: true, create: true, truncate: true });
  expect(inum).toBeGreaterThan(0);
  fsWrite(fs, inum, 0, text);
  fsClose(fs, inum);
}

function read(fs: FsState, path: string): string | number {
  const inum = fsOpen(fs, '/', path, { read: true });
  if (inum < 0) return inum;
  const text = fsRead(fs, inum, 0, 10_000);
  fsClose(fs, inum);
  return text;
}

const typeOf = (fs: FsState, inum: number) => {
  const st = fsStat(fs, inum);
  return typeof st === 'number' ? st : st.type;
};

describe('symbolic links', () => {
  it('a link holds a path; stat follows it, lstat does not', () => {
    const fs = makeFs();
    fsMkdir(fs, '/', '/d');
    write(fs, '/d/f', 'data');
    expect(fsSymlink(fs, '/', '/d/f', '/abs')).toBe(0);
    expect(fsSymlink(fs, '/d', 'f', '/d/rel')).toBe(0);
    expect(fsReadlink(fs, '/', '/abs')).toBe('/d/f');
    expect(fsReadlink(fs, '/', '/d/rel')).toBe('f');
    expect(read(fs, '/abs')).toBe('data');
    // A relative target is taken from the link's own directory, not the caller's.
    expect(read(fs, '/d/rel')).toBe('data');
    expect(typeOf(fs, fsLookup(fs, '/', '/abs'))).toBe('file');
    expect(typeOf(fs, fsLookupNoFollow(fs, '/', '/abs'))).toBe('symlink');
    const st = fsStat(fs, fsLookupNoFollow(fs, '/', '/abs'));
    expect(typeof st !== 'number' && st.size).toBe(4);
    expect(fsReadlink(fs, '/', '/d/f')).toBe(-EINVAL);
  });

  it('links to directories are followed in the middle of a path', () => {
    const fs = makeFs();
    fsMkdir(fs, '/', '/d');
    fsMkdir(fs, '/', '/d/e');
    write(fs, '/d/e/f', 'deep');
    fsSymlink(fs, '/', '/d/e', '/short');
    fsSymlink(fs, '/', '..', '/d/e/up');
    expect(read(fs, '/short/f')).toBe('deep');
    expect(read(fs, '/short/up/e/f')).toBe('deep');
    // ".." after a link is the physical parent of where the link led.
    expect(fsLookup(fs, '/', '/short/..')).toBe(fsLookup(fs, '/', '/d'));
    expect(fsLookup(fs, '/', '/d/e/f/x')).toBe(-ENOTDIR);
  });

  it('a dangling link reads as missing, and creating through it makes the file it names', () => {
    const fs = makeFs();
    fsSymlink(fs, '/', 'target', '/dangling');
    expect(read(fs, '/dangling')).toBe(-ENOENT);
    expect(fsOpen(fs, '/', '/dangling', { write: true, create: true, excl: true })).toBe(-EEXIST);
    write(fs, '/dangling', 'made');
    expect(read(fs, '/target')).toBe('made');
    expect(typeOf(fs, fsLookupNoFollow(fs, '/', '/dangling'))).toBe('symlink');
  });

  it(`follows a chain of ${SYMLOOP_MAX} links and fails with ELOOP past that, and on a cycle`, () => {
    const fs = makeFs({ blockSize: 512, blocks: 1024, inodes: 128 });
    write(fs, '/f', 'end');
    fsSymlink(fs, '/', '/f', '/l0');
    for (let i = 1; i <= SYMLOOP_MAX; i++) expect(fsSymlink(fs, '/', `l${i - 1}`, `/l${i}`)).toBe(0);
    expect(read(fs, `/l${SYMLOOP_MAX - 1}`)).toBe('end');
    expect(read(fs, `/l${SYMLOOP_MAX}`)).toBe(-ELOOP);
    fsSymlink(fs, '/', 'b', '/a');
    fsSymlink(fs, '/', 'a', '/b');
    expect(fsLookup(fs, '/', '/a')).toBe(-ELOOP);
    fsSymlink(fs, '/', 'self', '/self');
    expect(fsLookup(fs, '/', '/self/x')).toBe(-ELOOP);
  });

  it('unlink removes the link, never its target; a hard link to a link is a second name for the link', () => {
    const fs = makeFs();
    write(fs, '/f', 'keep');
    fsSymlink(fs, '/', 'f', '/l');
    expect(fsLink(fs, '/', '/l', '/l2')).toBe(0);
    expect(fsLookupNoFollow(fs, '/', '/l2')).toBe(fsLookupNoFollow(fs, '/', '/l'));
    expect(fsUnlink(fs, '/', '/l')).toBe(0);
    expect(fsUnlink(fs, '/', '/l2')).toBe(0);
    expect(read(fs, '/f')).toBe('keep');
    expect(fsck(fs, { repair: false }).findings).toEqual([]);
  });

  it('refuses an empty target, an existing name, and a target longer than PATH_MAX', () => {
    const fs = makeFs();
    write(fs, '/f', '');
    expect(fsSymlink(fs, '/', '', '/x')).toBe(-ENOENT);
    expect(fsSymlink(fs, '/', 'y', '/f')).toBe(-EEXIST);
    expect(fsSymlink(fs, '/', 'a'.repeat(1025), '/x')).toBeLessThan(0);
    expect(fsLookupNoFollow(fs, '/', '/x')).toBe(-ENOENT);
  });

  it('a long target spans blocks and survives a remount', () => {
    const fs = makeFs({ blockSize: 128, blocks: 256, inodes: 32 }, { journal: 'none' });
    const target = `/${'d'.repeat(20)}/`.repeat(30).slice(0, 600);
    expect(fsSymlink(fs, '/', target, '/long')).toBe(0);
    fsSync(fs);
    const m = mountFs(surviving(fs.dev), { journal: 'none' });
    if ('error' in m) throw new Error(m.error);
    expect(fsReadlink(m, '/', '/long')).toBe(target);
    expect(fsck(m, { repair: false }).findings).toEqual([]);
  });

  it('fsck clears a link whose target was damaged, and removes its entry', () => {
    const fs = makeFs({}, { journal: 'none' });
    write(fs, '/f', 'x');
    fsSymlink(fs, '/', 'f', '/l');
    fsSync(fs);
    const inum = fsLookupNoFollow(fs, '/', '/l');
    const at = { block: fs.layout.inodeTable.start + Math.floor((inum * 64) / fs.layout.blockSize), offset: (inum * 64) % fs.layout.blockSize };
    const dev = surviving(fs.dev);
    // Size 0: a link that holds no path.
    dev.blocks[at.block] = splice(dev.blocks[at.block], at.offset + 4, encU32(0));
    const m = mountFs(dev, { journal: 'none' });
    if ('error' in m) throw new Error(m.error);
    const found = fsck(m, { repair: false });
    expect(found.findings[0]).toMatchObject({ kind: 'bad-symlink', inode: inum, text: `symbolic link ${inum} has a target of 0 bytes` });
    expect(fsck(m, { repair: true }).repaired).toBe(true);
    expect(fsck(m, { repair: false }).findings).toEqual([]);
    expect(fsLookupNoFollow(m, '/', '/l')).toBe(-ENOENT);
    expect(read(m, '/f')).toBe('x');
  });

  test.prop([workloadArb(), fc.constantFrom('/a', '/b', '/a/c', '/x', '/a/c/x', '/b/z')], { numRuns: 80 })(
    'after any workload with links, every lookup ends in an inode or an errno, and fsck stays clean',
    (ops, probe) => {
      const fs = makeFs({ blockSize: 512, blocks: 200, inodes: 40 }, { journal: 'ordered' });
      for (const o of ops) applyOp(fs, o);
      for (const path of [probe, `${probe}/x`, `${probe}/..`]) {
        const r = fsLookup(fs, '/', path);
        if (r >= 0) expect(['file', 'dir', 'chardev']).toContain(typeOf(fs, r));
        else expect([-ENOENT, -ENOTDIR, -ELOOP]).toContain(r);
      }
      expect(fsck(fs, { repair: false }).findings.map((f) => f.text)).toEqual([]);
    },
  );
});
