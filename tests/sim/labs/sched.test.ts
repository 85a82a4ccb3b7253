import { describe, expect, it } from 'vitest';
import { compareSchedPolicies, parseJobLines } from '../../../src/sim/labs/sched.ts';

describe('the scheduling lab', () => {
  it('reads one job per line with bursts and attributes, naming the line of a mistake', () => {
    const w = parseJobLines('# comment\n0 cpu:5 io:3 cpu:2\n4 10 --io-every 5 --io-time 2 nice=5 tickets=50\n');
    expect(w).toEqual({
      jobs: [
        { arrival: 0, bursts: [{ kind: 'cpu', ticks: 5 }, { kind: 'io', ticks: 3 }, { kind: 'cpu', ticks: 2 }] },
        { arrival: 4, bursts: [{ kind: 'cpu', ticks: 5 }, { kind: 'io', ticks: 2 }, { kind: 'cpu', ticks: 5 }], nice: 5, tickets: 50 },
      ],
    });
    expect(parseJobLines('0 cpu:5\nsoon cpu:3')).toEqual({ error: "line 2: arrival 'soon' is not a whole number of ticks" });
    expect(parseJobLines('0 cpu:5 colour=3')).toEqual({ error: "line 1: unknown attribute 'colour' (known: nice, tickets, priority)" });
    expect(parseJobLines('0 cpu:x')).toHaveProperty('error');
    expect(parseJobLines('  \n# nothing')).toHaveProperty('error');
  });

  it("compares policies on OSTEP's example and gets the textbook's averages", () => {
    const r = compareSchedPolicies({ format: 'scheduler', text: '-l 30,10,20' }, [
      { policy: 'fifo', quantum: 10 },
      { policy: 'sjf', quantum: 10 },
      { policy: 'rr', quantum: 5 },
    ]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.runs.map((x) => x.policy)).toEqual(['fifo', 'sjf', 'rr']);
    expect(r.runs[0].average.turnaround).toBeCloseTo(130 / 3);
    expect(r.runs[1].average.turnaround).toBeCloseTo(100 / 3);
    expect(r.runs[2].average.response).toBeCloseTo(5);
    for (const run of r.runs) expect(run.slices.length).toBeGreaterThan(0);
  });

  it('reports a bad workload or policy instead of running', () => {
    expect(compareSchedPolicies({ format: 'scheduler', text: '-l 3,x' }, [{ policy: 'fifo', quantum: 1 }])).toMatchObject({ ok: false });
    const bad = compareSchedPolicies({ format: 'scheduler', text: '-l 3' }, [{ policy: 'fifo', quantum: 1 }, { policy: 'nope', quantum: 1 }]);
    expect(bad).toMatchObject({ ok: false });
    if (!bad.ok) expect(bad.error).toMatch(/^policies\[1\] \(nope\)/);
  });
});
