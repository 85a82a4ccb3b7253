import { describe, expect, it } from 'vitest';
import { logItems } from '../../../src/sim/base/ringlog.ts';
import { createMachine, runTo, screen, type } from '../../../src/sim/machine/machine.ts';

function pipeline(copyBytesPerTick: number) {
  const m = createMachine({ limits: { maxProcs: 64, maxFds: 32, syscallsPerTick: 64, copyBytesPerTick } });
  runTo(m, 1);
  type(m, 'seq 1 2000 | grep 7 | wc -l\n');
  let t = 1;
  while (!screen(m).includes('\n542\n') && t < 100_000) runTo(m, (t += 5));
  return { m, ticks: t };
}

describe('the cost of moving data', () => {
  it('is nothing by default: a pipeline finishes within a few ticks', () => {
    const { ticks } = pipeline(0);
    expect(ticks).toBeLessThanOrEqual(20);
  });

  it('with copyBytesPerTick, every transfer through a pipe takes CPU, so the pipeline shows up in the Gantt trace', () => {
    const { m, ticks } = pipeline(256);
    expect(ticks).toBeGreaterThan(100);
    const names = new Set(logItems(m.state.trace).map((sl) => sl.name));
    expect([...names]).toEqual(expect.arrayContaining(['seq', 'grep', 'wc']));
  });
});
