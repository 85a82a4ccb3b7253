import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario, scenarioConfig, scenarioInputs } from '../../../src/shared/scenario.ts';
import { advance } from '../../../src/sim/kernel/kernel.ts';
import { ganttRows, metricsTable, readyTree, schedView, type TreeNodeView, workExtent } from '../../../src/sim/kernel/sched-selectors.ts';
import { createMachine, runTo } from '../../../src/sim/machine/machine.ts';
import { averages, jainIndex, jobMetrics, normalisedShares, summarize, unionTicks } from '../../../src/sim/sched/metrics.ts';
import type { Slice } from '../../../src/sim/sched/slice.ts';
import { burstJob, cpuJob, run } from '../sched/helpers.ts';

const slice = (pid: number, start: number, end: number, kind?: 'switch' | 'io', cpu = 0): Slice => ({ pid, name: 'job', cpu, start, end, why: '', ...(kind ? { kind } : {}) });

describe('metrics', () => {
  it('Jain: 1 when shares are equal, 1/n when one process gets everything', () => {
    expect(jainIndex([5, 5, 5, 5])).toBe(1);
    expect(jainIndex([9, 0, 0])).toBeCloseTo(1 / 3);
    expect(jainIndex([1, 2])).toBeCloseTo(9 / 10);
  });

  it('CPU per share in a window, for proportional share', () => {
    const trace = [slice(1, 0, 30), slice(2, 30, 40), slice(1, 40, 100), slice(2, 100, 200)];
    expect(normalisedShares(trace, [{ pid: 1, weight: 3 }, { pid: 2, weight: 1 }], 0, 120)).toEqual([30, 30]);
  });

  it('overlapping I/O counts once toward device time', () => {
    expect(unionTicks([{ start: 0, end: 5 }, { start: 3, end: 8 }, { start: 10, end: 12 }])).toBe(10);
  });

  it('per job and on average: response, turnaround, waiting (OSTEP definitions)', () => {
    const m = [
      jobMetrics({ arrival: 0, firstRun: 0, finish: 10, cpu: 10, ready: 0, blocked: 0 }),
      jobMetrics({ arrival: 0, firstRun: 10, finish: 20, cpu: 10, ready: 10, blocked: 0 }),
      jobMetrics({ arrival: 0, firstRun: 20, finish: 30, cpu: 10, ready: 20, blocked: 0 }),
    ];
    expect(averages(m)).toEqual({ response: 10, turnaround: 20, waiting: 10 });
  });

  it('summary: utilisation, throughput and switch overhead over the span', () => {
    const jobs = [
      { arrival: 0, firstRun: 0, finish: 10, cpu: 6, ready: 0, blocked: 4 },
      { arrival: 0, firstRun: 7, finish: 20, cpu: 10, ready: 2, blocked: 0 },
    ];
    const trace = [slice(1, 0, 6), slice(1, 6, 10, 'io', -1), slice(2, 6, 7, 'switch'), slice(2, 7, 17), slice(1, 17, 17)];
    const s = summarize(jobs, trace, 1, 1);
    expect(s.span).toEqual({ start: 0, end: 20 });
    expect(s.cpuUtilisation).toBeCloseTo(16 / 20);
    expect(s.ioUtilisation).toBeCloseTo(4 / 20);
    expect(s.switchOverhead).toBeCloseTo(1 / 20);
    expect(s.throughput).toBeCloseTo(100);
  });

  it('a lottery run is fair in proportion to tickets, and looks unfair if the tickets are ignored', () => {
    const r = run([cpuJob(0, 6000, { tickets: 300 }), cpuJob(0, 6000, { tickets: 100 })], { policy: 'lottery' }, { seed: 5 });
    const [a, b] = r.jobs.map((j) => j.pid);
    const byTickets = jainIndex(normalisedShares(r.slices, [{ pid: a, weight: 300 }, { pid: b, weight: 100 }], 0, 6000));
    const asEqual = jainIndex(normalisedShares(r.slices, [{ pid: a, weight: 1 }, { pid: b, weight: 1 }], 0, 6000));
    expect(byTickets).toBeGreaterThan(0.99);
    expect(asEqual).toBeCloseTo(0.8, 1); // shares 3:1 -> (3+1)^2 / (2 (9+1)) = 0.8
  });
});

