import { describe, expect, it } from 'vitest';
import { pagingLab } from '../../../src/sim/labs/paging.ts';
import { resolveVmConfig, type VmConfigInput } from '../../../src/sim/vm/config.ts';
import { access, writeByte } from '../../../src/sim/vm/mmu.ts';
import { tlbHitRate } from '../../../src/sim/abi/vm.ts';
import { accessBreakdown, clockHand, frameRows, pageRows, probeAccess, tableTree, tlbRows, vmCounters, vmSeries } from '../../../src/sim/vm/selectors.ts';
import { createSpace, createVm, sbrk } from '../../../src/sim/vm/space.ts';
import type { VmState } from '../../../src/sim/vm/types.ts';

function vmWith(input: VmConfigInput): VmState {
  const c = resolveVmConfig(input);
  if ('error' in c) throw new Error(c.error);
  return createVm(c);
}
const draw = (n: number) => n - 1;

describe('the Virtual memory view selectors', () => {
  it('show each page, the frames with their owners and bits, and the TLB', () => {
    // Six frames: the first fault brings the page table into four (16 entries of 4 bytes), two are left for pages.
    const vm = vmWith({ pageSize: 16, addressSpaceSize: 256, physMemSize: 96, codePages: 1, stackPages: 1, policy: 'CLOCK' });
    createSpace(vm, 7);
    sbrk(vm, 7, 3);
    for (const va of [32, 48, 64]) writeByte(vm, access(vm, 7, va, 'w', draw), 1);
    const rows = pageRows(vm, 7);
    expect(rows.map((r) => r.state).slice(0, 6)).toEqual(['invalid', 'untouched', 'swapped', 'resident', 'resident', 'invalid']);
    expect(rows[2]).toMatchObject({ region: 'heap', slot: 0, prot: 'rw-' });
    expect(frameRows(vm).map((f) => [f.owners, f.vpn, f.dirty, f.table])).toEqual([
      [[7], -1, false, 0],
      [[7], -1, false, 0],
      [[7], -1, false, 0],
      [[7], -1, false, 0],
      [[7], 4, true, null],
      [[7], 3, true, null],
    ]);
    expect(clockHand(vm)).toBe(5);
    // A probe says what an access would do and changes nothing.
    const hits = vm.tlb.hits + vm.tlb.misses;
    expect(probeAccess(vm, 7, 32)?.outcome).toBe('would-major');
    expect(probeAccess(vm, 7, 16)?.outcome).toBe('would-minor');
    expect(probeAccess(vm, 7, 0)?.outcome).toBe('would-segv');
    expect(probeAccess(vm, 7, 64 + 3)).toMatchObject({ outcome: 'hit', tlbHit: true, pa: 4 * 16 + 3 });
    expect(vm.tlb.hits + vm.tlb.misses).toBe(hits);
    // Page 2's entry was dropped when it was evicted, and page 4 took its slot.
    expect(tlbRows(vm).filter((r) => r.valid).map((r) => [r.pid, r.vpn])).toEqual([
      [7, 4],
      [7, 3],
    ]);
  });

  it('take the last access apart: VPN and offset bits, the walk, the physical address', () => {
    const vm = vmWith({ scheme: 'multilevel', levels: 2, pageSize: 16, addressSpaceSize: 256, physMemSize: 64, codePages: 1, stackPages: 1, tlb: { entries: 0 } });
    createSpace(vm, 1);
    sbrk(vm, 1, 1);
    access(vm, 1, 0x25, 'r', draw);
    const a = accessBreakdown(vm);
    expect(a?.fields).toEqual([
      { name: 'PD index', bits: '00', value: 0 },
      { name: 'PT index', bits: '10', value: 2 },
      { name: 'offset', bits: '0101', value: 5 },
    ]);
    expect(a?.walk.map((w) => [w.level, w.valid])).toEqual([
      [0, true],
      [1, true],
    ]);
    // The directory and the table on the way came into memory first, in frames 0 and 1.
    expect(frameRows(vm).map((f) => f.table)).toEqual([0, 1, null, null]);
    expect(a?.pa).toBe(2 * 16 + 5);
    // The tree: the directory and only the tables something maps into (stack's and code/heap's).
    const tree = tableTree(vm, 1);
    expect(tree?.children.length).toBe(2);
    expect(tree?.absent).toBe(2);
  });

  it('show where base and bounds and segmentation placed each page', () => {
    const bb = vmWith({ scheme: 'base-bounds', pageSize: 16, addressSpaceSize: 256, physMemSize: 256, codePages: 1, stackPages: 2 });
    createSpace(bb, 1);
    createSpace(bb, 2);
    expect(pageRows(bb, 2).slice(0, 6).map((r) => [r.region, r.frame])).toEqual([
      ['code', 5],
      [null, null],
      [null, null],
      ['stack', 8],
      ['stack', 9],
      [null, null],
    ]);
    expect(tableTree(bb, 2)).toBeNull();
    const seg = vmWith({ scheme: 'segmentation', pageSize: 16, addressSpaceSize: 256, physMemSize: 256, codePages: 1, stackPages: 2 });
    createSpace(seg, 1);
    const rows = pageRows(seg, 1);
    expect([rows[0].frame, rows[14].frame, rows[15].frame]).toEqual([0, 14, 15]);
    access(seg, 1, 255, 'r', draw);
    expect(accessBreakdown(seg)?.fields.map((f) => f.name)).toEqual(['segment', 'offset']);
    expect(accessBreakdown(seg)?.pa).toBe(255);
  });

  it('give the chart a fault rate, a TLB hit rate and the resident sets', () => {
    const vm = vmWith({});
    createSpace(vm, 1);
    vm.samples[0] = { tick: 1, faults: 1, tlbHits: 0, tlbMisses: 1, rss: { 1: 1 }, byPid: { 1: [1, 0, 1] } };
    vm.samples[1] = { tick: 3, faults: 3, tlbHits: 2, tlbMisses: 2, rss: { 1: 3 }, byPid: { 1: [2, 2, 1] } };
    vm.sampleSeq = 2;
    expect(vmSeries(vm)).toEqual({ ticks: [1, 3], faultRate: [0, 1], tlbHitRate: [0, 2 / 3], rss: { 1: [1, 3] } });
    // One process: its own faults (1 in 2 ticks) and its own TLB hits (2 of 2).
    expect(vmSeries(vm, 1)).toMatchObject({ faultRate: [0, 0.5], tlbHitRate: [0, 1] });
  });
});

