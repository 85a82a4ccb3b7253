import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkVm } from '../../../src/sim/vm/check.ts';
import { resolveVmConfig, type VmConfigInput } from '../../../src/sim/vm/config.ts';
import { access, evictOne, readByte, VM_PROT, writeByte } from '../../../src/sim/vm/mmu.ts';
import { PTE_P, PTE_S, pteFlags, pteFrame } from '../../../src/sim/vm/pte.ts';
import { CODE_START, createSpace, createVm, destroySpace, forkSpace, pteGet, sbrk, tableFramesOf } from '../../../src/sim/vm/space.ts';
import { probeAccess } from '../../../src/sim/vm/selectors.ts';
import type { VmState } from '../../../src/sim/vm/types.ts';

/**
 * Shared code images: every process running a program maps the same read-only frames for
 * its code, counted once per frame and once per user; an evicted code page is dropped
 * (no swap write) and comes back from the image; a page table that maps nothing gives
 * its frames back.
 */
function vmWith(input: VmConfigInput): VmState {
  const c = resolveVmConfig(input);
  if ('error' in c) throw new Error(c.error);
  return createVm(c);
}

const first = (n: number): number => n - n; // always the first choice: these tests do not draw
const SMALL: VmConfigInput = { pageSize: 1024, addressSpaceSize: 16384, physMemSize: 4096, codePages: 2, stackPages: 2, swapSlots: 8, policy: 'FIFO' };
const entry = (vm: VmState): number => CODE_START * vm.config.pageSize;

describe('shared code images', () => {
  it('maps one frame for a program however many processes run it, and frees it with the last', () => {
    const vm = vmWith({ ...SMALL, physMemSize: 8192 });
    createSpace(vm, 1, 'sh');
    createSpace(vm, 2, 'sh');
    createSpace(vm, 3, 'ls');
    for (const pid of [1, 2, 3]) expect(access(vm, pid, entry(vm), 'x', first)).toBeGreaterThanOrEqual(0);
    const frameOf = (pid: number) => pteFrame(pteGet(vm, vm.spaces[pid]!, CODE_START));
    expect(frameOf(1)).toBe(frameOf(2));
    expect(frameOf(3)).not.toBe(frameOf(1));
    const shared = frameOf(1);
    expect(vm.frames.owners[shared]).toEqual([1, 2]);
    expect(vm.frames.image[shared]).toBe('sh');
    expect(vm.images.sh.users).toBe(2);
    expect(vm.spaces[1]!.stats.rss).toBe(1);
    expect(vm.spaces[2]!.stats.rss).toBe(1);
    expect(vm.spaces[2]!.stats.minorFaults).toBe(1);
    expect(checkVm(vm)).toEqual([]);
    // Code is read-only: a write traps as a protection fault.
    expect(access(vm, 2, entry(vm), 'w', first)).toBe(VM_PROT);
    destroySpace(vm, 1);
    expect(vm.frames.owners[shared]).toEqual([2]);
    expect(vm.images.sh.users).toBe(1);
    destroySpace(vm, 2);
    expect(vm.frames.owners[shared]).toEqual([]);
    expect(vm.frames.image[shared]).toBeNull();
    expect(vm.images.sh).toBeUndefined();
    expect(checkVm(vm)).toEqual([]);
  });

  it('drops an evicted code page for every sharer without writing swap, frees their idle tables, and reloads it from the image', () => {
    const vm = vmWith(SMALL);
    createSpace(vm, 1, 'sh');
    createSpace(vm, 2, 'sh');
    access(vm, 1, entry(vm), 'x', first);
    access(vm, 2, entry(vm), 'x', first);
    // Two tables and one shared code page: three of four frames.
    expect(vm.frames.freeCount).toBe(1);
    expect(evictOne(vm, first)).toBe(0);
    expect(vm.swap.writes).toBe(0);
    for (const pid of [1, 2]) {
      const sp = vm.spaces[pid]!;
      expect(pteFlags(pteGet(vm, sp, CODE_START)) & (PTE_P | PTE_S)).toBe(0);
      expect(sp.stats.rss).toBe(0);
      expect(tableFramesOf(sp)).toBe(0);
    }
    expect(vm.images.sh.frames).toEqual([-1, -1]);
    expect(vm.frames.freeCount).toBe(4);
    expect(checkVm(vm)).toEqual([]);
    access(vm, 2, entry(vm), 'x', first);
    expect(vm.last?.outcome).toBe('load');
    expect(vm.images.sh.frames[0]).toBeGreaterThanOrEqual(0);
    access(vm, 1, entry(vm), 'x', first);
    expect(vm.last?.outcome).toBe('share');
    expect(vm.spaces[2]!.stats.rss).toBe(1);
    expect(vm.swap.reads).toBe(0);
    expect(checkVm(vm)).toEqual([]);
  });

  it('a forked child shares its parent\'s code frame and counts as one more user', () => {
    const vm = vmWith({ ...SMALL, physMemSize: 8192 });
    createSpace(vm, 1, 'memtouch');
    access(vm, 1, entry(vm), 'x', first);
    expect(forkSpace(vm, 1, 2)).toBe(true);
    const f = pteFrame(pteGet(vm, vm.spaces[1]!, CODE_START));
    expect(vm.frames.owners[f]).toEqual([1, 2]);
    expect(vm.images.memtouch.users).toBe(2);
    expect(vm.spaces[2]!.stats.rss).toBe(1);
    expect(checkVm(vm)).toEqual([]);
  });

  it('tells, for the page under the cursor, whether its code would be mapped from another process or read from the image', () => {
    const vm = vmWith({ ...SMALL, physMemSize: 8192 });
    createSpace(vm, 1, 'sh');
    createSpace(vm, 2, 'sh');
    expect(probeAccess(vm, 2, entry(vm))?.outcome).toBe('would-load');
    access(vm, 1, entry(vm), 'x', first);
    expect(probeAccess(vm, 2, entry(vm))?.outcome).toBe('would-share');
    expect(probeAccess(vm, 2, entry(vm) + vm.config.pageSize)?.outcome).toBe('would-load');
    expect(probeAccess(vm, 1, entry(vm))?.outcome).toBe('hit');
  });

  it('gives a process without an image private demand-zero code, as OSTEP\'s workloads have', () => {
    const vm = vmWith(SMALL);
    createSpace(vm, 1);
    expect(vm.spaces[1]!.image).toBeNull();
    expect(vm.images).toEqual({});
    access(vm, 1, entry(vm), 'x', first);
    expect(vm.frames.image.every((i) => i === null)).toBe(true);
  });
});

