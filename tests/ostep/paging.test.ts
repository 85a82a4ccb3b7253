import { describe, expect, it } from 'vitest';
import { solve } from '../../src/sim/ostep/index.ts';
import { solvePagingLinear, solvePagingMultilevel, solvePagingPolicy } from '../../src/sim/ostep/paging.ts';
import { loadCases, mismatch } from './cases.ts';

for (const sim of ['paging-policy', 'paging-linear-translate', 'paging-multilevel-translate', 'relocation', 'segmentation']) {
  describe(`${sim} conformance (OSTEP ${sim}.py)`, () => {
    for (const c of loadCases(sim)) {
      it(c.id, () => {
        expect(mismatch(c.expected, solve(sim, c.input), c.tolerance ?? 0)).toBeNull();
      });
    }
  });
}

describe('paging solvers reject malformed input', () => {
  it('with an error that says what is wrong', () => {
    expect(solvePagingPolicy({ policy: 'RAND', cacheSize: 1, addresses: [1, 2] })).toHaveProperty('error');
    expect(solvePagingPolicy({ policy: 'LRU', cacheSize: 0, addresses: [1] })).toHaveProperty('error');
    expect(solvePagingLinear({ addressSpaceSize: 100, physMemSize: 64, pageSize: 16, pageTable: [], addresses: [] })).toEqual({ error: 'sizes must be powers of two' });
    expect(solvePagingMultilevel({ pdbr: 0, memory: ['zz'], addresses: [0] })).toHaveProperty('error');
  });
});
