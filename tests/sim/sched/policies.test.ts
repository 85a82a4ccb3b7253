import { describe, expect, it } from 'vitest';
import { logItems } from '../../../src/sim/base/ringlog.ts';
import { createMachine, runTo, type } from '../../../src/sim/machine/machine.ts';
import { getPolicy, policyNames } from '../../../src/sim/sched/registry.ts';
import { bars, burstJob, cpuJob, finishes, run } from './helpers.ts';

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('FIFO, SJF and STCF (OSTEP chapter 7)', () => {
  it('FIFO runs jobs in arrival order, each to completion', () => {
    const r = run([cpuJob(0, 30), cpuJob(0, 10), cpuJob(0, 10)], { policy: 'fifo' });
    expect(r.order).toEqual([0, 1, 2]);
    expect(bars(r)).toEqual([
      [0, 0, 30],
      [1, 30, 40],
      [2, 40, 50],
    ]);
    expect(r.average.turnaround).toBeCloseTo((30 + 40 + 50) / 3);
  });

  it('SJF runs the shortest job first and ties go to whoever arrived first', () => {
    const r = run([cpuJob(0, 30), cpuJob(0, 10), cpuJob(0, 10)], { policy: 'sjf' });
    expect(r.order).toEqual([1, 2, 0]);
    expect(r.average.turnaround).toBeCloseTo((10 + 20 + 50) / 3);
    expect(r.slices[0].why).toContain('tied with pid');
  });

  it('SJF with the pid tie-break prefers the lower pid', () => {
    const r = run([cpuJob(0, 10), cpuJob(0, 10)], { policy: 'sjf', options: { tieBreak: 'pid' } });
    expect(r.order).toEqual([0, 1]);
    expect(r.tieBreak).toContain('lower pid');
  });

  it('SJF does not preempt a long job for short ones that arrive later', () => {
    const r = run([cpuJob(0, 100), cpuJob(10, 10), cpuJob(10, 10)], { policy: 'sjf' });
    expect(finishes(r)).toEqual([100, 110, 120]);
  });

  it('STCF preempts the long job when shorter ones arrive (OSTEP figure 7.5)', () => {
    const r = run([cpuJob(0, 100), cpuJob(10, 10), cpuJob(10, 10)], { policy: 'stcf' });
    expect(bars(r)).toEqual([
      [0, 0, 10],
      [1, 10, 20],
      [2, 20, 30],
      [0, 30, 120],
    ]);
    expect(mean(r.jobs.map((j) => j.turnaround!))).toBeCloseTo(50);
    expect(r.slices[0].until).toMatch(/^preempted: pid \d+ needs 10 < 90 left for pid \d+$/);
    expect(r.slices[1].why).toMatch(/shortest remaining 10, tied with pid/);
  });
});

describe('round robin', () => {
  it('gives each job one quantum in turn, and says why a slice ended', () => {
    const r = run([cpuJob(0, 5), cpuJob(0, 5), cpuJob(0, 5)], { policy: 'rr', quantum: 1 });
    expect(r.jobs.map((j) => j.response)).toEqual([0, 1, 2]);
    expect(finishes(r)).toEqual([13, 14, 15]);
    expect(r.slices[0].until).toBe('preempted: quantum of 1 used up');
    expect(r.slices[0].why).toBe('chose pid 2: front of the ready queue (2 waiting behind); quantum 1');
  });

  it('a job that is alone keeps the CPU when its quantum ends, in one bar', () => {
    const r = run([cpuJob(0, 25)], { policy: 'rr', quantum: 10 });
    expect(bars(r)).toEqual([[0, 0, 25]]);
    expect(r.summary.contextSwitches).toBe(0);
  });
});

