import { describe, expect, it } from 'vitest';
import { logItems } from '../../../src/sim/base/ringlog.ts';
import { checkVm } from '../../../src/sim/vm/check.ts';
import { createMachine, runTo } from '../../../src/sim/machine/machine.ts';
import { applyInput } from '../../../src/sim/kernel/kernel.ts';
import * as sys from '../../../src/sim/libc/sys.ts';
import { out, run, runAll } from './harness.ts';

const SMALL = { vm: { pageSize: 1024, physMemSize: 4096, policy: 'CLOCK' as const, diskTicks: 3 } };

describe('virtual memory in the running kernel', () => {
  it('memtouch faults its heap in on first touch and fits in memory', () => {
    const text = out(['memtouch', '-k', '3', '-n', '9'], { config: SMALL });
    expect(text).toContain('9 reads (loop) over 3 pages: 3 minor faults, 0 major faults; resident 3 of 3 pages (CLOCK, 4 frames)');
  });

  it('a loop larger than memory pages to swap, and each swap-in blocks the process as I/O', () => {
    const text = out(['memtouch', '-k', '6', '-n', '24', '-w'], { config: SMALL });
    const faults = /(\d+) minor faults, (\d+) major faults/.exec(text);
    expect(faults).not.toBeNull();
    expect(Number(faults?.[2])).toBeGreaterThan(0);
    const m = createMachine({ login: null, ...SMALL });
    applyInput(m.state, m.rt, { kind: 'spawn', request: { program: 'memtouch', argv: ['memtouch', '-k', '6', '-n', '24', '-w'] } });
    runTo(m, 400);
    const paging = logItems(m.state.trace).filter((sl) => sl.kind === 'io' && sl.why.startsWith('page fault'));
    expect(paging.length).toBeGreaterThan(0);
    expect(paging.every((sl) => sl.end - sl.start >= 3)).toBe(true);
    expect(checkVm(m.state.vm)).toEqual([]);
  });

  it('a segmentation fault kills the process with SIGSEGV, and the signal log says so', () => {
    const [r] = runAll([['segfault', 'code']]);
    expect(r.status).toBe(128 + 11);
    expect(r.out).toContain('writing address 0x400');
    const m = createMachine({ login: null });
    applyInput(m.state, m.rt, { kind: 'spawn', request: { program: 'segfault', argv: ['segfault', 'null'] } });
    runTo(m, 50);
    const sigs = logItems(m.state.ipc.signalLog);
    expect(sigs.some((e) => e.sig === 11 && e.outcome === 'terminated')).toBe(true);
    expect(m.state.vm.stats.segvs).toBe(1);
    expect(checkVm(m.state.vm)).toEqual([]);
  });

  it('fork shares pages copy-on-write: the child breaks them, the parent keeps its bytes', () => {
    const text = out(['memtouch', '-k', '3', '-n', '3', '-f'], { config: { vm: { physMemSize: 16384 } } });
    expect(text).toContain('wrote 3 shared pages: 3 copy-on-write breaks');
    expect(text).toContain('still reads its own bytes in 3 of 3');
  });

  it('pmap, vmstat, free and ps report the address space and the pager', () => {
    expect(out(['pmap', '-x'])).toMatch(/heap\n|code\n/);
    expect(out(['vmstat'])).toMatch(/scheme linear, 1024-byte pages, replacement CLOCK/);
    expect(out(['free'])).toMatch(/\nMem: +16K +\d+K +\d+K\nSwap: +64K/);
    expect(run(['pmap', '999']).status).toBe(1);
    // heapinfo measures the heap arena in pages: 4096 bytes from 0x1000 are four 1 KB pages, none in use yet.
    expect(out(['free', '-v'])).toContain('pages:       0 of the arena\'s 4 1024-byte pages hold allocated blocks');
  });

  it('heapinfo counts the arena pages an allocated block touches', () => {
    const holder = function* () {
      yield* sys.malloc(1500); // a 1512-byte block from 0x1000: pages 4 and 5
      const h = yield* sys.heapinfo();
      yield* sys.print(`${h.pagesInUse} of ${h.pages}\n`);
      return 0;
    };
    expect(out(['holder'], { programs: { holder } })).toBe('2 of 4\n');
  });

  it('the swap daemon keeps free frames between the watermarks', () => {
    const cfg = { vm: { pageSize: 1024, physMemSize: 8192, lowWater: 2, highWater: 4, diskTicks: 2 } };
    const m = createMachine({ login: null, ...cfg });
    expect(Object.values(m.state.procs).some((p) => p.name === 'kswapd')).toBe(true);
    applyInput(m.state, m.rt, { kind: 'spawn', request: { program: 'memtouch', argv: ['memtouch', '-k', '7', '-n', '60', '-w'] } });
    runTo(m, 600);
    expect(m.state.vm.stats.evictions).toBeGreaterThan(0);
    expect(m.state.vm.frames.freeCount).toBeGreaterThanOrEqual(2);
    expect(checkVm(m.state.vm)).toEqual([]);
  });
});