describe('fairness of a run', () => {
  it('is Jain over CPU per ticket while all jobs were present, for proportional share only', () => {
    const jobs = [cpuJob(0, 3000, { tickets: 300, nice: 0 }), cpuJob(0, 3000, { tickets: 100, nice: 5 })];
    expect(run(jobs, { policy: 'stride' }).fairness).toBeGreaterThan(0.999);
    expect(run(jobs, { policy: 'cfs' }).fairness).toBeGreaterThan(0.999);
    expect(run(jobs, { policy: 'lottery' }, { seed: 2 }).fairness).toBeGreaterThan(0.98);
    expect(run(jobs, { policy: 'rr' }).fairness).toBeNull();
    expect(run([cpuJob(0, 10), cpuJob(20, 10)], { policy: 'stride' }).fairness).toBeNull(); // never together
  });
});

describe('views', () => {
  it("workExtent: a fork/wait program's sleeps and waits are its work, the login shell's wait for a line is not", () => {
    const m = createMachine({});
    runTo(m, 200, [{ tick: 2, kind: 'tty', data: "forkgen -q 'fork b,3 {} wait'\n" }]);
    // forkgen starts when the shell has read the line; b sleeps 30 ticks and a waits for it.
    expect(Object.keys(m.state.procs)).toEqual(['1', '2']);
    const ext = workExtent(m.state)!;
    expect(ext.end - ext.start).toBeGreaterThanOrEqual(30);
    expect(ext.end).toBeLessThan(60);
  });

  it('schedView: MLFQ levels top first, each process with its quantum and allotment', () => {
    const m = createMachine({ login: null, sched: { policy: 'mlfq', quantum: 4, options: { levels: 3 } } });
    runTo(m, 0, [
      { tick: 0, kind: 'spawn', request: { program: 'job', argv: ['job', '100'] } },
      { tick: 0, kind: 'spawn', request: { program: 'job', argv: ['job', '100'] } },
    ]);
    advance(m.state, m.rt, 6);
    const v = schedView(m.state);
    expect(v.queues.map((q) => q.name)).toEqual(['priority 2 (top)', 'priority 1', 'priority 0 (bottom)']);
    expect(v.queues[0].pids).toEqual([3]);
    expect(v.queues[1].pids).toEqual([2]);
    expect(v.cpus[0]).toMatchObject({ pid: 3, sliceLeft: 2 });
    expect(v.cpus[0].why).toMatch(/^chose pid 3: first waiting in priority 2 \(top\)/);
    expect(v.queues[1].notes?.[2]).toBe('4 ticks of quantum, 1 allotment left');
    expect(v.states).toMatchObject({ running: 1, ready: 1, blocked: 1 });
  });

  it('readyTree: the CFS red-black tree, a search tree on vruntime', () => {
    const m = createMachine({ login: null, sched: { policy: 'cfs', quantum: 1 } });
    runTo(m, 0, Array.from({ length: 9 }, (_, i) => ({ tick: 0, kind: 'spawn' as const, request: { program: 'job', argv: ['job', String(50 + i)] } })));
    advance(m.state, m.rt, 37);
    const tree = readyTree(m.state)!;
    const keys: number[] = [];
    const walk = (n: TreeNodeView | null) => {
      if (!n) return;
      walk(n.left);
      keys.push(n.key);
      walk(n.right);
    };
    walk(tree);
    expect(keys.length).toBe(schedView(m.state).queues[0].pids.length);
    expect(keys).toEqual([...keys].sort((a, b) => a - b));
    expect(tree.red).toBe(false);
    expect(schedView(m.state).queues[0].notes?.[schedView(m.state).queues[0].pids[0]]).toMatch(/^vruntime [\d.]+, weight 1024$/);
  });

  it('ganttRows: one row per CPU with the idle gaps, and the I/O device', () => {
    const r = run([burstJob(0, [['cpu', 3], ['io', 4], ['cpu', 2]])], { policy: 'rr', quantum: 10 });
    const rows = ganttRows(r.state, 0, r.state.tick);
    expect(rows.map((row) => row.label)).toEqual(['CPU 0', 'I/O']);
    expect(rows[0].bars.map((b) => [b.kind, b.start, b.end])).toEqual([
      ['run', 0, 3],
      ['idle', 3, 7],
      ['run', 7, 9],
    ]);
    expect(rows[1].bars.map((b) => [b.kind, b.start, b.end, b.why])).toEqual([['io', 3, 7, 'I/O for 4 ticks']]);
    const byProc = ganttRows(r.state, 0, r.state.tick, 'process');
    expect(byProc.map((row) => row.bars.map((b) => b.kind))).toEqual([['run', 'io', 'run']]);
  });

  it('metricsTable: exited and live processes, with fairness under a proportional-share policy', () => {
    const r = run([cpuJob(0, 5), cpuJob(0, 50)], { policy: 'stride', quantum: 1 });
    const t = metricsTable(r.state);
    expect(t.rows.filter((row) => row.finished).map((row) => row.turnaround)).toEqual([9, 55]);
    const live = createMachine({ login: null, sched: { policy: 'lottery', quantum: 1 } });
    runTo(live, 0, [
      { tick: 0, kind: 'spawn', request: { program: 'job', argv: ['job', '500'], sched: { tickets: 100 } } },
      { tick: 0, kind: 'spawn', request: { program: 'job', argv: ['job', '500'], sched: { tickets: 100 } } },
    ]);
    advance(live.state, live.rt, 300);
    const lt = metricsTable(live.state);
    expect(lt.fairness).not.toBeNull();
    expect(lt.fairness!).toBeGreaterThan(0.6);
  });
});

