import { describe, expect, it } from 'vitest';
import { solve } from '../../src/sim/ostep/index.ts';
import { loadCases, mismatch } from './cases.ts';

describe('OSTEP scheduler conformance', () => {
  for (const c of loadCases('scheduler')) {
    it(c.id, () => {
      expect(mismatch(c.expected, solve('scheduler', c.input), c.tolerance ?? 0)).toBeNull();
    });
  }
});
