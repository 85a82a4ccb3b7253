import { describe, expect, it } from 'vitest';
import { fsck } from '../../../src/sim/fs/fsck.ts';
import { type FsState, fsLookup, fsRead, fsReaddir } from '../../../src/sim/fs/index.ts';
import { createDisk } from '../../../src/sim/kernel/fs-boot.ts';
import { createMachine, runTo, screen, type } from '../../../src/sim/machine/machine.ts';
import { PROGRAMS } from '../../../src/sim/machine/programs.ts';

const SESSION_DISK = { geometry: { blocks: 4096, inodes: 1024, journalBlocks: 64 } };

/** The names in /bin, without . and .. */
function binNames(fs: FsState): string[] {
  const listed = fsReaddir(fs, fsLookup(fs, '/', '/bin'));
  if (typeof listed === 'number') throw new Error(`readdir /bin failed: ${listed}`);
  return listed.map((e) => e.name).filter((n) => n !== '.' && n !== '..');
}

describe('the boot disk', () => {
  it('/bin holds one file per program, naming it, and fsck finds the disk clean', () => {
    const names = Object.keys(PROGRAMS);
    const { fs, problem } = createDisk(SESSION_DISK, names);
    expect(problem).toBeNull();
    expect(binNames(fs).sort()).toEqual([...names].sort());
    const inum = fsLookup(fs, '/', '/bin/grep');
    expect(fsRead(fs, inum, 0, 200)).toBe('grep: a program built into the kernel; type its name to run it\n');
    expect(fsck(fs, { repair: false }).findings).toEqual([]);
  });

  it('a small teaching disk keeps /bin empty rather than filling up with program names', () => {
    const { fs } = createDisk(undefined, Object.keys(PROGRAMS));
    expect(binNames(fs)).toEqual([]);
    expect(fsck(fs, { repair: false }).clean).toBe(true);
  });

  it('`ls /bin` in the interactive session lists the programs the shell runs', () => {
    const m = createMachine({ login: { program: 'sh', argv: ['sh'] }, disk: SESSION_DISK });
    runTo(m, 5);
    type(m, 'ls /bin\n');
    runTo(m, 400);
    const out = screen(m);
    for (const name of ['cat', 'grep', 'ls', 'philosophers', 'wc']) expect(out).toMatch(new RegExp(`(^|\\s)${name}(\\s|$)`, 'm'));
  });
});
