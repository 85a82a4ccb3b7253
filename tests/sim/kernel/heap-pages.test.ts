import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Program, ProcessContext } from '../../../src/sim/abi/program.ts';
import { logItems } from '../../../src/sim/base/ringlog.ts';
import * as sys from '../../../src/sim/libc/sys.ts';
import { createHeap, free, malloc } from '../../../src/sim/memory/heap.ts';
import type { HeapState } from '../../../src/sim/memory/types.ts';
import { createMachine, runTo, type Machine } from '../../../src/sim/machine/machine.ts';
import { PROGRAMS } from '../../../src/sim/machine/programs.ts';
import { checkVm } from '../../../src/sim/vm/check.ts';
import { PTE_COW, PTE_P, pteFlags, pteFrame } from '../../../src/sim/vm/pte.ts';
import { builtSpaces, pteGet, spaceView } from '../../../src/sim/vm/space.ts';

/**
 * The heap arena inside each process's address space: malloc grows the caller's break
 * and the pages the allocator writes fault in as the caller's own, so RSS and VSZ follow
 * the heap; fork shares them copy-on-write and a child's allocations stay its own.
 */

/** Runs a script of heap calls from argv: "m SIZE" mallocs, "f I" frees the I-th live pointer, "k" forks a child running the rest, "s" sleeps. */
function* heapScript(ctx: ProcessContext): sys.Sys<number> {
  const ptrs: number[] = [];
  const steps = ctx.argv.slice(1);
  for (let i = 0; i < steps.length; i++) {
    const [op, arg] = steps[i].split(' ');
    if (op === 'm') {
      const p = yield* sys.malloc(Number(arg));
      if (p >= 0) ptrs.push(p);
    } else if (op === 'f' && ptrs.length > 0) {
      const at = Number(arg) % ptrs.length;
      yield* sys.free(ptrs[at]);
      ptrs.splice(at, 1);
    } else if (op === 'k') {
      const child = yield* sys.spawn({ program: 'heapscript', argv: ['heapscript', ...steps.slice(i + 1)], forkMemory: true });
      if (child >= 0) yield* sys.wait(child);
    } else if (op === 's') yield* sys.sleep(5);
    yield* sys.cpu(1);
  }
  yield* sys.sleep(50);
  return 0;
}

const programs: Record<string, Program> = { ...PROGRAMS, heapscript: heapScript };

function machine(vm: Record<string, unknown> = {}): Machine {
  return createMachine({ seed: 1, login: null, vm: { pageSize: 1024, ...vm } }, programs);
}

function spawnScript(m: Machine, steps: string[]): number {
  const before = m.state.nextPid;
  runTo(m, m.state.tick + 1, [{ tick: m.state.tick, kind: 'spawn', request: { program: 'heapscript', argv: ['heapscript', ...steps] } }]);
  return before;
}

/** Pages of `pid`'s heap region in memory. */
function residentHeap(m: Machine, pid: number): number[] {
  const vm = m.state.vm;
  const sp = spaceView(vm, pid)!;
  const out: number[] = [];
  for (let v = sp.regions.heap.start; v < sp.regions.heap.end; v++) if (pteFlags(pteGet(vm, sp, v)) & PTE_P) out.push(v);
  return out;
}

