import { describe, expect, it } from 'vitest';
import { Session } from '../../src/main/session.ts';
import { dirAdd } from '../../src/sim/fs/dir.ts';
import { encodeImage } from '../../src/sim/fs/image.ts';
import { fsLookup } from '../../src/sim/fs/index.ts';
import { readInode, writeInode } from '../../src/sim/fs/inode.ts';
import { syncAll, txBegin, txEnd } from '../../src/sim/fs/journal.ts';
import { ROOT_INUM } from '../../src/sim/fs/layout.ts';
import { createMachine, runTo, screen, type } from '../../src/sim/machine/machine.ts';

const text = (s: Session) => screen({ state: s.current, rt: { programs: {}, runs: new Map() } });

/**
 * A disk whose checksums are all right but whose tree is not: /a/b holds an entry that
 * names the root, so the tree has a cycle. The image codec cannot see that; only a check
 * of the structure can.
 */
function imageWithCycle(): string {
  const m = createMachine();
  type(m, 'mkdir /a /a/b; sync\n');
  runTo(m, 60);
  const fs = m.state.fs;
  const b = fsLookup(fs, '/', '/a/b');
  expect(b).toBeGreaterThan(0);
  txBegin(fs, 8, 0);
  const ino = readInode(fs, b);
  expect(dirAdd(fs, ino, 'up', ROOT_INUM)).toBe(0);
  writeInode(fs, b, ino);
  txEnd(fs);
  syncAll(fs);
  return encodeImage(fs.dev);
}

describe('a crafted disk image', () => {
  it('with right checksums but a damaged tree is loaded with the same warning as a damaged one', () => {
    const s = new Session();
    const r = s.loadDiskImage(imageWithCycle(), 'crafted');
    expect(r).toMatchObject({ ok: true, problem: expect.stringMatching(/fsck/) });
  });

  it('a directory cycle does not make ls -R walk forever: it is reported and the shell carries on', () => {
    const s = new Session();
    s.loadDiskImage(imageWithCycle(), 'crafted');
    s.ttyInput('ls -R /; echo done-listing\n');
    s.step(400);
    const out = text(s);
    expect(out).toContain('not listing already-listed directory');
    expect(out).toContain('done-listing');
  });
});
