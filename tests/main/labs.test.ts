import { describe, expect, it } from 'vitest';
import { handleCommand } from '../../src/main/dispatch.ts';
import { workloadScenario } from '../../src/main/labs.ts';
import { Session } from '../../src/main/session.ts';
import { parseScenario } from '../../src/shared/scenario.ts';

describe('workloads in the machine', () => {
  it('a workload becomes a valid scenario that starts each job at its arrival', () => {
    const r = workloadScenario({ format: 'jobs', text: '0 cpu:5\n7 cpu:2 io:4 cpu:2 tickets=30' }, { policy: 'stcf', quantum: 4 }, 2);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(parseScenario(JSON.stringify(r.scenario)).ok).toBe(true);
    expect(r.scenario.kernel).toMatchObject({ cpus: 2, sched: { policy: 'stcf', quantum: 4 } });
    expect(r.scenario.processes).toEqual([
      { at: 0, program: 'job', argv: ['job', 'cpu:5'], expected: 5 },
      { at: 7, program: 'job', argv: ['job', '4', '--io-every', '2', '--io-time', '4'], expected: 4, tickets: 30 },
    ]);
  });

  it('loadWorkload resets the session into it; a bad one changes nothing', () => {
    const s = new Session();
    s.step(5);
    const bad = handleCommand(s, { cmd: 'loadWorkload', workload: { format: 'scheduler', text: '-l 1,two' }, sched: { policy: 'rr', quantum: 2 }, cpus: 1 });
    expect(bad).toMatchObject({ ok: false, error: expect.any(String), errors: [{ field: 'workload' }] });
    expect(s.current.tick).toBe(5);
    const good = handleCommand(s, { cmd: 'loadWorkload', workload: { format: 'scheduler', text: '-l 6,3' }, sched: { policy: 'sjf', quantum: 2 }, cpus: 1 });
    expect(good).toMatchObject({ ok: true, result: { status: { tick: 0 } } });
    expect(s.current.tick).toBe(0);
    expect(s.current.sched.policy).toBe('sjf');
    s.dispose();
  });

  it('schedLab validates its request', () => {
    const s = new Session();
    expect(handleCommand(s, { cmd: 'schedLab', workload: { format: 'scheduler', text: '-l 5' }, policies: [], cpus: 1 })).toMatchObject({ ok: false });
    expect(handleCommand(s, { cmd: 'schedLab', workload: { format: 'ostep', text: '-l 5' }, policies: [{ policy: 'rr', quantum: 1 }], cpus: 1 })).toMatchObject({ ok: false });
    const r = handleCommand(s, { cmd: 'schedLab', workload: { format: 'scheduler', text: '-l 5,1' }, policies: [{ policy: 'fifo', quantum: 1 }, { policy: 'sjf', quantum: 1 }], cpus: 1 });
    expect(r).toMatchObject({ ok: true, result: { ok: true } });
    s.dispose();
  });
});
