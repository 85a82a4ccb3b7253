import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkVm } from '../../../src/sim/vm/check.ts';
import { resolveVmConfig, type VmConfigInput } from '../../../src/sim/vm/config.ts';
import { access, pagerFrames, sizes } from '../../../src/sim/vm/mmu.ts';
import { pageRows, probeAccess, tableTree } from '../../../src/sim/vm/selectors.ts';
import { createSpace, createVm, destroySpace, forkSpace, isLazySpace, reserveSpace, sbrk, spaceFor, spaceView } from '../../../src/sim/vm/space.ts';
import type { AddressSpace, VmState } from '../../../src/sim/vm/types.ts';

function vmWith(input: VmConfigInput): VmState {
  const c = resolveVmConfig(input);
  if ('error' in c) throw new Error(c.error);
  return createVm(c);
}

const drawer = (seed: number) => {
  let x = seed >>> 0 || 1;
  return (n: number): number => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return x % n;
  };
};

/** A space with its ASID taken out: the one thing a lazy space gets later than an eager one. */
const withoutAsid = (sp: AddressSpace | null | undefined) => (sp ? { ...sp, asid: 0 } : sp);

const SMALL = { pageSize: 64, addressSpaceSize: 4096, physMemSize: 64 * 16, swapSlots: 64, codePages: 2, stackPages: 2 };

