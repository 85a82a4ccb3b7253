import { test } from '@fast-check/vitest';
import fc from 'fast-check';
import { describe, expect } from 'vitest';
import { fsClose, fsOpen, fsRead, fsReaddir, fsTruncate, fsWrite, type FsState, mkfs, mountFs, surviving } from '../../../src/sim/fs/index.ts';
import { fsck } from '../../../src/sim/fs/fsck.ts';
import { applyOp, snapshot, workloadArb } from './workload.ts';

const modes = ['none', 'ordered', 'data'] as const;

function fresh(journal: (typeof modes)[number], commitEvery = 1): FsState {
  const fs = mkfs({ blockSize: 512, blocks: 160, inodes: 24, journalBlocks: journal === 'none' ? 0 : 40 }, { journal, commitEvery, cacheBlocks: 16 });
  if ('error' in fs) throw new Error(fs.error);
  return fs;
}

describe('file-system properties', () => {
  test.prop([fc.constantFrom(...modes), fc.integer({ min: 1, max: 4 }), workloadArb()], { numRuns: 150 })(
    'after any sequence of operations fsck finds nothing, and link counts equal directory references',
    (mode, commitEvery, ops) => {
      const fs = fresh(mode, commitEvery);
      for (const o of ops) applyOp(fs, o);
      expect(fsck(fs, { repair: false }).findings.map((f) => f.text)).toEqual([]);
      // Link counts equal the directory entries that name each inode ("." and ".." included).
      const refs: Record<number, number> = {};
      const tree = snapshot(fs, false);
      for (const node of Object.values(tree)) {
        if (node.type !== 'dir') continue;
        const entries = fsReaddir(fs, node.ino);
        if (typeof entries === 'number') throw new Error('readdir failed');
        for (const e of entries) refs[e.inum] = (refs[e.inum] ?? 0) + 1;
      }
      for (const node of Object.values(tree)) expect(node.nlink).toBe(refs[node.ino]);
      expect(fs.journal.overflows).toBe(0);
    },
  );

  test.prop([fc.constantFrom(...modes), workloadArb()], { numRuns: 100 })(
    'what sync wrote is what a fresh mount reads',
    (mode, ops) => {
      const fs = fresh(mode);
      for (const o of ops) applyOp(fs, o);
      const before = snapshot(fs, true);
      const m = mountFs(surviving(fs.dev), { journal: mode });
      if ('error' in m) throw new Error(m.error);
      // Everything committed is on the disk (in the log or at home) even without a sync.
      if (mode !== 'none') expect(snapshot(m, true)).toEqual(before);
    },
  );

  const edit = fc.oneof(
    fc.record({ kind: fc.constant('write' as const), offset: fc.integer({ min: 0, max: 9000 }), data: fc.string({ unit: fc.integer({ min: 0, max: 255 }).map((c) => String.fromCharCode(c)), maxLength: 2500 }) }),
    fc.record({ kind: fc.constant('truncate' as const), size: fc.integer({ min: 0, max: 9000 }) }),
  );

  test.prop([fc.constantFrom(...modes), fc.array(edit, { maxLength: 25 })], { numRuns: 150 })(
    "a file's contents read back equal what was written (holes read as zeros)",
    (mode, edits) => {
      const fs = fresh(mode);
      const inum = fsOpen(fs, '/', '/f', { write: true, read: true, create: true });
      let model = '';
      for (const e of edits) {
        if (e.kind === 'write') {
          const n = fsWrite(fs, inum, e.offset, e.data);
          if (n <= 0) continue; // the small disk may fill up; an empty write changes nothing
          const padded = model.length < e.offset ? model + '\0'.repeat(e.offset - model.length) : model;
          model = padded.slice(0, e.offset) + e.data.slice(0, n) + padded.slice(e.offset + n);
        } else {
          expect(fsTruncate(fs, inum, e.size)).toBe(0);
          model = model.length > e.size ? model.slice(0, e.size) : model + '\0'.repeat(e.size - model.length);
        }
        expect(fsRead(fs, inum, 0, model.length + 10)).toBe(model);
      }
      fsClose(fs, inum);
      expect(fsck(fs, { repair: false }).clean).toBe(true);
    },
  );
});
