import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkVm } from '../../../src/sim/vm/check.ts';
import { DEFAULT_VM_CONFIG, resolveVmConfig, type VmConfigInput } from '../../../src/sim/vm/config.ts';
import { access, pagerFrames, readByte, reclaim, VM_PROT, VM_SEGV, writeByte } from '../../../src/sim/vm/mmu.ts';
import { PTE_P, PTE_R, PTE_V, pteMake } from '../../../src/sim/vm/pte.ts';
import { ONLINE_POLICIES } from '../../../src/sim/vm/replacement.ts';
import { builtSpaces, createBareSpace, createSpace, createVm, destroySpace, forkSpace, pteSet, sbrk } from '../../../src/sim/vm/space.ts';
import type { VmState } from '../../../src/sim/vm/types.ts';

function vmWith(input: VmConfigInput): VmState {
  const c = resolveVmConfig(input);
  if ('error' in c) throw new Error(c.error);
  return createVm(c);
}

/** A deterministic draw for tests that do not care which random choice is made. */
const drawer = (seed: number) => {
  let x = seed >>> 0 || 1;
  return (n: number): number => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x % n;
  };
};

const write = (vm: VmState, pid: number, va: number, value: number, draw = drawer(1)): number => {
  const pa = access(vm, pid, va, 'w', draw);
  if (pa >= 0) writeByte(vm, pa, value);
  return pa;
};
const read = (vm: VmState, pid: number, va: number, draw = drawer(1)): number => {
  const pa = access(vm, pid, va, 'r', draw);
  return pa < 0 ? pa : readByte(vm, pa);
};

describe('translation', () => {
  it('agrees with a direct model of a linear page table, with and without a TLB of any shape', () => {
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.integer({ min: 0, max: 15 }), { nil: null }), { minLength: 16, maxLength: 16 }),
        fc.array(fc.integer({ min: 0, max: 16 * 64 - 1 }), { maxLength: 60 }),
        fc.constantFrom([0, 1], [4, 1], [4, 4], [8, 2], [16, 16]),
        fc.constantFrom('lru', 'fifo', 'random') as fc.Arbitrary<'lru' | 'fifo' | 'random'>,
        (table, vas, [entries, ways], replacement) => {
          const vm = vmWith({ pageSize: 64, addressSpaceSize: 1024, physMemSize: 1024, tlb: { entries, ways, replacement, asids: true } });
          const sp = createBareSpace(vm, 1);
          table.forEach((pfn, vpn) => {
            if (pfn !== null) pteSet(vm, sp, vpn, pteMake(pfn, PTE_V | PTE_P | PTE_R));
          });
          const draw = drawer(7);
          for (const va of vas) {
            const pfn = table[Math.floor(va / 64)];
            expect(access(vm, 1, va, 'r', draw)).toBe(pfn === null ? VM_SEGV : pfn * 64 + (va % 64));
          }
          expect(vm.tlb.hits + vm.tlb.misses).toBe(vas.length);
        },
      ),
    );
  });

  it('a multi-level table translates as a linear one and builds only the tables it needs', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 63 })), { maxLength: 30 }), fc.integer({ min: 2, max: 4 }), (maps, levels) => {
        const lin = vmWith({ pageSize: 16, addressSpaceSize: 4096, physMemSize: 1024, tlb: { entries: 0 } });
        const ml = vmWith({ scheme: 'multilevel', levels, pageSize: 16, addressSpaceSize: 4096, physMemSize: 1024, tlb: { entries: 0 } });
        const a = createBareSpace(lin, 1);
        const b = createBareSpace(ml, 1);
        for (const [vpn, pfn] of maps) {
          pteSet(lin, a, vpn, pteMake(pfn, PTE_V | PTE_P | PTE_R));
          pteSet(ml, b, vpn, pteMake(pfn, PTE_V | PTE_P | PTE_R));
        }
        for (let va = 0; va < 4096; va += 13) expect(access(ml, 1, va, 'r', drawer(1))).toBe(access(lin, 1, va, 'r', drawer(1)));
        // The root plus at most one table per distinct prefix on the way down.
        expect(Object.keys(b.tables).length).toBeLessThanOrEqual(1 + maps.length * (levels - 1));
      }),
    );
  });

  it('faults on page 0 (a null pointer), a write to code, and an address past the end', () => {
    const vm = vmWith({});
    createSpace(vm, 1);
    expect(access(vm, 1, 0, 'r', drawer(1))).toBe(VM_SEGV);
    expect(access(vm, 1, DEFAULT_VM_CONFIG.pageSize, 'w', drawer(1))).toBe(VM_PROT);
    expect(access(vm, 1, DEFAULT_VM_CONFIG.pageSize, 'x', drawer(1))).toBeGreaterThanOrEqual(0);
    expect(access(vm, 1, DEFAULT_VM_CONFIG.addressSpaceSize, 'r', drawer(1))).toBe(VM_SEGV);
    expect(vm.stats.segvs).toBe(3);
  });

  it('the heap is demand-zero: sbrk maps pages that fault in on first touch', () => {
    const vm = vmWith({});
    createSpace(vm, 1);
    const brk = sbrk(vm, 1, 2);
    expect(brk).toBe(3 * 1024);
    expect(vm.spaces[1]!.stats.rss).toBe(0);
    expect(read(vm, 1, brk + 5)).toBe(0);
    expect(vm.spaces[1]!.stats.minorFaults).toBe(1);
    expect(read(vm, 1, brk + 6)).toBe(0);
    expect(vm.spaces[1]!.stats.minorFaults).toBe(1);
    expect(read(vm, 1, brk + 2048)).toBe(VM_SEGV);
  });
});

