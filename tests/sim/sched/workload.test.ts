import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { logItems } from '../../../src/sim/base/ringlog.ts';
import { createMachine, runTo, screen, type } from '../../../src/sim/machine/machine.ts';
import { generateWorkload } from '../../../src/sim/sched/generate.ts';
import { parseOstepJobs } from '../../../src/sim/sched/ostep-input.ts';
import { burstsFromLength, checkWorkload, cpuTotal, jobArgv, parseJobArgs, type Burst } from '../../../src/sim/sched/workload.ts';

describe('job arguments', () => {
  it('reads burst tokens and the length form', () => {
    expect(parseJobArgs(['cpu:5', 'io:3', 'cpu:4'])).toEqual({
      bursts: [
        { kind: 'cpu', ticks: 5 },
        { kind: 'io', ticks: 3 },
        { kind: 'cpu', ticks: 4 },
      ],
    });
    expect(parseJobArgs(['25', '--io-every', '10', '--io-time', '5'])).toEqual({ bursts: burstsFromLength(25, 10, 5) });
    expect(burstsFromLength(25, 10, 5).map((b) => b.ticks)).toEqual([10, 5, 10, 5, 5]);
    expect(burstsFromLength(20, 10, 5).map((b) => b.ticks)).toEqual([10, 5, 10]); // no I/O after the last tick
  });

  it('names the bad token', () => {
    expect(parseJobArgs(['cpu:5', 'disk:3'])).toEqual({ error: "bad burst 'disk:3' (expected cpu:N or io:N)" });
    expect(parseJobArgs(['cpu:x'])).toEqual({ error: "burst 'cpu:x': 'x' is not a whole number of ticks" });
    expect(parseJobArgs(['10', '--io-evry', '2'])).toEqual({ error: "unknown option '--io-evry' (expected --io-every or --io-time)" });
    expect(parseJobArgs(['10', '--io-every'])).toEqual({ error: '--io-every needs a number of ticks' });
  });

  it('jobArgv and parseJobArgs round-trip any burst list, in the compact form when it is regular', () => {
    const burst = fc.record({ kind: fc.constantFrom<Burst['kind']>('cpu', 'io'), ticks: fc.integer({ min: 0, max: 50 }) });
    fc.assert(
      fc.property(fc.array(burst, { minLength: 1, maxLength: 20 }), (bursts) => {
        const argv = jobArgv({ arrival: 0, bursts });
        const back = parseJobArgs(argv.slice(1));
        expect('bursts' in back && back.bursts).toEqual(bursts);
      }),
    );
    expect(jobArgv({ arrival: 0, bursts: burstsFromLength(1000, 10, 3) })).toEqual(['job', '1000', '--io-every', '10', '--io-time', '3']);
  });

  it('checkWorkload names the bad field', () => {
    expect(checkWorkload({ jobs: [{ arrival: -1, bursts: [] }] })).toBe('jobs[0].arrival: expected a whole tick >= 0');
    expect(checkWorkload({ jobs: [{ arrival: 0, bursts: [{ kind: 'cpu', ticks: 1.5 }] }] })).toBe('jobs[0].bursts[0].ticks: expected a whole number >= 0');
  });
});

describe('the job program, started from the shell', () => {
  it('runs its bursts and blocks on the I/O channel between them', () => {
    const m = createMachine();
    runTo(m, 2);
    type(m, 'job cpu:5 io:3 cpu:4 &\n');
    runTo(m, 4);
    const pid = Object.values(m.state.procs).find((p) => p.name === 'job')!.pid;
    runTo(m, 9);
    expect(m.state.procs[pid]).toMatchObject({ state: 'blocked', wchan: 'io' });
    runTo(m, 30);
    const rec = logItems(m.state.exited).find((e) => e.pid === pid)!;
    expect(rec).toMatchObject({ cpu: 9, blocked: 3, exitCode: 0 });
  });

  it('reports a bad token and exits with status 2', () => {
    const m = createMachine();
    type(m, 'job cpu:5 bogus\n');
    runTo(m, 10);
    expect(screen(m)).toContain("job: bad burst 'bogus' (expected cpu:N or io:N)");
  });
});

