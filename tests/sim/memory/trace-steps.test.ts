import { describe, expect, it } from 'vitest';
import { heapLeaks } from '../../../src/sim/kernel/heap-syscalls.ts';
import { applyInput } from '../../../src/sim/kernel/kernel.ts';
import { createMachine, runTo } from '../../../src/sim/machine/machine.ts';
import { free, malloc, realloc } from '../../../src/sim/memory/heap.ts';
import { heapBlocks, historySeries, metricsHistory, reclaimedLeaks, traceSteps } from '../../../src/sim/memory/selectors.ts';
import { parseTrace, type TraceOp } from '../../../src/sim/memory/trace.ts';
import { heapOf } from './helpers.ts';

const opsOf = (text: string): TraceOp[] => {
  const r = parseTrace(text);
  if ('error' in r) throw new Error(r.error);
  return r.ops;
};

/** Boots the default machine, starts memtrace on `trace` at tick 5, and returns it with the pid. */
function memtrace(trace: string) {
  const m = createMachine({});
  runTo(m, 5);
  applyInput(m.state, m.rt, { kind: 'spawn', request: { program: 'memtrace', argv: ['memtrace', trace] } });
  return { m, pid: m.state.nextPid - 1 };
}

describe('heap history samples', () => {
  it('record the owner, its call number, the size and the block of each malloc, free and realloc', () => {
    const heap = heapOf({ base: 0, size: 128, headerSize: 8, align: 8, historyCap: 16 });
    const a = malloc(heap, 10, 7);
    malloc(heap, 500, 7);
    const b = malloc(heap, 4, 9);
    realloc(heap, a, 20);
    free(heap, b);
    expect(free(heap, 999)).toBeLessThan(0); // refused: no sample
    expect(metricsHistory(heap).map((s) => [s.op, s.ok, s.owner, s.call, s.size, s.addr])).toEqual([
      ['malloc', true, 7, 1, 10, 0],
      ['malloc', false, 7, 2, 500, null],
      ['malloc', true, 9, 1, 4, 24],
      ['realloc', true, 7, 3, 20, 40], // moved: the block above is taken
      ['free', true, 9, 2, 4, 24],
    ]);
  });
});

describe('historySeries', () => {
  it('turns the samples into chart points with external fragmentation', () => {
    const heap = heapOf({ base: 0, size: 100, headerSize: 0, align: 1, minSplit: 1, coalesce: 'none', historyCap: 8 });
    const a = malloc(heap, 30, 1);
    malloc(heap, 30, 1);
    free(heap, a);
    expect(historySeries(metricsHistory(heap))).toEqual([
      { seq: 0, op: 'malloc', owner: 1, inUse: 30, freeBytes: 70, largestFree: 70, externalFragmentation: 0, searched: 1 },
      { seq: 1, op: 'malloc', owner: 1, inUse: 60, freeBytes: 40, largestFree: 40, externalFragmentation: 0, searched: 1 },
      { seq: 2, op: 'free', owner: 1, inUse: 30, freeBytes: 70, largestFree: 40, externalFragmentation: 1 - 40 / 70, searched: 0 },
    ]);
  });
});

describe('traceSteps: a memtrace run as a step list', () => {
  const TRACE = '+40,+10,+20,+10,-0,-2,+15,+35';

  it('shows the done operations with their results and the current one, tick by tick', () => {
    const { m, pid } = memtrace(TRACE);
    const view = () => traceSteps(opsOf(TRACE), metricsHistory(m.state.heap), pid, { pointerOffset: 8, finished: !m.state.procs[pid] });
    expect(view().current).toBeNull();
    expect(view().steps.every((s) => s.status === 'pending')).toBe(true);
    // Spawned at tick 5: each operation follows a tick of CPU, so op k is done at tick 6 + k.
    runTo(m, 6);
    expect(view().current).toBe(0);
    expect(view().steps[0]).toEqual({ index: 0, label: 'ptr[0] = malloc(40)', status: 'done', result: 'returned 4104, searched 1', ok: true, addr: 4096 });
    expect(view().steps[1].status).toBe('pending');
    runTo(m, 7);
    expect(view().current).toBe(1);
    runTo(m, 13);
    const v = view();
    expect(v.current).toBe(7);
    expect(v.steps.map((s) => s.result)).toEqual([
      'returned 4104, searched 1',
      'returned 4152, searched 1',
      'returned 4176, searched 1',
      'returned 4208, searched 1',
      'returned 0',
      'returned 0',
      'returned 4104, searched 1',
      'returned 4232, searched 3',
    ]);
    runTo(m, 30);
    expect(m.state.procs[pid]).toBeUndefined();
    expect(view().current).toBe(7);
  });

  it('skips a free of a pointer never allocated, and reports a failed malloc', () => {
    const { m, pid } = memtrace('+5000,-0,+8');
    runTo(m, 20);
    const v = traceSteps(opsOf('+5000,-0,+8'), metricsHistory(m.state.heap), pid, { pointerOffset: 8, finished: true });
    expect(v.steps.map((s) => [s.status, s.result])).toEqual([
      ['done', 'failed: ENOMEM, searched 1'],
      ['skipped', 'skipped: ptr[0] was never allocated'],
      ['done', 'returned 4104, searched 1'],
    ]);
  });

  it('says when a result has left the history, and keeps the later ones in place', () => {
    const heap = heapOf({ base: 0, size: 256, headerSize: 0, align: 1, historyCap: 2 });
    const ops = opsOf('+10,+20,-0,+5');
    const a = malloc(heap, 10, 3);
    malloc(heap, 20, 3);
    free(heap, a);
    malloc(heap, 5, 3);
    const v = traceSteps(ops, metricsHistory(heap), 3, { pointerOffset: 0, finished: false });
    expect(v.steps.map((s) => s.status)).toEqual(['unknown', 'unknown', 'done', 'done']);
    expect(v.steps[3].result).toBe('returned 0, searched 1');
    expect(v.current).toBe(3);
  });

  it('tells a realloc in place from one that moved', () => {
    const heap = heapOf({ base: 0, size: 256, headerSize: 0, align: 1, historyCap: 10 });
    const p = malloc(heap, 10, 4);
    const q = realloc(heap, p, 20);
    malloc(heap, 1, 4);
    realloc(heap, q, 40);
    const v = traceSteps(opsOf('a 0 10\nr 0 20\na 1 1\nr 0 40'), metricsHistory(heap), 4, { pointerOffset: 0, finished: false });
    expect(v.steps.map((s) => s.result)).toEqual(['returned 0, searched 1', 'returned 0, searched 0, in place', 'returned 20, searched 1', 'returned 21, searched 1, moved']);
  });
});

describe('reclaimedLeaks', () => {
  it('marks the blocks a process leaked while they stay free', () => {
    // memtrace keeps the trace's heap on view for one tick after its last operation, so the exit reclaims a tick later.
    const { m, pid } = memtrace('+40,+10,-1');
    runTo(m, 20);
    const blocks = heapBlocks(m.state.heap);
    expect(reclaimedLeaks(blocks, heapLeaks(m.state), 8)).toEqual([{ addr: 4096, size: 48, pid, name: 'memtrace', tick: 9 }]);
    // Once the bytes are handed out again, the mark goes.
    const again = memtrace('+40,+10,-1');
    runTo(again.m, 20);
    malloc(again.m.state.heap, 100, 99);
    expect(reclaimedLeaks(heapBlocks(again.m.state.heap), heapLeaks(again.m.state), 8)).toEqual([]);
  });
});
