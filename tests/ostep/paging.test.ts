import { describe, expect, it } from 'vitest';
import { answer, solve } from '../../src/sim/ostep/index.ts';
import { runReferences } from '../../src/sim/vm/lab.ts';
import { solvePagingLinear, solvePagingMultilevel, solvePagingPolicy } from '../../src/sim/ostep/paging.ts';
import { jsonPieces, loadCases, mismatch } from './cases.ts';

for (const sim of ['paging-policy', 'paging-linear-translate', 'paging-multilevel-translate', 'relocation', 'segmentation']) {
  describe(`${sim} conformance (OSTEP ${sim}.py)`, () => {
    for (const c of loadCases(sim)) {
      it(c.id, () => {
        expect(mismatch(c.expected, solve(sim, c.input), c.tolerance ?? 0)).toBeNull();
      });
    }
  });
}

describe("paging-policy's RAND and CLOCK, with OSTEP's random draws given as input", () => {
  it('RAND evicts the draw-th page in memory; CLOCK probes draw-th pages, counting down to a victim', () => {
    const rand = solve('paging-policy', { policy: 'RAND', cacheSize: 2, addresses: [1, 2, 3, 4], draws: [1, 0] }) as { accesses: Array<{ victim: number | null; memory: number[] }> };
    expect(rand.accesses.map((a) => a.victim)).toEqual([null, null, 2, 1]);
    // 1 and 2 loaded (counts 1, 1), 1 hit (count 2). Loading 3 probes 1 (2 -> 1), 2 (1 -> 0), 2 (victim).
    const clock = solve('paging-policy', { policy: 'CLOCK', cacheSize: 2, addresses: [1, 2, 1, 3], draws: [0, 1, 1], clockBits: 2 }) as {
      accesses: Array<{ victim: number | null; memory: number[] }>;
    };
    expect(clock.accesses.map((a) => a.victim)).toEqual([null, null, null, 2]);
    expect(clock.accesses[3].memory).toEqual([1, 3]);
    expect(solvePagingPolicy({ policy: 'CLOCK', cacheSize: 1, addresses: [1, 2] })).toEqual({ error: 'CLOCK needs one draw (an index into memory) per probe in draws' });
  });
});

describe('paging solvers reject malformed input', () => {
  it('with an error that says what is wrong', () => {
    expect(solvePagingPolicy({ policy: 'RAND', cacheSize: 1, addresses: [1, 2] })).toHaveProperty('error');
    expect(solvePagingPolicy({ policy: 'LRU', cacheSize: 0, addresses: [1] })).toHaveProperty('error');
    expect(solvePagingLinear({ addressSpaceSize: 100, physMemSize: 64, pageSize: 16, pageTable: [], addresses: [] })).toEqual({ error: 'sizes must be powers of two' });
    expect(solvePagingMultilevel({ pdbr: 0, memory: ['zz'], addresses: [0] })).toHaveProperty('error');
  });
});

describe('paging answers are streamed', () => {
  it('makes each step of a long reference string as it is written, with the totals after the last', () => {
    const addresses = Array.from({ length: 20_000 }, (_, i) => (i * 7919) % 37);
    const a = answer('paging-policy', { policy: 'LRU', cacheSize: 8, addresses }) as { accesses: unknown };
    expect(Array.isArray(a.accesses)).toBe(false);
    const pieces = jsonPieces(a, 1 << 16);
    expect(pieces.length).toBeGreaterThan(10);
    const whole = JSON.parse(Buffer.concat(pieces).toString('utf8')) as { accesses: Array<{ hits: number }>; hits: number; misses: number };
    const run = runReferences(addresses, { policy: 'LRU', frames: 8, record: true });
    expect(whole.accesses).toEqual(run.steps);
    expect([whole.hits, whole.misses]).toEqual([run.hits, run.misses]);
  });
});