describe('a lazy address space', () => {
  it('is reserved at spawn under paging with nothing built, and reads as the fresh space it stands for', () => {
    for (const scheme of ['linear', 'multilevel'] as const) {
      const lazy = vmWith({ ...SMALL, scheme });
      const eager = vmWith({ ...SMALL, scheme });
      expect(reserveSpace(lazy, 7)).toBe(true);
      createSpace(eager, 7);
      expect(lazy.spaces[7]).toBeNull();
      expect(isLazySpace(lazy, 7)).toBe(true);
      expect(lazy.nextAsid).toBe(1); // no ASID is spent on it yet
      expect(withoutAsid(spaceView(lazy, 7))).toEqual(withoutAsid(eager.spaces[7]));
      expect(spaceView(lazy, 7)?.asid).toBe(0);
      expect(sizes(lazy, 7)).toEqual(sizes(eager, 7));
      expect(sizes(lazy, 7).vsz).toBeGreaterThan(0);
      expect(pageRows(lazy, 7)).toEqual(pageRows(eager, 7));
      expect(tableTree(lazy, 7)).toEqual(tableTree(eager, 7));
      expect(probeAccess(lazy, 7, 3 * 64)).toEqual(probeAccess(eager, 7, 3 * 64));
      expect(checkVm(lazy)).toEqual([]);
      // Reading it built nothing.
      expect(lazy.spaces[7]).toBeNull();
    }
  });

  it('is built by the first access, sbrk or spaceFor, and never by asking where the break is', () => {
    const vm = vmWith({ ...SMALL, scheme: 'linear' });
    reserveSpace(vm, 1);
    const brk = sbrk(vm, 1, 0);
    expect(brk).toBe((spaceView(vm, 1)?.regions.heap.end ?? -1) * 64);
    expect(isLazySpace(vm, 1)).toBe(true);
    expect(access(vm, 1, 1 * 64, 'r', drawer(1))).toBeGreaterThanOrEqual(0);
    expect(isLazySpace(vm, 1)).toBe(false);
    expect(vm.spaces[1]?.asid).toBe(1);
    reserveSpace(vm, 2);
    expect(sbrk(vm, 2, 3)).toBeGreaterThan(0);
    expect(vm.spaces[2]?.regions.heap.end).toBe((vm.spaces[2]?.regions.heap.start ?? 0) + 3);
    reserveSpace(vm, 3);
    expect(spaceFor(vm, 3)?.asid).toBe(3);
    expect(spaceFor(vm, 4)).toBeUndefined();
    expect(checkVm(vm)).toEqual([]);
  });

  it('forks to a lazy child and is destroyed with nothing to free', () => {
    const vm = vmWith({ ...SMALL, scheme: 'multilevel' });
    reserveSpace(vm, 1);
    expect(forkSpace(vm, 1, 2)).toBe(true);
    expect(isLazySpace(vm, 2)).toBe(true);
    destroySpace(vm, 1);
    destroySpace(vm, 2);
    expect(vm.spaces).toEqual({});
    expect(vm.frames.freeCount).toBe(16);
  });

  it('is placed at once without paging, where placing the regions is what loading a process is', () => {
    for (const scheme of ['base-bounds', 'segmentation'] as const) {
      const vm = vmWith({ ...SMALL, scheme });
      expect(reserveSpace(vm, 1)).toBe(true);
      expect(vm.spaces[1]?.placement).not.toBeNull();
      expect(vm.frames.freeCount).toBeLessThan(16);
    }
    const vm = vmWith({ ...SMALL, scheme: 'segmentation' });
    vm.spaces[5] = null;
    expect(checkVm(vm)).toEqual(['pid 5 has a lazy address space, but without paging a space is placed at spawn']);
  });

  it('gives every access, fork and exit the same answers as a space built at spawn', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('linear' as const, 'multilevel' as const),
        fc.array(
          fc.oneof(
            fc.record({ op: fc.constant('spawn' as const), pid: fc.integer({ min: 1, max: 4 }) }),
            fc.record({ op: fc.constant('touch' as const), pid: fc.integer({ min: 1, max: 4 }), page: fc.integer({ min: 0, max: 63 }), w: fc.boolean() }),
            fc.record({ op: fc.constant('sbrk' as const), pid: fc.integer({ min: 1, max: 4 }), pages: fc.integer({ min: -3, max: 6 }) }),
            fc.record({ op: fc.constant('fork' as const), pid: fc.integer({ min: 1, max: 4 }), child: fc.integer({ min: 1, max: 4 }) }),
            fc.record({ op: fc.constant('exit' as const), pid: fc.integer({ min: 1, max: 4 }) }),
          ),
          { maxLength: 60 },
        ),
        (scheme, ops) => {
          const lazy = vmWith({ ...SMALL, scheme });
          const eager = vmWith({ ...SMALL, scheme });
          const drawLazy = drawer(3);
          const drawEager = drawer(3);
          for (const o of ops) {
            const has = (vm: VmState, pid: number) => vm.spaces[pid] !== undefined;
            expect(has(lazy, o.pid)).toBe(has(eager, o.pid));
            if (o.op === 'spawn' && !has(eager, o.pid)) {
              reserveSpace(lazy, o.pid);
              createSpace(eager, o.pid);
            } else if (o.op === 'touch' && has(eager, o.pid)) {
              expect(access(lazy, o.pid, o.page * 64, o.w ? 'w' : 'r', drawLazy)).toBe(access(eager, o.pid, o.page * 64, o.w ? 'w' : 'r', drawEager));
            } else if (o.op === 'sbrk' && has(eager, o.pid)) {
              expect(sbrk(lazy, o.pid, o.pages)).toBe(sbrk(eager, o.pid, o.pages));
            } else if (o.op === 'fork' && has(eager, o.pid) && !has(eager, o.child)) {
              expect(forkSpace(lazy, o.pid, o.child, pagerFrames(lazy, drawLazy))).toBe(forkSpace(eager, o.pid, o.child, pagerFrames(eager, drawEager)));
            } else if (o.op === 'exit') {
              destroySpace(lazy, o.pid);
              destroySpace(eager, o.pid);
            }
            expect(checkVm(lazy)).toEqual([]);
            expect(lazy.frames.owners).toEqual(eager.frames.owners);
            expect(lazy.frames.table).toEqual(eager.frames.table);
            expect(lazy.swap.refs).toEqual(eager.swap.refs);
            for (let pid = 1; pid <= 4; pid++) {
              expect(withoutAsid(spaceView(lazy, pid))).toEqual(withoutAsid(spaceView(eager, pid)));
              expect(sizes(lazy, pid)).toEqual(sizes(eager, pid));
            }
          }
        },
      ),
      { numRuns: 120 },
    );
  });
});
