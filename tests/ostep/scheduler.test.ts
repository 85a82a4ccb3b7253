import { describe, expect, it } from 'vitest';
import { solve } from '../../src/sim/ostep/index.ts';
import { loadCases, mismatch } from './cases.ts';

describe('OSTEP scheduler conformance', () => {
  for (const c of loadCases('scheduler')) {
    it(c.id, () => {
      expect(mismatch(c.expected, solve('scheduler', c.input), c.tolerance ?? 0)).toBeNull();
    });
  }

  it('answers malformed input with an error that names the field', () => {
    expect((solve('scheduler', { policy: 'LIFO', quantum: null, jobs: [1] }) as { error: string }).error).toContain('policy: expected FIFO, SJF or RR');
    expect((solve('scheduler', { policy: 'RR', quantum: null, jobs: [1] }) as { error: string }).error).toContain('quantum: RR needs an integer >= 1');
    expect((solve('scheduler', { policy: 'FIFO', quantum: null, jobs: [1, -2] }) as { error: string }).error).toContain('jobs: expected an array of lengths >= 0');
    expect(solve('scheduler', null)).toHaveProperty('error');
  });
});