describe('the pager', () => {
  it('keeps its invariants, and every byte written reads back, under every policy and random workloads', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ONLINE_POLICIES),
        fc.constantFrom('linear', 'multilevel') as fc.Arbitrary<'linear' | 'multilevel'>,
        fc.array(
          fc.oneof(
            fc.record({ op: fc.constant('write' as const), pid: fc.integer({ min: 1, max: 3 }), page: fc.integer({ min: 0, max: 13 }), value: fc.integer({ min: 1, max: 255 }) }),
            fc.record({ op: fc.constant('read' as const), pid: fc.integer({ min: 1, max: 3 }), page: fc.integer({ min: 0, max: 13 }) }),
            fc.record({ op: fc.constant('fork' as const), pid: fc.integer({ min: 1, max: 3 }) }),
            fc.record({ op: fc.constant('exit' as const), pid: fc.integer({ min: 1, max: 3 }) }),
            fc.record({ op: fc.constant('reclaim' as const), target: fc.integer({ min: 0, max: 6 }) }),
          ),
          { maxLength: 80 },
        ),
        (policy, scheme, ops) => {
          // 18 frames: a 16-entry linear table of 4-byte entries fills four 16-byte frames, so
          // the three processes' tables take 12 (a two-level tree at most 5 each); what is left
          // holds up to 14 data pages each: constant eviction.
          const vm = vmWith({ scheme, policy, pageSize: 16, addressSpaceSize: 256, physMemSize: 288, swapSlots: 64, codePages: 1, stackPages: 1, tlb: { entries: 4, ways: 2 } });
          // Expected contents per process, from a model with no paging at all.
          const model: Record<number, Record<number, number>> = {};
          const draw = drawer(3);
          const spawn = (pid: number) => {
            createSpace(vm, pid);
            sbrk(vm, pid, 12);
            model[pid] = {};
          };
          for (const pid of [1, 2, 3]) spawn(pid);
          const heapVa = (page: number) => (2 + page) * 16;
          for (const o of ops) {
            if (o.op === 'write' && model[o.pid] && o.page < 12) {
              expect(write(vm, o.pid, heapVa(o.page) + 3, o.value, draw)).toBeGreaterThanOrEqual(0);
              model[o.pid][o.page] = o.value;
            } else if (o.op === 'read' && model[o.pid] && o.page < 12) {
              expect(read(vm, o.pid, heapVa(o.page) + 3, draw)).toBe(model[o.pid][o.page] ?? 0);
            } else if (o.op === 'fork' && model[o.pid]) {
              // The child replaces the next pid (after it exits), inheriting a copy-on-write image.
              const child = (o.pid % 3) + 1;
              destroySpace(vm, child);
              expect(forkSpace(vm, o.pid, child, pagerFrames(vm, draw))).toBe(true);
              model[child] = { ...model[o.pid] };
            } else if (o.op === 'exit' && model[o.pid]) {
              destroySpace(vm, o.pid);
              spawn(o.pid);
            } else if (o.op === 'reclaim') reclaim(vm, o.target, draw);
            expect(checkVm(vm)).toEqual([]);
          }
          for (const pid of [1, 2, 3]) for (let p = 0; p < 12; p++) expect(read(vm, pid, heapVa(p) + 3, draw)).toBe(model[pid][p] ?? 0);
          expect(checkVm(vm)).toEqual([]);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('swap-out then swap-in restores every byte of a page', () => {
    // Six frames: the page table takes four (16 entries of 4 bytes in 16-byte frames), pages get two.
    const vm = vmWith({ pageSize: 16, addressSpaceSize: 256, physMemSize: 96, codePages: 1, stackPages: 1, policy: 'FIFO' });
    createSpace(vm, 1);
    sbrk(vm, 1, 4);
    for (let i = 0; i < 16; i++) write(vm, 1, 32 + i, 200 + i);
    write(vm, 1, 48, 1);
    write(vm, 1, 64, 2); // two frames: page 2 is evicted to swap
    expect(vm.swap.used).toBeGreaterThan(0);
    for (let i = 0; i < 16; i++) expect(read(vm, 1, 32 + i)).toBe(200 + i);
    expect(vm.spaces[1]!.stats.majorFaults).toBe(1);
  });

  it('copy-on-write: a child writing never changes what the parent reads, and the break is counted', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 5 }), fc.integer({ min: 1, max: 255 })), { maxLength: 40 }), (writes) => {
        // Twelve frames: eight hold the two page tables, four hold pages.
        const vm = vmWith({ pageSize: 16, addressSpaceSize: 256, physMemSize: 192, codePages: 1, stackPages: 1 });
        createSpace(vm, 1);
        sbrk(vm, 1, 6);
        for (let p = 0; p < 6; p++) write(vm, 1, 32 + p * 16, 100 + p);
        expect(forkSpace(vm, 1, 2, pagerFrames(vm, drawer(1)))).toBe(true);
        const parent: number[] = [100, 101, 102, 103, 104, 105];
        const child = [...parent];
        for (const [byChild, p, v] of writes) {
          write(vm, byChild ? 2 : 1, 32 + p * 16, v);
          (byChild ? child : parent)[p] = v;
          expect(checkVm(vm)).toEqual([]);
        }
        for (let p = 0; p < 6; p++) {
          expect(read(vm, 1, 32 + p * 16)).toBe(parent[p]);
          expect(read(vm, 2, 32 + p * 16)).toBe(child[p]);
        }
        if (writes.length > 0) expect(vm.stats.cowBreaks).toBeGreaterThan(0);
      }),
    );
  });
});

