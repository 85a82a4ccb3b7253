import { describe, expect, it } from 'vitest';
import { solve } from '../../src/sim/ostep/index.ts';
import { loadCases, mismatch } from './cases.ts';

describe('OSTEP process-run conformance', () => {
  for (const c of loadCases('process-run')) {
    it(c.id, () => {
      expect(mismatch(c.expected, solve('process-run', c.input), c.tolerance ?? 0)).toBeNull();
    });
  }

  it('answers malformed input with an error that names the field', () => {
    expect((solve('process-run', { programs: ['c2,x1'], ioLength: 5, switchBehavior: 'SWITCH_ON_IO', ioDoneBehavior: 'IO_RUN_LATER' }) as { error: string }).error).toContain("bad instruction 'x1' in program 'c2,x1'");
    expect((solve('process-run', { instructions: [['cpu']], ioLength: 5, switchBehavior: 'SWITCH_SOMETIMES', ioDoneBehavior: 'IO_RUN_LATER' }) as { error: string }).error).toContain('switchBehavior: expected SWITCH_ON_IO or SWITCH_ON_END');
    expect(solve('process-run', null)).toHaveProperty('error');
  });
});
