import { test } from '@fast-check/vitest';
import fc from 'fast-check';
import { describe, expect } from 'vitest';
import { computeLayout, fsClose, fsOpen, fsRename, fsTruncate, fsUnlink, fsWrite } from '../../../src/sim/fs/index.ts';
import { fsck } from '../../../src/sim/fs/fsck.ts';
import { minJournalBlocks } from '../../../src/sim/fs/layout.ts';
import { makeFs } from './helpers.ts';

describe('the smallest journal mkfs allows still fits every operation', () => {
  const bigOp = fc.oneof(
    fc.record({ kind: fc.constant('write' as const), file: fc.integer({ min: 0, max: 3 }), offset: fc.integer({ min: 0, max: 60000 }), len: fc.integer({ min: 1, max: 20000 }) }),
    fc.record({ kind: fc.constant('unlink' as const), file: fc.integer({ min: 0, max: 3 }) }),
    fc.record({ kind: fc.constant('truncate' as const), file: fc.integer({ min: 0, max: 3 }), size: fc.integer({ min: 0, max: 30000 }) }),
    fc.record({ kind: fc.constant('rename' as const), file: fc.integer({ min: 0, max: 3 }), to: fc.integer({ min: 0, max: 3 }) }),
  );
  test.prop([fc.constantFrom('ordered', 'data'), fc.constantFrom(128, 512), fc.array(bigOp, { minLength: 5, maxLength: 30 })], { numRuns: 60 })(
    'large writes, truncates, unlinks and renames over big files never overflow the log',
    (journal, blockSize, ops) => {
      const probe = computeLayout({ blockSize, blocks: 2000, inodes: 16, journalBlocks: 0 });
      if ('error' in probe) throw new Error(probe.error);
      const fs = makeFs({ blockSize, blocks: 2000, inodes: 16, journalBlocks: minJournalBlocks(probe) }, { journal, cacheBlocks: 16 });
      for (const o of ops) {
        const path = `/f${o.file}`;
        if (o.kind === 'write') {
          const inum = fsOpen(fs, '/', path, { write: true, create: true });
          fsWrite(fs, inum, o.offset, 'w'.repeat(o.len));
          fsClose(fs, inum);
        } else if (o.kind === 'truncate') {
          const inum = fsOpen(fs, '/', path, { write: true, create: true });
          fsTruncate(fs, inum, o.size);
          fsClose(fs, inum);
        } else if (o.kind === 'unlink') fsUnlink(fs, '/', path);
        else fsRename(fs, '/', path, `/f${o.to}`);
      }
      expect(fs.journal.overflows).toBe(0);
      expect(fsck(fs, { repair: false }).findings.map((f) => f.text)).toEqual([]);
    },
  );
});
