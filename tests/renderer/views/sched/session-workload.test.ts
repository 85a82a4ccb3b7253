import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sessionWorkload } from '../../../../src/renderer/views/sched/session-workload.ts';
import { compareSchedPolicies } from '../../../../src/sim/labs/sched.ts';
import { mergeConfig } from '../../../../src/sim/machine/machine.ts';

/** An example as the session saves it: its kernel configuration spelled out, defaults included. */
const example = (file: string) => {
  const sc = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', '..', '..', 'resources', 'scenarios', file), 'utf8'));
  return JSON.stringify({ ...sc, kernel: { ...sc.kernel, sched: mergeConfig(sc.kernel).sched } });
};

describe("the session's workload, for Compare", () => {
  it('turns cpu and job processes into job lines with their arrival and attributes, and keeps the scheduler and CPUs', () => {
    const w = sessionWorkload(example('09-lottery.json'));
    expect(w).toEqual({ text: '0 cpu:100 tickets=75\n0 cpu:100 tickets=25\n', sched: { policy: 'lottery', quantum: 1 }, cpus: 1, seed: 9, jobs: 2 });
    const mlfq = sessionWorkload(example('08-mlfq.json'));
    expect('error' in mlfq ? mlfq.error : mlfq.text).toBe('0 120\n35 8 --io-every 1 --io-time 4\n38 8 --io-every 1 --io-time 4\n');
  });

  it('the lab runs those lines: the convoy under FIFO averages 70 response, 110 turnaround, as the book says', () => {
    const w = sessionWorkload(example('07-fifo-convoy.json'));
    if ('error' in w) throw new Error(w.error);
    const r = compareSchedPolicies({ format: 'jobs', text: w.text, seed: w.seed }, [w.sched], w.cpus);
    if (!r.ok) throw new Error(r.error);
    expect([r.runs[0].average.response, r.runs[0].average.turnaround]).toEqual([70, 110]);
  });

  it("a lottery draws with the session's seed: another seed gives other draws", () => {
    const w = sessionWorkload(example('09-lottery.json'));
    if ('error' in w) throw new Error(w.error);
    const finish = (seed: number) => {
      const r = compareSchedPolicies({ format: 'jobs', text: w.text, seed }, [w.sched], w.cpus);
      if (!r.ok) throw new Error(r.error);
      return r.runs[0].jobs.map((j) => j.finish);
    };
    // The example's description: A finishes at tick 130, B at 200.
    expect(finish(w.seed)).toEqual([130, 200]);
    expect(finish(1)).not.toEqual([130, 200]);
  });

  it('says why a session is not a workload: another program, no jobs yet, or text that is not a scenario', () => {
    expect(sessionWorkload(example('17-buddy.json'))).toEqual({ error: 'processes[0] (memtrace) is not a cpu or job process, so the session is not a workload the lab can run' });
    expect(sessionWorkload('{"kernel":{"sched":{"policy":"rr","quantum":4}},"processes":[]}')).toEqual({ error: 'the session has started no cpu or job processes yet' });
    expect(sessionWorkload('not json')).toEqual({ error: 'the session could not be read as a scenario' });
    expect(sessionWorkload('{"kernel":{"sched":{"policy":"rr"}},"processes":[{"program":"cpu"}]}')).toEqual({ error: "the session's scenario names no scheduler and quantum" });
    expect(sessionWorkload('{"processes":[{"program":"cpu","argv":["cpu","5"],"affinity":[1]}]}')).toEqual({ error: "processes[0] (cpu) has an affinity, which the lab's job lines cannot say" });
    expect(sessionWorkload(example('10-multiprocessor.json'))).toEqual({ error: "processes[0] (cpu) has a working set, and the lab's machines have no caches to warm it" });
  });
});