describe('priority', () => {
  it('runs the lower number first', () => {
    const r = run([cpuJob(0, 10, { priority: 2 }), cpuJob(0, 10, { priority: 0 }), cpuJob(0, 10, { priority: 1 })], { policy: 'priority' });
    expect(r.order).toEqual([1, 2, 0]);
  });

  it('preemptive: a more important arrival takes the CPU; non-preemptive: it waits', () => {
    const jobs = [cpuJob(0, 20, { priority: 5 }), cpuJob(5, 5, { priority: 1 })];
    expect(finishes(run(jobs, { policy: 'priority' }))).toEqual([25, 10]);
    expect(finishes(run(jobs, { policy: 'priority', options: { preemptive: false } }))).toEqual([20, 25]);
  });

  it('aging lifts a waiting job one level per interval until it overtakes the running one', () => {
    // B (priority 0) runs; A (priority 3) gains a level every 10 ticks and reaches -1 at
    // tick 40, better than B's 0, so it preempts B then; B waits, and A finishes first.
    const r = run([cpuJob(0, 10, { priority: 3 }), cpuJob(0, 100, { priority: 0 })], { policy: 'priority', options: { aging: 10 } });
    expect(bars(r)).toEqual([
      [1, 0, 40],
      [0, 40, 50],
      [1, 50, 110],
    ]);
    expect(r.slices[0].until).toMatch(/priority -1 \(aged from 3\) outranks the running pid/);
  });
});

describe('MLFQ', () => {
  it('a long job sinks to the bottom; a short arrival runs at the top and finishes first (OSTEP figure 8.3)', () => {
    const r = run([cpuJob(0, 200), cpuJob(100, 20)], { policy: 'mlfq', quantum: 10 });
    expect(bars(r)).toEqual([
      [0, 0, 100],
      [1, 100, 120],
      [0, 120, 220],
    ]);
    const notes = logItems(r.state.log).filter((e) => e.kind === 'sched').map((e) => e.text);
    expect(notes).toContain('pid 2 demoted from priority 2 to 1: used its allotment of 1 quantum');
    expect(notes).toContain('pid 2 demoted from priority 1 to 0: used its allotment of 1 quantum');
  });

  it('a job that does I/O before its quantum ends keeps its priority and beats a CPU hog', () => {
    const io = burstJob(0, [['cpu', 1], ['io', 4], ['cpu', 1], ['io', 4], ['cpu', 1]]);
    const r = run([cpuJob(0, 100), io], { policy: 'mlfq', quantum: 10 });
    // It waits for the hog's first quantum (0-10), then each time it is back from I/O it
    // is above the demoted hog and preempts it at once: 10-11, 15-16, 20-21.
    expect(bars(r).filter(([job]) => job === 1)).toEqual([
      [1, 10, 11],
      [1, 15, 16],
      [1, 20, 21],
    ]);
    expect(r.jobs[1].waiting).toBe(10);
  });

  it('boosts everyone to the top every boost period and says so', () => {
    const r = run([cpuJob(0, 60), cpuJob(0, 60)], { policy: 'mlfq', quantum: 5, options: { levels: 2, boost: 50 } });
    const notes = logItems(r.state.log).filter((e) => e.kind === 'sched' && e.text.startsWith('priority boost'));
    expect(notes.map((e) => e.tick)).toEqual([50, 100]);
  });
});