type Op =
  | { op: 'spawn'; image: string | null }
  | { op: 'fork'; who: number }
  | { op: 'exit'; who: number }
  | { op: 'touch'; who: number; page: number; kind: 'r' | 'w' | 'x'; value: number };

const ops: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('spawn' as const), image: fc.constantFrom('sh', 'ls', null) }),
  fc.record({ op: fc.constant('fork' as const), who: fc.nat(20) }),
  fc.record({ op: fc.constant('exit' as const), who: fc.nat(20) }),
  fc.record({ op: fc.constant('touch' as const), who: fc.nat(20), page: fc.nat(15), kind: fc.constantFrom('r', 'w', 'x') as fc.Arbitrary<'r' | 'w' | 'x'>, value: fc.integer({ min: 1, max: 255 }) }),
);

describe('shared code under random spawn, fork, exit and touch', () => {
  it('keeps the pager consistent, frees a code frame exactly with its last user or its eviction, and never lets a write reach a relative', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('linear', 'multilevel') as fc.Arbitrary<'linear' | 'multilevel'>,
        fc.constantFrom('FIFO', 'LRU', 'CLOCK', 'RAND') as fc.Arbitrary<'FIFO' | 'LRU' | 'CLOCK' | 'RAND'>,
        fc.integer({ min: 3, max: 8 }),
        fc.array(ops, { maxLength: 60 }),
        (scheme, policy, frames, script) => {
          const vm = vmWith({ scheme, policy, pageSize: 64, addressSpaceSize: 1024, physMemSize: 64 * frames, levels: 2, codePages: 2, stackPages: 2, swapSlots: 64 });
          let seed = 7;
          const draw = (n: number): number => {
            seed = (seed * 1103515245 + 12345) % 2147483648;
            return seed % n;
          };
          // What each process last wrote at each address: a direct model of private memory.
          const model: Record<number, Record<number, number>> = {};
          let nextPid = 1;
          const live = (): number[] => Object.keys(vm.spaces).map(Number);
          for (const step of script) {
            const pids = live();
            if (step.op === 'spawn') {
              const pid = nextPid++;
              createSpace(vm, pid, step.image);
              sbrk(vm, pid, 2);
              model[pid] = {};
              if (step.image !== null) access(vm, pid, entry(vm), 'x', draw);
            } else if (pids.length === 0) continue;
            else if (step.op === 'fork') {
              const parent = pids[step.who % pids.length];
              const pid = nextPid++;
              if (forkSpace(vm, parent, pid)) model[pid] = { ...model[parent] };
            } else if (step.op === 'exit') {
              const pid = pids[step.who % pids.length];
              const code = vm.frames.image.flatMap((name, f) => (name !== null && vm.frames.owners[f].includes(pid) ? [{ f, name, owners: [...vm.frames.owners[f]] }] : []));
              destroySpace(vm, pid);
              delete model[pid];
              for (const c of code) {
                const rest = c.owners.filter((p) => p !== pid);
                expect(vm.frames.owners[c.f]).toEqual(rest);
                expect(vm.frames.image[c.f]).toBe(rest.length === 0 ? null : c.name);
              }
            } else {
              const pid = pids[step.who % pids.length];
              const before = vm.frames.image.flatMap((name, f) => (name === null ? [] : [{ f, name, vpn: vm.frames.vpn[f], owners: [...vm.frames.owners[f]] }]));
              const va = step.page * vm.config.pageSize + (step.value % vm.config.pageSize);
              const pa = access(vm, pid, va, step.kind, draw);
              if (pa >= 0 && step.kind === 'w') {
                writeByte(vm, pa, step.value);
                model[pid][va] = step.value;
              } else if (pa >= 0) expect(readByte(vm, pa)).toBe(model[pid][va] ?? 0);
              // A code frame leaves memory during an access only by eviction, and then for every process that mapped it.
              for (const b of before) {
                if (vm.frames.image[b.f] === b.name && vm.frames.vpn[b.f] === b.vpn) continue;
                for (const p of b.owners) {
                  const pte = pteGet(vm, vm.spaces[p]!, b.vpn);
                  expect((pteFlags(pte) & PTE_P) !== 0 && pteFrame(pte) === b.f).toBe(false);
                }
              }
            }
            expect(checkVm(vm)).toEqual([]);
          }
          // Every process reads back what it wrote, whatever its relatives wrote after fork.
          for (const pid of live()) {
            for (const [va, value] of Object.entries(model[pid])) {
              const pa = access(vm, pid, Number(va), 'r', draw);
              if (pa >= 0) expect(readByte(vm, pa)).toBe(value);
            }
          }
          for (const pid of live()) destroySpace(vm, pid);
          expect(vm.frames.freeCount).toBe(frames);
          expect(vm.images).toEqual({});
          expect(checkVm(vm)).toEqual([]);
        },
      ),
      { numRuns: 200 },
    );
  });
});
