import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkVm } from '../../../src/sim/vm/check.ts';
import { resolveVmConfig, type VmConfigInput } from '../../../src/sim/vm/config.ts';
import { access } from '../../../src/sim/vm/mmu.ts';
import { createSpace, createVm, sbrk } from '../../../src/sim/vm/space.ts';
import type { VmState } from '../../../src/sim/vm/types.ts';

/**
 * The page-fault-frequency policy: at each fault a process's rate (faults per 1000 of its
 * accesses since its last fault) grows its resident set above the upper threshold, keeps
 * it between the two, and shrinks it below the lower one.
 */
function vmWith(input: VmConfigInput): VmState {
  const c = resolveVmConfig(input);
  if ('error' in c) throw new Error(c.error);
  return createVm(c);
}

const draw = (n: number): number => n - 1;

describe('page-fault frequency', () => {
  it('changes the faulting process’s resident set by the side of the thresholds its fault rate falls on', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ pid: fc.constantFrom(1, 2), page: fc.integer({ min: 0, max: 9 }) }), { minLength: 1, maxLength: 300 }),
        fc.integer({ min: 0, max: 400 }),
        fc.integer({ min: 0, max: 600 }),
        (refs, low, span) => {
          // 32 frames hold both processes whole: every change in a resident set is PFF's own doing.
          const vm = vmWith({ pageSize: 64, addressSpaceSize: 4096, physMemSize: 2048, policy: 'PFF', pffLow: low, pffHigh: Math.min(1000, low + span), swapSlots: 64 });
          for (const pid of [1, 2]) {
            createSpace(vm, pid);
            sbrk(vm, pid, 10);
          }
          for (const { pid, page } of refs) {
            const sp = vm.spaces[pid]!;
            const before = { rss: sp.stats.rss, faults: sp.stats.minorFaults + sp.stats.majorFaults, last: sp.lastFault };
            expect(access(vm, pid, (sp.regions.heap.start + page) * 64, 'w', draw)).toBeGreaterThanOrEqual(0);
            if (sp.stats.minorFaults + sp.stats.majorFaults === before.faults) {
              expect(sp.stats.rss).toBe(before.rss);
              continue;
            }
            const rate = before.last < 0 ? 1000 : Math.round(1000 / Math.max(1, sp.stats.accesses - before.last));
            const { pffHigh, pffLow } = vm.config;
            const expected = rate > pffHigh ? 1 : rate < pffLow ? 1 - Math.min(2, before.rss) : 1 - Math.min(1, before.rss);
            expect(sp.stats.rss - before.rss).toBe(expected);
            expect(checkVm(vm)).toEqual([]);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('lets a process with a steady, small working set settle, and gives frames to one that faults often', () => {
    // 16 frames: the two 64-entry linear tables take four each, eight hold pages.
    const vm = vmWith({ pageSize: 64, addressSpaceSize: 4096, physMemSize: 1024, policy: 'PFF', pffLow: 40, pffHigh: 200, swapSlots: 64 });
    for (const pid of [1, 2]) {
      createSpace(vm, pid);
      sbrk(vm, pid, 12);
    }
    const at = (pid: number, page: number) => (vm.spaces[pid]!.regions.heap.start + page) * 64;
    // pid 1 loops over 2 pages; pid 2 sweeps 6 pages, faulting often at first.
    for (let i = 0; i < 600; i++) {
      access(vm, 1, at(1, i % 2), 'w', draw);
      access(vm, 2, at(2, i % 6), 'w', draw);
      expect(checkVm(vm)).toEqual([]);
    }
    expect(vm.spaces[1]!.stats.rss).toBe(2);
    expect(vm.spaces[2]!.stats.rss).toBe(6);
    // Once its 6 pages are in, pid 2 stops faulting.
    const faults = vm.spaces[2]!.stats.minorFaults + vm.spaces[2]!.stats.majorFaults;
    for (let i = 0; i < 60; i++) access(vm, 2, at(2, i % 6), 'r', draw);
    expect(vm.spaces[2]!.stats.minorFaults + vm.spaces[2]!.stats.majorFaults).toBe(faults);
    expect(Object.values(vm.events).some((e) => e.kind === 'pff')).toBe(true);
  });
});