describe('OSTEP-style job lists', () => {
  it('reads scheduler.py, lottery.py and mlfq.py lists', () => {
    const s = parseOstepJobs('scheduler', '-l 100,200,300');
    expect('jobs' in s && s.jobs.map(cpuTotal)).toEqual([100, 200, 300]);
    const l = parseOstepJobs('lottery', '8:75,4:25');
    expect('jobs' in l && l.jobs.map((j) => [cpuTotal(j), j.tickets])).toEqual([
      [8, 75],
      [4, 25],
    ]);
    const m = parseOstepJobs('mlfq', '0,20,0:5,12,4', { ioTime: 3 });
    expect('jobs' in m && m.jobs.map((j) => [j.arrival, j.bursts.map((b) => `${b.kind}:${b.ticks}`).join(' ')])).toEqual([
      [0, 'cpu:20'],
      [5, 'cpu:4 io:3 cpu:4 io:3 cpu:4'],
    ]);
  });

  it('reads process-run.py programs and random lists (an I/O is a tick to start, the wait, a tick to finish)', () => {
    const p = parseOstepJobs('process-run', '-P c2,i,c1:c3', { ioTime: 5 });
    expect('jobs' in p && p.jobs.map((j) => j.bursts.map((b) => `${b.kind}:${b.ticks}`).join(' '))).toEqual(['cpu:3 io:5 cpu:2', 'cpu:3']);
    const all = parseOstepJobs('process-run', '5:100,5:0', { seed: 4 });
    expect('jobs' in all && all.jobs.map((j) => j.bursts.map((b) => `${b.kind}:${b.ticks}`).join(' '))).toEqual([
      'cpu:5',
      'cpu:1 io:5 cpu:2 io:5 cpu:2 io:5 cpu:2 io:5 cpu:2 io:5 cpu:1',
    ]);
    const a = parseOstepJobs('process-run', '20:50', { seed: 9 });
    const b = parseOstepJobs('process-run', '20:50', { seed: 9 });
    expect(a).toEqual(b);
  });

  it('names the bad token', () => {
    expect(parseOstepJobs('scheduler', '100,2x0')).toEqual({ error: "bad job length '2x0' (expected a whole number)" });
    expect(parseOstepJobs('lottery', '8:75,4')).toEqual({ error: "bad job '4' (expected length:tickets)" });
    expect(parseOstepJobs('mlfq', '0,10,0:0,x,1')).toEqual({ error: "bad run 'x' (expected a whole number) in job '0,x,1'" });
    expect(parseOstepJobs('process-run', '-P c2,j')).toEqual({ error: "bad instruction 'j' (expected cN or i) in program 'c2,j'" });
    expect(parseOstepJobs('process-run', '5:150')).toEqual({ error: "bad cpuPercent '150' in job '5:150' (expected 0 to 100)" });
  });
});

describe('workload generator', () => {
  it('gives the same jobs for the same seed, and hits an exact CPU total', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 1, max: 200 }), fc.integer({ min: 200, max: 50_000 }), (seed, jobs, total) => {
        const opts = { seed, jobs, totalCpu: total, meanGap: 20, ioShare: 0.3, tickets: [1, 100] as [number, number] };
        const a = generateWorkload(opts);
        expect(generateWorkload(opts)).toEqual(a);
        expect(a.jobs.reduce((s, j) => s + cpuTotal(j), 0)).toBe(Math.max(jobs, total));
        expect(checkWorkload(a)).toBeNull();
        for (let i = 1; i < a.jobs.length; i++) expect(a.jobs[i].arrival).toBeGreaterThanOrEqual(a.jobs[i - 1].arrival);
      }),
      { numRuns: 50 },
    );
  });
});
