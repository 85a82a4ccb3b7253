import { describe, expect, it } from 'vitest';
import { solve } from '../../src/sim/ostep/index.ts';
import { loadCases, mismatch } from './cases.ts';

describe('OSTEP lottery conformance', () => {
  for (const c of loadCases('lottery')) {
    it(c.id, () => {
      expect(mismatch(c.expected, solve('lottery', c.input), c.tolerance ?? 0)).toBeNull();
    });
  }
});
