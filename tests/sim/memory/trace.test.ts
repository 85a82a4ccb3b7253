import { describe, expect, it } from 'vitest';
import { replayTrace, startReplay, stepReplay } from '../../../src/sim/memory/replay.ts';
import { formatOstepOps, parseMallocLab, parseOstepOps, parseTrace, randomTrace } from '../../../src/sim/memory/trace.ts';

describe('OSTEP op lists', () => {
  it('numbers pointers by allocation and reads frees by pointer', () => {
    expect(parseOstepOps('+10,-0,+20, -1')).toEqual({
      ops: [
        { kind: 'alloc', id: 0, size: 10 },
        { kind: 'free', id: 0 },
        { kind: 'alloc', id: 1, size: 20 },
        { kind: 'free', id: 1 },
      ],
    });
  });

  it('names the bad token', () => {
    expect(parseOstepOps('+10,x3,-1')).toEqual({ error: expect.stringContaining('op 2 ("x3")') });
    expect(parseOstepOps('+10,-')).toEqual({ error: expect.stringContaining('op 2 ("-")') });
    expect(parseOstepOps('+1.5')).toEqual({ error: expect.stringContaining('op 1') });
  });

  it('writes ops back in the same syntax', () => {
    const parsed = parseOstepOps('+5,+7,-1,-0');
    if ('error' in parsed) throw new Error(parsed.error);
    expect(formatOstepOps(parsed.ops)).toBe('+5,+7,-1,-0');
    expect(formatOstepOps([{ kind: 'realloc', id: 0, size: 3 }])).toEqual({ error: expect.any(String) });
  });
});

describe('malloc-lab traces', () => {
  const text = ['20000', '2', '5', '1', 'a 0 512', 'a 1 128', '', '# grow the first block', 'r 0 640', 'f 1', 'f 0'].join('\n');

  it('skips the header lines, blank lines and comments', () => {
    expect(parseMallocLab(text)).toEqual({
      ops: [
        { kind: 'alloc', id: 0, size: 512 },
        { kind: 'alloc', id: 1, size: 128 },
        { kind: 'realloc', id: 0, size: 640 },
        { kind: 'free', id: 1 },
        { kind: 'free', id: 0 },
      ],
    });
    expect(parseTrace(text)).toEqual(parseMallocLab(text));
    expect(parseTrace('+1,-0')).toEqual(parseOstepOps('+1,-0'));
  });

  it('names the bad line', () => {
    expect(parseMallocLab('a 0 8\na 1\n')).toEqual({ error: 'line 2 ("a 1"): expected "a id size"' });
    expect(parseMallocLab('a 0 8\nf\n')).toEqual({ error: 'line 2 ("f"): expected "f id"' });
    expect(parseMallocLab('4\nx 1 2')).toEqual({ error: 'line 2 ("x 1 2"): unknown operation "x" (expected a, f or r)' });
    expect(parseMallocLab('a 0 -8')).toEqual({ error: expect.stringContaining('line 1') });
  });
});

describe('random traces', () => {
  const opts = { seed: 42, ops: 500, maxSize: 64, maxLive: 10, reallocPercent: 20 };

  it('are reproducible from the seed', () => {
    expect(randomTrace(opts)).toEqual(randomTrace(opts));
    expect(randomTrace({ ...opts, seed: 43 })).not.toEqual(randomTrace(opts));
  });

  it('only free or resize live pointers, and never exceed maxLive', () => {
    const live = new Set<number>();
    let allocs = 0;
    for (const op of randomTrace(opts)) {
      if (op.kind === 'alloc') {
        expect(op.id).toBe(allocs++);
        live.add(op.id);
        expect(live.size).toBeLessThanOrEqual(10);
        expect(op.size).toBeGreaterThanOrEqual(1);
        expect(op.size).toBeLessThanOrEqual(64);
      } else {
        expect(live.has(op.id)).toBe(true);
        if (op.kind === 'free') live.delete(op.id);
      }
    }
  });
});

describe('random traces with short lifetimes', () => {
  it('free only among the most recently allocated live pointers', () => {
    const live: number[] = [];
    for (const op of randomTrace({ seed: 5, ops: 2000, maxSize: 8, allocPercent: 60, recent: 3 })) {
      if (op.kind === 'alloc') live.push(op.id);
      else {
        expect(live.slice(-3)).toContain(op.id);
        live.splice(live.indexOf(op.id), 1);
      }
    }
  });
});

describe('replay', () => {
  const config = { base: 1000, size: 100, headerSize: 0, align: 1, minSplit: 1, coalesce: 'none' } as const;

  it('records each step in words, with the metrics after it', () => {
    const parsed = parseOstepOps('+10,+95,-0,-0,-5');
    if ('error' in parsed) throw new Error(parsed.error);
    const r = replayTrace(config, parsed.ops);
    if ('error' in r) throw new Error(r.error);
    expect(r.steps.map((s) => s.text)).toEqual([
      'ptr[0] = malloc(10) returned 1000, searched 1',
      'ptr[1] = malloc(95) failed: ENOMEM, searched 1',
      'free(ptr[0]) returned 0',
      'free(ptr[0]) failed: EINVAL (bad pointer or double free)',
      'free(ptr[5]) skipped: ptr[5] was never allocated',
    ]);
    expect(r.steps.map((s) => s.metrics.freeBlocks)).toEqual([1, 1, 2, 2, 2]);
    expect(r.steps[0].metrics.inUse).toBe(10);
  });

  it('steps one operation at a time, and says whether realloc moved the block', () => {
    const r = startReplay({ ...config, headerSize: 0 }, [
      { kind: 'alloc', id: 0, size: 10 },
      { kind: 'realloc', id: 0, size: 20 },
      { kind: 'alloc', id: 1, size: 10 },
      { kind: 'realloc', id: 0, size: 40 },
    ]);
    if ('error' in r) throw new Error(r.error);
    expect(stepReplay(r)?.result).toBe(1000);
    expect(stepReplay(r)?.text).toBe('ptr[0] = realloc(ptr[0], 20) returned 1000 (in place), searched 0');
    stepReplay(r);
    expect(stepReplay(r)?.text).toBe('ptr[0] = realloc(ptr[0], 40) returned 1030 (moved), searched 1');
    expect(stepReplay(r)).toBeNull();
  });

  it('reports a bad configuration instead of replaying', () => {
    expect(replayTrace({ size: -1 }, [])).toEqual({ error: expect.stringContaining('heap.size') });
  });
});
