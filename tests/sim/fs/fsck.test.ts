import { describe, expect, it } from 'vitest';
import { encU16, encU32, encU8, splice, u32 } from '../../../src/sim/fs/bytes.ts';
import { type FsState, fsClose, fsLookup, fsMkdir, fsOpen, fsRead, fsReaddir, fsSync, fsUnlink, fsWrite, mountFs, surviving } from '../../../src/sim/fs/index.ts';
import { fsck } from '../../../src/sim/fs/fsck.ts';
import { makeFs } from './helpers.ts';

/** A small tree, synced: /a (dir) with /a/f, and /g, both holding data. */
function sample(): FsState {
  const fs = makeFs({}, { journal: 'none' });
  fsMkdir(fs, '/', '/a');
  for (const [path, text] of [
    ['/a/f', 'eff'],
    ['/g', 'gee'],
  ]) {
    const inum = fsOpen(fs, '/', path, { write: true, create: true });
    fsWrite(fs, inum, 0, text);
    fsClose(fs, inum);
  }
  fsSync(fs);
  return fs;
}

/** Changes bytes on the disk and mounts it afresh (so no cached copy hides the damage). */
function damage(fs: FsState, block: number, offset: number, bytes: string): FsState {
  const dev = surviving(fs.dev);
  dev.blocks[block] = splice(dev.blocks[block] ?? '\0'.repeat(512), offset, bytes);
  const m = mountFs(dev, { journal: 'none' });
  if ('error' in m) throw new Error(m.error);
  return m;
}

const inodeAt = (fs: FsState, inum: number) => ({ block: fs.layout.inodeTable.start + Math.floor((inum * 64) / 512), offset: (inum * 64) % 512 });

function repairAndRecheck(fs: FsState, kind: string) {
  const found = fsck(fs, { repair: false });
  expect(found.findings.map((f) => f.kind)).toContain(kind);
  const fixed = fsck(fs, { repair: true });
  expect(fixed.repaired).toBe(true);
  expect(fixed.findings.every((f) => f.text.includes(':'))).toBe(true); // each finding says what was done
  expect(fsck(fs, { repair: false }).findings).toEqual([]);
  return found;
}

describe('fsck', () => {
  it('finds nothing on a healthy file system, and check mode changes nothing', () => {
    const fs = sample();
    const before = JSON.stringify(fs.dev.blocks);
    expect(fsck(fs, { repair: false })).toEqual({ findings: [], clean: true, repaired: false, beyond: { start: fs.layout.blocks, count: 0 } });
    expect(JSON.stringify(fs.dev.blocks)).toBe(before);
  });

  it('an inode in use but clear in the bitmap', () => {
    const fs = sample();
    const g = fsLookup(fs, '/', '/g');
    const m = damage(fs, fs.layout.inodeBitmap.start, 0, encU8(0b0111 & ~(1 << g)));
    const r = repairAndRecheck(m, 'inode-bitmap');
    expect(r.findings[0].text).toBe(`inode ${g} is in use but marked free in the inode bitmap`);
  });

  it('a block marked used that no inode owns', () => {
    const fs = sample();
    const r = repairAndRecheck(damage(fs, fs.layout.dataBitmap.start, 2, encU8(0xff)), 'data-bitmap');
    expect(r.findings[0].text).toMatch(/^block \d+ is used by no inode but marked in use in the data bitmap$/);
  });

  it('a wrong link count', () => {
    const fs = sample();
    const g = fsLookup(fs, '/', '/g');
    const at = inodeAt(fs, g);
    const m = damage(fs, at.block, at.offset + 2, encU16(5));
    const r = repairAndRecheck(m, 'link-count');
    expect(r.findings[0].text).toBe(`inode ${g} has link count 5, but 1 directory entries name it`);
  });

  it('an entry naming a free inode is removed, and the file it lost goes to /lost+found', () => {
    const fs = sample();
    const rootBlock = fs.layout.data.start;
    const g = fsLookup(fs, '/', '/g');
    const slot = 3; // ".", "..", "a", "g"
    const m = damage(fs, rootBlock, slot * 32, encU32(20));
    repairAndRecheck(m, 'entry-free-inode');
    const lost = fsLookup(m, '/', `/lost+found/#${g}`);
    expect(lost).toBe(g);
    expect(fsRead(m, lost, 0, 10)).toBe('gee');
  });

  it('two inodes claiming one block, and a pointer outside the data region', () => {
    const fs = sample();
    const f = fsLookup(fs, '/', '/a/f');
    const g = fsLookup(fs, '/', '/g');
    const fAt = inodeAt(fs, f);
    const fBlock = u32(fs.dev.blocks[fAt.block], fAt.offset + 20);
    const gAt = inodeAt(fs, g);
    let m = damage(fs, gAt.block, gAt.offset + 20, encU32(fBlock));
    const r = repairAndRecheck(m, 'duplicate-block');
    expect(r.findings.map((x) => x.text)).toContain(`inode ${g}: direct pointer 0 names block ${fBlock}, which inode ${f} already uses`);
    m = damage(sample(), gAt.block, gAt.offset + 24, encU32(3));
    repairAndRecheck(m, 'bad-pointer');
  });

  it('a size larger than any file could be', () => {
    const fs = sample();
    const g = fsLookup(fs, '/', '/g');
    const m = damage(fs, inodeAt(fs, g).block, inodeAt(fs, g).offset + 4, encU32(0xfffffff0));
    const r = repairAndRecheck(m, 'bad-size');
    expect(r.findings[0].text).toBe(`inode ${g} has size 4294967280, more than the largest file`);
  });

  it('a broken "." entry, an unknown inode type and a root that is not a directory', () => {
    const fs = sample();
    const a = fsLookup(fs, '/', '/a');
    const aBlock = u32(fs.dev.blocks[inodeAt(fs, a).block], inodeAt(fs, a).offset + 20);
    repairAndRecheck(damage(fs, aBlock, 0, encU32(7)), 'bad-dot');
    const g = fsLookup(fs, '/', '/g');
    repairAndRecheck(damage(fs, inodeAt(fs, g).block, inodeAt(fs, g).offset, encU8(9)), 'bad-inode-type');
    const rootless = damage(fs, inodeAt(fs, 0).block, 0, encU8(1));
    repairAndRecheck(rootless, 'root-not-dir');
    // The root is rebuilt; what it held is found again in /lost+found.
    const list = fsReaddir(rootless, 0);
    expect(Array.isArray(list) && list.map((e) => e.name)).toEqual(['.', '..', 'lost+found']);
  });

  it('an open file with no name left is not touched', () => {
    const fs = makeFs();
    const inum = fsOpen(fs, '/', '/held', { write: true, create: true });
    fsWrite(fs, inum, 0, 'x');
    expect(fsUnlink(fs, '/', '/held')).toBe(0);
    expect(fsck(fs, { repair: true }).findings).toEqual([]);
    expect(fsRead(fs, inum, 0, 1)).toBe('x');
    fsClose(fs, inum);
    expect(fsck(fs, { repair: false }).clean).toBe(true);
  });
});
