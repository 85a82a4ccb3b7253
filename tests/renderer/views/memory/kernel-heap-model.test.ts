import { describe, expect, it } from 'vitest';
import {
  configLine,
  describeBlock,
  followedRun,
  heapViewModel,
  lastStepTick,
  loaderForRun,
  memtraceRuns,
  processName,
  runSource,
  runSteps,
} from '../../../../src/renderer/views/memory/kernel-heap-model.ts';
import { memtraceOps } from '../../../../src/renderer/views/memory/memtrace-args.ts';
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

describe('an ended run and the heap its trace left', () => {
  const WORST = { design: 'list', base: 4096, size: 512, headerSize: 8, align: 8, policy: 'worst', order: 'addr', coalesce: 'immediate' } as const;
  const TRACE = '+56,+8,+24,+8,+40,+8,-0,-2,-4,+24,+40,+56,+248';
  const run = (until: number) => {
    const m = createMachine({ login: null, heap: WORST });
    runTo(m, until, [{ tick: 0, kind: 'spawn', request: { program: 'memtrace', argv: ['memtrace', '-f', TRACE] } }]);
    return m;
  };

  it('the tick before the exit still shows the holes: 320 B free in four blocks, the largest 176 B, as the failed malloc(248) reported', () => {
    const end = run(60);
    const [r] = memtraceRuns(end.state.procs, end.state.exited);
    expect(r.finished).toBe(true);
    // After the teardown the heap is whole again: what the map showed while the log said ENOMEM.
    expect(heapViewModel(end.state.heap, end.state.heapLeaks).metrics.freeBlocks).toBe(1);
    const tick = lastStepTick(r)!;
    expect(tick).toBe(r.exitTick! - 1);
    const before = run(tick);
    const m = heapViewModel(before.state.heap, before.state.heapLeaks).metrics;
    expect([m.freeBytes, m.freeBlocks, m.largestFree]).toEqual([320, 4, 176]);
    const [live] = memtraceRuns(before.state.procs, before.state.exited);
    expect(live.finished).toBe(false);
    // ...and at that tick the trace's last operation has run: the step list and the map agree.
    const steps = runSteps(before.state.heap.history, 8, live.pid, false, memtraceOps(live.argv)!);
    expect(steps.current).toBe(12);
    expect(steps.steps[12].result).toBe('failed: ENOMEM, searched 4');
    expect(lastStepTick(live)).toBeNull();
  });

  it('the Trace menu takes the trace a run ran: the example with the same operations, or the run itself by name', () => {
    const r = { pid: 7, argv: ['memtrace', '-f', TRACE], finished: true, exitTick: 20 };
    const ops = memtraceOps(r.argv)!;
    const first = { source: 'first-vs-best.ops', text: '+40,+10,-0' };
    const shown = loaderForRun(first, r, ops, [{ name: 'a.ops', text: '+1' }])!;
    expect(shown.source).toBe(runSource(7));
    expect(shown.text).toContain(TRACE);
    expect(loaderForRun(shown, r, ops, [])).toBeNull();
    const matching = loaderForRun(first, r, ops, [{ name: 'worst.ops', text: `# worst fit\n${TRACE.replaceAll(',', ', ')}\n` }])!;
    expect(matching.source).toBe('worst.ops');
    const lab = memtraceOps(['memtrace', 'a 0 10; r 0 40; f 0'])!;
    const labShown = loaderForRun(first, { ...r, argv: ['memtrace', 'a 0 10; r 0 40; f 0'] }, lab, [])!;
    expect(labShown.text).toContain('a 0 10\nr 0 40\nf 0');
  });
});
