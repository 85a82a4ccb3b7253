import { describe, expect, it } from 'vitest';
import { applyInput } from '../../../src/sim/kernel/kernel.ts';
import { createMachine, runTo } from '../../../src/sim/machine/machine.ts';
import { chartPid, vmSeries } from '../../../src/sim/vm/selectors.ts';

describe("whose rates the paging chart shows", () => {
  it('the process that touched memory while it runs; the whole machine once only idle ones are left', () => {
    const m = createMachine({ login: null });
    const pid = applyInput(m.state, m.rt, { kind: 'spawn', request: { program: 'memtouch', argv: ['memtouch', '-p', 'loop', '-k', '4', '-n', '400'] } });
    runTo(m, 30);
    expect(m.state.procs[pid]).toBeDefined();
    expect(chartPid(m.state.vm, pid)).toBe(pid);
    runTo(m, 3000);
    expect(m.state.procs[pid]).toBeUndefined();
    // Past the chart's span of samples, init (which the view would pick) made no access in it.
    for (let t = 3000; t < 3000 + 300 * 10; t += 10) {
      applyInput(m.state, m.rt, { kind: 'spawn', request: { program: 'memtouch', argv: ['memtouch', '-k', '1', '-n', '1'] } });
      runTo(m, t + 10);
    }
    // init did touch memory (at boot), so it is in every sample's counters, unchanged.
    expect(Object.values(m.state.vm.samples).every((s) => s.byPid[1] !== undefined)).toBe(true);
    expect(chartPid(m.state.vm, 1)).toBeNull();
    expect(chartPid(m.state.vm, null)).toBeNull();
    expect(vmSeries(m.state.vm, null).ticks.length).toBeGreaterThan(1);
  });
});
