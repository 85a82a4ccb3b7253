import { describe, expect, it } from 'vitest';
import { configLine, describeBlock, followedRun, heapViewModel, memtraceRuns, processName } from '../../../../src/renderer/views/memory/kernel-heap-model.ts';
import { pidColor } from '../../../../src/renderer/theme/theme.ts';
import { createMachine, runTo } from '../../../../src/sim/machine/machine.ts';

/** A machine that ran two memtrace processes (one ends, one leaks a block) and an alloc. */
function machine() {
  const m = createMachine({ login: null });
  runTo(m, 40, [
    { tick: 0, kind: 'spawn', request: { program: 'memtrace', argv: ['memtrace', '+40,+10,-0'] } },
    { tick: 1, kind: 'spawn', request: { program: 'memtrace', argv: ['memtrace', '+24'] } },
  ]);
  return m;
}

describe('the Memory tab view models', () => {
  it('colours each allocated block by its owner and accounts for every byte of the arena', () => {
    const { state } = machine();
    const model = heapViewModel(state.heap, state.heapLeaks);
    expect(model.blocks.reduce((n, b) => n + b.size, 0)).toBe(state.heap.config.size);
    for (const b of model.blocks) expect(b.color).toBe(b.owner === null ? '' : pidColor(b.owner));
    expect(model.metrics.heapSize).toBe(state.heap.config.size);
    expect(model.series.length).toBeGreaterThan(0);
  });

  it('marks a block leaked by an ended process over the free block it now lies in', () => {
    const { state } = machine();
    const model = heapViewModel(state.heap, state.heapLeaks);
    // Both runs end holding a block (the 10 B one, and the 24 B one): each is reclaimed and shown as a leak.
    const pids = memtraceRuns(state.procs, state.exited).map((r) => r.pid);
    expect(model.leaks.map((l) => l.pid).sort()).toEqual([...pids].sort());
    expect(model.marks).toEqual(model.leaks.map((l) => ({ addr: l.addr, size: l.size, color: pidColor(l.pid) })));
    const hit = model.blocks.find((b) => b.free && b.addr <= model.leaks[0].addr && model.leaks[0].addr < b.addr + b.size)!;
    expect(describeBlock(hit, state.heap.config.base, () => 'memtrace', model.leaks)).toMatch(/\d+ B here leaked by pid \d+ \(memtrace\), reclaimed at its exit/);
  });

  it('lists memtrace runs newest first, ended ones included, and follows the selected one', () => {
    const { state } = machine();
    const runs = memtraceRuns(state.procs, state.exited);
    expect(runs.map((r) => r.argv.slice(1))).toEqual([['+24'], ['+40,+10,-0']]);
    expect(runs.every((r) => r.finished)).toBe(true);
    expect(followedRun(runs, runs[1].pid, null)).toBe(runs[1]);
    expect(followedRun(runs, null, runs[1].pid)).toBe(runs[1]);
    expect(followedRun(runs, 999, null)).toBe(runs[0]);
    expect(followedRun([], null, null)).toBeNull();
    expect(processName(runs[0].pid, state.procs, state.exited)).toBe('memtrace');
    expect(processName(4242, state.procs, state.exited)).toBe('?');
  });

  it('says the allocator settings in one line', () => {
    const { state } = machine();
    expect(configLine(state.heap)).toMatch(/fit, .* order · .* coalescing · .* B headers · \d+-byte alignment/);
  });
});
