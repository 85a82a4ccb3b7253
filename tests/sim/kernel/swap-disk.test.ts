import { describe, expect, it } from 'vitest';
import { logItems } from '../../../src/sim/base/ringlog.ts';
import { fsck } from '../../../src/sim/fs/fsck.ts';
import { blockMap } from '../../../src/sim/fs/selectors.ts';
import { createMachine, runTo } from '../../../src/sim/machine/machine.ts';
import { checkVm } from '../../../src/sim/vm/check.ts';
import { decodePartitionTable, PART_FS, PART_SWAP } from '../../../src/sim/base/partition.ts';
import { swapExtent, tableExtent } from '../../../src/sim/kernel/swap-disk.ts';
import { decodeSwapHeader, encodeSwapHeader, swapBlockInUse } from '../../../src/sim/vm/swap.ts';

/**
 * Swap lives on the simulated disk: a partition after the file system's last block, with
 * mkswap's header in its first page and the disk's partition table at its end. Pages
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
  it('sits after the file system: the device grows by a page’s blocks per slot, a header and the partition table', () => {
    const m = thrashing();
    const fs = m.state.fs;
    // 1 KB pages in 512-byte blocks: two blocks per slot, a slot's worth of header, one block of table.
    expect(fs.dev.blockCount).toBe(fs.layout.blocks + (16 + 1) * 2 + 1);
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
    expect(r.beyond).toEqual({ start: m.state.fs.layout.blocks, count: 35 });
  });

  it('shows in the block map as the swap region, in use where a slot is', () => {
    const m = thrashing();
    runTo(m, 200);
    const fs = m.state.fs;
    const vm = m.state.vm;
    const cells = blockMap(fs, (b) => swapBlockInUse(vm, fs.dev.blockSize, b - fs.layout.blocks));
    const swap = cells.filter((c) => c.region === 'swap');
    expect(swap.length).toBe(35);
    // In use: the header's two blocks, each slot's two, and the table's one.
    const used = swap.filter((c) => c.state === 'used').length;
    expect(used).toBe(2 + vm.swap.used * 2 + 1);
  });

  it('has a partition table and a swap header the kernel checks at boot', () => {
    const m = thrashing();
    const fs = m.state.fs;
    const swap = swapExtent(fs, m.state.vm);
    const table = tableExtent(fs, m.state.vm);
    expect(table.start).toBe(fs.dev.blockCount - 1);
    expect(decodePartitionTable(fs.dev.blocks[table.start])).toEqual([
      { type: PART_FS, start: 0, blocks: fs.layout.blocks },
      { type: PART_SWAP, start: swap.start, blocks: 34 },
    ]);
    const header = fs.dev.blocks[swap.start] + fs.dev.blocks[swap.start + 1];
    expect(header.endsWith('SWAPSPACE2')).toBe(true);
    expect(decodeSwapHeader(header, 16)).toEqual({ version: 1, lastPage: 16, bad: [] });
    expect(m.state.vm.swap.header).toEqual({ version: 1, lastPage: 16, bad: [] });
    expect(m.state.vm.swap.problem).toBeNull();
    // Making the disk counted no writes: the crash tests number writes from the device's birth.
    expect(createMachine({ seed: 3, login: null }).state.fs.dev.writes).toBe(createMachine({ seed: 3, login: null, vm: { swapSlots: 0 } }).state.fs.dev.writes);
  });

  it('runs without swap, and says why, when the header is corrupt after a power cycle', () => {
    const m = thrashing();
    runTo(m, 40);
    const fs = m.state.fs;
    const swap = swapExtent(fs, m.state.vm);
    fs.dev.blocks[swap.start + 1] = 'x'.repeat(fs.dev.blockSize); // the magic's block
    runTo(m, 41, [{ tick: 40, kind: 'disk', action: { action: 'power-cycle' } }]);
    const log = logItems(m.state.log).map((l) => l.text);
    expect(log).toContainEqual(expect.stringContaining('swap: the swap header at block'));
    expect(log).toContainEqual(expect.stringContaining('no swap signature (SWAPSPACE2 is missing'));
    expect(log).toContainEqual(expect.stringContaining('running without swap'));
    expect(m.state.vm.swap.refs.length).toBe(0);
    expect(m.state.vm.swap.problem).toContain('corrupt');
    // A process that needs swap is killed for want of it; the machine carries on.
    runTo(m, 400, [{ tick: 41, kind: 'spawn', request: { program: 'memtouch', argv: ['memtouch', '-p', 'loop', '-k', '6', '-n', '60', '-w'] } }]);
    expect(logItems(m.state.log).map((l) => l.text)).toContainEqual(expect.stringContaining('out of memory and swap'));
    expect(checkVm(m.state.vm)).toEqual([]);
  });

  it('runs without swap when the partition table is gone, and never uses a slot the header lists as bad', () => {
    const m = thrashing();
    const fs = m.state.fs;
    const table = tableExtent(fs, m.state.vm);
    fs.dev.blocks[table.start] = '\0'.repeat(fs.dev.blockSize);
    const now = m.state.tick;
    runTo(m, now + 1, [{ tick: now, kind: 'disk', action: { action: 'power-cycle' } }]);
    expect(m.state.vm.swap.problem).toContain('0x55AA signature is missing');

    const n = createMachine({ seed: 3, login: null, vm: { pageSize: 1024, physMemSize: 4096, swapSlots: 16 } });
    const swap = swapExtent(n.state.fs, n.state.vm);
    const page = encodeSwapHeader({ version: 1, lastPage: 16, bad: [0, 1, 2] }, 1024);
    n.state.fs.dev.blocks[swap.start] = page.slice(0, 512);
    n.state.fs.dev.blocks[swap.start + 1] = page.slice(512);
    runTo(n, 1, [{ tick: 0, kind: 'disk', action: { action: 'power-cycle' } }]);
    expect(n.state.vm.swap.header?.bad).toEqual([0, 1, 2]);
    runTo(n, 300, [{ tick: 1, kind: 'spawn', request: { program: 'memtouch', argv: ['memtouch', '-p', 'loop', '-k', '6', '-n', '60', '-w'] } }]);
    expect(n.state.vm.swap.writes).toBeGreaterThan(0);
    expect(n.state.vm.swap.owner.slice(0, 3)).toEqual([-1, -1, -1]);
    expect(n.state.vm.swap.owner.slice(3).some((o) => o >= 0)).toBe(true);
  });
});
