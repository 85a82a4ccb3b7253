import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { solve } from '../../src/sim/ostep/index.ts';
import { type MallocTotals, mallocProblemFromOps, mallocTotals } from '../../src/sim/ostep/malloc.ts';
import { loadCases, mismatch } from './cases.ts';

describe('OSTEP malloc conformance', () => {
  for (const c of loadCases('malloc')) {
    it(c.id, () => {
      expect(mismatch(c.expected, solve('malloc', c.input), c.tolerance ?? 0)).toBeNull();
    });
  }
});

const base = { heapSize: 100, baseAddr: 0, headerSize: 0, align: -1, policy: 'FIRST', listOrder: 'ADDRSORT', coalesce: false };
const alloc = (size: number) => ({ op: 'alloc', size });
const free = (ptr: number) => ({ op: 'free', ptr });

describe('malloc.py rules beyond the public cases', () => {
  it('skips a free of pointer k when k is not below the number of successful allocs', () => {
    const out = solve('malloc', { ...base, heapSize: 20, ops: [alloc(30), alloc(5), free(1), free(0)] }) as { ops: unknown[] };
    expect(out.ops).toEqual([
      { op: 'alloc', ptr: 0, size: 30, returned: -1, searched: 1, freeList: [[0, 20]] },
      { op: 'alloc', ptr: 1, size: 5, returned: 0, searched: 1, freeList: [[5, 15]] },
      // One alloc succeeded, so pointer 1 counts as never allocated, as in malloc.py.
      { op: 'free', ptr: 1, skipped: true },
      // Pointer 0's alloc failed: it names no block.
      { op: 'free', ptr: 0, skipped: false, returned: -1, freeList: [[5, 15]] },
    ]);
  });

  it('handles zero-byte requests without headers: an empty element that later merges', () => {
    const out = solve('malloc', { ...base, coalesce: true, ops: [alloc(0), free(0), alloc(0), alloc(100), free(1)] }) as {
      ops: { returned: number; freeList: unknown }[];
    };
    expect(out.ops.map((o) => [o.returned, o.freeList])).toEqual([
      [0, [[0, 100]]],
      [
        0,
        [
          [0, 100],
          [0, 0],
        ],
      ],
      [
        0,
        [
          [0, 100],
          [0, 0],
        ],
      ],
      [0, [[0, 0]]],
      // Pointer 1 was the second zero-byte alloc at 0; the 100-byte block has since taken
      // that address, so the free releases it, and the pass merges [0,0] with [0,100].
      [0, [[0, 100]]],
    ]);
  });

  it('answers bad input with an error, never a throw', () => {
    expect(solve('malloc', null)).toEqual({ error: expect.any(String) });
    expect(solve('malloc', { ...base, policy: 'NEXT', ops: [] })).toEqual({ error: expect.stringContaining('policy') });
    expect(solve('malloc', { ...base, align: 0, ops: [] })).toEqual({ error: expect.stringContaining('align') });
    expect(solve('malloc', { ...base, ops: [{ op: 'alloc', size: -1 }] })).toEqual({ error: expect.stringContaining('ops[0]') });
  });
});

interface BenchFile {
  input: Record<string, unknown>;
  opsCompact: string;
  summary: MallocTotals & { ops: number };
}

describe('malloc.py benchmark runs (first fit, address order, coalescing)', () => {
  for (const n of [20000, 200000]) {
    it(`matches the ${n}-op run's totals and final free list`, () => {
      const path = join(import.meta.dirname, '..', 'conformance', 'ostep', 'bench', `malloc-${n}.json`);
      const file = JSON.parse(readFileSync(path, 'utf8')) as BenchFile;
      const problem = mallocProblemFromOps(file.input, file.opsCompact);
      if ('error' in problem) throw new Error(problem.error);
      const { ops: _ops, ...want } = file.summary;
      expect(mallocTotals(problem)).toEqual(want);
    });
  }
});