describe('lottery and stride', () => {
  it('lottery shares the CPU in proportion to tickets, near enough over a long run', () => {
    const r = run([cpuJob(0, 20000, { tickets: 300 }), cpuJob(0, 20000, { tickets: 100 })], { policy: 'lottery', quantum: 1 }, { traceCap: 0, seed: 7 });
    // While both ran, job 0 should get about 3/4 of the CPU: it finishes near 20000 / 0.75.
    expect(r.jobs[0].finish).toBeGreaterThan(25500);
    expect(r.jobs[0].finish).toBeLessThan(27800);
  });

  it('lottery currencies: a user worth 100 tickets gets half the CPU however many jobs it starts', () => {
    const jobs = [cpuJob(0, 3000, { currency: 'alice' }), cpuJob(0, 3000, { currency: 'alice' }), cpuJob(0, 3000, { currency: 'bob' })];
    const r = run(jobs, { policy: 'lottery', options: { currencies: { alice: 100, bob: 100 } } }, { seed: 3 });
    const bobShare = r.slices.filter((s) => s.pid === r.jobs[2].pid && s.end <= 2000).reduce((a, s) => a + s.end - s.start, 0);
    expect(bobShare / 2000).toBeGreaterThan(0.45);
    expect(bobShare / 2000).toBeLessThan(0.55);
  });

  it('ticket transfer: a shell waiting for its foreground job lends it its tickets', () => {
    const finishOf = (transfer: boolean) => {
      const m = createMachine({ seed: 11, sched: { policy: 'lottery', quantum: 1, options: { transfer } } });
      runTo(m, 2);
      type(m, 'job 3000 &\n');
      runTo(m, 4);
      type(m, 'job 3000\n');
      runTo(m, 12_000);
      const finish = (pid: number) => logItems(m.state.exited).find((e) => e.pid === pid)!.finish;
      const notes = logItems(m.state.log).filter((e) => e.kind === 'sched').map((e) => e.text);
      return { background: finish(3), foreground: finish(4), notes };
    };
    const lent = finishOf(true);
    expect(lent.notes.some((t) => /^pid 2 lent its 100 tickets to pid 4 \(100\) while it waits$/.test(t))).toBe(true);
    // With the shell's 100 tickets the foreground job holds 200 to the background job's 100.
    expect(lent.foreground).toBeLessThan(lent.background);
    expect(finishOf(false).notes.some((t) => t.includes('lent'))).toBe(false);
  });

  it('stride runs A B C C C A C C with tickets 100, 50, 250 (OSTEP figure 9.3)', () => {
    const r = run([cpuJob(0, 30, { tickets: 100 }), cpuJob(0, 30, { tickets: 50 }), cpuJob(0, 30, { tickets: 250 })], { policy: 'stride' });
    const perTick: number[] = [];
    for (const [job, start, end] of bars(r)) for (let t = start; t < end; t++) perTick[t] = job;
    expect(perTick.slice(0, 8)).toEqual([0, 1, 2, 2, 2, 0, 2, 2]);
  });
});

describe('CFS', () => {
  it('divides the CPU by the weights of the nice values (1024 : 335 for nice 0 and 5)', () => {
    const r = run([cpuJob(0, 10000, { nice: 0 }), cpuJob(0, 10000, { nice: 5 })], { policy: 'cfs' }, { traceCap: 0 });
    // Job 0 finishes at 10000 + (its rival's share meanwhile) = 10000 × (1 + 335/1024).
    expect(r.jobs[0].finish).toBeGreaterThan(13200);
    expect(r.jobs[0].finish).toBeLessThan(13330);
  });

  it('equal jobs get equal slices of the target latency, explained in the reason', () => {
    const r = run([cpuJob(0, 48), cpuJob(0, 48), cpuJob(0, 48)], { policy: 'cfs' });
    expect(bars(r).slice(0, 3)).toEqual([
      [0, 0, 16],
      [1, 16, 32],
      [2, 32, 48],
    ]);
    expect(r.slices[0].why).toBe('chose pid 2: smallest vruntime 0 (next is pid 3 at 0); slice 16 = period 48 × weight 1024 / load 3072');
  });

  it('a process waking from a long sleep preempts a CPU hog but gets at most half the latency as credit', () => {
    const r = run([cpuJob(0, 400), burstJob(0, [['cpu', 1], ['io', 200], ['cpu', 30]])], { policy: 'cfs' });
    const [, , ioEnd] = bars(r, 'io')[0];
    const back = bars(r).filter(([job, start]) => job === 1 && start >= ioEnd);
    expect(back[0][1]).toBe(ioEnd); // it preempts the hog the moment it wakes
    // Its vruntime was set back no further than half the target latency (24) behind the
    // hog's, not the 200 ticks it slept: the hog gets the CPU back before it finishes.
    expect(back[0][2] - back[0][1]).toBeLessThan(30);
    expect(back.length).toBeGreaterThan(1);
  });
});

