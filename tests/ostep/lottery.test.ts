import { describe, expect, it } from 'vitest';
import { solve } from '../../src/sim/ostep/index.ts';
import { loadCases, mismatch } from './cases.ts';

describe('OSTEP lottery conformance', () => {
  for (const c of loadCases('lottery')) {
    it(c.id, () => {
      expect(mismatch(c.expected, solve('lottery', c.input), c.tolerance ?? 0)).toBeNull();
    });
  }

  it('answers malformed input with an error that names the field', () => {
    expect((solve('lottery', { quantum: 1, jobs: [{ length: 3, tickets: 10 }], randoms: [5] }) as { error: string }).error).toContain('randoms: ran out after 1 draws with 1 jobs unfinished');
    expect((solve('lottery', { quantum: 1, jobs: [{ length: 3, tickets: 0 }], randoms: [5, 6, 7] }) as { error: string }).error).toContain('no tickets among the 1 unfinished jobs');
    expect((solve('lottery', { quantum: 0, jobs: [], randoms: [] }) as { error: string }).error).toContain('quantum: expected an integer >= 1');
    expect(solve('lottery', null)).toHaveProperty('error');
  });
});