describe('base and bounds, and segmentation', () => {
  it('base and bounds places the whole image contiguously and faults past the bounds', () => {
    const vm = vmWith({ scheme: 'base-bounds', pageSize: 16, addressSpaceSize: 256, physMemSize: 256, codePages: 1, stackPages: 2 });
    expect(createSpace(vm, 1)).toBe(true);
    expect(createSpace(vm, 2)).toBe(true);
    const base = vm.spaces[2]!.placement?.code.frame ?? -1;
    expect(base).toBe(5);
    expect(access(vm, 2, 3, 'r', drawer(1))).toBe(5 * 16 + 3);
    expect(access(vm, 2, 5 * 16, 'r', drawer(1))).toBe(VM_SEGV);
    expect(checkVm(vm)).toEqual([]);
  });

  it('segmentation: the stack grows down from its base, the code is read-only, the heap grows in place', () => {
    const vm = vmWith({ scheme: 'segmentation', pageSize: 16, addressSpaceSize: 256, physMemSize: 256, codePages: 1, stackPages: 2 });
    createSpace(vm, 1);
    const pl = vm.spaces[1]!.placement;
    if (!pl) throw new Error('no placement');
    expect(access(vm, 1, 255, 'w', drawer(1))).toBe((pl.stack.frame + 2) * 16 - 1);
    expect(access(vm, 1, 256 - 33, 'r', drawer(1))).toBe(VM_SEGV);
    expect(access(vm, 1, 0, 'w', drawer(1))).toBe(VM_PROT);
    expect(access(vm, 1, 64, 'r', drawer(1))).toBe(VM_SEGV);
    expect(sbrk(vm, 1, 1)).toBe(64);
    expect(access(vm, 1, 64, 'r', drawer(1))).toBe(pl.heap.frame * 16);
  });
});