describe('context switches, I/O and several CPUs', () => {
  it('a context switch costs switchCost ticks, charged to nobody and shown as a switch bar', () => {
    const r = run([cpuJob(0, 10), cpuJob(0, 10)], { policy: 'fifo', options: { switchCost: 2 } });
    expect(bars(r)).toEqual([
      [0, 0, 10],
      [1, 12, 22],
    ]);
    expect(bars(r, 'switch')).toEqual([[1, 10, 12]]);
    expect(r.state.stats.switchTicks).toBe(2);
    expect(r.summary.contextSwitches).toBe(1);
    expect(r.jobs[1].cpu).toBe(10);
  });

  it('a job alternates CPU and I/O; the I/O is on the trace and its time counts as I/O, not waiting', () => {
    const r = run([burstJob(0, [['cpu', 5], ['io', 3], ['cpu', 4]])], { policy: 'rr', quantum: 4 });
    expect(bars(r)).toEqual([
      [0, 0, 5],
      [0, 8, 12],
    ]);
    expect(bars(r, 'io')).toEqual([[0, 5, 8]]);
    expect(r.jobs[0]).toMatchObject({ finish: 12, cpu: 9, io: 3, waiting: 0 });
    expect(r.slices[0].until).toBe('blocked: I/O for 3 ticks');
  });

  it('the CPU runs another job while one waits for I/O (OSTEP figure 7.9)', () => {
    const a = burstJob(0, [['cpu', 10], ['io', 10], ['cpu', 10], ['io', 10], ['cpu', 10]]);
    const r = run([a, cpuJob(0, 50)], { policy: 'stcf' });
    // A (30 ticks of CPU left) runs first; B fills each of A's I/Os; A preempts B when back.
    expect(bars(r)).toEqual([
      [0, 0, 10],
      [1, 10, 20],
      [0, 20, 30],
      [1, 30, 40],
      [0, 40, 50],
      [1, 50, 80],
    ]);
    expect(r.summary.cpuUtilisation).toBe(1);
    expect(r.summary.ioUtilisation).toBeCloseTo(20 / 80);
  });

  it('two CPUs halve the makespan of four equal jobs', () => {
    const jobs = [cpuJob(0, 40), cpuJob(0, 40), cpuJob(0, 40), cpuJob(0, 40)];
    expect(Math.max(...finishes(run(jobs, { policy: 'rr', quantum: 10 }, { cpus: 2 })))).toBe(80);
    expect(Math.max(...finishes(run(jobs, { policy: 'rr', quantum: 10 }, { cpus: 1 })))).toBe(160);
  });

  it('per-CPU queues honour affinity, and an idle CPU steals waiting work when migration is on', () => {
    const pinned = [cpuJob(0, 30, { affinity: [1] }), cpuJob(0, 30, { affinity: [1] }), cpuJob(0, 30, { affinity: [1] })];
    const r = run(pinned, { policy: 'rr', quantum: 10, options: { runQueues: 'per-cpu' } }, { cpus: 2 });
    expect(r.slices.every((s) => s.cpu === 1)).toBe(true);
    expect(Math.max(...finishes(r))).toBe(90);
    const free = [cpuJob(0, 30), cpuJob(0, 30), cpuJob(0, 30), cpuJob(0, 30)];
    const noSteal = run([...free, cpuJob(0, 30, { affinity: [0] })], { policy: 'rr', quantum: 10, options: { runQueues: 'per-cpu', migrate: false } }, { cpus: 2 });
    const steal = run([...free, cpuJob(0, 30, { affinity: [0] })], { policy: 'rr', quantum: 10, options: { runQueues: 'per-cpu' } }, { cpus: 2 });
    expect(Math.max(...finishes(steal))).toBeLessThan(Math.max(...finishes(noSteal)));
    expect(logItems(steal.state.log).some((e) => /cpu 1 stole pid \d+ from cpu 0/.test(e.text))).toBe(true);
  });
});

describe('every policy', () => {
  it('names its tie-break rule and validates its options', () => {
    for (const name of policyNames()) {
      const pol = getPolicy(name)!;
      expect(pol.tieBreak(pol.init({ policy: name, quantum: 4 }, 1))).not.toBe('');
      expect(pol.check({ policy: name, quantum: 4 })).toEqual([]);
    }
    expect(getPolicy('mlfq')!.check({ policy: 'mlfq', quantum: 4, options: { levels: 0 } })[0]).toMatch(/options.levels/);
    expect(getPolicy('cfs')!.check({ policy: 'cfs', quantum: 4, options: { targetLatency: 'fast' } })[0]).toMatch(/options.targetLatency/);
  });

  it('a bad configuration is an error value, not an exception', () => {
    expect(() => run([cpuJob(0, 5)], { policy: 'nosuch' })).toThrow(/unknown policy "nosuch"/);
    expect(() => run([cpuJob(0, 5)], { policy: 'rr', options: { switchCost: -1 } })).toThrow(/options.switchCost/);
  });
});