describe('the paging lab', () => {
  it('runs one reference string under several policies, OPT with the fewest misses', () => {
    const r = pagingLab('1 2 3 4 1 2 5 1 2 3 4 5', 3, ['FIFO', 'LRU', 'OPT']);
    if ('error' in r) throw new Error(r.error);
    expect(r.runs.map((x) => [x.policy, x.misses])).toEqual([
      ['FIFO', 9],
      ['LRU', 10],
      ['OPT', 7],
    ]);
    expect(r.runs[0].missCurve.at(-1)).toBe(9);
    expect(pagingLab('1 x 2', 3, ['FIFO'])).toEqual({ error: '"x" is not a page number' });
  });
});

describe('the pager\'s counters', () => {
  it('are one reading for vmstat, the view and glassbox run: frames, faults, swap and the TLB', () => {
    const vm = vmWith({ pageSize: 16, addressSpaceSize: 256, physMemSize: 96, codePages: 1, stackPages: 1, policy: 'CLOCK' });
    const fresh = vmCounters(vm);
    expect(fresh).toMatchObject({ frames: 6, freeFrames: 6, tableFrames: 0, minorFaults: 0, majorFaults: 0, tlbHits: 0, tlbMisses: 0 });
    expect(tlbHitRate(fresh)).toBeNull();
    createSpace(vm, 7);
    sbrk(vm, 7, 3);
    for (const va of [32, 48, 64, 64, 64]) writeByte(vm, access(vm, 7, va, 'w', draw), 1);
    const c = vmCounters(vm);
    // Four frames hold the page table, two the pages: three first touches (one evicting), then two hits.
    expect(c).toMatchObject({ tableFrames: 4, freeFrames: 0, minorFaults: 3, evictions: 1, swapWrites: 1, swapUsed: 1 });
    expect(c.tlbHits + c.tlbMisses).toBe(5);
    expect(c.tlbHits).toBe(vm.tlb.hits);
    expect(tlbHitRate(c)).toBe(`${((100 * c.tlbHits) / 5).toFixed(1)}%`);
    expect(tlbHitRate({ tlbHits: 29, tlbMisses: 4 })).toBe('87.9%');
  });
});
