import { describe, expect, it } from 'vitest';
import { solve } from '../../src/sim/ostep/index.ts';
import { loadCases, mismatch } from './cases.ts';

describe('OSTEP mlfq conformance', () => {
  for (const c of loadCases('mlfq')) {
    it(c.id, () => {
      expect(mismatch(c.expected, solve('mlfq', c.input), c.tolerance ?? 0)).toBeNull();
    });
  }
});
