import { describe, expect, it } from 'vitest';
import { solve } from '../../src/sim/ostep/index.ts';
import { loadCases, mismatch } from './cases.ts';

describe('OSTEP mlfq conformance', () => {
  for (const c of loadCases('mlfq')) {
    it(c.id, () => {
      expect(mismatch(c.expected, solve('mlfq', c.input), c.tolerance ?? 0)).toBeNull();
    });
  }

  it('answers malformed input with an error that names the field', () => {
    expect((solve('mlfq', { numQueues: 2, quantum: [10], allotment: [1, 1], boost: 0, ioTime: 5, stay: false, iobump: false, jobs: [] }) as { error: string }).error).toContain('quantum: expected 2 integers >= 1');
    expect((solve('mlfq', { numQueues: 1, quantum: [10], allotment: [1], boost: 0, ioTime: 5, stay: false, iobump: false, jobs: [{ start: 0, run: 0, ioFreq: 0 }] }) as { error: string }).error).toContain('jobs[0]: expected {start >= 0, run >= 1, ioFreq >= 0}');
    expect(solve('mlfq', null)).toHaveProperty('error');
  });
});
