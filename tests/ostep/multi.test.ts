import { describe, expect, it } from 'vitest';
import { solve } from '../../src/sim/ostep/index.ts';
import { loadCases, mismatch } from './cases.ts';

describe('OSTEP multi conformance', () => {
  for (const c of loadCases('multi')) {
    it(c.id, () => {
      expect(mismatch(c.expected, solve('multi', c.input), c.tolerance ?? 0)).toBeNull();
    });
  }
});
