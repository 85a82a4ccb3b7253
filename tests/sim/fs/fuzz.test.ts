import { test } from '@fast-check/vitest';
import fc from 'fast-check';
import { describe, expect } from 'vitest';
import { fsck } from '../../../src/sim/fs/fsck.ts';
import { fsLookup, fsReaddir, mountFs, surviving } from '../../../src/sim/fs/index.ts';
import { blockMap, decodeBlock, directoryTree, inodeTable } from '../../../src/sim/fs/selectors.ts';
import { makeFs } from './helpers.ts';
import { applyOp, snapshot, workloadArb } from './workload.ts';

// Mostly the metadata (bitmaps, inode table, the journal and the first data blocks, where
// the directories live), sometimes anywhere.
const blockArb = fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1, max: 60 }) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 199 }) });
const damageArb = fc.array(fc.record({ block: blockArb, offset: fc.integer({ min: 0, max: 511 }), byte: fc.integer({ min: 0, max: 255 }) }), {
  minLength: 1,
  maxLength: 12,
});

describe('a damaged disk never makes the file system throw', () => {
  test.prop([workloadArb(5, 25), damageArb, fc.constantFrom('none', 'ordered')], { numRuns: 400 })(
    'random bytes changed anywhere but the superblock: mount, views and fsck cope, and a repair leaves a clean file system',
    (ops, damage, journal) => {
      const fs = makeFs({ blocks: 200, inodes: 24, journalBlocks: journal === 'none' ? 0 : 40 }, { journal });
      for (const o of ops) applyOp(fs, o);
      const dev = surviving(fs.dev);
      for (const d of damage) {
        if (d.block >= fs.layout.blocks) continue;
        const old = dev.blocks[d.block] ?? '\0'.repeat(512);
        dev.blocks[d.block] = old.slice(0, d.offset) + String.fromCharCode(d.byte) + old.slice(d.offset + 1);
      }
      const m = mountFs(dev, { journal });
      if ('error' in m) return; // refused in words: fine
      blockMap(m);
      for (let b = 0; b < m.layout.blocks; b += 7) decodeBlock(m, b);
      inodeTable(m);
      directoryTree(m);
      fsLookup(m, '/', '/a/c/x');
      fsReaddir(m, 0);
      fsck(m, { repair: true });
      expect(fsck(m, { repair: false }).findings.map((f) => f.text)).toEqual([]);
      snapshot(m, true);
    },
  );
});