describe('the heap arena in each address space', () => {
  it('gives a process that mallocs resident heap pages, and grows its break to cover the block', () => {
    const m = machine();
    const pid = spawnScript(m, ['m 100', 'm 1500']);
    runTo(m, m.state.tick + 20);
    const sp = m.state.vm.spaces[pid]!;
    // 100 + 1500 bytes with headers reach into the second 1 KB page of the arena.
    expect(sp.regions.heap.end - sp.regions.heap.start).toBe(2);
    expect(residentHeap(m, pid).length).toBeGreaterThan(0);
    // Besides the heap, the entry page of the program's code, touched at exec.
    expect(sp.stats.rss).toBe(residentHeap(m, pid).length + 1);
    expect(sp.stats.minorFaults).toBeGreaterThan(0);
    expect(checkVm(m.state.vm)).toEqual([]);
  });

  it('leaves a process that never mallocs with no heap at all, only its entry page of code resident', () => {
    const m = machine();
    const pid = spawnScript(m, ['s']);
    runTo(m, m.state.tick + 20);
    const sp = m.state.vm.spaces[pid]!;
    expect(sp.regions.heap.end).toBe(sp.regions.heap.start);
    expect(residentHeap(m, pid)).toEqual([]);
    expect(sp.stats.rss).toBe(1);
    expect(pteFlags(pteGet(m.state.vm, sp, sp.regions.code.start)) & PTE_P).toBe(PTE_P);
  });

  it('gives the same addresses with virtual memory as the allocator alone would', () => {
    const m = machine();
    const pid = spawnScript(m, ['m 64', 'm 200', 'f 0', 'm 32', 'm 900']);
    runTo(m, m.state.tick + 40);
    const alone = createHeap(m.state.heap.config) as HeapState;
    const a = malloc(alone, 64, pid);
    malloc(alone, 200, pid);
    free(alone, a);
    malloc(alone, 32, pid);
    malloc(alone, 900, pid);
    const blocks = (h: HeapState) => Object.values(h.blocks).map((b) => [b.addr, b.size, b.free]).sort((x, y) => Number(x[0]) - Number(y[0]));
    expect(blocks(m.state.heap)).toEqual(blocks(alone));
  });

  it('swaps heap pages out under pressure and blocks the caller while a header page comes back', () => {
    // Four frames: the code and stack of init plus a hungry memtouch push the heap out.
    const m = machine({ physMemSize: 4096, swapSlots: 32, codePages: 1, stackPages: 1 });
    const pid = spawnScript(m, ['m 16', 's', 's', 's', 's', 'm 16', 'm 16']);
    runTo(m, m.state.tick + 1, [{ tick: m.state.tick, kind: 'spawn', request: { program: 'memtouch', argv: ['memtouch', '-k', '6', '-n', '60', '-w'] } }]);
    let major = 0;
    for (let t = 0; t < 80 && m.state.vm.spaces[pid]; t++) {
      major = m.state.vm.spaces[pid].stats.majorFaults;
      expect(checkVm(m.state.vm)).toEqual([]);
      runTo(m, m.state.tick + 5);
    }
    expect(major).toBeGreaterThan(0);
    const io = logItems(m.state.trace).filter((s) => s.pid === pid && s.kind === 'io');
    expect(io.length).toBeGreaterThan(0);
    expect(checkVm(m.state.vm)).toEqual([]);
  });

  it('keeps a forked child heap isolated: its first header write copies the page', () => {
    const m = machine();
    const parent = spawnScript(m, ['m 40', 'k', 'm 40', 's']);
    runTo(m, m.state.tick + 6);
    const child = Object.values(m.state.procs).find((p) => p.ppid === parent && p.name === 'heapscript')?.pid;
    expect(child).toBeDefined();
    runTo(m, m.state.tick + 10);
    const vm = m.state.vm;
    const cs = vm.spaces[child as number]!;
    const ps = vm.spaces[parent]!;
    const page = cs.regions.heap.start;
    const mine = pteGet(vm, cs, page);
    const theirs = pteGet(vm, ps, page);
    expect(cs.stats.cowBreaks).toBeGreaterThan(0);
    expect(pteFlags(mine) & PTE_COW).toBe(0);
    expect(pteFrame(mine)).not.toBe(pteFrame(theirs));
    expect(vm.frames.owners[pteFrame(mine)]).toEqual([child]);
    expect(checkVm(vm)).toEqual([]);
  });
});

const step = fc.oneof(
  fc.integer({ min: 0, max: 1200 }).map((n) => `m ${n}`),
  fc.integer({ min: 0, max: 20 }).map((n) => `f ${n}`),
  fc.constant('s'),
  fc.constant('k'),
);

describe('heap residency under random heap calls', () => {
  it('keeps resident heap pages inside the arena, RSS never negative, the pager consistent, and frees all at exit', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(step, { maxLength: 14 }), { minLength: 1, maxLength: 3 }),
        fc.constantFrom('linear', 'multilevel', 'segmentation', 'base-bounds'),
        fc.constantFrom(4096, 16384),
        (scripts, scheme, physMemSize) => {
          const m = machine({ scheme, physMemSize: scheme === 'linear' || scheme === 'multilevel' ? physMemSize : 16384, swapSlots: 16 });
          for (const s of scripts) spawnScript(m, s);
          const arenaPages = Math.ceil((m.state.heap.config.base + m.state.heap.config.size) / 1024) - Math.floor(m.state.heap.config.base / 1024);
          for (let t = 0; t < 30; t++) {
            runTo(m, m.state.tick + 10);
            expect(checkVm(m.state.vm)).toEqual([]);
            for (const sp of builtSpaces(m.state.vm)) {
              expect(sp.stats.rss).toBeGreaterThanOrEqual(0);
              if (sp.placement !== null) continue;
              for (const v of residentHeap(m, sp.pid)) expect(v - sp.regions.heap.start).toBeLessThan(arenaPages);
            }
          }
          // Everything sleeps 50 ticks at the end, then exits: no frame stays held. Every
          // "k" forks a child that runs the rest of the script, so seven of them make 128
          // processes run one after another; run until they are gone, with a cap far above that.
          const heapscripts = () => Object.values(m.state.procs).filter((p) => p.name === 'heapscript' && p.state !== 'zombie');
          for (let rounds = 0; rounds < 40 && heapscripts().length > 0; rounds++) runTo(m, m.state.tick + 5000);
          const live = heapscripts();
          expect(live).toEqual([]);
          for (const sp of builtSpaces(m.state.vm)) expect(sp.stats.rss).toBeGreaterThanOrEqual(0);
          expect(checkVm(m.state.vm)).toEqual([]);
        },
      ),
      { numRuns: 30 },
    );
  });
});
