import { describe, expect, it } from 'vitest';
import { solveVsfs } from '../../src/sim/ostep/vsfs.ts';
import { solve } from '../../src/sim/ostep/index.ts';
import { loadCases, mismatch } from './cases.ts';

describe('vsfs conformance (OSTEP vsfs.py)', () => {
  for (const c of loadCases('vsfs')) {
    it(c.id, () => {
      // Through the registry, as the conform command calls it.
      expect(mismatch(c.expected, solve('vsfs', c.input), c.tolerance ?? 0)).toBeNull();
    });
  }

  it('rejects malformed input with an error, not a throw', () => {
    expect(solveVsfs(null)).toHaveProperty('error');
    expect(solveVsfs({ numInodes: 4, numData: 4, ops: [{ op: 'creat' }] })).toHaveProperty('error');
    expect(solveVsfs({ numInodes: 0, numData: 4, ops: [] })).toHaveProperty('error');
  });

  it('reports an operation that cannot succeed (out of inodes)', () => {
    const r = solveVsfs({ numInodes: 2, numData: 4, ops: [{ op: 'creat', path: '/a' }, { op: 'creat', path: '/b' }] });
    expect(r).toEqual({ error: 'ops[1] creat /b failed with ENOSPC' });
  });
});
