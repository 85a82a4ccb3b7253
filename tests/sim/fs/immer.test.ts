import { enablePatches, produceWithPatches } from 'immer';
import { describe, expect, it } from 'vitest';
import { fsck } from '../../../src/sim/fs/fsck.ts';
import { fsClose, fsLookup, fsMkdir, fsOpen, fsRead, fsWrite } from '../../../src/sim/fs/index.ts';
import { createMachine } from '../../../src/sim/machine/machine.ts';

enablePatches();

describe('the file system under immer, as the host runs it', () => {
  it('operations, fsck and its repairs work on a draft and give small patches', () => {
    const m = createMachine({ login: null });
    const [afterMkdir, patches] = produceWithPatches(m.state, (d) => {
      fsMkdir(d.fs, '/', '/tmp/work');
    });
    expect(patches.length).toBeLessThan(80);
    expect(patches.every((p) => p.path[0] === 'fs')).toBe(true);
    const [afterWrite, writePatches] = produceWithPatches(afterMkdir, (d) => {
      const inum = fsOpen(d.fs, '/', '/tmp/work/f', { write: true, create: true });
      fsWrite(d.fs, inum, 0, 'through a draft');
      fsClose(d.fs, inum);
    });
    // A block write is one patch of one string, not a patch per byte.
    const blockPatches = writePatches.filter((p) => p.path[1] === 'cache' && p.path[3] !== undefined && p.path[4] === 'data');
    expect(blockPatches.every((p) => typeof p.value === 'string')).toBe(true);
    const [repaired] = produceWithPatches(afterWrite, (d) => {
      expect(fsck(d.fs, { repair: true }).findings).toEqual([]);
    });
    const copy = JSON.parse(JSON.stringify(repaired.fs));
    expect(fsRead(copy, fsLookup(copy, '/', '/tmp/work/f'), 0, 100)).toBe('through a draft');
    expect(Object.isFrozen(afterWrite.fs.cache)).toBe(true);
  });
});
