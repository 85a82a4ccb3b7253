import { describe, expect, it } from 'vitest';
import { EINVAL, ENOMEM } from '../../../src/sim/abi/errno.ts';
import type { ProcessContext } from '../../../src/sim/abi/program.ts';
import { logItems } from '../../../src/sim/base/ringlog.ts';
import { heapLeaks } from '../../../src/sim/kernel/heap-syscalls.ts';
import * as sys from '../../../src/sim/libc/sys.ts';
import { createMachine, runTo, screen, type } from '../../../src/sim/machine/machine.ts';
import { checkHeap } from '../../../src/sim/memory/check.ts';
import { heapMetrics } from '../../../src/sim/memory/metrics.ts';
import { PROGRAMS } from '../../../src/sim/machine/programs.ts';

/** Boots a machine with one extra program and no login shell, and runs it to completion. */
function runProgram(program: (ctx: ProcessContext) => sys.Sys<number>, config = {}) {
  const m = createMachine({ login: null, ...config }, { ...PROGRAMS, test: program });
  runTo(m, 1, [{ tick: 0, kind: 'spawn', request: { program: 'test', argv: ['test'] } }]);
  runTo(m, 50);
  return m;
}

describe('the kernel heap', () => {
  it('hands out payload pointers from the default arena, tagged with the pid', () => {
    const seen: number[] = [];
    const m = runProgram(function* () {
      seen.push(yield* sys.malloc(10), yield* sys.malloc(20));
      yield* sys.sleep(100);
      return 0;
    });
    // 4096 bytes at 0x1000 with 8-byte headers: the first payload is at 0x1008.
    expect(seen).toEqual([0x1008, 0x1008 + 24]);
    const pid = Object.values(m.state.procs).find((p) => p.name === 'test')!.pid;
    expect(m.state.heap.blocks[0x1000]).toMatchObject({ owner: pid, request: 10, size: 24 });
  });

  it('reclaims the blocks of a process that exits without freeing them, and records them as leaked', () => {
    const m = runProgram(function* () {
      const a = yield* sys.malloc(10);
      yield* sys.malloc(100);
      yield* sys.free(a);
      yield* sys.malloc(30);
      return 0;
    });
    const leaks = heapLeaks(m.state);
    // The 30-byte request needs 40 bytes: more than the 24-byte hole, so it goes above.
    expect(leaks.map((l) => [l.name, l.ptr, l.size, l.blockSize])).toEqual([
      ['test', 0x1008 + 24, 100, 112],
      ['test', 0x1008 + 24 + 112, 30, 40],
    ]);
    expect(heapMetrics(m.state.heap)).toMatchObject({ inUse: 0, freeBlocks: 1, largestFree: 4096 });
    expect(checkHeap(m.state.heap)).toEqual([]);
    expect(logItems(m.state.log).some((e) => /leaked 2 heap blocks \(130 bytes\)/.test(e.text))).toBe(true);
  });

  it('refuses to free or resize a pointer the process does not own, and frees NULL quietly', () => {
    const results: number[] = [];
    const m = createMachine({ login: null }, {
      ...PROGRAMS,
      owner: function* () {
        yield* sys.malloc(16);
        yield* sys.sleep(100);
        return 0;
      },
      thief: function* () {
        results.push(yield* sys.free(0x1008), yield* sys.realloc(0x1008, 64), yield* sys.free(0), yield* sys.free(12345));
        return 0;
      },
    });
    runTo(m, 5, [
      { tick: 0, kind: 'spawn', request: { program: 'owner', argv: ['owner'] } },
      { tick: 2, kind: 'spawn', request: { program: 'thief', argv: ['thief'] } },
    ]);
    expect(results).toEqual([-EINVAL, -EINVAL, 0, -EINVAL]);
    expect(m.state.heap.blocks[0x1000].free).toBe(false);
  });

  it('answers realloc(NULL, n) as malloc, a full heap with ENOMEM, and a bad size with EINVAL', () => {
    const results: number[] = [];
    runProgram(function* () {
      const p = yield* sys.realloc(0, 40);
      results.push(p, yield* sys.malloc(5000), yield* sys.malloc(-1), yield* sys.realloc(p, 80));
      return 0;
    });
    expect(results).toEqual([0x1008, -ENOMEM, -EINVAL, 0x1008]);
  });

  it('takes its configuration from the kernel config, and boots the default heap when it is invalid', () => {
    let info: unknown = null;
    runProgram(
      function* () {
        info = yield* sys.heapinfo();
        return 0;
      },
      { heap: { design: 'buddy', size: 1024, base: 0x8000, minBlock: 32 } },
    );
    expect(info).toMatchObject({ design: 'buddy', heapSize: 1024, base: 0x8000, freeBlocks: 1 });
    const m = createMachine({ login: null, heap: { size: -5 } });
    expect(m.state.heap.config.size).toBe(4096);
    expect(logItems(m.state.log).some((e) => e.kind === 'error' && e.text.includes('heap.size'))).toBe(true);
  });
});

/** Boots with the shell, types each command line and runs to the tick given with it. */
function session(...commands: [line: string, until: number][]) {
  const m = createMachine();
  runTo(m, 2);
  for (const [line, until] of commands) {
    type(m, `${line}\n`);
    runTo(m, until);
  }
  return { m, out: screen(m) };
}

describe('heap programs', () => {
  it('memtrace steps a trace through the syscalls, one operation per tick', () => {
    const { m, out } = session(['memtrace +10,+20,-0,+5,-7', 40]);
    expect(out).toContain('ptr[0] = malloc(10) returned 4104 (searched 1)\n');
    expect(out).toContain('free(ptr[0]) returned 0\n  heap: 32 B in use (20 asked for), 4064 B free in 2 free blocks, largest 4040\n');
    expect(out).toContain('ptr[2] = malloc(5) returned 4104 (searched 1)\n');
    expect(out).toContain('free(ptr[7]) skipped: ptr[7] was never allocated\n');
    expect(heapLeaks(m.state).map((l) => l.ptr)).toEqual([4104, 4128]);
  });

  it('memtrace reads malloc-lab lines, frees what is left with -f, and names a bad token', () => {
    const { m, out } = session(["memtrace -f 'a 0 10; r 0 40; a 1 8'", 30], ['memtrace +10,oops', 40]);
    expect(out).toContain('ptr[0] = realloc(ptr[0], 40) returned 4104 (searched 0, in place)\n');
    expect(out).toMatch(/free\(ptr\[1\]\) returned 0\n/);
    expect(out).toContain('memtrace: op 2 ("oops")');
    expect(heapLeaks(m.state)).toEqual([]);
  });

  it('alloc shows external fragmentation and a double free', () => {
    const { m, out } = session(['alloc fragment 512', 40], ['alloc doublefree', 60]);
    expect(out).toContain('malloc(969) failed although 2536 B are free: no single hole is large enough\n');
    expect(out).toContain('free(4104) returned 0\nfree(4104) failed: EINVAL\n');
    expect(heapMetrics(m.state.heap).inUse).toBe(0);
  });
});
