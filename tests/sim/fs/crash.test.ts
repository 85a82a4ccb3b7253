import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { JournalMode } from '../../../src/sim/abi/fs.ts';
import { seedRng } from '../../../src/sim/base/rng.ts';
import { fsck } from '../../../src/sim/fs/fsck.ts';
import { crashAtRandom, crashAtWrite, type FsState, mkfs, mountFs, surviving } from '../../../src/sim/fs/index.ts';
import { applyOp, type NodeView, snapshot, type WorkOp, workloadArb } from './workload.ts';

/**
 * Crash consistency, exhaustively: for each random workload, crash at every block write in
 * turn (the write and all later ones are lost), mount (which replays the journal), and
 * check that the file system is consistent and holds exactly the operations whose commit
 * block reached the disk. Without a journal, fsck must repair whatever the crash left.
 */

const tried: Record<string, number> = {};
afterAll(() => {
  const total = Object.values(tried).reduce((a, b) => a + b, 0);
  console.log(`crash points tried: ${total} (${Object.entries(tried).map(([k, v]) => `${k} ${v}`).join(', ')})`);
});

function fresh(journal: JournalMode, commitEvery: number): FsState {
  const fs = mkfs({ blockSize: 512, blocks: 128, inodes: 24, journalBlocks: journal === 'none' ? 0 : 32 }, { journal, commitEvery, cacheBlocks: 12 });
  if ('error' in fs) throw new Error(fs.error);
  return fs;
}

/**
 * The uncrashed run: each durable point (the write number of a commit block) and the tree
 * it promises. A commit seen after a call captured the tree after that call when nothing is
 * left running, and the tree before it when the call's own changes are still uncommitted
 * (the commit made room for the call, in group commit).
 */
function reference(mode: JournalMode, commitEvery: number, ops: WorkOp[], content: boolean) {
  const fs = fresh(mode, commitEvery);
  const start = fs.dev.writes;
  let previous = snapshot(fs, content);
  const durable: { write: number; tree: Record<string, NodeView> }[] = [{ write: -1, tree: previous }];
  const step = () => {
    const now = snapshot(fs, content);
    const commit = fs.journal.lastCommitWrite;
    if (commit !== durable[durable.length - 1].write) {
      const settled = fs.journal.runningCount === 0 && fs.journal.revokedCount === 0;
      durable.push({ write: commit, tree: settled ? now : previous });
    }
    previous = now;
  };
  for (const o of ops) applyOp(fs, o, step);
  expect(fs.journal.overflows).toBe(0);
  return { start, end: fs.dev.writes, durable };
}

function crashedDisk(mode: JournalMode, commitEvery: number, ops: WorkOp[], at: number) {
  const fs = fresh(mode, commitEvery);
  crashAtWrite(fs.dev, at);
  for (const o of ops) {
    if (fs.dev.crashed) break;
    applyOp(fs, o);
  }
  return surviving(fs.dev);
}

function workloads(seed: number, n: number): WorkOp[][] {
  return fc.sample(workloadArb(10, 30), { seed, numRuns: n });
}

describe('crash at every block write', () => {
  for (const [mode, commitEvery, seed] of [
    ['data', 1, 11],
    ['data', 3, 12],
    ['ordered', 1, 13],
    ['ordered', 2, 14],
  ] as const) {
    it(`${mode} journaling, ${commitEvery} op(s) per transaction: recovery keeps exactly the committed operations`, () => {
      const content = mode === 'data';
      for (const ops of workloads(seed, 10)) {
        const ref = reference(mode, commitEvery, ops, content);
        for (let at = ref.start; at < ref.end; at++) {
          const m = mountFs(crashedDisk(mode, commitEvery, ops, at), { journal: mode });
          if ('error' in m) throw new Error(`crash at ${at}: ${m.error}`);
          const check = fsck(m, { repair: false });
          expect(check.findings.map((f) => f.text), `crash at write ${at}`).toEqual([]);
          const promised = ref.durable.filter((d) => d.write < at).pop()!;
          expect(snapshot(m, content), `crash at write ${at}`).toEqual(promised.tree);
          tried[mode] = (tried[mode] ?? 0) + 1;
        }
      }
    });
  }

  it('without a journal, fsck repairs whatever a crash leaves, and a second fsck finds nothing', () => {
    let repaired = 0;
    for (const ops of workloads(21, 40)) {
      const ref = reference('none', 1, ops, false);
      for (let at = ref.start; at < ref.end; at++) {
        const m = mountFs(crashedDisk('none', 1, ops, at), { journal: 'none' });
        if ('error' in m) throw new Error(`crash at ${at}: ${m.error}`);
        const first = fsck(m, { repair: true });
        if (!first.clean) repaired++;
        expect(fsck(m, { repair: false }).findings.map((f) => f.text), `crash at write ${at}`).toEqual([]);
        tried.none = (tried.none ?? 0) + 1;
      }
    }
    console.log(`without a journal, ${repaired} crash points needed repairs`);
  });

  it('a crash at a random write (seeded) is recovered the same way, and the seed decides the write', () => {
    const ops = workloads(31, 1)[0];
    const points: number[] = [];
    for (const seed of [1, 2, 3, 1]) {
      const fs = fresh('ordered', 1);
      points.push(crashAtRandom(fs.dev, seedRng(seed), 200));
      for (const o of ops) applyOp(fs, o);
      const m = mountFs(surviving(fs.dev), { journal: 'ordered' });
      if ('error' in m) throw new Error(m.error);
      expect(fsck(m, { repair: false }).clean).toBe(true);
    }
    expect(points[3]).toBe(points[0]);
    expect(new Set(points).size).toBeGreaterThan(1);
  });
});
