import { describe, expect, it } from 'vitest';
import { fsClose, fsLink, fsMkdir, fsOpen, fsWrite } from '../../../src/sim/fs/index.ts';
import { blockMap, decodeBlock, directoryTree, inodeTable, journalView, lastOperation, openFilesView } from '../../../src/sim/fs/selectors.ts';
import { applyInput } from '../../../src/sim/kernel/kernel.ts';
import * as sys from '../../../src/sim/libc/sys.ts';
import { createMachine, runTo } from '../../../src/sim/machine/machine.ts';
import { PROGRAMS } from '../../../src/sim/machine/programs.ts';
import { makeFs } from './helpers.ts';

function sample() {
  const fs = makeFs();
  fsMkdir(fs, '/', '/d');
  const inum = fsOpen(fs, '/', '/d/f', { write: true, create: true });
  fsWrite(fs, inum, 0, 'Hi\n');
  fsClose(fs, inum);
  fsLink(fs, '/', '/d/f', '/g');
  return fs;
}

describe('file-system view selectors', () => {
  it('never change the state they read', () => {
    const fs = sample();
    const before = JSON.stringify(fs);
    blockMap(fs);
    for (let b = 0; b < fs.layout.blocks; b++) decodeBlock(fs, b);
    inodeTable(fs);
    directoryTree(fs);
    journalView(fs);
    expect(JSON.stringify(fs)).toBe(before);
  });

  it('the block map gives every block its region and state, and marks what the last operation touched', () => {
    const fs = sample();
    const cells = blockMap(fs);
    expect(cells).toHaveLength(64);
    expect(cells[0]).toMatchObject({ region: 'super', state: 'used' });
    expect(cells[fs.layout.journal.start + 1]).toMatchObject({ region: 'journal', state: 'journal' });
    expect(cells[fs.layout.data.start + 1]).toMatchObject({ region: 'data', state: 'dirty', cached: true });
    expect(cells[fs.layout.data.start + 5]).toMatchObject({ region: 'data', state: 'free', touched: null });
    expect(cells.filter((c) => c.touched !== null).length).toBeGreaterThan(0);
    expect(lastOperation(fs).op).toBe('link /d/f /g');
  });

  it('decodes each kind of block', () => {
    const fs = sample();
    const l = fs.layout;
    expect(decodeBlock(fs, 0)).toMatchObject({ kind: 'superblock', layout: { blocks: 64 }, problem: null });
    const ibits = decodeBlock(fs, l.inodeBitmap.start);
    expect(ibits.kind === 'bitmap' && ibits.bits.slice(0, 4)).toEqual([1, 1, 1, 0]);
    const inodes = decodeBlock(fs, l.inodeTable.start);
    expect(inodes.kind === 'inodes' && inodes.inodes[2]).toMatchObject({ inum: 2, type: 'file', nlink: 2, size: 3 });
    expect(decodeBlock(fs, l.journal.start)).toMatchObject({ kind: 'journal-super' });
    const firstLive = journalView(fs).committed[0];
    expect(decodeBlock(fs, l.journal.start + 1)).toMatchObject({ kind: 'journal-descriptor', seq: firstLive.seq, blocks: firstLive.blocks });
    expect(decodeBlock(fs, l.journal.start + firstLive.length)).toMatchObject({ kind: 'journal-commit', seq: firstLive.seq });
    expect(decodeBlock(fs, l.data.start)).toMatchObject({
      kind: 'directory',
      owner: 0,
      entries: [
        { name: '.', inum: 0 },
        { name: '..', inum: 0 },
        { name: 'd', inum: 1 },
        { name: 'g', inum: 2 },
      ],
    });
    const file = decodeBlock(fs, l.data.start + 2);
    expect(file).toMatchObject({ kind: 'file-data', owner: 2 });
    expect(file.kind === 'file-data' && [file.hex.slice(0, 6), file.text.slice(0, 3)]).toEqual(['48690a', 'Hi.']);
  });

  it('the inode table, the directory tree and the journal', () => {
    const fs = sample();
    expect(inodeTable(fs).map((r) => [r.inum, r.type, r.nlink])).toEqual([
      [0, 'dir', 3],
      [1, 'dir', 2],
      [2, 'file', 2],
    ]);
    const tree = directoryTree(fs);
    expect(tree.children.map((c) => c.path)).toEqual(['/d', '/g']);
    expect(tree.children[0].children.map((c) => [c.path, c.inum])).toEqual([['/d/f', 2]]);
    const j = journalView(fs);
    expect(j).toMatchObject({ mode: 'ordered', capacity: 20, running: { blocks: [], ops: 0 } });
    expect(j.committed.map((t) => t.seq)).toEqual(j.committed.map((_t, i) => j.committed[0].seq + i));
  });

  it('the three levels: fd tables point into the open-file table, which points at in-memory inodes', () => {
    let fds: number[] = [];
    const m = createMachine({ login: null }, {
      ...PROGRAMS,
      t: function* () {
        const fd = yield* sys.open('/tmp/x', { write: true, create: true });
        fds = [fd, yield* sys.dup(fd)];
        yield* sys.sleep(100);
        return 0;
      },
    });
    applyInput(m.state, m.rt, { kind: 'spawn', request: { program: 't', argv: ['t'] } });
    runTo(m, 20);
    const v = openFilesView(m.state, m.state.fs);
    const t = v.fdTables.find((p) => p.name === 't');
    const file = v.files.find((f) => f.kind === 'file');
    expect(t?.fds.filter((e) => fds.includes(e.fd)).map((e) => e.file)).toEqual([file?.id, file?.id]);
    expect(file).toMatchObject({ refs: 2, mode: '-w-', offset: 0 });
    expect(v.inodes).toEqual([{ inum: file?.inum, refs: 1, nlink: 1, type: 'file' }]);
  });
});