describe('the live metrics agree with the book', () => {
  const scenario = (file: string) => {
    const parsed = parseScenario(readFileSync(join(import.meta.dirname, '../../../resources/scenarios', file), 'utf8'));
    if (!parsed.ok) throw new Error(`${file}: ${JSON.stringify(parsed.errors)}`);
    return parsed.scenario;
  };
  const runScenario = (file: string, ticks: number) => {
    const sc = scenario(file);
    const m = createMachine(scenarioConfig(sc));
    runTo(m, ticks, scenarioInputs(sc));
    return m.state;
  };

  it('FIFO convoy (A=100, B=C=10): response 70, turnaround 110, waiting 70, with init listed apart', () => {
    const s = runScenario('07-fifo-convoy.json', 300);
    const t = metricsTable(s);
    expect(t.rows.filter((r) => r.system).map((r) => r.name)).toEqual(['init']);
    expect(t.average).toEqual({ response: 70, turnaround: 110, waiting: 70 });
    expect(t.utilisation).toBe(1);
    expect(t.span).toEqual({ start: 0, end: 120 });
    const all = metricsTable(s, { includeSystem: true });
    expect(all.average.response).not.toBe(70);
  });

  it('utilisation is over the span of the work, so it does not fall while the machine idles afterwards', () => {
    const at = (ticks: number) => metricsTable(runScenario('06-context-switch-cost.json', ticks)).utilisation;
    expect(at(89)).toBeCloseTo(60 / 89, 6);
    expect(at(1000)).toBeCloseTo(60 / 89, 6);
  });

  it('the login shell is a system process; the commands typed at it are the workload', () => {
    const m = createMachine({ sched: { policy: 'rr', quantum: 4 } });
    runTo(m, 1, []);
    runTo(m, 200, [{ tick: 2, kind: 'tty', data: 'cpu 10\n' }]);
    const t = metricsTable(m.state);
    expect(t.rows.filter((r) => r.system).map((r) => r.name)).toEqual(['init', 'sh']);
    expect(t.rows.filter((r) => !r.system).map((r) => r.name)).toEqual(['cpu']);
    expect(t.average.turnaround).toBe(t.rows.find((r) => r.name === 'cpu')!.turnaround);
  });
});
