import { describe, expect, it } from 'vitest';
import { solve } from '../../src/sim/ostep/index.ts';
import { loadCases, mismatch } from './cases.ts';

describe('OSTEP process-run conformance', () => {
  for (const c of loadCases('process-run')) {
    it(c.id, () => {
      expect(mismatch(c.expected, solve('process-run', c.input), c.tolerance ?? 0)).toBeNull();
    });
  }
});
