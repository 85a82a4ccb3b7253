import { describe, expect, it } from 'vitest';
import { solveFork } from '../../src/sim/ostep/fork.ts';
import { solve } from '../../src/sim/ostep/index.ts';
import { loadCases, mismatch } from './cases.ts';

describe('fork conformance (OSTEP fork.py)', () => {
  for (const c of loadCases('fork')) {
    it(c.id, () => {
      expect(mismatch(c.expected, solve('fork', c.input), c.tolerance ?? 0)).toBeNull();
    });
  }

  it('rejects malformed input with an error naming the action, not a throw', () => {
    expect(solveFork(null)).toHaveProperty('error');
    expect(solveFork({ actions: ['a+b', 'b*'], leafOnly: false, localReparent: false })).toEqual({
      error: 'actions[1]: "b*" is neither "x+y" (x forks y) nor "x-" (x exits)',
    });
    expect(solveFork({ actions: ['z+b'], leafOnly: false, localReparent: false })).toEqual({ error: 'actions[0]: z cannot fork: no such process' });
    expect(solveFork({ actions: ['a-'], leafOnly: false, localReparent: false })).toHaveProperty('error');
  });
});
