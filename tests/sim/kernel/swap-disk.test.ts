import { describe, expect, it } from 'vitest';
import { logItems } from '../../../src/sim/base/ringlog.ts';
import { fsck } from '../../../src/sim/fs/fsck.ts';
import { blockMap } from '../../../src/sim/fs/selectors.ts';
import { createMachine, runTo } from '../../../src/sim/machine/machine.ts';
import { checkVm } from '../../../src/sim/vm/check.ts';
import { swapBlockInUse } from '../../../src/sim/vm/swap.ts';

/**
 * Swap lives on the simulated disk: a partition after the file system's last block. Pages
 * written out are blocks on the device, a swap-in reads them back (and blocks the process
 * for the disk), fsck leaves the partition alone, and the block map shows it.
 */
function thrashing() {
  // Four frames of 1 KB and a process writing six pages in a loop: pages must go to swap and come back.
  const m = createMachine({ seed: 3, login: null, vm: { pageSize: 1024, physMemSize: 4096, swapSlots: 16, codePages: 1, stackPages: 1 } });
  runTo(m, 1, [{ tick: 0, kind: 'spawn', request: { program: 'memtouch', argv: ['memtouch', '-p', 'loop', '-k', '6', '-n', '60', '-w'] } }]);
  return m;
}

describe('the swap partition on the disk', () => {
  it('sits after the file system: the device grows by a page’s blocks per slot', () => {
    const m = thrashing();
    const fs = m.state.fs;
    // 1 KB pages in 512-byte blocks: two blocks per slot.
    expect(fs.dev.blockCount).toBe(fs.layout.blocks + 16 * 2);
  });

  it('writes evicted pages to the partition’s blocks and reads them back, as disk I/O', () => {
    const m = thrashing();
    const fs = m.state.fs;
    const before = { reads: fs.dev.reads, writes: fs.dev.writes };
    let sawSwapTrace = false;
    let sawPartitionWrite = false;
    for (let t = 0; t < 100; t++) {
      runTo(m, m.state.tick + 5);
      if (m.state.fs.trace.op.startsWith('swap I/O')) {
        sawSwapTrace = true;
        if (m.state.fs.trace.io.some((r) => r.block >= fs.layout.blocks && r.disk)) sawPartitionWrite = true;
      }
      expect(checkVm(m.state.vm)).toEqual([]);
    }
    expect(m.state.vm.swap.writes).toBeGreaterThan(0);
    expect(m.state.vm.swap.reads).toBeGreaterThan(0);
    expect(m.state.fs.dev.writes - before.writes).toBeGreaterThanOrEqual(m.state.vm.swap.writes * 2);
    expect(m.state.fs.dev.reads - before.reads).toBeGreaterThanOrEqual(m.state.vm.swap.reads * 2);
    expect(sawSwapTrace).toBe(true);
    expect(sawPartitionWrite).toBe(true);
    // The pages memtouch wrote are bytes on the device, past the file system.
    const stored = Object.keys(m.state.fs.dev.blocks).map(Number).filter((b) => b >= fs.layout.blocks);
    expect(stored.length).toBeGreaterThan(0);
    // Each swap-in blocked memtouch for the disk: I/O slices on the Gantt trace.
    expect(logItems(m.state.trace).some((s) => s.kind === 'io' && s.why.includes('swap-in'))).toBe(true);
  });

  it('is no business of fsck: a disk with pages in swap checks clean', () => {
    const m = thrashing();
    runTo(m, 200);
    expect(m.state.vm.swap.used).toBeGreaterThan(0);
    const r = fsck(m.state.fs, { repair: false });
    expect(r.findings).toEqual([]);
    expect(r.beyond).toEqual({ start: m.state.fs.layout.blocks, count: 32 });
  });

  it('shows in the block map as the swap region, in use where a slot is', () => {
    const m = thrashing();
    runTo(m, 200);
    const fs = m.state.fs;
    const vm = m.state.vm;
    const cells = blockMap(fs, (b) => swapBlockInUse(vm, fs.dev.blockSize, b - fs.layout.blocks));
    const swap = cells.filter((c) => c.region === 'swap');
    expect(swap.length).toBe(32);
    const used = swap.filter((c) => c.state === 'used').length;
    expect(used).toBe(vm.swap.used * 2);
  });
});
