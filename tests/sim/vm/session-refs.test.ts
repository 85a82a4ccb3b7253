import { describe, expect, it } from 'vitest';
import { applyInput } from '../../../src/sim/kernel/kernel.ts';
import { createMachine, runTo } from '../../../src/sim/machine/machine.ts';
import { REF_CAP, sessionReferences } from '../../../src/sim/vm/selectors.ts';

function memtouch(argv: string[], ticks = 2000) {
  const m = createMachine({ login: null });
  const pid = applyInput(m.state, m.rt, { kind: 'spawn', request: { program: 'memtouch', argv: ['memtouch', ...argv] } });
  runTo(m, ticks);
  return { m, pid };
}

describe("the session's own reference string", () => {
  it('is each page a process touched, in the order it touched them', () => {
    const { m, pid } = memtouch(['-p', 'loop', '-k', '4', '-n', '12']);
    const [mine] = sessionReferences(m.state.vm).filter((s) => s.pid === pid);
    expect(mine.pages).toHaveLength(12);
    const first = mine.pages.slice(0, 4);
    expect(new Set(first).size).toBe(4);
    expect(mine.pages).toEqual([...first, ...first, ...first]);
  });

  it('keeps only the last REF_CAP references, so a snapshot stays small', () => {
    const { m, pid } = memtouch(['-p', 'loop', '-k', '3', '-n', String(REF_CAP + 200)], 20_000);
    expect(Object.keys(m.state.vm.refs)).toHaveLength(REF_CAP);
    expect(m.state.vm.refSeq).toBeGreaterThanOrEqual(REF_CAP + 200);
    expect(sessionReferences(m.state.vm).find((s) => s.pid === pid)?.pages.length).toBeLessThanOrEqual(REF_CAP);
  });
});
