import { describe, expect, it } from 'vitest';
import { EACCES } from '../../../src/sim/abi/errno.ts';
import { R_OK, W_OK, X_OK } from '../../../src/sim/abi/fs.ts';
import { crc32, encU32, splice, u32 } from '../../../src/sim/fs/bytes.ts';
import { fsck } from '../../../src/sim/fs/fsck.ts';
import {
  type FsState,
  fsAccess,
  fsChmod,
  fsClose,
  fsLookup,
  fsMkdir,
  fsMknod,
  fsOpen,
  fsRead,
  fsStat,
  fsSync,
  fsUnlink,
  fsWrite,
  mountFs,
  surviving,
} from '../../../src/sim/fs/index.ts';
import { makeFs } from './helpers.ts';

function write(fs: FsState, path: string, text: string): number {
  const inum = fsOpen(fs, '/', path, { write: true, create: true, truncate: true });
  if (inum < 0) return inum;
  fsWrite(fs, inum, 0, text);
  fsClose(fs, inum);
  return 0;
}

const modeOf = (fs: FsState, path: string) => {
  const st = fsStat(fs, fsLookup(fs, '/', path));
  return typeof st === 'number' ? st : st.mode;
};

describe('permission bits', () => {
  it('new files get 0666 and directories 0777 less the umask; open with a mode uses it', () => {
    const fs = makeFs();
    write(fs, '/f', 'x');
    fsMkdir(fs, '/', '/d');
    const fd = fsOpen(fs, '/', '/g', { write: true, create: true, mode: 0o777 });
    fsClose(fs, fd);
    expect(modeOf(fs, '/f')).toBe(0o644);
    expect(modeOf(fs, '/d')).toBe(0o755);
    expect(modeOf(fs, '/g')).toBe(0o755);
    expect(modeOf(fs, '/')).toBe(0o755);
  });

  it("the owner's bits decide reading, writing and searching", () => {
    const fs = makeFs();
    fsMkdir(fs, '/', '/d');
    write(fs, '/d/f', 'secret');
    expect(fsChmod(fs, '/', '/d/f', 0o200)).toBe(0);
    expect(fsOpen(fs, '/', '/d/f', { read: true })).toBe(-EACCES);
    expect(fsAccess(fs, '/', '/d/f', W_OK)).toBe(0);
    expect(fsAccess(fs, '/', '/d/f', R_OK | W_OK)).toBe(-EACCES);
    fsChmod(fs, '/', '/d/f', 0o444);
    expect(fsOpen(fs, '/', '/d/f', { write: true })).toBe(-EACCES);
    const rd = fsOpen(fs, '/', '/d/f', { read: true });
    expect(fsRead(fs, rd, 0, 10)).toBe('secret');
    fsClose(fs, rd);
    // Without x on the directory nothing below it can be reached.
    fsChmod(fs, '/', '/d', 0o644);
    expect(fsLookup(fs, '/', '/d/f')).toBe(-EACCES);
    expect(fsAccess(fs, '/', '/d', R_OK)).toBe(0);
    // Without w on it, no name can be added or removed.
    fsChmod(fs, '/', '/d', 0o555);
    expect(write(fs, '/d/g', 'new')).toBe(-EACCES);
    expect(fsUnlink(fs, '/', '/d/f')).toBe(-EACCES);
    expect(fsMkdir(fs, '/', '/d/e')).toBe(-EACCES);
    expect(fsMknod(fs, '/', '/d/n', 1)).toBe(-EACCES);
    // chmod needs only ownership: the owner can always give the bits back.
    expect(fsChmod(fs, '/', '/d', 0o755)).toBe(0);
    expect(fsUnlink(fs, '/', '/d/f')).toBe(0);
    expect(fsAccess(fs, '/', '/d', X_OK)).toBe(0);
  });

  it('a file O_CREAT makes may be written whatever mode it is given', () => {
    const fs = makeFs();
    const inum = fsOpen(fs, '/', '/ro', { write: true, create: true, mode: 0o444 });
    expect(inum).toBeGreaterThan(0);
    expect(fsWrite(fs, inum, 0, 'ok')).toBe(2);
    fsClose(fs, inum);
    expect(fsOpen(fs, '/', '/ro', { write: true })).toBe(-EACCES);
  });

  it('the mode survives a remount and fsck is clean', () => {
    const fs = makeFs({}, { journal: 'ordered' });
    write(fs, '/f', 'x');
    fsChmod(fs, '/', '/f', 0o4751);
    fsSync(fs);
    const m = mountFs(surviving(fs.dev), { journal: 'ordered' });
    if ('error' in m) throw new Error(m.error);
    expect(modeOf(m, '/f')).toBe(0o4751);
    expect(fsck(m, { repair: false }).findings).toEqual([]);
  });

  it('a version-1 disk (a type byte and a device byte, no mode) is upgraded when mounted', () => {
    const fs = makeFs({}, { journal: 'none' });
    fsMkdir(fs, '/', '/dev');
    fsMknod(fs, '/', '/dev/null', 1);
    write(fs, '/f', 'old');
    fsSync(fs);
    const dev = surviving(fs.dev);
    // Write the inodes back in the old form: byte 0 the type code, byte 1 the device number.
    const { inodeTable, blockSize } = fs.layout;
    for (let b = 0; b < inodeTable.count; b++) {
      let data = dev.blocks[inodeTable.start + b];
      if (!data) continue;
      for (let at = 0; at < blockSize; at += 64) {
        const type = data.charCodeAt(at) & 0xf;
        const rdev = type === 3 ? u32(data, at + 20) : 0;
        data = splice(data, at, String.fromCharCode(type, rdev));
        if (type === 3) data = splice(data, at + 20, encU32(0));
      }
      dev.blocks[inodeTable.start + b] = data;
    }
    const sb = dev.blocks[0];
    const end = 4 + 4 * 14;
    const body = splice(sb.slice(0, end), 4, encU32(1));
    dev.blocks[0] = splice(sb, 0, body + encU32(crc32(body)));
    const m = mountFs(dev, { journal: 'none' });
    if ('error' in m) throw new Error(m.error);
    expect(modeOf(m, '/f')).toBe(0o644);
    expect(modeOf(m, '/dev')).toBe(0o755);
    const null_ = fsStat(m, fsLookup(m, '/', '/dev/null'));
    expect(typeof null_ !== 'number' && [null_.type, null_.rdev, null_.mode]).toEqual(['chardev', 1, 0o666]);
    const rd = fsOpen(m, '/', '/f', { read: true });
    expect(fsRead(m, rd, 0, 10)).toBe('old');
    expect(fsck(m, { repair: false }).findings).toEqual([]);
    expect(u32(m.dev.blocks[0], 4)).toBe(2);
  });
});