describe('page tables in physical memory', () => {
  it('take frames no one else holds, and every frame comes back: spawn, touch, fork, exit', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('linear', 'multilevel') as fc.Arbitrary<'linear' | 'multilevel'>,
        fc.integer({ min: 2, max: 4 }),
        fc.array(
          fc.oneof(
            fc.record({ op: fc.constant('spawn' as const), pid: fc.integer({ min: 1, max: 5 }) }),
            fc.record({ op: fc.constant('touch' as const), pid: fc.integer({ min: 1, max: 5 }), page: fc.integer({ min: 0, max: 63 }), w: fc.boolean() }),
            fc.record({ op: fc.constant('fork' as const), pid: fc.integer({ min: 1, max: 5 }), child: fc.integer({ min: 1, max: 5 }) }),
            fc.record({ op: fc.constant('exit' as const), pid: fc.integer({ min: 1, max: 5 }) }),
          ),
          { maxLength: 60 },
        ),
        (scheme, levels, ops) => {
          const vm = vmWith({ scheme, levels, pageSize: 64, addressSpaceSize: 4096, physMemSize: 64 * 24, swapSlots: 256, codePages: 2, stackPages: 2 });
          const draw = drawer(5);
          const frames = vm.frames.owners.length;
          for (const o of ops) {
            if (o.op === 'spawn' && !vm.spaces[o.pid]) {
              createSpace(vm, o.pid);
              sbrk(vm, o.pid, 40);
            } else if (o.op === 'touch' && vm.spaces[o.pid]) access(vm, o.pid, o.page * 64, o.w ? 'w' : 'r', draw);
            else if (o.op === 'fork' && vm.spaces[o.pid] && !vm.spaces[o.child]) forkSpace(vm, o.pid, o.child, pagerFrames(vm, draw));
            else if (o.op === 'exit') destroySpace(vm, o.pid);
            expect(checkVm(vm)).toEqual([]);
            // Conservation: every frame is free, holds pages, or holds exactly one process's table.
            const tableFrames = builtSpaces(vm).flatMap((sp) => Object.values(sp.tableFrames ?? {}).flat());
            expect(new Set(tableFrames).size).toBe(tableFrames.length);
            const pageFrames = vm.frames.owners.filter((o, f) => o.length > 0 && vm.frames.table[f] < 0).length;
            expect(vm.frames.freeCount + pageFrames + tableFrames.length).toBe(frames);
            // A table is in memory exactly when something under it is in memory or swap (or it was copied at fork).
            for (const sp of builtSpaces(vm)) if (sp.stats.rss + sp.stats.swappedOut > 0) expect(sp.tableFrames?.[0]?.length).toBeGreaterThan(0);
          }
          for (let pid = 1; pid <= 5; pid++) destroySpace(vm, pid);
          expect(vm.frames.freeCount).toBe(frames);
          expect(vm.frames.table.every((t) => t === -1)).toBe(true);
          expect(vm.swap.used).toBe(0);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('a linear table costs its size in frames; a multi-level tree only the tables in use', () => {
    const tableFramesAfterTouching = (scheme: 'linear' | 'multilevel') => {
      const vm = vmWith({ scheme, levels: 2, pageSize: 64, addressSpaceSize: 16384, physMemSize: 64 * 64, codePages: 2, stackPages: 2 });
      createSpace(vm, 1);
      expect(vm.frames.freeCount).toBe(64); // nothing touched: no table in memory yet
      expect(access(vm, 1, 64, 'x', drawer(1))).toBeGreaterThanOrEqual(0); // the code's first page
      expect(access(vm, 1, 16384 - 1, 'w', drawer(1))).toBeGreaterThanOrEqual(0); // the stack's top
      expect(checkVm(vm)).toEqual([]);
      expect(vm.frames.freeCount).toBe(64 - 2 - Object.values(vm.spaces[1]!.tableFrames ?? {}).flat().length);
      return Object.values(vm.spaces[1]!.tableFrames ?? {}).flat().length;
    };
    // 256 entries of 4 bytes in 64-byte frames: 16 frames, whatever is touched.
    expect(tableFramesAfterTouching('linear')).toBe(16);
    // Two levels of 16 entries: the directory, and the code's and the stack's tables; 14 absent tables cost nothing.
    expect(tableFramesAfterTouching('multilevel')).toBe(3);
  });
});
